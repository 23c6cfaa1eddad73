import Archive
import Digest
import Foundation

/// What one update of one list gave.
public struct ListUpdate {
    public var list: String
    /// The digest made, nil when no new message arrived.
    public var report: DigestReport?
    /// Its number, when stored.
    public var number: Int?
    /// Worth printing: it lists at least one series or pull request.
    public var hasNews: Bool { report.map { !$0.series.isEmpty || !$0.pullRequests.isEmpty } ?? false }
    /// For stderr unless --quiet (also in the report's notes).
    public var notes: [String]
    /// For a terminal only.
    public var info: [String]
}

/// `update`: for each list, fetch, plan what arrived since its cursors, digest it against the
/// list's history, and store the digest, its series and Message-IDs and the new cursors in one
/// transaction. Nothing is written before that transaction, so an update killed at any moment
/// leaves the state as it was, and the next one makes the same digest.
public struct Updater {
    public let store: StateStore
    public var identity: Identity
    /// Where a list's first update starts (by each message's Date).
    public var firstSince: Int64
    public var progress: ProgressLine
    public var now: Int64
    /// Larger messages are read past and reported as skipped.
    public var maxMessageSize = DigestOptions().maxMessageSize
    /// Seconds each network request of a mirror may take (`LoreMirror.networkTimeout`).
    public var networkTimeout: TimeInterval = LoreMirror.defaultNetworkTimeout

    public init(store: StateStore, identity: Identity, firstSince: Int64, progress: ProgressLine, now: Int64) {
        self.store = store
        self.identity = identity
        self.firstSince = firstSince
        self.progress = progress
        self.now = now
    }

    /// Updates one list, reading it through `source` (by default what its kind opens).
    public func update(_ list: FollowedList, source given: MessageSource? = nil) throws -> ListUpdate {
        let list = try store.list(named: list.name)   // as stored now, not as the caller last saw it
        let source = try given ?? MessageSources.open(list.source, home: store.home, list: list.name,
                                                      maxMessageSize: maxMessageSize, networkTimeout: networkTimeout)
        try source.fetch(progress: progress)
        TestPause.at("fetch")

        let cursors = try store.cursors(of: list)
        var plan = try source.plan(after: list.updatedAt == nil ? nil : cursors, firstSince: firstSince, name: list.name)
        // A source without commits ends at no commit: its digest reaches from the last update
        // (or the first one's --since) to this update's time.
        if plan.ends.toCommit == nil {
            plan.ends = DigestEnds(since: plan.since, lastUpdate: list.updatedAt, now: now)
        }
        var result = ListUpdate(list: list.name, report: nil, number: nil, notes: plan.notes.map { "\(list.name): \($0)" },
                                info: plan.info)
        guard let feed = plan.feed else {
            if plan.cursors != cursors || list.updatedAt == nil {
                try store.record(list, run: nil, cursors: plan.cursors, now: now)
            }
            return result
        }

        let options = DigestOptions(since: plan.since, name: list.title, maxMessageSize: maxMessageSize, identity: identity)
        progress.begin("\(list.name): reading", total: progress.enabled ? try plan.count?() : nil)
        var run = try DigestBuilder.digest(ProgressFeed(base: feed, progress: progress), name: list.title, ends: plan.ends,
                                           options: options, reread: plan.reread,
                                           history: { try store.history(of: list, for: $0) })
        progress.finish()
        if !plan.notes.isEmpty { run.report.notes = plan.notes + (run.report.notes ?? []) }

        // Messages and skips an earlier digest had are gone by now: only news makes a digest.
        let hasMessages = run.report.messages > 0 || !run.report.skipped.isEmpty
        result.number = try store.record(list, run: hasMessages ? run : nil, passedOver: run.passedOver,
                                         rekeyed: run.rekeyed, cursors: plan.cursors, now: now)
        if hasMessages { result.report = run.report }
        return result
    }
}

/// A feed that moves the progress line, and stops at the test hook once the scan is under way.
public struct ProgressFeed: MessageFeed {
    let base: MessageFeed
    let progress: ProgressLine

    public init(base: MessageFeed, progress: ProgressLine) {
        self.base = base
        self.progress = progress
    }

    public func stream<T: Sendable>(workers: Int, transform: @escaping @Sendable (ArchiveItem) -> T, _ body: (T) -> Void) throws {
        var first = true
        try base.stream(workers: workers, transform: transform) { item in
            body(item)
            progress.advance()
            if first {
                first = false
                TestPause.at("scan")
            }
        }
    }
}
