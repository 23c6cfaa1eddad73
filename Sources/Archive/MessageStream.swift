import Foundation

/// What the stream hands over, in archive order.
public enum ArchiveItem: Sendable {
    case message(RawMessage)
    case nonMessage(NonMessage)
}

extension Inbox {
    /// The commits of a range, oldest first, with their commit times.
    public func commits(of segment: RangeSegment) throws -> [(commit: String, time: Int64)] {
        var args = ["rev-list", "--reverse", "--timestamp", segment.include]
        if let exclude = segment.exclude { args.append("^" + exclude) }
        let output = try git(segment.epoch).run(args)
        guard output.status == 0 else {
            throw ArchiveError.gitFailed(command: "rev-list", message: firstLine(output.stderr))
        }
        var result: [(String, Int64)] = []
        for line in output.stdout.split(separator: UInt8(ascii: "\n")) {
            guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { continue }
            let time = Int64(String(decoding: line[line.startIndex..<space], as: UTF8.self)) ?? 0
            result.append((String(decoding: line[(space + 1)...], as: UTF8.self), time))
        }
        return result
    }

    /// Streams every message of `range` to `body`, oldest first, through one long-lived
    /// `git cat-file --batch` per epoch. git reads and inflates on its own core while the caller
    /// parses on this one; a bounded queue between them keeps memory flat.
    public func stream(_ range: RevisionRange, _ body: (ArchiveItem) -> Void) throws {
        try stream(range, workers: 1, transform: { $0 }, body)
    }

    /// Streams `range` through `transform` on `workers` threads at once and hands the results to
    /// `body` on the calling thread, in archive order. Messages come first; commits without a
    /// message (removals) follow at the end of each epoch. A message over `maxMessageSize` bytes
    /// is not loaded: it comes, in its place, as a `NonMessage` with `oversizedBytes` set.
    public func stream<T: Sendable>(_ range: RevisionRange, workers: Int, maxMessageSize: Int = .max,
                                    transform: @escaping @Sendable (ArchiveItem) -> T, _ body: (T) -> Void) throws {
        var position = 0
        for segment in range.segments {
            let commits = try self.commits(of: segment)
            try stream(commits: commits, epoch: segment.epoch, firstPosition: position, workers: max(1, workers),
                       maxMessageSize: maxMessageSize, transform: transform, body)
            position += commits.count
        }
    }

    private func stream<T: Sendable>(commits: [(commit: String, time: Int64)], epoch: Epoch, firstPosition: Int,
                                     workers: Int, maxMessageSize: Int,
                                     transform: @escaping @Sendable (ArchiveItem) -> T,
                           _ body: (T) -> Void) throws {
        guard !commits.isEmpty else { return }
        // At most 256 messages or 64 MB wait for a parser (one larger message waits alone).
        let replies = BlockingQueue<(Int, CatFileBatch.Reply)>(capacity: 256, weightLimit: 64 << 20)
        let requests = commits.map { $0.commit + ":m" }
        let failure = Box<String?>(nil)
        let gitDir = epoch.gitDir
        Thread.detachNewThread {
            failure.value = CatFileBatch.read(requests, gitDir: gitDir, maxObjectSize: maxMessageSize, into: replies)
            replies.close()
        }
        let results = ReorderBuffer<T?>()
        let epochNumber = epoch.number
        for _ in 0..<workers {
            Thread.detachNewThread {
                while let (index, reply) = replies.pop() {
                    switch reply {
                    case .object(let bytes) where bytes.isEmpty:
                        // public-inbox-purge leaves the commit with an empty `m`: a removal.
                        results.put(index, transform(.nonMessage(NonMessage(
                            commit: commits[index].commit, epoch: epochNumber, position: firstPosition + index,
                            isRemoval: true, commitTime: commits[index].time))))
                    case .object(let bytes):
                        let raw = RawMessage(bytes: bytes, commit: commits[index].commit, epoch: epochNumber,
                                             position: firstPosition + index, commitTime: commits[index].time)
                        results.put(index, transform(.message(raw)))
                    case .oversized(let size):
                        let skipped = NonMessage(commit: commits[index].commit, epoch: epochNumber,
                                                 position: firstPosition + index, isRemoval: false, oversizedBytes: size,
                                                 commitTime: commits[index].time)
                        results.put(index, transform(.nonMessage(skipped)))
                    case .damaged(let damage):
                        let skipped = NonMessage(commit: commits[index].commit, epoch: epochNumber,
                                                 position: firstPosition + index, isRemoval: false,
                                                 commitTime: commits[index].time, damage: damage)
                        results.put(index, transform(.nonMessage(skipped)))
                    case .missing:
                        results.put(index, nil)
                    }
                }
                results.workerDone()
            }
        }
        var missing: [Int] = []
        var index = 0
        while let result = results.take(index, workers: workers) {
            if let value = result { body(value) } else { missing.append(index) }
            index += 1
        }
        if index < commits.count {
            throw ArchiveError.gitFailed(command: "cat-file --batch",
                                         message: failure.value ?? "stopped after \(index) of \(commits.count) messages")
        }
        // A commit without `m` is a removal when it holds `d`; ask once for all of them.
        if !missing.isEmpty {
            let found = try absences(missing.map { commits[$0].commit }, epoch: epoch)
            for (i, item) in missing.enumerated() {
                var non = NonMessage(commit: commits[item].commit, epoch: epoch.number, position: firstPosition + item,
                                     isRemoval: found[i] == .removal, commitTime: commits[item].time)
                if case .damaged(let damage) = found[i] { non.damage = damage }
                body(transform(.nonMessage(non)))
            }
        }
    }

    /// The number of commits in a range, without reading any message.
    public func count(_ range: RevisionRange) throws -> Int {
        var total = 0
        for segment in range.segments {
            var args = ["rev-list", "--count", segment.include]
            if let exclude = segment.exclude { args.append("^" + exclude) }
            total += Int(try git(segment.epoch).text(args) ?? "") ?? 0
        }
        return total
    }

    /// Why a commit handed over no message.
    private enum Absence: Equatable {
        /// public-inbox's removal: the tree holds `d`.
        case removal
        /// A tree with neither `m` nor `d`.
        case noMessageFile
        case damaged(ObjectDamage)
    }

    /// Why each commit handed over no message. One `cat-file --batch-check=%(objectname)` says
    /// which of `m`, `d` and the tree are there (it looks at no object's content, so a blob whose
    /// content is damaged is named); only the few commits left unexplained are looked at one by
    /// one.
    private func absences(_ commits: [String], epoch: Epoch) throws -> [Absence] {
        let names = commits.flatMap { [$0 + ":m", $0 + ":d", $0 + "^{tree}"] }
        let output = try git(epoch).run(["cat-file", "--batch-check=%(objectname)"],
                                        input: Array(names.map { $0 + "\n" }.joined().utf8))
        let lines = output.stdout.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard output.status == 0, lines.count > names.count else {
            throw ArchiveError.gitFailed(command: "cat-file --batch-check", message: firstLine(output.stderr))
        }
        func oid(_ i: Int) -> String? {
            let line = String(decoding: lines[i], as: UTF8.self)
            return line.hasSuffix(" missing") ? nil : line
        }
        return try commits.indices.map { c -> Absence in
            let damage: ObjectDamage?
            if let blob = oid(3 * c) {
                damage = try inspect(blob, kind: .blob, epoch: epoch)
            } else if oid(3 * c + 1) != nil {
                return .removal
            } else if oid(3 * c + 2) == nil {
                damage = try treeDamage(commits[c], epoch: epoch)
            } else if let blob = try messageEntry(commits[c], epoch: epoch) {
                // The tree is there and names `m`, but git names it only when its blob is there.
                damage = try inspect(blob, kind: .blob, epoch: epoch)
            } else {
                damage = nil
            }
            return damage.map { .damaged($0) } ?? .noMessageFile
        }
    }

    /// The object the commit's tree names `m`, read from the tree itself: nil when there is none.
    private func messageEntry(_ commit: String, epoch: Epoch) throws -> String? {
        let output = try git(epoch).run(["ls-tree", "-z", commit, "--", "m"])
        guard output.status == 0 else {
            throw ArchiveError.gitFailed(command: "ls-tree", message: firstLine(output.stderr))
        }
        // "100644 blob <oid>\tm\0"
        let fields = output.stdout.prefix { $0 != UInt8(ascii: "\t") }.split(separator: UInt8(ascii: " "))
        return fields.count == 3 ? String(decoding: fields[2], as: UTF8.self) : nil
    }

    /// What is wrong with an object that git names but does not hand over; nil when nothing is
    /// (an `m` that is a directory, not a file).
    private func inspect(_ oid: String, kind: ObjectDamage.Kind, epoch: Epoch) throws -> ObjectDamage? {
        let output = try git(epoch).run(["cat-file", "-t", oid])
        if output.status == 0 { return nil }
        guard ObjectDamage.saysDamaged(output.stderr) else { return .missing(kind, oid: oid) }
        return .corrupt(kind, oid: oid, detail: ObjectDamage.gitReason(output.stderr, preferring: "error: ") ?? "unreadable")
    }

    /// The commit's tree, which git could not resolve: missing or corrupt.
    private func treeDamage(_ commit: String, epoch: Epoch) throws -> ObjectDamage? {
        let output = try git(epoch).run(["cat-file", "commit", commit])
        let header = String(decoding: output.stdout.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        guard output.status == 0, header.hasPrefix("tree ") else {
            return .unreadable(detail: ObjectDamage.gitReason(output.stderr, preferring: "fatal: ") ?? "commit \(commit) is unreadable")
        }
        return try inspect(String(header.dropFirst(5)), kind: .tree, epoch: epoch)
    }
}

func firstLine(_ text: String) -> String {
    let line = text.split(separator: "\n").first.map(String.init) ?? ""
    return line.isEmpty ? "no message" : line
}
