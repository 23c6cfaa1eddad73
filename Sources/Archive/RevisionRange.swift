import Foundation

/// A part of a range inside one epoch: `git rev-list include ^exclude`.
public struct RangeSegment: Equatable, Sendable {
    public let epoch: Epoch
    public let include: String
    public let exclude: String?
}

/// A resolved range of an archive: the segments to stream, oldest epoch first, and the
/// commits that name its ends.
public struct RevisionRange: Equatable, Sendable {
    public let segments: [RangeSegment]
    /// The full hash FROM resolved to (excluded from the range); nil when the range starts at a root.
    public let fromCommit: String?
    /// The full hash TO resolved to (the newest commit of the range).
    public let toCommit: String
}

extension Inbox {
    /// Resolves `FROM..TO` as git does, across epochs.
    ///
    /// A rev is looked up in every epoch, newest first (an abbreviated hash lives in one; a name
    /// like `HEAD` means the newest). With neither end given the range is the newest epoch's whole
    /// history, or with `allEpochs` (date selection) every epoch's. FROM alone runs to the newest
    /// epoch's tip; a FROM and TO in different epochs span the epochs between them.
    public func resolveRange(from: String?, to: String?, allEpochs: Bool = false) throws -> RevisionRange {
        let toRef: (epoch: Epoch, commit: String)
        if let to { toRef = try locate(to) } else { toRef = try tip(of: epochs[epochs.count - 1]) }

        guard let from else {
            let start = allEpochs ? 0 : epochs.firstIndex(of: toRef.epoch)!
            return try span(fromEpochIndex: start, exclude: nil, to: toRef)
        }
        let fromRef = try locate(from)
        let fromIndex = epochs.firstIndex(of: fromRef.epoch)!, toIndex = epochs.firstIndex(of: toRef.epoch)!
        if fromIndex > toIndex { throw ArchiveError.notAncestor(from: from, to: to ?? "the newest message") }
        if fromIndex == toIndex {
            let status = try git(toRef.epoch).run(["merge-base", "--is-ancestor", fromRef.commit, toRef.commit]).status
            if status != 0 { throw ArchiveError.notAncestor(from: from, to: to ?? "the newest message") }
        }
        return try span(fromEpochIndex: fromIndex, exclude: fromRef.commit, to: toRef)
    }

    /// How long after its Date a message may be committed at the earliest: public-inbox commits
    /// a message when it arrives, so only a sender's wrong clock puts a Date after its commit;
    /// a day covers that.
    public static let arrivalSlack: Int64 = 86_400

    /// `resolveRange(from:to:allEpochs:)` narrowed for `--since`: without FROM, the commits made
    /// more than `arrivalSlack` before `since` cannot hold a message dated `since` or later, so
    /// they are not read, and older epochs that end before then are not read at all. The range
    /// then starts after the newest such commit (`fromCommit`); with none left it is empty.
    /// `--until` cuts nothing: a message dated before it may arrive any time later.
    public func resolveRange(from: String?, to: String?, allEpochs: Bool, since: Int64?) throws -> RevisionRange {
        let whole = try resolveRange(from: from, to: to, allEpochs: allEpochs)
        guard let since, from == nil else { return whole }
        let kept = try segments(whole.segments, since: since)
        return RevisionRange(segments: kept, fromCommit: kept.first?.exclude ?? (kept.isEmpty ? whole.toCommit : nil),
                             toCommit: whole.toCommit)
    }

    /// The parts of `segments` (oldest epoch first, each from its epoch's start) that can hold a
    /// message dated `since` or later: the commits after the newest one made `arrivalSlack`
    /// before it, in the newest epochs back to the first that reaches that far.
    public func segments(_ segments: [RangeSegment], since: Int64) throws -> [RangeSegment] {
        var kept: [RangeSegment] = []
        for segment in segments.reversed() {
            let boundary = try newestCommit(before: since - Inbox.arrivalSlack, from: segment.include, in: segment.epoch)
            if boundary != segment.include {
                kept.insert(RangeSegment(epoch: segment.epoch, include: segment.include, exclude: boundary), at: 0)
            }
            if boundary != nil { break }
        }
        return kept
    }

    private func span(fromEpochIndex: Int, exclude: String?, to: (epoch: Epoch, commit: String)) throws -> RevisionRange {
        let toIndex = epochs.firstIndex(of: to.epoch)!
        var segments: [RangeSegment] = []
        for index in fromEpochIndex...toIndex {
            let epoch = epochs[index]
            let include = index == toIndex ? to.commit : try tip(of: epoch).commit
            segments.append(RangeSegment(epoch: epoch, include: include, exclude: index == fromEpochIndex ? exclude : nil))
        }
        return RevisionRange(segments: segments, fromCommit: exclude, toCommit: to.commit)
    }

    /// The epoch holding `rev` in its history and the commit it names.
    ///
    /// Epochs that share objects (grokmirror points `objects/info/alternates` of one epoch at
    /// another's objects) all resolve each other's commits: the epoch is the one whose history
    /// holds the commit. A commit in no epoch's history (left over from a rewrite) stays in the
    /// newest epoch that resolves it, where the range check refuses it.
    func locate(_ rev: String) throws -> (epoch: Epoch, commit: String) {
        // Options are never revisions: refuse anything git would read as a flag.
        guard !rev.isEmpty, !rev.hasPrefix("-") else { throw ArchiveError.unknownRevision(rev) }
        var resolved: (epoch: Epoch, commit: String)?
        for epoch in epochs.reversed() {
            guard let commit = try git(epoch).text(["rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"]),
                  !commit.isEmpty else { continue }
            if resolved == nil { resolved = (epoch, commit) }
            if try holds(commit, in: epoch) { return (epoch, commit) }
        }
        guard let resolved else { throw ArchiveError.unknownRevision(rev) }
        return resolved
    }

    /// Whether `commit` is in the history of the epoch's tip (not merely an object it can read).
    private func holds(_ commit: String, in epoch: Epoch) throws -> Bool {
        guard let tip = try? tip(of: epoch) else { return false }
        return try git(epoch).run(["merge-base", "--is-ancestor", commit, tip.commit]).status == 0
    }

    /// The newest commit of an epoch (`GitCommand.newestCommit`); an error when it has none.
    func tip(of epoch: Epoch) throws -> (epoch: Epoch, commit: String) {
        guard let commit = try git(epoch).newestCommit() else {
            throw ArchiveError.emptyRange("of epoch \(epoch.number) (it has no commits)")
        }
        return (epoch, commit)
    }
}
