import Foundation

/// Helpers the test targets share: where the project is, and archives built from emails by the
/// project's own `scripts/make-inbox` (real git, real commits).
public enum Fixtures {
    /// The repository root (this file is Sources/TestSupport/Fixtures.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// A fresh empty directory under the test process's scratch directory.
    public static func temporaryDirectory(_ label: String = "patchdigest") -> URL {
        let url = scratch.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// One directory per test process under the system temp dir, holding every temporary
    /// directory the tests make, and made the TMPDIR of the programs they start (git,
    /// public-inbox, the patchdigest binary), so that what they leave is removed with it when
    /// the process exits: a test run leaves nothing in /tmp.
    public static let scratch: URL = {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let url = URL(fileURLWithPath: base).appendingPathComponent("patchdigest-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        setenv("TMPDIR", url.path, 1)
        scratchPath = strdup(url.path)
        atexit { removeScratch() }
        return url
    }()

    /// Writes `emails` as `NNN.eml` (or `NNN.d.eml` for removals named with a leading "d:") and
    /// builds an inbox from them. Returns the inbox directory.
    public static func inbox(_ emails: [String], options: [String] = []) throws -> URL {
        let dir = temporaryDirectory("emails")
        defer { try? FileManager.default.removeItem(at: dir) }
        for (i, email) in emails.enumerated() {
            let removal = email.hasPrefix("d:")
            let name = String(format: "%03d%@.eml", i, removal ? ".d" : "")
            try Data((removal ? String(email.dropFirst(2)) : email).utf8).write(to: dir.appendingPathComponent(name))
        }
        return try inbox(directory: dir.path, options: options)
    }

    /// Builds an inbox from a directory of `.eml` files with `scripts/make-inbox`.
    public static func inbox(directory: String, options: [String] = []) throws -> URL {
        let out = temporaryDirectory("inbox")
        let result = try run(path("scripts/make-inbox"), options + ["--force", directory, out.path])
        guard result.status == 0 else {
            throw FixtureError.command("make-inbox: \(result.stderr)")
        }
        return out
    }

    public struct Result {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public enum FixtureError: Error { case command(String) }

    /// Runs a program to completion, with an optional environment overlay.
    /// b4 (PyPI's, the peer for series assembly and trailers): on PATH, or where `pip install
    /// --user` puts it; nil when it is not installed.
    public static let b4: String? = {
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + [home + "/.local/bin"]
        return path.map { $0 + "/b4" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           currentDirectory: String? = nil) throws -> Result {
        _ = scratch   // the child's TMPDIR
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        Thread.detachNewThread {
            errBox.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    /// `git` with arguments, for building odd histories in tests.
    public static func git(_ arguments: [String]) throws -> Result {
        try run("/usr/bin/env", ["git"] + arguments)
    }

    /// The real kvmarm archive as a bare clone of ../shared/corpus/kvmarm.bundle, made once per
    /// test process; nil (the caller skips) when the bundle is not beside the project.
    public static let kvmarm: String? = {
        let bundle = root.deletingLastPathComponent().appendingPathComponent("shared/corpus/kvmarm.bundle").path
        guard FileManager.default.fileExists(atPath: bundle) else { return nil }
        // Kept between runs in the build directory (git ignores it), not in /tmp.
        let target = root.appendingPathComponent(".build/test-cache/kvmarm.git").path
        if FileManager.default.fileExists(atPath: target + "/HEAD"),
           let r = try? git(["--git-dir=\(target)", "rev-parse", "--verify", "-q", "HEAD"]), r.status == 0 {
            return target
        }
        try? FileManager.default.removeItem(atPath: target)
        guard let r = try? git(["clone", "-q", "--bare", bundle, target]), r.status == 0 else { return nil }
        return target
    }()

    /// The end of a one-line patch as git format-patch writes it: the `---` line, the diffstat
    /// and the diff.
    public static let oneLineDiff = """
        ---
         arch/x86/kvm/x86.c | 2 +-
         1 file changed, 1 insertion(+), 1 deletion(-)

        diff --git a/arch/x86/kvm/x86.c b/arch/x86/kvm/x86.c
        --- a/arch/x86/kvm/x86.c
        +++ b/arch/x86/kvm/x86.c
        @@ -1 +1 @@
        -old
        +new

        """

    /// A pull request's body as `git request-pull` writes it: the base, the repository and tag
    /// to pull, the head, the shortlog and the diffstat.
    public static let requestPullBody = """
        Paolo,

        Two fixes for -rc6.

        The following changes since commit 1c8e4b2f9a7d3e6c0b5f8a2d4e7c1b9f3a6d0e58:

          Linux 6.18-rc5 (2025-11-09 15:10:19 -0800)

        are available in the Git repository at:

          https://git.example.org/pub/scm/virt/kvm/kvm.git tags/kvm-fixes-6.18-4

        for you to fetch changes up to 9f2d7c4a1e8b3f06d5c2a9e7b4f1d8c3a6e0b925:

          KVM: x86: Fix the thing (2025-11-14 11:47:20 +0000)

        ----------------------------------------------------------------
        KVM fixes for 6.18-rc6

        ----------------------------------------------------------------
        Jane Doe (2):
              KVM: x86: Fix the thing
              KVM: x86: Fix the other thing

         arch/x86/kvm/x86.c | 12 +++++++++---
         arch/x86/kvm/mmu.c |  3 ++-
         2 files changed, 11 insertions(+), 4 deletions(-)
        """

    /// A minimal email, for tests that need many of them.
    public static func email(from: String = "Jane Doe <jane@example.com>", subject: String,
                             id: String, date: String = "Mon, 17 Nov 2025 10:00:00 +0000",
                             inReplyTo: String? = nil, extraHeaders: [String] = [], body: String) -> String {
        var headers = ["From: \(from)", "To: list@example.org", "Subject: \(subject)", "Date: \(date)",
                       "Message-ID: <\(id)>"]
        if let inReplyTo { headers += ["In-Reply-To: <\(inReplyTo)>", "References: <\(inReplyTo)>"] }
        headers += extraHeaders
        return headers.joined(separator: "\n") + "\n\n" + body
    }
}

final class DataBox: @unchecked Sendable { var data = Data() }

extension Fixtures {
    /// The built `patchdigest` executable beside the test bundle.
    public static var binary: String {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("patchdigest").path
        }
        #endif
        return Bundle.main.bundleURL.appendingPathComponent("patchdigest").path
    }

    /// Runs the built command.
    /// Runs a program on a pseudo-terminal (python3's pty module): its stdout and stderr both
    /// reach the terminal and come back, mixed, in `stdout`.
    public static func runOnTerminal(_ executable: String, _ arguments: [String],
                                     environment: [String: String] = [:]) throws -> Result {
        let pty = """
            import os, pty, sys
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(sys.argv[1], sys.argv[1:])
            out = b""
            while True:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    break
                if not data:
                    break
                out += data
            _, status = os.waitpid(pid, 0)
            sys.stdout.buffer.write(out)
            sys.exit(os.waitstatus_to_exitcode(status))
            """
        return try run("/usr/bin/env", ["python3", "-c", pty, executable] + arguments, environment: environment)
    }

    public static func patchdigest(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try run(binary, arguments, environment: environment)
    }
}

/// The scratch directory's path for the exit handler, which cannot capture context. Unsafe is
/// sound: it is set once, before the handler is registered, and only read after.
nonisolated(unsafe) private var scratchPath: UnsafeMutablePointer<CChar>?

private func removeScratch() {
    guard let scratchPath else { return }
    try? FileManager.default.removeItem(atPath: String(cString: scratchPath))
}
