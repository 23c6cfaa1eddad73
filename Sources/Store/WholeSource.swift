import Archive
import Digest

/// A source without positions (an mbox file, a Maildir): every update reads all of it, and the
/// messages earlier digests had (same Message-ID, same content) are left out. The first update
/// selects by Date (`firstSince`); there are no cursors.
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
