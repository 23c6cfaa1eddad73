import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one `sync` did to one epoch.
public struct EpochChange: Equatable, Sendable {
    public var epoch: Int
    /// The local tip before (nil: the epoch was cloned now, or had no commits).
    public var before: String?
    /// The local tip after (nil: the remote epoch has no commits yet).
    public var after: String?
    /// The epoch was not mirrored before this sync.
    public var cloned: Bool

    public init(epoch: Int, before: String?, after: String?, cloned: Bool) {
        self.epoch = epoch
        self.before = before
        self.after = after
        self.cloned = cloned
    }
}

/// A local mirror of a lore-style list (`https://lore.kernel.org/kvm`): every epoch `<url>/N`
/// as a bare `git clone --mirror` in `directory/git/N.git`, the v2 layout `Inbox.open` reads.
///
/// Mirroring is git's own: a clone goes to a temporary name and is renamed when complete (a
/// killed clone leaves nothing that looks like an epoch, and the next sync removes it), and a
/// fetch moves refs only once their objects are in. So an interrupted sync is repaired by the
/// next one, and the tips it reports are what the local archive holds.
public struct LoreMirror: Sendable {
    public let url: String
    public let directory: String
    /// How epochs are found; tests set `.probeOnly` to exercise probing on a server with a manifest.
    var discovery = Discovery.manifestThenProbe

    enum Discovery: Sendable { case manifestThenProbe, probeOnly }

    public init(url: String, directory: String) {
        self.url = SourceLocation.normalizedURL(url)
        self.directory = directory
    }

    /// The remote's epochs, oldest first: from `<url>/manifest.js.gz` when the server has one,
    /// else by probing `<url>/0`, `<url>/1`, … with `git ls-remote` until one is missing.
    /// Throws `noInboxAtURL` when the server answers but has neither, `unreachable` (git's
    /// message) when it does not answer.
    public func remoteEpochs() throws -> [Int] {
        try remote().map(\.epoch)
    }

    /// Clones the epochs not mirrored yet and fetches the others (skipping those whose manifest
    /// fingerprint says they have not changed). Returns each remote epoch's tips before and after.
    /// `progress` gets git's progress lines (prefixed `epoch N: `) for a terminal to show; without
    /// it git is quiet.
    public func sync(progress: ((String) -> Void)? = nil) throws -> [EpochChange] {
        let epochs = try remote()
        let gitDirectory = directory + "/git"
        do {
            try FileManager.default.createDirectory(atPath: gitDirectory, withIntermediateDirectories: true)
        } catch {
            throw ArchiveError.unreadable(path: gitDirectory, reason: (error as NSError).localizedDescription)
        }
        removeUnfinishedClones(in: gitDirectory)
        var changes: [EpochChange] = []
        for entry in epochs {
            let local = "\(gitDirectory)/\(entry.epoch).git"
            if FileManager.default.fileExists(atPath: local + "/HEAD") {
                let before = try localTip(local)
                if let fingerprint = entry.fingerprint, fingerprint == (try? localFingerprint(local)) {
                    progress?("epoch \(entry.epoch): unchanged")
                } else {
                    progress?("epoch \(entry.epoch): fetching \(url)/\(entry.epoch)")
                    try runGit(["--git-dir=\(local)", "fetch", "--prune", progress == nil ? "--quiet" : "--progress", "origin"],
                               label: "fetch", epoch: entry.epoch, progress: progress)
                }
                changes.append(EpochChange(epoch: entry.epoch, before: before, after: try localTip(local), cloned: false))
            } else {
                let partial = "\(gitDirectory)/\(entry.epoch).git\(LoreMirror.partialMarker)\(getpid())"
                try? FileManager.default.removeItem(atPath: partial)
                progress?("epoch \(entry.epoch): cloning \(url)/\(entry.epoch)")
                try runGit(["clone", "--mirror", progress == nil ? "--quiet" : "--progress", "\(url)/\(entry.epoch)", partial],
                           label: "clone", epoch: entry.epoch, progress: progress)
                do { try FileManager.default.moveItem(atPath: partial, toPath: local) } catch {
                    try? FileManager.default.removeItem(atPath: partial)
                    throw ArchiveError.unreadable(path: local, reason: (error as NSError).localizedDescription)
                }
                changes.append(EpochChange(epoch: entry.epoch, before: nil, after: try localTip(local), cloned: true))
            }
        }
        return changes
    }

    static let partialMarker = ".partial-"

    // MARK: - Discovery

    private func remote() throws -> [Manifest.Entry] {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw ArchiveError.unknownSource(url) }
        let answer = discovery == .probeOnly ? .noManifest : fetchManifest()
        if case .body(let bytes) = answer, let manifest = Manifest.parse(bytes, listPath: urlPath) {
            return manifest.entries
        }
        var found: [Manifest.Entry] = []
        for epoch in 0... {
            let result = try network(["ls-remote", "\(url)/\(epoch)"])
            guard result.status == 0 else {
                if !found.isEmpty { break }
                let message = gitMessage(result.stderr)
                if case .failed = answer { throw ArchiveError.unreachable(url: url, message: message) }
                if LoreMirror.isConnectionFailure(message) { throw ArchiveError.unreachable(url: url, message: message) }
                throw ArchiveError.noInboxAtURL(url)
            }
            found.append(Manifest.Entry(epoch: epoch, fingerprint: nil))
        }
        return found
    }

    private enum ManifestAnswer {
        case body([UInt8])
        /// The server answered without a manifest (404, an error page).
        case noManifest
        /// No answer at all: connection refused, no such host, a timeout.
        case failed(String)
    }

    private func fetchManifest() -> ManifestAnswer {
        guard let manifestURL = URL(string: url + "/manifest.js.gz") else { return .failed("bad URL") }
        var request = URLRequest(url: manifestURL)
        request.timeoutInterval = 60
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let done = DispatchSemaphore(value: 0)
        let answer = Box<ManifestAnswer>(.failed("no answer"))
        session.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                answer.value = http.statusCode == 200 ? .body([UInt8](data ?? Data())) : .noManifest
            } else {
                answer.value = .failed(error.map { ($0 as NSError).localizedDescription } ?? "no answer")
            }
            done.signal()
        }.resume()
        done.wait()
        return answer.value
    }

    /// The URL's path (`/kvm`), to find the list in a site-wide manifest.
    private var urlPath: String {
        URL(string: url)?.path ?? ""
    }

    // MARK: - Local state

    /// The tip of a mirrored epoch: HEAD, else its first branch; nil when it has no commits.
    private func localTip(_ gitDir: String) throws -> String? {
        let git = GitCommand(gitDir: gitDir)
        if let head = try git.text(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]), !head.isEmpty { return head }
        if let first = try git.text(["for-each-ref", "--format=%(objectname)", "--count=1", "refs/heads"]), !first.isEmpty {
            return first
        }
        return nil
    }

    private func localFingerprint(_ gitDir: String) throws -> String? {
        let output = try GitCommand(gitDir: gitDir).run(["show-ref"])
        return output.status == 0 ? Manifest.fingerprint(showRef: output.stdout) : nil
    }

    /// Leftovers of clones killed before their rename.
    private func removeUnfinishedClones(in gitDirectory: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: gitDirectory)) ?? []
        where name.contains(LoreMirror.partialMarker) {
            try? FileManager.default.removeItem(atPath: gitDirectory + "/" + name)
        }
    }

    // MARK: - Running git over the network

    private struct Result {
        var status: Int32
        var stderr: String
    }

    /// Runs a clone or fetch; throws `unreachable` or `gitFailed` with git's message.
    private func runGit(_ arguments: [String], label: String, epoch: Int, progress: ((String) -> Void)?) throws {
        let result = try network(arguments) { line in progress?("epoch \(epoch): \(line)") }
        guard result.status == 0 else {
            let message = gitMessage(result.stderr)
            if LoreMirror.isConnectionFailure(message) { throw ArchiveError.unreachable(url: url, message: message) }
            throw ArchiveError.gitFailed(command: "\(label) \(url)/\(epoch)", message: message)
        }
    }

    /// Runs git without a terminal prompt (cron has none) and with a stall limit, passing each
    /// stderr line (split at CR too: progress rewrites its line) to `line`.
    private func network(_ arguments: [String], line: ((String) -> Void)? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: GitCommand.executable)
        process.arguments = ["-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=300"] + arguments
        var environment = GitCommand.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        process.environment = environment
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw ArchiveError.gitUnavailable(String(describing: error)) }
        var collected: [UInt8] = []
        var pending: [UInt8] = []
        // git pads progress lines with spaces to overwrite longer ones.
        func emit(_ bytes: [UInt8]) {
            let text = LoreMirror.printable(bytes).trimmingCharacters(in: .whitespaces)
            if !text.isEmpty { line?(text) }
        }
        let fd = err.fileHandleForReading.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            for byte in chunk[0..<n] {
                if byte == 0x0A || byte == 0x0D {
                    emit(pending)
                    pending.removeAll(keepingCapacity: true)
                } else {
                    pending.append(byte)
                }
            }
            // Keep the end of stderr only: its last lines say why git failed.
            collected.append(contentsOf: chunk[0..<n])
            if collected.count > 1 << 16 { collected.removeFirst(collected.count - (1 << 15)) }
        }
        emit(pending)
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stderr: String(decoding: collected, as: UTF8.self))
    }

    /// git's reason: its `fatal:` line, else its last line; control characters removed (a server
    /// writes part of it).
    private func gitMessage(_ stderr: String) -> String {
        let lines = stderr.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init)
        var line = lines.last { $0.hasPrefix("fatal:") } ?? lines.last ?? "git failed"
        if line.hasPrefix("fatal: ") { line.removeFirst(7) }
        return LoreMirror.printable(Array(line.utf8))
    }

    static func isConnectionFailure(_ message: String) -> Bool {
        ["Failed to connect", "Could not resolve host", "Couldn't connect", "Connection refused", "timed out",
         "Connection reset", "Network is unreachable", "No route to host"].contains { message.contains($0) }
    }

    static func printable(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).unicodeScalars
            .filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }
            .map(String.init).joined()
    }
}
