import Foundation

/// What following an archive over time asks of each epoch's history: its tip, whether an old
/// cursor is still in it, where a rewritten history forked off, and ranges built per epoch.
extension Inbox {
    /// The newest commit of an epoch and its commit time.
    public func tipCommit(of epoch: Epoch) throws -> (commit: String, time: Int64) {
        // One git command in the common case (HEAD names the tip).
        if let line = try git(epoch).text(["log", "-1", "--format=%H %ct", "HEAD", "--"]) {
            let fields = line.split(separator: " ")
            if fields.count == 2, Inbox.isHash(String(fields[0])), let time = Int64(fields[1]) { return (String(fields[0]), time) }
        }
        let commit = try tip(of: epoch).commit
        return (commit, try commitTime(commit, in: epoch) ?? 0)
    }

    /// The commit time of `commit`; nil when the epoch does not hold it (any more).
    public func commitTime(_ commit: String, in epoch: Epoch) throws -> Int64? {
        guard Inbox.isHash(commit) else { return nil }
        let output = try git(epoch).run(["log", "-1", "--format=%ct", commit, "--"])
        guard output.status == 0 else { return nil }
        return Int64(String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The newest commit reachable from `tip` committed before `time`; nil when every commit
    /// is newer.
    public func newestCommit(before time: Int64, from tip: String, in epoch: Epoch) throws -> String? {
        // git reads a number below 100000000 as something other than a Unix time; no archive
        // holds commits from before 1973, so there is none before such a time.
        guard Inbox.isHash(tip), time >= 100_000_000 else { return nil }
        let found = try git(epoch).text(["rev-list", "-1", "--before=\(time)", tip])
        return found?.isEmpty == false ? found : nil
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

    /// The newest commit two histories share (where a rewritten history forked off the old
    /// one), when both are still in the object store.
    public func mergeBase(_ a: String, _ b: String, in epoch: Epoch) throws -> String? {
        guard Inbox.isHash(a), Inbox.isHash(b) else { return nil }
        guard let base = try git(epoch).text(["merge-base", a, b]), !base.isEmpty else { return nil }
        return base
    }

    /// Full hashes only: these come from a stored cursor, never from a user, and must not be
    /// read as options or rev expressions.
    static func isHash(_ text: String) -> Bool {
        (40...64).contains(text.utf8.count) && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}

extension RangeSegment {
    /// `git rev-list through ^after` inside one epoch (the whole epoch up to `through` when
    /// `after` is nil).
    public init(in epoch: Epoch, after exclude: String?, through include: String) {
        self.init(epoch: epoch, include: include, exclude: exclude)
    }
}

extension RevisionRange {
    /// A range made of per-epoch segments (oldest epoch first), as an update plans it.
    public init(joining segments: [RangeSegment], fromCommit: String?, toCommit: String) {
        self.init(segments: segments, fromCommit: fromCommit, toCommit: toCommit)
    }
}
