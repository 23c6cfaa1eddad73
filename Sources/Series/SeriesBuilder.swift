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

    /// Joins groups made of one unthreaded mail that belong to one posting.
    private static func mergeUnthreaded(_ groups: [[PatchEmail]], _ threading: Threading) -> [[PatchEmail]] {
        var result: [[PatchEmail]] = []
        var open: [Int] = []          // indices into result of unthreaded buckets
        for group in groups {
            guard group.count == 1, let mail = group.first, !threading.isThreaded(mail),
                  mail.tags.counterStated, mail.tags.total > 1 else {
                result.append(group)
                continue
            }
            if let target = open.first(where: { fits(mail, into: result[$0]) }) {
                result[target].append(mail)
            } else {
                open.append(result.count)
                result.append(group)
            }
        }
        return result
    }

    private static func fits(_ mail: PatchEmail, into bucket: [PatchEmail]) -> Bool {
        guard let first = bucket.first else { return false }
        guard first.sender.key == mail.sender.key, first.tags.version == mail.tags.version,
              first.tags.total == mail.tags.total, first.tags.isRFC == mail.tags.isRFC,
              first.tags.freeTags == mail.tags.freeTags else { return false }
        guard !bucket.contains(where: { $0.tags.number == mail.tags.number }) else { return false }
        guard bucket.contains(where: { abs($0.date.seconds - mail.date.seconds) <= unthreadedWindow }) else { return false }
        // When both IDs are of a known generated shape, they must be of one family.
        if let a = messageIDFamily(first.messageID, number: first.tags.number),
           let b = messageIDFamily(mail.messageID, number: mail.tags.number), a != b {
            return false
        }
        return true
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
