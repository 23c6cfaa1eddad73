import Foundation

/// One long-lived `git cat-file --batch`: names go in on stdin, objects come out on stdout
/// as `<oid> <type> <size>\n<bytes>\n`, or `<name> missing\n`.
final class CatFileBatch: Sendable {
    /// `oversized`: an object larger than the limit, read from the pipe and dropped unseen.
    /// `damaged`: an object git died on (corrupt or truncated).
    enum Reply { case object([UInt8]), missing, oversized(Int), damaged(ObjectDamage) }

    /// Why the replies stopped before the last one.
    enum Stop {
        /// git exited while answering `index`: after its header line when `object` is set.
        case died(index: Int, object: PartialObject?)
        /// git printed something that is not a reply; nothing after it can be trusted.
        case malformed(String)
    }

    /// An object whose header git printed before it stopped.
    struct PartialObject {
        var oid: String
        var size: Int
        var received: Int
    }

    private let child: ChildProcess

    init(gitDir: String) throws {
        do {
            child = try ChildProcess(GitCommand.executable, ["--git-dir=\(gitDir)", "cat-file", "--batch"],
                                     environment: GitCommand.environment, stdin: .pipe)
        } catch {
            throw ArchiveError.gitUnavailable(String(describing: error))
        }
        // A larger pipe lets git run further ahead of the parser (Linux only; harmless if refused).
        _ = fcntl(child.stdout!.fileDescriptor, 1031 /* F_SETPIPE_SZ */, 1 << 20)
    }

    /// Reads the objects `names` name into `queue` as `(index, reply)`, through as many git
    /// processes as it takes: when git dies on an object (a corrupt pack entry, a truncated loose
    /// object), that one is handed over as damaged, with git's reason, and a new git goes on with
    /// the next name. Returns why the replies stopped early, nil when every name was answered.
    static func read(_ names: [String], gitDir: String, maxObjectSize: Int = .max,
                     into queue: BlockingQueue<(Int, Reply)>) -> String? {
        var next = 0
        // A git that dies on every name before answering is broken itself, not an object.
        var silentDeaths = 0
        while next < names.count {
            let batch: CatFileBatch
            do { batch = try CatFileBatch(gitDir: gitDir) } catch { return String(describing: error) }
            let pending = Array(names[next...])
            Thread.detachNewThread { batch.write(pending) }
            let stop = batch.readReplies(first: next, count: pending.count, maxObjectSize: maxObjectSize, into: queue)
            let stderr = batch.finish()
            switch stop {
            case nil:
                return nil
            case .malformed(let why)?:
                return why
            case .died(let index, let object)?:
                silentDeaths = object == nil && index == next ? silentDeaths + 1 : 0
                let damage = damage(object, stderr: stderr, status: batch.exitDescription)
                if silentDeaths > maximumSilentDeaths { return damage.detail }
                queue.push((index, .damaged(damage)))
                next = index + 1
            }
        }
        return nil
    }

    /// How many names in a row git may die on before saying anything, before the reading stops:
    /// a few corrupt trees side by side in a pack, not a git that cannot start.
    static let maximumSilentDeaths = 8

    /// What git's death on an object says about it.
    private static func damage(_ object: PartialObject?, stderr: String, status: String) -> ObjectDamage {
        guard let object else {
            // git died resolving `commit:m`: its last words name the tree and what is wrong with it.
            return .unreadable(detail: ObjectDamage.gitReason(stderr, preferring: "fatal: ") ?? status)
        }
        let detail = ObjectDamage.gitReason(stderr, preferring: "error: ") ?? status
        if ObjectDamage.saysDamaged(stderr) { return .corrupt(.blob, oid: object.oid, detail: detail) }
        return .truncated(oid: object.oid, size: object.size, received: object.received, detail: detail)
    }

    /// Writes every request, then closes stdin so git exits after the last answer. A git that
    /// exited early fails the write (EPIPE, SIGPIPE being ignored): the reader reports why.
    func write(_ names: [String]) {
        let fd = child.stdin!.fileDescriptor
        var pending: [UInt8] = []
        pending.reserveCapacity(1 << 16)
        for name in names {
            pending.append(contentsOf: name.utf8)
            pending.append(UInt8(ascii: "\n"))
            if pending.count >= 1 << 15 {
                if writeAll(fd, pending) != nil { break }
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty { _ = writeAll(fd, pending) }
        try? child.stdin!.close()
    }

    /// Parses `count` replies into the queue, numbered from `first`; stops early (and says why)
    /// when git stops or prints something else. An object over `maxObjectSize` bytes is never
    /// held: its bytes are read and discarded in chunks, so one hostile message cannot take the
    /// memory of the whole run.
    func readReplies(first: Int = 0, count: Int, maxObjectSize: Int = .max,
                     into queue: BlockingQueue<(Int, Reply)>) -> Stop? {
        var reader = ByteReader(fd: child.stdout!.fileDescriptor)
        for index in first..<(first + count) {
            guard let line = reader.readLine() else { return .died(index: index, object: nil) }
            if line.last == UInt8(ascii: "g"), line.reversed().starts(with: "missing".utf8.reversed()) {
                queue.push((index, .missing))
                continue
            }
            // "<oid> <type> <size>"
            let fields = line.split(separator: UInt8(ascii: " "))
            guard fields.count == 3, let size = Int(String(decoding: fields[2], as: UTF8.self)), size >= 0 else {
                return .malformed("unexpected reply: \(String(decoding: line.prefix(80), as: UTF8.self))")
            }
            let isBlob = fields[1].elementsEqual("blob".utf8)
            let oid = String(decoding: fields[0], as: UTF8.self)
            if size > maxObjectSize {
                let skipped = reader.skip(count: size)
                guard skipped == size, reader.skipNewline() else {
                    return .died(index: index, object: PartialObject(oid: oid, size: size, received: skipped))
                }
                queue.push((index, isBlob ? .oversized(size) : .missing))
                continue
            }
            let (bytes, received) = reader.read(count: size)
            guard let bytes, reader.skipNewline() else {
                return .died(index: index, object: PartialObject(oid: oid, size: size, received: received))
            }
            queue.push((index, isBlob ? .object(bytes) : .missing), weight: bytes.count)
        }
        return nil
    }

    /// Waits for git to exit; returns what it wrote on stderr.
    func finish() -> String {
        try? child.stdout!.close()
        _ = child.wait()
        return String(decoding: child.stderr!.availableData, as: UTF8.self)
    }

    /// How git ended, for a death without a word on stderr.
    var exitDescription: String {
        child.wait().describe("git")
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

    /// Exactly `count` bytes, or nil and how many came when the pipe ended first.
    mutating func read(count: Int) -> (bytes: [UInt8]?, received: Int) {
        let buffered = min(count, end - start)
        var failed = false
        var received = 0
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
            received = filled
        }
        start += buffered
        return (failed ? nil : result, received)
    }

    /// Reads `count` bytes into the buffer's space and drops them; returns how many there were
    /// (fewer when the pipe ends first).
    mutating func skip(count: Int) -> Int {
        var remaining = count
        while remaining > 0 {
            if start == end && !fill() { break }
            let taken = min(remaining, end - start)
            start += taken
            remaining -= taken
        }
        return count - remaining
    }

    mutating func skipNewline() -> Bool {
        if start == end && !fill() { return false }
        guard buffer[start] == UInt8(ascii: "\n") else { return false }
        start += 1
        return true
    }
}
