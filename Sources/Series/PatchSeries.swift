import Mail
import Patches

/// One posting of a patch series: a cover letter and its patches, one version, one sender.
public struct PatchSeries: Sendable {
    /// Index in `SeriesSet.series`, in order of first arrival.
    public var id: Int
    public var cover: PatchEmail?
    /// The patches by number; a repeated slot keeps the later mail.
    public var patches: [PatchEmail]
    /// Mails whose slot was taken again by a later mail (resends inside the series).
    public var replaced: [PatchEmail]
    /// The slots a newer version of their patch alone took (`[PATCH v2 5/7]` answering 5/7).
    public var rerolls: [SlotReroll] = []
    public var version: PatchVersion
    /// N of n/N (1 for a single patch).
    public var total: Int
    public var status: SeriesStatus = .new
    /// The series that made this one Skip or Exist, and why.
    public var supersededBy: Int?
    public var reason: String?

    /// The cover letter, else patch 1/N (or the single patch).
    public var head: PatchEmail? { cover ?? firstPatch }
    public var firstPatch: PatchEmail? { patches.first(where: { $0.tags.number == 1 }) }
    /// Patch 1/N, else the lowest patch received: what a digest prints of a posting.
    public var lowestPatch: PatchEmail? { firstPatch ?? patches.first(where: { $0.tags.number >= 1 }) ?? patches.first }
    /// The cover, else the lowest-numbered patch received: what names the series.
    public var lead: PatchEmail { cover ?? patches[0] }
    public var title: String { lead.tags.title }
    /// The title as versions of the series share it: lower-cased, and for a cover letter that
    /// states its version only at the end of its title ("cleanup swiotlb initialization v4"),
    /// without it.
    public var titleKey: String {
        if let cover, !cover.tags.versionStated, let bare = SubjectTags.droppingTrailingVersion(cover.tags.title) {
            return bare.lowercased()
        }
        return lead.tags.titleKey
    }
    public var sender: Mailbox { lead.sender }
    /// The cover's author, else the first patch's. When the cover comes from another address of
    /// the person who wrote the patches (the same name: `Zhang Yi <…@huaweicloud.com>` sending
    /// patches written as `Zhang Yi <…@huawei.com>`), the address the patches carry. A maintainer
    /// sending others' patches under a cover of their own stays the author of the posting.
    public var author: Mailbox {
        guard let cover else { return lead.author }
        if let patch = lowestPatch, patch.author.key != cover.author.key, !patch.author.name.isEmpty,
           patch.author.name.lowercased() == cover.author.name.lowercased() {
            return patch.author
        }
        return cover.author
    }
    /// Distinct patch numbers 1…N received (the cover not included).
    public var received: Int { Set(patches.map(\.tags.number).filter { $0 >= 1 }).count }
    public var isRFC: Bool { lead.tags.isRFC }
    public var isResend: Bool { lead.tags.isResend }
    public var changeID: String? { cover?.changeID ?? firstPatch?.changeID }
    /// Every mail of the series, cover first, then by number.
    public var mails: [PatchEmail] { (cover.map { [$0] } ?? []) + patches }
    /// Archive position of its first mail.
    public var firstPosition: Int { mails.map(\.position).min() ?? 0 }
    public var lastPosition: Int { mails.map(\.position).max() ?? 0 }
}

/// A slot of a posting whose patch was posted again alone, newer, in its thread.
public struct SlotReroll: Sendable {
    public var number: Int
    public var newer: PatchEmail
    public var older: PatchEmail
}
