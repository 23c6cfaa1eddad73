import Foundation

/// A child process: the one way the package starts one (git, gzip, curl, sendmail).
///
/// Each standard stream is inherited, /dev/null or a pipe whose other end the caller reads or
/// writes. Piping stdin ignores SIGPIPE first (`WriteSignals`): a child that exits without reading
/// all of its input fails the write (EPIPE) instead of killing this process, and its exit status
/// says why. Waiting is on Foundation's termination handler, never its polling `waitUntilExit`.
///
/// Unchecked: every stored property is a constant; `Process` and `FileHandle` are not marked
/// Sendable, but after `run()` this type only reads the process's pid and exit status, which
/// the `exited` semaphore orders after the termination handler.
package final class ChildProcess: @unchecked Sendable {
    package enum Stream { case inherit, null, pipe }

    /// How a child ended.
    package struct Termination: Equatable, Sendable {
        /// The exit status, or the signal's number when `signalled`.
        package var status: Int32
        package var signalled: Bool

        package var succeeded: Bool { !signalled && status == 0 }

        /// `git exited with status 128`, `sendmail was killed by signal 9`.
        package func describe(_ name: String) -> String {
            signalled ? "\(name) was killed by signal \(status)" : "\(name) exited with status \(status)"
        }
    }

    /// The write end of the child's stdin, when piped.
    package let stdin: FileHandle?
    /// The read end of the child's stdout, when piped.
    package let stdout: FileHandle?
    /// The read end of the child's stderr, when piped.
    package let stderr: FileHandle?

    private let process: Process
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `executable` with `arguments`; `environment` nil: this process's. Throws
    /// Foundation's error when the child cannot be started.
    package init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                 stdin: Stream = .null, stdout: Stream = .pipe, stderr: Stream = .pipe) throws {
        let process = Process()
        self.process = process
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let input = ChildProcess.attach(stdin) { process.standardInput = $0 }
        let output = ChildProcess.attach(stdout) { process.standardOutput = $0 }
        let errors = ChildProcess.attach(stderr) { process.standardError = $0 }
        self.stdin = input?.fileHandleForWriting
        self.stdout = output?.fileHandleForReading
        self.stderr = errors?.fileHandleForReading
        // Foundation's `waitUntilExit` spins the run loop in 50 ms steps on Linux and often sleeps
        // out the step after the child has exited: up to 50 ms per git command, most of an
        // incremental update. The termination handler signals at once.
        process.terminationHandler = { [exited] _ in exited.signal() }
        if stdin == .pipe { WriteSignals.ignoreBrokenPipe() }
        try process.run()
    }

    /// Sets one stream; the pipe when `stream` is one.
    private static func attach(_ stream: Stream, _ set: (Any) -> Void) -> Pipe? {
        switch stream {
        case .inherit: return nil
        case .null: set(FileHandle.nullDevice); return nil
        case .pipe: let pipe = Pipe(); set(pipe); return pipe
        }
    }

    package var pid: pid_t { process.processIdentifier }

    /// Kills the child (SIGKILL), as when it printed more than its caller keeps.
    package func kill() {
        _ = Foundation.kill(pid, SIGKILL)
    }

    /// Writes `bytes` to the piped stdin from a thread of its own, then closes it: the child may
    /// answer while it reads, and its answers fill a pipe too. The result is the errno of a failed
    /// write (EPIPE: the child stopped reading), nil when all went in.
    package func feed(_ bytes: [UInt8]) -> Background<Int32?> {
        let input = stdin!
        return Background {
            let failure = writeAll(input.fileDescriptor, bytes)
            try? input.close()
            return failure
        }
    }

    /// Waits for the child to exit; again and again, once it has.
    package func wait() -> Termination {
        exited.wait()
        exited.signal()
        return Termination(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal)
    }
}

/// Work done on a thread of its own, its result waited for: a child's stdin fed, or its stderr
/// drained, while the caller reads its stdout.
///
/// Unchecked: `value` is written once, before `done` is signalled, and read only after a wait
/// on `done`; the semaphore orders the two.
package final class Background<Value: Sendable>: @unchecked Sendable {
    private var value: Value?
    private let done = DispatchSemaphore(value: 0)

    package init(_ work: @escaping @Sendable () -> Value) {
        Thread.detachNewThread { [self] in
            value = work()
            done.signal()
        }
    }

    package func wait() -> Value {
        done.wait()
        done.signal()
        return value!
    }
}

/// Reads a file descriptor to its end.
func readAll(_ fd: Int32) -> [UInt8] {
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            result.append(contentsOf: chunk[0..<n])
        } else if n == 0 || errno != EINTR {
            break
        }
    }
    return result
}
