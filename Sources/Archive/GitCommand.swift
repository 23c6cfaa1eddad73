import Foundation

/// Runs `git` with a fixed set of arguments against one repository.
///
/// The archive engine is the git command itself (as lore's own tools do): it knows packs,
/// alternates and shallow clones better than any reimplementation would.
struct GitCommand {
    let gitDir: String

    struct Output {
        var status: Int32
        var stdout: [UInt8]
        var stderr: String
    }

    /// Runs git to completion, `input` on its stdin, and returns everything it printed. A git
    /// that stops reading its input early is an error with git's reason.
    func run(_ arguments: [String], input: [UInt8]? = nil) throws -> Output {
        WriteSignals.ignoreBrokenPipe()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GitCommand.executable)
        process.arguments = ["--git-dir=\(gitDir)"] + arguments
        process.environment = GitCommand.environment
        let out = Pipe(), err = Pipe(), inputPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        let exit = ExitWait(process)
        do { try process.run() } catch {
            throw ArchiveError.gitUnavailable(String(describing: error))
        }
        // Fed from its own thread: git answers while it reads, and its answers fill a pipe too.
        let writeFailure = Box<Int32?>(nil)
        let writeDone = DispatchSemaphore(value: 0)
        if let input {
            let fd = inputPipe.fileHandleForWriting.fileDescriptor
            Thread.detachNewThread {
                writeFailure.value = writeAll(fd, input)
                try? inputPipe.fileHandleForWriting.close()
                writeDone.signal()
            }
        } else {
            writeDone.signal()
        }
        // Drain stderr on its own thread so a chatty git cannot block on a full pipe.
        let errBytes = Box<[UInt8]>([])
        let errDone = DispatchSemaphore(value: 0)
        let errFD = err.fileHandleForReading.fileDescriptor
        Thread.detachNewThread {
            errBytes.value = readAll(errFD)
            errDone.signal()
        }
        let outBytes = readAll(out.fileHandleForReading.fileDescriptor)
        errDone.wait()
        writeDone.wait()
        exit.wait()
        let stderr = String(decoding: errBytes.value, as: UTF8.self)
        if let code = writeFailure.value {
            let command = arguments.first { !$0.hasPrefix("-") } ?? "git"
            throw ArchiveError.gitFailed(command: command, message: stderr.isEmpty
                ? "stopped reading its input (\(systemMessage(code)))" : firstLine(stderr))
        }
        return Output(status: process.terminationStatus, stdout: outBytes, stderr: stderr)
    }

    /// Runs git and returns its stdout as trimmed text, or nil when git failed.
    func text(_ arguments: [String]) throws -> String? {
        let output = try run(arguments)
        guard output.status == 0 else { return nil }
        return String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The git binary: `$PATCHDIGEST_GIT`, else the first `git` on PATH.
    static let executable: String = {
        let env = ProcessInfo.processInfo.environment
        if let explicit = env["PATCHDIGEST_GIT"], !explicit.isEmpty { return explicit }
        return programOnPath("git") ?? "/usr/bin/git"
    }()

    /// A stable environment: no pager, no replace objects, C locale for messages we match on.
    static let environment: [String: String] = {
        var env = ProcessInfo.processInfo.environment
        env["GIT_PAGER"] = "cat"
        env["LC_ALL"] = "C"
        env["GIT_NO_REPLACE_OBJECTS"] = "1"
        env.removeValue(forKey: "GIT_DIR")
        env.removeValue(forKey: "GIT_WORK_TREE")
        return env
    }()
}

/// The first executable `name` on PATH.
func programOnPath(_ name: String) -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
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

/// Waits for a process to end. Foundation's `waitUntilExit` spins the run loop in 50 ms steps on
/// Linux and often sleeps out the step after git has exited: a cost of up to 50 ms per git
/// command, most of an incremental update. The termination handler signals at once.
final class ExitWait: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)

    /// Must be made before the process is started.
    init(_ process: Process) {
        process.terminationHandler = { [done] _ in done.signal() }
    }

    func wait() { done.wait() }
}

/// A mutable cell handed to a helper thread that the caller waits for.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
