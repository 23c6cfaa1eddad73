import Mail
import Patches

/// The series of a range and its pull requests, in order of first arrival.
public struct SeriesSet: Sendable {
    public var series: [PatchSeries]
    public var pullRequests: [PatchEmail]
}

/// Groups patch emails into series and decides which versions are news.
///
/// The whole range is processed at once, so late cover letters and out-of-order patches
/// don't matter. Rules (see DESIGN.md "Series"): group by thread, then by sender, version and
/// total inside a thread — never merging different senders or versions; unthreaded patches of
/// one sender, version and total join when sent within 30 minutes with Message-IDs of one family.
public enum SeriesBuilder {
    /// How far apart the mails of one unthreaded series may be sent.
    static let unthreadedWindow: Int64 = 30 * 60

    /// - Parameter nakedCovers: non-patch thread starters by Message-ID (a cover letter whose
    ///   subject has no `[PATCH 0/N]`), used when a series' thread root is one of them.
    public static func build(_ mails: [PatchEmail], nakedCovers: [String: PatchEmail] = [:]) -> SeriesSet {
        let ordered = mails.sorted { $0.position < $1.position }
        let pullRequests = ordered.filter { $0.kind == .pullRequest }
        let patches = ordered.filter { $0.kind == .patch || $0.kind == .cover }
        let threading = Threading(patches)

        var groups = threadGroups(patches, threading)
        groups = mergeUnthreaded(groups, threading)
        var series = groups.map { makeSeries($0, nakedCovers: nakedCovers, threading: threading) }
        series.sort { $0.firstPosition < $1.firstPosition }
        for i in series.indices { series[i].id = i }
        Versions.decide(&series)
        return SeriesSet(series: series, pullRequests: pullRequests)
    }

    private struct GroupKey: Hashable {
        var root: String
        var sender: String
        var version: PatchVersion
        var total: Int
        /// Single patches (no n/N) in one thread are separate series unless their titles match.
        var singleTitle: String?
    }

    private static func threadGroups(_ patches: [PatchEmail], _ threading: Threading) -> [[PatchEmail]] {
        var order: [GroupKey] = []
        var groups: [GroupKey: [PatchEmail]] = [:]
        for mail in patches {
            let key = GroupKey(root: threading.root(of: mail), sender: mail.sender.key,
                               version: mail.tags.version, total: mail.tags.total,
                               singleTitle: mail.tags.counterStated ? nil : mail.tags.titleKey)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(mail)
        }
        return order.map { groups[$0]! }
    }

    /// Joins groups made of one unthreaded mail that belong to one posting: each joins the first
    /// bucket made before it that it fits (see UnthreadedBuckets), or starts one.
    private static func mergeUnthreaded(_ groups: [[PatchEmail]], _ threading: Threading) -> [[PatchEmail]] {
        enum Entry {
            case group([PatchEmail])
            case bucket(Int)
        }
        var entries: [Entry] = []
        var buckets = UnthreadedBuckets(window: unthreadedWindow)
        for group in groups {
            guard group.count == 1, let mail = group.first, !threading.isThreaded(mail),
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

    private static func makeSeries(_ group: [PatchEmail], nakedCovers: [String: PatchEmail],
                                   threading: Threading) -> PatchSeries {
        var cover: PatchEmail?
        var bySlot: [Int: PatchEmail] = [:]
        var replaced: [PatchEmail] = []
        for mail in group.sorted(by: { $0.position < $1.position }) {
            if mail.kind == .cover {
                if let old = cover { replaced.append(old) }
                cover = mail
            } else {
                if let old = bySlot[mail.tags.number] { replaced.append(old) }
                bySlot[mail.tags.number] = mail
            }
        }
        let patches = bySlot.keys.sorted().map { bySlot[$0]! }
        if cover == nil, let lead = patches.first,
           let naked = nakedCovers[threading.root(of: lead)], naked.sender.key == lead.sender.key {
            cover = naked
        }
        let lead = cover ?? patches[0]
        return PatchSeries(id: 0, cover: cover, patches: patches, replaced: replaced,
                           version: lead.tags.version, total: lead.tags.total)
    }
}
