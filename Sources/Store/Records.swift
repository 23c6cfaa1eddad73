import Foundation

/// A list patchdigest follows.
public struct FollowedList: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var source: ListSource
    /// Unix seconds.
    public var addedAt: Int64
    /// The last update that completed; nil before the first.
    public var updatedAt: Int64?
    /// What `add` was told, or found in the inbox: heading name, links, identity files.
    public var settings = ListSettings()

    /// The name digest headings give the list.
    public var title: String { settings.title ?? name }

    /// Where its messages have their pages: as set, else a lore source's own URL (lists added
    /// before settings were kept have none stored).
    public var loreBase: String? { settings.loreBase ?? (source.kind == .lore ? source.location : nil) }
}

/// How far a list has been digested in one epoch: its tip at the last update.
public struct EpochCursor: Sendable, Equatable {
    public var epoch: Int
    public var commit: String
    /// The commit's time: where a rewritten history is re-read from when the commit is gone.
    public var commitTime: Int64

    public init(epoch: Int, commit: String, commitTime: Int64) {
        self.epoch = epoch
        self.commit = commit
        self.commitTime = commitTime
    }
}

/// One stored digest, as `history` lists it.
public struct DigestSummary: Sendable, Equatable {
    public var list: String
    /// 1, 2, … per list.
    public var number: Int
    /// Unix seconds, and the local day it was made on (`YYYY-MM-DD`).
    public var madeAt: Int64
    public var madeOn: String
    public var from: String
    public var to: String
    public var messages: Int
    public var patches: Int
    public var series: Int
    public var newSeries: Int
}
