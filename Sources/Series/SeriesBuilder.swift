import Mail
import Patches

/// The series of a range, its pull requests and its stable backports, in order of first arrival.
public struct SeriesSet: Sendable {
    public var series: [PatchSeries]
    public var pullRequests: [PatchEmail]
    /// Stable backport postings (`[PATCH AUTOSEL 6.1 18/85]`): grouped as series are, but never
    /// versions of the patches they carry, so kept apart.
    public var backports: [PatchSeries] = []
}

/// Groups patch emails into postings and decides which versions are news.
///
/// The whole range is processed at once, so late cover letters and out-of-order patches don't
/// matter. The unit is the posting: a cover letter and the n/N patches that answer it
/// (`CoverMatch`), or, without a cover, the patches of one sender, version and N in one thread
/// (`LooseKey`), or unthreaded patches sent together (`UnthreadedBuckets`). A cover letter may be
/// a `[PATCH 0/N]`, a `[GIT PULL 0/N]`, or a thread starter without n/N (`[PATCHSET]`, a bare
/// title) that its author's n/N patches answer. A Message-ID belongs to one posting only.
public enum SeriesBuilder {
    /// How far apart the mails of one unthreaded series may be sent.
    static let unthreadedWindow: Int64 = 30 * 60

    /// - Parameters:
    ///   - mails: the patch emails (patches, cover letters, pull requests) of the range.
    ///   - bareCovers: thread starters that are not patch mails by their subject, by Message-ID:
    ///     a cover letter with a bare title ("cleanup swiotlb initialization v4") when its
    ///     author's patches answer it.
    ///   - threads: every message of the range; without it, the threads of `mails` alone.
    public static func build(_ mails: [PatchEmail], bareCovers: [String: PatchEmail] = [:],
                             threads: MailThreads? = nil) -> SeriesSet {
        let ordered = unique(mails.sorted { $0.position < $1.position })
        var threads = threads ?? MailThreads()
        for mail in ordered { threads.add(mail) }
        for mail in bareCovers.values.sorted(by: { $0.position < $1.position }) { threads.add(mail) }

        var matcher = CoverMatch(ordered, bareCovers: bareCovers, threads: threads)
        let placed = matcher.place()
        let loose = mergeUnthreaded(looseGroups(placed.loose, rerolls: placed.rerolls, threads), threads)
        let groups = placed.coverGroups + loose.map { PostingGroup(cover: nil, patches: $0, version: nil, total: nil) }
        var series = groups.map { makeSeries($0, rerolls: placed.rerolls) }
        series.sort { $0.firstPosition < $1.firstPosition }

        let backports = series.filter(isBackport)
        series.removeAll(where: isBackport)
        for i in series.indices { series[i].id = i }
        Versions.decide(&series, threads: threads)
        let covers = Set(series.compactMap { $0.cover?.messageID })
        let pullRequests = placed.pullRequests.filter { !covers.contains($0.messageID) }
        return SeriesSet(series: series, pullRequests: pullRequests, backports: backports)
    }

    /// A posting of stable backports: its subject says stable (AUTOSEL, `stable`), or names a
    /// bare release and its mail cites the upstream commit — `[PATCH 6.15 0/2]` alone is also
    /// how fixes for the coming release are sent.
    static func isBackport(_ posting: PatchSeries) -> Bool {
        guard let backport = posting.lead.tags.backport else { return false }
        return backport.named || posting.mails.contains(where: \.citesUpstream)
    }

    /// The same mail twice (`MailCopy`): the first copy stands.
    static func unique(_ mails: [PatchEmail]) -> [PatchEmail] {
        var seen = Set<MailCopy>()
        return mails.filter { seen.insert(MailCopy(messageID: $0.messageID, subject: $0.subject)).inserted }
    }

    /// Patches of one thread, sender, version and N, without a cover letter that took them.
    private struct LooseKey: Hashable {
        var root: String
        var sender: String
        var version: PatchVersion
        var total: Int
        /// Single patches (no n/N) in one thread are separate series unless their titles match.
        var singleTitle: String?
    }

    /// The loose patches by thread, sender, version and N; a reroll joins the patch it replaces.
    private static func looseGroups(_ patches: [PatchEmail], rerolls: [Int: Int],
                                    _ threads: MailThreads) -> [[PatchEmail]] {
        var order: [LooseKey] = []
        var groups: [LooseKey: [PatchEmail]] = [:]
        var keyOf: [Int: LooseKey] = [:]
        for mail in patches {
            let key = rerolls[mail.position].flatMap { keyOf[$0] }
                ?? LooseKey(root: threads.root(of: mail.messageID), sender: mail.sender.key,
                            version: mail.tags.version, total: mail.tags.total,
                            singleTitle: mail.tags.counterStated ? nil : mail.tags.titleKey)
            keyOf[mail.position] = key
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(mail)
        }
        return order.map { groups[$0]! }
    }

    /// Joins groups made of one unthreaded mail that belong to one posting: each joins the first
    /// bucket made before it that it fits (see UnthreadedBuckets), or starts one.
    private static func mergeUnthreaded(_ groups: [[PatchEmail]], _ threads: MailThreads) -> [[PatchEmail]] {
        enum Entry {
            case group([PatchEmail])
            case bucket(Int)
        }
        var entries: [Entry] = []
        var buckets = UnthreadedBuckets(window: unthreadedWindow)
        for group in groups {
            guard group.count == 1, let mail = group.first, threads.parent(of: mail.messageID) == nil,
                  mail.tags.counterStated, mail.tags.total > 1 else {
                entries.append(.group(group))
                continue
            }
            if let target = buckets.target(for: mail) {
                buckets.add(mail, to: target)
            } else {
                entries.append(.bucket(buckets.open(mail)))
            }
        }
        return entries.map { entry in
            switch entry {
            case .group(let group): return group
            case .bucket(let id): return buckets.buckets[id].mails
            }
        }
    }

    /// One posting from its mails: the cover (the group's first mail when `CoverMatch` made the
    /// group around one), the patches by slot, and the slots taken again.
    private static func makeSeries(_ group: PostingGroup, rerolls: [Int: Int]) -> PatchSeries {
        var bySlot: [Int: PatchEmail] = [:]
        var replaced: [PatchEmail] = []
        var slotRerolls: [SlotReroll] = []
        for mail in group.patches.sorted(by: { $0.position < $1.position }) {
            let slot = mail.tags.number
            // A stray mail of no stated version in a slot its posting's versioned patch holds
            // (`[PATCH 4/9]` sent with `[PATCH v3 4/9]`) does not take it.
            if let old = bySlot[slot], old.tags.versionStated, !mail.tags.versionStated, rerolls[mail.position] == nil {
                replaced.append(mail)
                continue
            }
            if let old = bySlot[slot] {
                replaced.append(old)
                if rerolls[mail.position] != nil {
                    slotRerolls.append(SlotReroll(number: slot, newer: mail, older: old))
                }
            }
            bySlot[slot] = mail
        }
        let patches = bySlot.keys.sorted().map { bySlot[$0]! }
        let lead = group.cover ?? patches[0]
        return PatchSeries(id: 0, cover: group.cover, patches: patches, replaced: replaced, rerolls: slotRerolls,
                           version: group.version ?? lead.tags.version, total: group.total ?? lead.tags.total)
    }

}
