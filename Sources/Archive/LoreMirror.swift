import Foundation

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
    /// Seconds each request may take: the manifest's download and each `git ls-remote` are
    /// ended at this deadline; a clone or fetch is ended when it moves less than 1000 bytes a
    /// second for this long (git's low-speed limit), as a large epoch takes what it takes.
    public var networkTimeout: TimeInterval = LoreMirror.defaultNetworkTimeout
    /// How epochs are found; tests set `.probeOnly` to exercise probing on a server with a manifest.
    var discovery = Discovery.manifestThenProbe

    public static let defaultNetworkTimeout: TimeInterval = 60
    /// Probing stops here: lore's largest list (lkml) has about 20 epochs of 1 GB each, and every
    /// public-inbox since 1.2 serves a manifest, which names any number of epochs. A server that
    /// answers for every number is no archive.
    static let maxProbedEpochs = 64

    enum Discovery: Sendable { case manifestThenProbe, probeOnly }

    public init(url: String, directory: String) {
        self.url = SourceLocation.normalizedURL(url)
        self.directory = directory
    }

    /// The remote's epochs, oldest first: from `<url>/manifest.js.gz` when the server has one,
    /// else by probing `<url>/0`, `<url>/1`, … with `git ls-remote` while each lists refs (at
    /// most `maxProbedEpochs`). Throws `noInboxAtURL` when the server answers but has neither,
    /// `unreachable` (git's or curl's message) when it does not answer in time.
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
        switch answer {
        case .timedOut:
            throw ArchiveError.unreachable(url: url, message: "no answer within \(seconds) (manifest.js.gz)")
        case .tooLarge(let limit):
            throw ArchiveError.oversizedManifest(url: url + "/manifest.js.gz", limit: limit)
        case .body(let bytes):
            let json: [UInt8]?
            do { json = try Manifest.json(bytes) } catch {
                throw ArchiveError.oversizedManifest(url: url + "/manifest.js.gz", limit: Manifest.Limit.unpacked.description)
            }
            if let json, let manifest = Manifest.parse(json: json, listPath: urlPath) { return manifest.entries }
        case .noManifest, .failed:
            break
        }
        var found: [Manifest.Entry] = []
        for epoch in 0... {
            guard epoch < LoreMirror.maxProbedEpochs else { throw ArchiveError.tooManyEpochs(url: url, limit: epoch) }
            let result = try network(["ls-remote", "\(url)/\(epoch)"], deadline: networkTimeout, stdoutLimit: 1 << 20)
            if result.timedOut {
                throw ArchiveError.unreachable(url: url, message: "no answer within \(seconds) (git ls-remote \(url)/\(epoch))")
            }
            // A server that answers 200 to every path "lists" no refs: that is no epoch.
            guard result.status == 0, LoreMirror.listsRefs(result.stdout) else {
                if !found.isEmpty { break }
                if result.status == 0 { throw ArchiveError.noInboxAtURL(url) }
                let message = gitMessage(result.stderr)
                if case .failed = answer { throw ArchiveError.unreachable(url: url, message: message) }
                if LoreMirror.isConnectionFailure(message) { throw ArchiveError.unreachable(url: url, message: message) }
                throw ArchiveError.noInboxAtURL(url)
            }
            found.append(Manifest.Entry(epoch: epoch, fingerprint: nil))
        }
        return found
    }

    /// Whether `git ls-remote` printed at least one `<hash> TAB <ref>` line.
    static func listsRefs(_ output: [UInt8]) -> Bool {
        output.split(separator: 0x0A).contains { line in
            guard let tab = line.firstIndex(of: 0x09) else { return false }
            let hash = line[line.startIndex..<tab]
            return (40...64).contains(hash.count) && tab + 1 < line.endIndex
                && hash.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
        }
    }

    /// The timeout as said in messages: "60 s".
    private var seconds: String {
        networkTimeout == networkTimeout.rounded() ? "\(Int(networkTimeout)) s" : "\(networkTimeout) s"
    }

    private enum ManifestAnswer {
        case body([UInt8])
        /// The server answered without a manifest (404, an error page), or curl is not installed.
        case noManifest
        /// No answer at all: connection refused, no such host.
        case failed(String)
        /// No complete answer within the deadline.
        case timedOut
        /// More bytes than a manifest can have.
        case tooLarge(String)
    }

    /// Downloads the manifest with curl, ended at the deadline and at `Manifest.Limit.sent` bytes.
    /// (Foundation's URLSession keeps a core busy while it waits on Linux, and its timeout is
    /// an idle timeout that a server sending a byte now and then never meets.)
    private func fetchManifest() -> ManifestAnswer {
        guard let curl = programOnPath("curl") else { return .noManifest }
        let limit = Manifest.Limit.sent
        let command = NetworkCommand(
            executable: curl,
            arguments: ["-q", "--silent", "--show-error", "--fail", "--location", "--max-redirs", "5",
                        "--proto", "=http,https", "--proto-redir", "=http,https",
                        "--max-time", String(format: "%.3f", networkTimeout), "--max-filesize", "\(limit.bytes)",
                        "--output", "-", "--", url + "/manifest.js.gz"],
            environment: GitCommand.environment,
            // curl keeps its own time; this is for a curl stuck where its timer does not reach.
            deadline: networkTimeout + 5,
            stdoutLimit: limit.bytes)
        guard let result = try? command.run() else { return .noManifest }
        if result.overLimit { return .tooLarge(limit.description) }
        if result.timedOut { return .timedOut }
        switch result.status {
        case 0: return .body(result.stdout)
        case 22: return .noManifest            // an HTTP error status
        case 28: return .timedOut
        case 63: return .tooLarge(limit.description)
        default:
            var message = gitMessage(result.stderr)
            if message.hasPrefix("curl: ("), let end = message.firstIndex(of: ")") {
                message = message[message.index(after: end)...].trimmingCharacters(in: .whitespaces)
            }
            return .failed(message)
        }
    }

    /// The URL's path (`/kvm`), to find the list in a site-wide manifest.
    private var urlPath: String {
        URL(string: url)?.path ?? ""
    }

    // MARK: - Local state

    /// The tip of a mirrored epoch; nil when it has no commits.
    private func localTip(_ gitDir: String) throws -> String? {
        try GitCommand(gitDir: gitDir).newestCommit()
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

    /// Runs a clone or fetch; throws `unreachable` or `gitFailed` with git's message.
    private func runGit(_ arguments: [String], label: String, epoch: Int, progress: ((String) -> Void)?) throws {
        let result = try network(arguments) { line in progress?("epoch \(epoch): \(line)") }
        guard result.status == 0 else {
            let message = gitMessage(result.stderr)
            if LoreMirror.isConnectionFailure(message) { throw ArchiveError.unreachable(url: url, message: message) }
            throw ArchiveError.gitFailed(command: "\(label) \(url)/\(epoch)", message: message)
        }
    }

    /// Runs git without a terminal prompt (cron has none), with a stall limit in line with the
    /// network timeout, and with an overall `deadline` when given, passing each stderr line to `line`.
    private func network(_ arguments: [String], deadline: TimeInterval? = nil, stdoutLimit: Int = 0,
                         line: ((String) -> Void)? = nil) throws -> NetworkCommand.Result {
        var environment = GitCommand.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        // The environment wins over any http.lowSpeed* configuration.
        environment["GIT_HTTP_LOW_SPEED_LIMIT"] = "1000"
        environment["GIT_HTTP_LOW_SPEED_TIME"] = "\(max(1, Int(networkTimeout.rounded(.up))))"
        let command = NetworkCommand(executable: GitCommand.executable, arguments: arguments, environment: environment,
                                     deadline: deadline, stdoutLimit: stdoutLimit)
        do { return try command.run(line: line) } catch { throw ArchiveError.gitUnavailable(String(describing: error)) }
    }

    /// git's reason: its `fatal:` line, else its last line; control characters removed (a server
    /// writes part of it).
    private func gitMessage(_ stderr: String) -> String {
        let lines = stderr.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init)
        var line = lines.last { $0.hasPrefix("fatal:") } ?? lines.last ?? "git failed"
        // A fetch over git's dumb protocol ends with "error: fetch failed.": the reason is earlier.
        if !LoreMirror.isConnectionFailure(line), let reason = lines.last(where: LoreMirror.isConnectionFailure) {
            line = reason
        }
        for prefix in ["fatal: ", "error: "] where line.hasPrefix(prefix) { line.removeFirst(prefix.count) }
        return LoreMirror.printable(Array(line.utf8))
    }

    static func isConnectionFailure(_ message: String) -> Bool {
        ["Failed to connect", "Could not resolve host", "Couldn't connect", "Connection refused", "timed out",
         "Connection reset", "Network is unreachable", "No route to host", "Operation too slow"].contains { message.contains($0) }
    }

    static func printable(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).unicodeScalars
            .filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }
            .map(String.init).joined()
    }
}
