import Archive
import Digest
import Foundation

/// What kind of place a list's messages come from.
public enum SourceKind: String, Sendable, CaseIterable {
    /// A local public-inbox inbox or epoch.
    case inbox
    /// A lore-style URL, mirrored into the home with `git clone --mirror`.
    case lore
    /// An mbox file (mboxrd or mboxo), re-read at every update.
    case mbox
    /// A Maildir (what `lei q -o` writes), re-read at every update.
    case maildir
}

/// Where a list's messages come from, as `add` was told.
public struct ListSource: Sendable, Equatable {
    public var kind: SourceKind
    /// A path (absolute) or a URL.
    public var location: String

    public init(kind: SourceKind, location: String) {
        self.kind = kind
        self.location = location
    }

    /// Recognises what `add NAME SOURCE` names: an http(s) URL, a public-inbox directory, a
    /// Maildir (`cur/` and `new/`), or a file (an mbox). Relative paths are made absolute: cron
    /// runs elsewhere.
    public static func classify(_ text: String, currentDirectory: String = FileManager.default.currentDirectoryPath) throws -> ListSource {
        let lower = text.lowercased()
        let argument = lower.contains("://") || text.hasPrefix("/")
            ? text : URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true)).path
        let location: SourceLocation
        do {
            location = try SourceLocation.detect(argument)
        } catch ArchiveError.noSuchSource {
            throw StoreError.noSuchSource(text)
        } catch ArchiveError.unknownSource {
            throw StoreError.notASource(text)
        }
        switch location {
        case .inbox(let path): return ListSource(kind: .inbox, location: path)
        case .lore(let url): return ListSource(kind: .lore, location: url)
        case .mbox(let path): return ListSource(kind: .mbox, location: path)
        case .maildir(let path): return ListSource(kind: .maildir, location: path)
        }
    }

    /// List names: letters, digits, `.`, `_`, `-`; they name directories in the home.
    public static func validate(name: String) throws {
        let allowed = name.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 46 || c == 95 || c == 45
        }
        guard allowed, !name.isEmpty, name.utf8.count <= 64, name.first != ".", name.first != "-" else {
            throw StoreError.invalidName(name)
        }
    }
}

/// What an update reads from one list.
///
/// A source brings its local copy up to date (`fetch`), then says what arrived since the list's
/// cursors (`plan`). Sources with positions (public-inbox epochs) plan exact ranges, read once:
/// whatever Message-IDs they reuse, their messages are news. Sources without (an mbox, a
/// Maildir) hand over everything each time, and say so (`UpdatePlan.reread`): messages an
/// earlier digest had, with the same content, are left out.
public protocol MessageSource {
    /// Brings the local copy up to date (a git fetch of every epoch of a mirror; nothing for a
    /// local inbox).
    func fetch(progress: ProgressLine) throws
    /// The messages to digest after `cursors` (nil at a list's first update: then the messages
    /// dated `firstSince` or later) and the cursors once they are digested.
    func plan(after cursors: [EpochCursor]?, firstSince: Int64, name: String) throws -> UpdatePlan
}

/// An update of one list, planned before anything is read.
public struct UpdatePlan {
    /// Nil when nothing arrived.
    public var feed: MessageFeed?
    /// Counts the items the feed will yield, when that can be known (for the progress line's
    /// ETA; only called when the line shows).
    public var count: (() throws -> Int)?
    /// The cursors to store once the feed is digested.
    public var cursors: [EpochCursor]
    public var ends: DigestEnds
    /// Date selection: the first update's `--since`.
    public var since: Int64?
    /// What an earlier digest may have read already: checked against the history by Message-ID
    /// and content.
    public var reread: Reread = .none
    /// Said in the report and on stderr: a rewritten history recovered from, …
    public var notes: [String] = []
    /// Said on a terminal only: an epoch that appeared, …
    public var info: [String] = []

    public init(feed: MessageFeed?, count: (() throws -> Int)?, cursors: [EpochCursor], ends: DigestEnds, since: Int64?) {
        self.feed = feed
        self.count = count
        self.cursors = cursors
        self.ends = ends
        self.since = since
    }
}

/// Any reader that hands over messages one after the other (an mbox or Maildir reader) as a feed.
public struct SequentialFeed: MessageFeed {
    let run: ((ArchiveItem) -> Void) throws -> Void

    public init(_ run: @escaping ((ArchiveItem) -> Void) throws -> Void) { self.run = run }

    public func stream<T: Sendable>(workers: Int, transform: @escaping @Sendable (ArchiveItem) -> T, _ body: (T) -> Void) throws {
        try withoutActuallyEscaping(body) { body in try run { body(transform($0)) } }
    }
}

/// The one place a list's source becomes a reader of its messages.
public enum MessageSources {
    /// Checks, before `add` stores anything, that the source can be read: a URL must answer as
    /// an inbox (its epochs are listed, nothing is cloned yet; each request bounded by
    /// `networkTimeout` seconds), an mbox must open as one.
    public static func verify(_ source: ListSource, home: Home, list: String,
                              networkTimeout: TimeInterval = LoreMirror.defaultNetworkTimeout) throws {
        switch source.kind {
        case .inbox, .maildir:
            return
        case .lore:
            var mirror = LoreMirror(url: source.location, directory: home.mirror(for: list))
            mirror.networkTimeout = networkTimeout
            _ = try mirror.remoteEpochs()
        case .mbox:
            // Its start, by the reader's own rules; the rest is read at update.
            try MboxReader.checkStart(path: source.location)
        }
    }

    /// Messages over `maxMessageSize` bytes are read past, in every kind of source, and reported
    /// as skipped with their size. A mirror's network requests end after `networkTimeout` seconds.
    public static func open(_ source: ListSource, home: Home, list: String,
                            maxMessageSize: Int = DigestOptions().maxMessageSize,
                            networkTimeout: TimeInterval = LoreMirror.defaultNetworkTimeout) throws -> MessageSource {
        switch source.kind {
        case .inbox:
            return try InboxSource(path: source.location, maxMessageSize: maxMessageSize)
        case .lore:
            var mirror = LoreMirror(url: source.location, directory: home.mirror(for: list))
            mirror.networkTimeout = networkTimeout
            var mirrored = MirroredSource(directory: mirror.directory) { [mirror] in _ = try mirror.sync() }
            mirrored.maxMessageSize = maxMessageSize
            return mirrored
        case .mbox:
            return WholeSource { try MboxReader.stream(path: source.location, maxMessageSize: maxMessageSize, $0) }
        case .maildir:
            return WholeSource { try MaildirReader.stream(path: source.location, maxMessageSize: maxMessageSize, $0) }
        }
    }
}
