import Archive
import Digest
import Foundation

/// A public-inbox inbox (v1, v2 or one epoch) on this machine, followed by a cursor per epoch.
///
/// - An epoch whose cursor is an ancestor of its tip: the commits after the cursor.
/// - A new epoch (numbered above every cursor: rollover): all of it.
/// - An epoch whose cursor is no longer in its history (rewritten by a purge): the commits after
///   the point where the histories fork (their merge base; when the old commit is gone, the
///   newest commit made a day before the cursor's), with the messages digested before (same
///   Message-ID, same content) left out. Said in the report's notes.
/// - An epoch with a cursor that is gone from the inbox: an error; nothing is changed.
public struct InboxSource: MessageSource {
    public let inbox: Inbox
    /// Larger messages are read past and reported as skipped.
    public var maxMessageSize: Int

    public init(path: String, maxMessageSize: Int = DigestOptions().maxMessageSize) throws {
        inbox = try Inbox.open(path)
        self.maxMessageSize = maxMessageSize
    }

    public func fetch(progress: ProgressLine) throws {}

    public func plan(after cursors: [EpochCursor]?, firstSince: Int64, name: String) throws -> UpdatePlan {
        var tips: [Int: (commit: String, time: Int64)] = [:]
        for epoch in inbox.epochs {
            // An epoch without commits yet holds nothing to read.
            if let tip = try? inbox.tipCommit(of: epoch) { tips[epoch.number] = tip }
        }
        let newCursors = inbox.epochs.compactMap { e in
            tips[e.number].map { EpochCursor(epoch: e.number, commit: $0.commit, commitTime: $0.time) }
        }
        var plan: UpdatePlan
        if let cursors {
            plan = try incremental(cursors, tips: tips, name: name)
        } else {
            plan = try first(since: firstSince, tips: tips)
        }
        plan.cursors = newCursors
        return plan
    }

    /// The first update: the newest commits back to a day before `since`, across epochs.
    private func first(since: Int64, tips: [Int: (commit: String, time: Int64)]) throws -> UpdatePlan {
        let whole = inbox.epochs.compactMap { epoch in
            tips[epoch.number].map { RangeSegment(in: epoch, after: nil, through: $0.commit) }
        }
        return try makePlan(try inbox.segments(whole, since: since), options: DigestOptions(since: since))
    }

    private func incremental(_ cursors: [EpochCursor], tips: [Int: (commit: String, time: Int64)], name: String) throws -> UpdatePlan {
        let byEpoch = Dictionary(cursors.map { ($0.epoch, $0) }, uniquingKeysWith: { a, _ in a })
        let numbers = Set(inbox.epochs.map(\.number))
        if let gone = cursors.first(where: { !numbers.contains($0.epoch) }) {
            throw StoreError.epochMissing(epoch: gone.epoch, path: inbox.path)
        }
        let newestCursor = cursors.map(\.epoch).max() ?? -1
        var segments: [RangeSegment] = []
        var notes: [String] = [], info: [String] = [], rewritten = Set<Int>()
        for epoch in inbox.epochs {
            guard let tip = tips[epoch.number] else { continue }
            guard let cursor = byEpoch[epoch.number] else {
                if epoch.number > newestCursor {
                    segments.append(RangeSegment(in: epoch, after: nil, through: tip.commit))
                    info.append("\(name): epoch \(epoch.number) is new; reading it from its start")
                } else {
                    info.append("\(name): epoch \(epoch.number) appeared below the newest one; taken as already read")
                }
                continue
            }
            if cursor.commit == tip.commit { continue }
            if try inbox.isAncestor(cursor.commit, of: tip.commit, in: epoch) {
                segments.append(RangeSegment(in: epoch, after: cursor.commit, through: tip.commit))
                continue
            }
            // Rewritten history: re-read from where it forked; messages digested before are left out.
            rewritten.insert(epoch.number)
            let base = try inbox.mergeBase(cursor.commit, tip.commit, in: epoch)
                ?? inbox.newestCommit(before: cursor.commitTime - Inbox.arrivalSlack, from: tip.commit, in: epoch)
            if base != tip.commit { segments.append(RangeSegment(in: epoch, after: base, through: tip.commit)) }
            notes.append("epoch \(epoch.number) was rewritten (its last digested commit \(cursor.commit.prefix(9)) is no longer "
                + "in its history); re-read from \(base.map { String($0.prefix(9)) } ?? "its start"), "
                + "leaving out messages digested before")
        }
        var plan = try makePlan(segments, options: DigestOptions())
        plan.notes = notes
        plan.info = info
        plan.reread = rewritten.isEmpty ? .none : .epochs(rewritten)
        return plan
    }

    private func makePlan(_ segments: [RangeSegment], options: DigestOptions) throws -> UpdatePlan {
        guard let last = segments.last else {
            let ends = DigestEnds(from: "", to: "", fromCommit: nil, toCommit: nil)
            return UpdatePlan(feed: nil, count: nil, cursors: [], ends: ends, since: options.since)
        }
        let range = RevisionRange(joining: segments, fromCommit: segments[0].exclude, toCommit: last.include)
        return UpdatePlan(feed: InboxRangeFeed(inbox: inbox, range: range, maxMessageSize: maxMessageSize), count: { [inbox] in try inbox.count(range) }, cursors: [],
                          ends: DigestEnds(options: options, range: range), since: options.since)
    }
}
