import Foundation

/// What arrived in an archive since a cursor: the commit each epoch was read up to.
public struct IncrementalRange: Equatable, Sendable {
    /// The commits to stream, oldest epoch first; nil when nothing arrived.
    public var range: RevisionRange?
    /// Epochs whose cursor is no longer an ancestor of the tip (a purge rewrote their history).
    /// `range` holds each from the last commit the old and new histories share (found while the
    /// old commit is still in the object store, as after `git fetch`), else whole: either way it
    /// holds messages already read, re-committed, and the caller recovers by skipping the
    /// Message-IDs it already knows, and says so.
    public var rewritten: [Int]
    /// Epochs with no cursor, newer than the oldest epoch the cursor names (rollover: a new
    /// `git/N.git`; or one that had no commits when last read); `range` holds each of them whole.
    public var added: [Int]
    /// The cursor to store once `range` is digested: the tip of every epoch followed (those the
    /// cursor names and those `added`). Epochs older than the cursor's stay unfollowed.
    public var tips: [Int: String]
}

extension Inbox {
    /// The tip of every epoch that has commits: the cursor of an archive read to its end.
    public func tips() throws -> [Int: String] {
        var result: [Int: String] = [:]
        for epoch in epochs {
            if let tip = try? tip(of: epoch) { result[epoch.number] = tip.commit }
        }
        return result
    }

    /// Whether commit `ancestor` is `descendant` or one of its ancestors in `epoch`; false when
    /// either is not a commit there (a purge may have dropped it).
    public func isAncestor(_ ancestor: String, of descendant: String, in epoch: Epoch) throws -> Bool {
        guard Inbox.isHash(ancestor), Inbox.isHash(descendant) else { return false }
        let result = try git(epoch).run(["merge-base", "--is-ancestor", ancestor, descendant])
        switch result.status {
        case 0: return true
        case 1: return false
        default:
            // 128: a name that is no commit here — the same answer for the caller: not an ancestor.
            if (try? git(epoch).text(["cat-file", "-t", ancestor])) ?? nil == "commit",
               (try? git(epoch).text(["cat-file", "-t", descendant])) ?? nil == "commit" {
                throw ArchiveError.gitFailed(command: "merge-base", message: firstLine(result.stderr))
            }
            return false
        }
    }

    /// The commits after `cursor` (epoch number → the last commit read there), across epochs:
    /// - an epoch whose cursor is an ancestor of its tip: the commits after the cursor;
    /// - an epoch whose cursor is not (history rewritten): the commits after the last one the old
    ///   and new histories share, else the whole epoch; listed in `rewritten`;
    /// - an epoch without a cursor, newer than the cursor's oldest (rollover): whole, in `added`;
    /// - an epoch without a cursor, older than the cursor's oldest: nothing (before the list was
    ///   followed). An empty cursor means nothing was read: every epoch, whole.
    /// A cursor naming an epoch the archive no longer has throws `missingEpoch`.
    public func resolveIncrementalRange(after cursor: [Int: String]) throws -> IncrementalRange {
        let numbers = Set(epochs.map(\.number))
        if let gone = cursor.keys.sorted().first(where: { !numbers.contains($0) }) {
            throw ArchiveError.missingEpoch(number: gone, path: path)
        }
        let oldestFollowed = cursor.keys.min() ?? Int.min
        var segments: [RangeSegment] = [], rewritten: [Int] = [], added: [Int] = [], tips: [Int: String] = [:]
        for epoch in epochs {
            if cursor[epoch.number] == nil && epoch.number < oldestFollowed { continue }
            guard let tip = try? tip(of: epoch).commit else { continue } // an epoch with no commits yet
            tips[epoch.number] = tip
            if let last = cursor[epoch.number] {
                if last == tip { continue }
                if try isAncestor(last, of: tip, in: epoch) {
                    segments.append(RangeSegment(epoch: epoch, include: tip, exclude: last))
                } else {
                    rewritten.append(epoch.number)
                    segments.append(RangeSegment(epoch: epoch, include: tip, exclude: try mergeBase(last, tip, in: epoch)))
                }
            } else {
                // Rollover, or a gap between followed epochs (one that had no commits when last read).
                added.append(epoch.number)
                segments.append(RangeSegment(epoch: epoch, include: tip, exclude: nil))
            }
        }
        let range = segments.isEmpty ? nil
            : RevisionRange(segments: segments, fromCommit: segments[0].exclude, toCommit: segments[segments.count - 1].include)
        return IncrementalRange(range: range, rewritten: rewritten, added: added, tips: tips)
    }

    /// The newest commit two histories share (where a rewritten history forked off the old
    /// one), when both are still in the object store.
    public func mergeBase(_ a: String, _ b: String, in epoch: Epoch) throws -> String? {
        guard Inbox.isHash(a), Inbox.isHash(b) else { return nil }
        guard let base = try git(epoch).text(["merge-base", a, b]), !base.isEmpty else { return nil }
        return base
    }
}
