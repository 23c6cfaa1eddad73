import Patches

/// Statuses across digests: a series' lineage in this digest (decided by `Versions` inside the
/// range) is compared with the postings earlier digests reported. The earlier posting a series
/// names is of the newest version reported, and of its postings the one printed (New), else the
/// latest.
///
/// - The range's winner is `New` only when its version is higher than every version reported
///   before; it then names the newest one it supersedes. The same version reported before makes
///   it `Exist` (a resend is not news), a higher one `Skip`.
/// - Late patches of a posting an earlier digest reported (same sender and version, in that
///   posting's thread) stay `Part` and name the posting they continue: they update it instead of
///   starting a series of their own. A posting reported only as `Part` before (its head had not
///   arrived) is still news when its cover letter or first patch comes.
/// - A `Part` series keeps its status; it only gains the reference.
public enum HistoryStatuses {
    /// What one series of the range is to the earlier digests.
    public struct Annotation: Sendable {
        /// Lineages of earlier digests it joined (by change-id, title, link or thread).
        public var knownLineages: Set<Int> = []
        /// For New: the newest version reported before, which it replaces.
        public var supersedes: KnownSeries?
        /// For Exist and Skip: the posting reported before that makes it old news.
        public var alreadyReported: KnownSeries?
        /// For Part: the posting of an earlier digest these late patches belong to.
        public var continues: KnownSeries?
    }

    /// Decides the range's statuses against `known`, the postings earlier digests reported;
    /// one annotation per series.
    public static func apply(_ series: inout [PatchSeries], known: [KnownSeries]) -> [Annotation] {
        var notes = [Annotation](repeating: Annotation(), count: series.count)
        guard !known.isEmpty else { return notes }

        var byChange: [String: Set<Int>] = [:], byKey: [String: Set<Int>] = [:], byMessage: [String: [Int]] = [:]
        for (k, posting) in known.enumerated() {
            if let change = posting.changeID { byChange[change, default: []].insert(posting.lineage) }
            byKey[posting.lineageKey, default: []].insert(posting.lineage)
            for id in posting.messageIDs { byMessage[id, default: []].append(k) }
        }

        var continued = [Int?](repeating: nil, count: series.count)
        for s in series {
            var lineages = Set<Int>()
            if let change = s.changeID { lineages.formUnion(byChange[change] ?? []) }
            lineages.formUnion(byKey[lineageKey(s)] ?? [])
            for id in s.head?.supersedes ?? [] { lineages.formUnion((byMessage[id] ?? []).map { known[$0].lineage }) }
            if let k = continuation(of: s, known, byMessage) {
                continued[s.id] = k
                lineages.insert(known[k].lineage)
                notes[s.id].continues = known[k]
            }
            notes[s.id].knownLineages = lineages
        }

        // The range's winners, each with the postings it beat.
        var members: [Int: [Int]] = [:]
        for s in series { members[s.supersededBy ?? s.id, default: []].append(s.id) }
        for (winner, group) in members {
            let lineages = group.reduce(into: Set<Int>()) { $0.formUnion(notes[$1].knownLineages) }
            decide(&series[winner], &notes[winner], continued: continued[winner].map { known[$0] },
                   earlier: known.indices.filter { lineages.contains(known[$0].lineage) && $0 != continued[winner] }
                       .map { known[$0] })
        }
        return notes
    }

    private static func decide(_ s: inout PatchSeries, _ note: inout Annotation, continued: KnownSeries?,
                               earlier: [KnownSeries]) {
        if let continued, continued.status != .partial || s.head == nil {
            s.status = .partial
            s.reason = "late patches of \(continued.label)"
            return
        }
        // The newest version; among its postings the one printed (New), then the latest.
        guard let top = earlier.max(by: { a, b in
            if a.version != b.version { return a.version < b.version }
            let aNew = a.status == .new, bNew = b.status == .new
            if aNew != bNew { return bNew }
            return a.dateSeconds != b.dateSeconds ? a.dateSeconds < b.dateSeconds : a.digest < b.digest
        }) else { return }
        let reference = top
        if s.version > top.version {
            note.supersedes = reference
            if s.status == .new { s.reason = "supersedes \(reference.label)" }
            return
        }
        // The same version sent by someone else (a maintainer's pick-up) is not a resend: news.
        if s.version == top.version, s.status != .partial, top.senderKey != s.sender.key { return }
        note.alreadyReported = reference
        if s.status == .partial {
            s.reason = "\(reference.version) reported in digest \(reference.digest)"
        } else if s.version == top.version {
            s.status = .exist
            s.reason = "\(s.version) already reported: \(reference.label)"
        } else {
            s.status = .skip
            s.reason = "superseded by \(reference.label)"
        }
    }

    /// The earlier posting whose thread these mails continue: same sender and version, and a mail
    /// of it is what they answer.
    private static func continuation(of s: PatchSeries, _ known: [KnownSeries], _ byMessage: [String: [Int]]) -> Int? {
        var candidates: [Int] = []
        for mail in s.mails {
            for id in [mail.inReplyTo, mail.references.first, mail.references.last].compactMap({ $0 }) {
                candidates += byMessage[id] ?? []
            }
        }
        return candidates.filter { known[$0].version == s.version && known[$0].senderKey == s.sender.key }
            .max { known[$0].digest < known[$1].digest }
    }

    static func lineageKey(_ s: PatchSeries) -> String { LineageKey.of(s) }
}
