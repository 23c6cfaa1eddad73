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
