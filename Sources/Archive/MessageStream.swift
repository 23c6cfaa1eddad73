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
    public func stream<T>(_ range: RevisionRange, workers: Int, maxMessageSize: Int = .max,
                          transform: @escaping (ArchiveItem) -> T, _ body: (T) -> Void) throws {
        var position = 0
        for segment in range.segments {
            let commits = try self.commits(of: segment)
            try stream(commits: commits, epoch: segment.epoch, firstPosition: position, workers: max(1, workers),
                       maxMessageSize: maxMessageSize, transform: transform, body)
            position += commits.count
        }
    }

    private func stream<T>(commits: [(commit: String, time: Int64)], epoch: Epoch, firstPosition: Int,
                           workers: Int, maxMessageSize: Int, transform: @escaping (ArchiveItem) -> T,
                           _ body: (T) -> Void) throws {
        guard !commits.isEmpty else { return }
        let batch = try CatFileBatch(gitDir: epoch.gitDir)
        // At most 256 messages or 64 MB wait for a parser (one larger message waits alone).
        let replies = BlockingQueue<(Int, CatFileBatch.Reply)>(capacity: 256, weightLimit: 64 << 20)
        let requests = commits.map { $0.commit }
        Thread.detachNewThread { batch.write(requests.map { $0 + ":m" }) }
        Thread.detachNewThread {
            batch.readReplies(count: requests.count, maxObjectSize: maxMessageSize, into: replies)
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
                            isRemoval: true))))
                    case .object(let bytes):
                        let raw = RawMessage(bytes: bytes, commit: commits[index].commit, epoch: epochNumber,
                                             position: firstPosition + index, commitTime: commits[index].time)
                        results.put(index, transform(.message(raw)))
                    case .oversized(let size):
                        let skipped = NonMessage(commit: commits[index].commit, epoch: epochNumber,
                                                 position: firstPosition + index, isRemoval: false, oversizedBytes: size,
                                                 commitTime: commits[index].time)
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
        let failure = batch.finish()
        if index < commits.count {
            throw ArchiveError.gitFailed(command: "cat-file --batch",
                                         message: failure ?? "stopped after \(index) of \(commits.count) messages")
        }
        // A commit without `m` is a removal when it holds `d`; ask once for all of them.
        if !missing.isEmpty {
            let removals = try existing(missing.map { commits[$0].commit + ":d" }, epoch: epoch)
            for (i, item) in missing.enumerated() {
                body(transform(.nonMessage(NonMessage(commit: commits[item].commit, epoch: epoch.number,
                                                      position: firstPosition + item, isRemoval: removals[i]))))
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

    /// Whether each object name exists, through one `cat-file --batch-check`.
    private func existing(_ names: [String], epoch: Epoch) throws -> [Bool] {
        let input = names.joined(separator: "\n") + "\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GitCommand.executable)
        process.arguments = ["--git-dir=\(epoch.gitDir)", "cat-file", "--batch-check"]
        process.environment = GitCommand.environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        let exit = ExitWait(process)
        try process.run()
        Thread.detachNewThread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        let output = readAll(stdout.fileHandleForReading.fileDescriptor)
        exit.wait()
        let lines = output.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        return names.indices.map { i in
            i < lines.count && !lines[i].reversed().starts(with: Array(" missing".utf8).reversed())
        }
    }
}

func firstLine(_ text: String) -> String {
    let line = text.split(separator: "\n").first.map(String.init) ?? ""
    return line.isEmpty ? "no message" : line
}
