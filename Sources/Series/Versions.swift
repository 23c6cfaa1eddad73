import Mail
import Patches

/// Decides, among the postings of one series (its lineage), which one is news.
///
/// Postings are of one lineage on evidence only (`link`, `relation`): a shared b4 `change-id`,
/// a link in one to another ("Link to v1: …", "v2: https://lore.kernel.org/…"), a cover letter
/// sent in reply to an older version's, or the same title from the same person (one sender or
/// author, after the mailmap). The highest version wins; between equal versions (a resend) the
/// later one. Older versions become Skip; the same version and N sent again by the same sender is
/// Exist. The same version with another N, or sent by someone else (a patch taken into a bigger
/// series, a maintainer's pick-up of a patch it names as written by its author), is not a resend:
/// it stays New. Each says which posting
/// replaced it and why.
enum Versions {
    static func decide(_ series: inout [PatchSeries], threads: MailThreads = MailThreads()) {
        var lineage = UnionFind(count: series.count)
        link(series, threads: threads, &lineage)

        var members: [Int: [Int]] = [:]
        for i in series.indices { members[lineage.find(i), default: []].append(i) }

        for i in series.indices where series[i].head == nil { series[i].status = .partial }
        for (_, group) in members where group.count > 1 {
            let winner = group.max { a, b in
                let x = series[a], y = series[b]
                if x.version != y.version { return x.version < y.version }
                if x.lead.date.seconds != y.lead.date.seconds { return x.lead.date.seconds < y.lead.date.seconds }
                return x.lastPosition < y.lastPosition
            }!
            for i in group where i != winner {
                let older = series[i], newer = series[winner]
                if older.version < newer.version {
                    series[i].status = .skip
                    series[i].reason = "superseded by \(newer.version) (\(relation(older, newer, threads)))"
                } else if older.total == newer.total && older.sender.key == newer.sender.key {
                    series[i].status = .exist
                    series[i].reason = "\(older.version) posted again (\(relation(older, newer, threads)))"
                } else {
                    continue
                }
                series[i].supersededBy = winner
            }
        }
    }

    private static func link(_ series: [PatchSeries], threads: MailThreads, _ lineage: inout UnionFind) {
        var byChangeID: [String: Int] = [:]
        var byTitle: [String: Int] = [:]
        var byMessageID: [String: Int] = [:]
        for s in series {
            for mail in s.mails + s.replaced { byMessageID[mail.messageID] = s.id }
        }
        for s in series {
            if let change = s.changeID {
                if let other = byChangeID[change] { lineage.union(other, s.id) } else { byChangeID[change] = s.id }
            }
            for id in s.head?.supersedes ?? [] {
                if let other = byMessageID[id], other != s.id, linkable(series[other], s) { lineage.union(other, s.id) }
            }
            if let other = answeredPosting(s, threads, byMessageID), linkable(series[other], s),
               series[other].version < s.version {
                lineage.union(other, s.id)
            }
            // One person's keys (sender, author of the lead, the series' author) with the title:
            // the first posting filed under any of them is enough, the union joins the rest.
            for person in Set([s.lead.sender.key, s.lead.author.key, s.author.key]) {
                let key = person + "\n" + s.titleKey
                if let other = byTitle[key] { lineage.union(other, s.id) } else { byTitle[key] = s.id }
            }
        }
    }

    /// A link names an earlier version of the same person's posting, or any posting of a lower
    /// version (a series taken over by someone else names the one it continues).
    private static func linkable(_ earlier: PatchSeries, _ later: PatchSeries) -> Bool {
        PostingIdentity.same(earlier.lead, later.lead) || earlier.version < later.version
    }

    /// The posting whose cover letter (or any mail) this posting's cover letter answers.
    private static func answeredPosting(_ s: PatchSeries, _ threads: MailThreads, _ byMessageID: [String: Int]) -> Int? {
        guard let cover = s.cover, let up = threads.parent(of: cover.messageID),
              let other = byMessageID[up], other != s.id else { return nil }
        return other
    }

    /// Why two postings are of one series, as a reader would check it.
    static func relation(_ a: PatchSeries, _ b: PatchSeries, _ threads: MailThreads = MailThreads()) -> String {
        if let x = a.changeID, x == b.changeID { return "same change-id" }
        let aIDs = Set((a.mails + a.replaced).map(\.messageID)), bIDs = Set((b.mails + b.replaced).map(\.messageID))
        if let links = b.head?.supersedes, links.contains(where: aIDs.contains) {
            return "linked from the \(b.version) cover letter"
        }
        if let links = a.head?.supersedes, links.contains(where: bIDs.contains) {
            return "linked from the \(a.version) cover letter"
        }
        if let cover = b.cover, let up = threads.parent(of: cover.messageID), aIDs.contains(up) {
            return "the \(b.version) cover letter was sent in reply to it"
        }
        if let cover = a.cover, let up = threads.parent(of: cover.messageID), bIDs.contains(up) {
            return "the \(a.version) cover letter was sent in reply to it"
        }
        if a.titleKey == b.titleKey && (a.author.key == b.author.key || PostingIdentity.same(a.lead, b.lead)) {
            return "same title and author"
        }
        return "same series through other versions"
    }
}

/// Disjoint sets over 0..<count, for joining postings into lineages.
struct UnionFind {
    private var parent: [Int]
    init(count: Int) { parent = Array(0..<count) }

    mutating func find(_ x: Int) -> Int {
        var root = x
        while parent[root] != root { root = parent[root] }
        var node = x
        while parent[node] != root { let next = parent[node]; parent[node] = root; node = next }
        return root
    }

    /// Joins the sets of a and b; false when they were already one.
    @discardableResult
    mutating func union(_ a: Int, _ b: Int) -> Bool {
        let ra = find(a), rb = find(b)
        guard ra != rb else { return false }
        parent[max(ra, rb)] = min(ra, rb)
        return true
    }
}
