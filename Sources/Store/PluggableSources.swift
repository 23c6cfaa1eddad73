import Archive
import Digest
import Foundation

/// A list mirrored into the home (a lore URL): `sync` brings the mirror up to date (e.g. `git
/// fetch` of every epoch, cloning new ones), then the mirror is read as a local inbox. The inbox
/// is opened after the sync, so epochs it brought are followed.
public struct MirroredSource: MessageSource {
    public let directory: String
    let sync: () throws -> Void
    public var maxMessageSize = DigestOptions().maxMessageSize

    public init(directory: String, sync: @escaping () throws -> Void) {
        self.directory = directory
        self.sync = sync
    }

    public func fetch(progress: ProgressLine) throws { try sync() }

    public func plan(after cursors: [EpochCursor]?, firstSince: Int64, name: String) throws -> UpdatePlan {
        try InboxSource(path: directory, maxMessageSize: maxMessageSize).plan(after: cursors, firstSince: firstSince, name: name)
    }
}

/// A source without positions (an mbox file, a Maildir): every update reads all of it, and the
/// messages earlier digests had (same Message-ID, same content) are left out. The first update selects by Date
/// (`firstSince`); there are no cursors.
public struct WholeSource: MessageSource {
    let stream: ((ArchiveItem) -> Void) throws -> Void

    /// `stream` hands over every message, oldest first (`MboxReader.stream(path:maxMessageSize:_:)`).
    public init(stream: @escaping ((ArchiveItem) -> Void) throws -> Void) { self.stream = stream }

    public func fetch(progress: ProgressLine) throws {}

    public func plan(after cursors: [EpochCursor]?, firstSince: Int64, name: String) throws -> UpdatePlan {
        let first = cursors == nil
        // No commits to name the ends by: the Updater, which knows the last update's time and
        // this one's, names them by time.
        let ends = DigestEnds(since: first ? firstSince : nil, lastUpdate: nil, now: 0)
        var plan = UpdatePlan(feed: SequentialFeed(stream), count: nil, cursors: [], ends: ends, since: first ? firstSince : nil)
        plan.reread = .all
        return plan
    }
}
