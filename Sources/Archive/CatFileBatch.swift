import Foundation

/// One long-lived `git cat-file --batch`: names go in on stdin, objects come out on stdout
/// as `<oid> <type> <size>\n<bytes>\n`, or `<name> missing\n`.
final class CatFileBatch: @unchecked Sendable {
    /// `oversized`: an object larger than the limit, read from the pipe and dropped unseen.
    enum Reply { case object([UInt8]), missing, oversized(Int) }

    private let process = Process()
    private let stdin = Pipe()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private var readError: String?
    private var exit: ExitWait?

    init(gitDir: String) throws {
        process.executableURL = URL(fileURLWithPath: GitCommand.executable)
        process.arguments = ["--git-dir=\(gitDir)", "cat-file", "--batch"]
        process.environment = GitCommand.environment
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        exit = ExitWait(process)
        do { try process.run() } catch { throw ArchiveError.gitUnavailable(String(describing: error)) }
        // A larger pipe lets git run further ahead of the parser (Linux only; harmless if refused).
        _ = fcntl(stdout.fileHandleForReading.fileDescriptor, 1031 /* F_SETPIPE_SZ */, 1 << 20)
    }

    /// Writes every request, then closes stdin so git exits after the last answer.
    func write(_ names: [String]) {
        let fd = stdin.fileHandleForWriting.fileDescriptor
        var pending: [UInt8] = []
        pending.reserveCapacity(1 << 16)
        for name in names {
            pending.append(contentsOf: name.utf8)
            pending.append(UInt8(ascii: "\n"))
            if pending.count >= 1 << 15 {
                if !writeAll(fd, pending) { break }
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty { _ = writeAll(fd, pending) }
        try? stdin.fileHandleForWriting.close()
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return false }
        }
        return true
    }

    /// Parses `count` replies into the queue; stops early (and remembers why) on malformed output.
    /// An object over `maxObjectSize` bytes is never held: its bytes are read and discarded in
    /// chunks, so one hostile message cannot take the memory of the whole run.
    func readReplies(count: Int, maxObjectSize: Int = .max, into queue: BlockingQueue<(Int, Reply)>) {
        var reader = ByteReader(fd: stdout.fileHandleForReading.fileDescriptor)
        for index in 0..<count {
            guard let line = reader.readLine() else { readError = "git stopped answering"; return }
            if line.last == UInt8(ascii: "g"), line.reversed().starts(with: "missing".utf8.reversed()) {
                queue.push((index, .missing))
                continue
            }
            // "<oid> <type> <size>"
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)), size >= 0 else {
                readError = "unexpected reply: \(String(decoding: line.prefix(80), as: UTF8.self))"
                return
            }
            let isBlob = fields[1].elementsEqual("blob".utf8)
            if size > maxObjectSize {
                guard reader.skip(count: size), reader.skipNewline() else {
                    readError = "git stopped in the middle of an object"
                    return
                }
                queue.push((index, isBlob ? .oversized(size) : .missing))
                continue
            }
            guard let bytes = reader.read(count: size), reader.skipNewline() else {
                readError = "git stopped in the middle of an object"
                return
            }
            queue.push((index, isBlob ? .object(bytes) : .missing), weight: bytes.count)
        }
    }

    /// Waits for git to exit; returns what went wrong, if anything did.
    func finish() -> String? {
        try? stdout.fileHandleForReading.close()
        exit?.wait()
        if let readError { return readError }
        if process.terminationStatus != 0 {
            let message = String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self)
            return firstLine(message)
        }
        return nil
    }
}

/// Buffered reads from a pipe: lines for the reply headers, exact counts for the objects.
struct ByteReader {
    let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 17)
    private var start = 0
    private var end = 0

    init(fd: Int32) { self.fd = fd }

    private mutating func fill() -> Bool {
        if start == end { start = 0; end = 0 }
        if end == buffer.count {
            if start > 0 {
                buffer.withUnsafeMutableBufferPointer { p in
                    _ = memmove(p.baseAddress!, p.baseAddress! + start, end - start)
                }
                end -= start; start = 0
            } else {
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
        }
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + end, $0.count - end) }
            if n > 0 { end += n; return true }
            if n < 0 && errno == EINTR { continue }
            return false
        }
    }

    mutating func readLine() -> ArraySlice<UInt8>? {
        var scanFrom = start
        while true {
            if let nl = buffer[scanFrom..<end].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[start..<nl]
                start = nl + 1
                return line
            }
            let consumed = end - start
            guard fill() else { return nil }
            scanFrom = start + consumed
        }
    }

    mutating func read(count: Int) -> [UInt8]? {
        let buffered = min(count, end - start)
        var failed = false
        let result = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            if buffered > 0 {
                buffer.withUnsafeBufferPointer { p in
                    _ = memcpy(out.baseAddress!, p.baseAddress! + start, buffered)
                }
            }
            var filled = buffered
            while filled < count {
                let n = Glibc.read(fd, out.baseAddress! + filled, count - filled)
                if n > 0 { filled += n } else if n < 0 && errno == EINTR { continue } else { failed = true; break }
            }
            initialized = filled
        }
        start += buffered
        return failed ? nil : result
    }

    /// Reads `count` bytes into the buffer's space and drops them; false when the pipe ends first.
    mutating func skip(count: Int) -> Bool {
        var remaining = count
        while remaining > 0 {
            if start == end && !fill() { return false }
            let taken = min(remaining, end - start)
            start += taken
            remaining -= taken
        }
        return true
    }

    mutating func skipNewline() -> Bool {
        if start == end && !fill() { return false }
        guard buffer[start] == UInt8(ascii: "\n") else { return false }
        start += 1
        return true
    }
}
