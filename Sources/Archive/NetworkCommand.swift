import Foundation

/// A child that talks to a server (git, curl), bounded in time and in what it prints.
///
/// Waiting is the kernel's: stderr is read until it closes, and a timer kills the child's whole
/// process group (Foundation starts each child in a group of its own, so git's remote helper goes
/// with it) at the deadline. Nothing polls.
struct NetworkCommand {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
    /// Seconds after which the child and its own children are killed; nil: no overall deadline
    /// (a clone of a large epoch takes what it takes; git's low-speed limit bounds its stalls).
    var deadline: TimeInterval?
    /// Stdout is kept up to this many bytes, and the child killed when it prints more; 0:
    /// stdout is discarded.
    var stdoutLimit = 0

    struct Result {
        var status: Int32
        var stdout: [UInt8]
        /// The end of stderr: its last lines say why the child failed.
        var stderr: String
        /// Killed at the deadline.
        var timedOut: Bool
        /// Killed for printing more than `stdoutLimit`.
        var overLimit: Bool
    }

    /// Runs the child to its end, passing each stderr line (split at CR too: progress rewrites
    /// its line) to `line`. Throws only when the child cannot be started.
    func run(line: ((String) -> Void)? = nil) throws -> Result {
        let child = try ChildProcess(executable, arguments, environment: environment,
                                     stdout: stdoutLimit > 0 ? .pipe : .null)
        let killer = GroupKiller(child.pid)
        if let deadline { killer.schedule(after: deadline) }

        let limit = stdoutLimit
        let kept = child.stdout.map { out in
            Background { NetworkCommand.read(out.fileDescriptor, limit: limit) { killer.kill() } }
        }
        let stderr = NetworkCommand.readLines(child.stderr!.fileDescriptor, line: line)
        let stdout: (bytes: [UInt8], overLimit: Bool) = kept?.wait() ?? ([], false)
        let status = child.wait().status
        killer.cancel()
        return Result(status: status, stdout: stdout.bytes, stderr: stderr,
                      timedOut: killer.firedAtDeadline, overLimit: stdout.overLimit)
    }

    /// Reads `fd` to its end, keeping at most `limit` bytes; calls `overLimit` once when more come.
    private static func read(_ fd: Int32, limit: Int, overLimit: () -> Void) -> (bytes: [UInt8], overLimit: Bool) {
        var kept: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return (kept, false) }
            guard kept.count + n <= limit else {
                overLimit()
                return (kept, true)
            }
            kept.append(contentsOf: chunk[0..<n])
        }
    }

    /// Reads stderr to its end, handing over each line; returns its last 32–64 KB.
    private static func readLines(_ fd: Int32, line: ((String) -> Void)?) -> String {
        var collected: [UInt8] = []
        var pending: [UInt8] = []
        // git pads progress lines with spaces to overwrite longer ones.
        func emit(_ bytes: [UInt8]) {
            let text = LoreMirror.printable(bytes).trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { line?(text) }
        }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            for byte in chunk[0..<n] {
                if byte == 0x0A || byte == 0x0D {
                    emit(pending)
                    pending.removeAll(keepingCapacity: true)
                } else if pending.count < 1 << 16 {
                    pending.append(byte)
                }
            }
            collected.append(contentsOf: chunk[0..<n])
            if collected.count > 1 << 16 { collected.removeFirst(collected.count - (1 << 15)) }
        }
        emit(pending)
        return String(decoding: collected, as: UTF8.self)
    }
}

/// Kills a child's process group, at a deadline or on demand, once; never after `cancel`.
/// Unchecked: `done` and `fired` are read and written under `lock`.
private final class GroupKiller: @unchecked Sendable {
    private let group: pid_t
    private let lock = NSLock()
    private var done = false
    private var fired = false
    private var timer: DispatchWorkItem?

    init(_ pid: pid_t) { group = pid }

    func schedule(after seconds: TimeInterval) {
        let item = DispatchWorkItem { [self] in
            lock.lock()
            defer { lock.unlock() }
            guard !done else { return }
            fired = true
            done = true
            signal()
        }
        timer = item
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
    }

    func kill() {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        signal()
    }

    /// The group where the child leads one (Linux), else the child alone.
    private func signal() {
        if Foundation.kill(-group, SIGKILL) != 0 { Foundation.kill(group, SIGKILL) }
    }

    /// Called once the child is reaped: its group id may be reused from now on.
    func cancel() {
        lock.lock()
        done = true
        lock.unlock()
        timer?.cancel()
    }

    var firedAtDeadline: Bool {
        lock.lock()
        defer { lock.unlock() }
        return fired
    }
}
