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
        let child: ChildProcess
        do {
            child = try ChildProcess(GitCommand.executable, ["--git-dir=\(gitDir)"] + arguments,
                                     environment: GitCommand.environment, stdin: input == nil ? .null : .pipe)
        } catch {
            throw ArchiveError.gitUnavailable(String(describing: error))
        }
        let written = input.map { child.feed($0) }
        // Drain stderr on its own thread so a chatty git cannot block on a full pipe.
        let errBytes = Background { readAll(child.stderr!.fileDescriptor) }
        let outBytes = readAll(child.stdout!.fileDescriptor)
        let stderr = String(decoding: errBytes.wait(), as: UTF8.self)
        let writeFailure = written?.wait() ?? nil
        let status = child.wait().status
        if let code = writeFailure {
            let command = arguments.first { !$0.hasPrefix("-") } ?? "git"
            throw ArchiveError.gitFailed(command: command, message: stderr.isEmpty
                ? "stopped reading its input (\(systemMessage(code)))" : firstLine(stderr))
        }
        return Output(status: status, stdout: outBytes, stderr: stderr)
    }

    /// Runs git and returns its stdout as trimmed text, or nil when git failed.
    func text(_ arguments: [String]) throws -> String? {
        let output = try run(arguments)
        guard output.status == 0 else { return nil }
        return String(decoding: output.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The repository's newest commit: HEAD, else its first branch (mirrors differ on the
    /// default branch); nil when it has no commits.
    func newestCommit() throws -> String? {
        if let head = try text(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]), !head.isEmpty { return head }
        if let first = try text(["for-each-ref", "--format=%(objectname)", "--count=1", "refs/heads"]), !first.isEmpty {
            return first
        }
        return nil
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

/// A mutable cell handed to a helper thread that the caller waits for. Unchecked: the thread
/// writes it before the caller's wait ends (a semaphore, a closed queue), and no one after.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
