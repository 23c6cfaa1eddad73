import Foundation

/// A real public-inbox v2 inbox, written by public-inbox's own tools and served over HTTP by
/// `public-inbox-httpd` on 127.0.0.1, for tests of what reads lists over the network.
///
///     guard PublicInboxServer.unavailableReason == nil else { throw XCTSkip(…) }
///     let server = try PublicInboxServer(name: "demo")
///     try server.deliver([email1, email2])        // public-inbox-mda
///     try server.start()                          // server.url == "http://127.0.0.1:PORT/demo"
///     …
///     try server.deliver([email3])                // served at once, no restart
///     try server.deliverInNewEpoch([email4])      // rollover: git/1.git appears
///     try server.purge(email2)                    // public-inbox-purge rewrites history
///     server.stop()                               // also on deinit
///
/// Everything lives in a fresh temporary HOME (its own PI_CONFIG), so nothing outside it is read
/// or written. Emails are given as text; their To: must be `address` (mda refuses others).
public final class PublicInboxServer: @unchecked Sendable {
    public let name: String
    public let address: String
    /// The temporary HOME holding the public-inbox config, the inbox and the server's log.
    public let home: URL
    /// The v2 inbox directory (`git/N.git`, `all.git`, msgmap…); `Inbox.open` reads it.
    public let inboxDirectory: String
    /// The port the server listens on, once started.
    public private(set) var port: Int = 0
    private var process: Process?

    /// `http://127.0.0.1:PORT`: the server's root (`/manifest.js.gz` lists every inbox).
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// `http://127.0.0.1:PORT/NAME`: the list URL, as lore's are (`…/NAME/0` is epoch 0).
    public var url: String { "\(baseURL)/\(name)" }

    /// Why public-inbox cannot be used on this machine, after `scripts/install-public-inbox` tried
    /// to install it; nil when it can. Tests skip with this reason.
    public static let unavailableReason: String? = {
        if tool("public-inbox-httpd") != nil { return nil }
        let result = try? Fixtures.run("/usr/bin/env", ["bash", Fixtures.path("scripts/install-public-inbox")])
        if tool("public-inbox-httpd") != nil { return nil }
        let why = result.map { $0.stderr.split(separator: "\n").last.map(String.init) ?? "exit \($0.status)" } ?? "cannot run it"
        return "public-inbox is not installed and scripts/install-public-inbox could not install it (\(why))"
    }()

    /// Creates an empty v2 inbox (`public-inbox-init -V2`) named `name`, receiving mail for `address`.
    public init(name: String = "test", address: String = "list@example.org") throws {
        if let reason = PublicInboxServer.unavailableReason { throw ServerError.unavailable(reason) }
        self.name = name
        self.address = address
        home = Fixtures.temporaryDirectory("public-inbox")
        inboxDirectory = home.appendingPathComponent(name).path
        try run("public-inbox-init", ["-V2", "-L", "basic", name, inboxDirectory, "http://127.0.0.1/\(name)", address])
        // No spam filter (spamc is not there, and these messages are ours).
        let set = try Fixtures.git(["config", "-f", configPath, "publicinboxmda.spamcheck", "none"])
        guard set.status == 0 else { throw ServerError.command("git config: \(set.stderr)") }
    }

    deinit { stop() }

    public enum ServerError: Error, CustomStringConvertible {
        case unavailable(String)
        case command(String)
        public var description: String {
            switch self {
            case .unavailable(let why): return why
            case .command(let what): return what
            }
        }
    }

    // MARK: - Writing the inbox

    /// Delivers each email as a mail server would, through `public-inbox-mda`: one commit each
    /// in the newest epoch (mda adds List-Id style headers, as lists do).
    public func deliver(_ emails: [String]) throws {
        for email in emails {
            let file = try write(email)
            try run("/bin/sh", ["-c", "exec public-inbox-mda < \"$1\"", "sh", file], environment: ["ORIGINAL_RECIPIENT": address])
        }
    }

    /// Opens a new epoch (`git/N+1.git`, as public-inbox does when an epoch reaches its size
    /// limit) and imports the emails into it, through public-inbox's own v2 writer.
    public func deliverInNewEpoch(_ emails: [String]) throws {
        let files = try emails.map(write)
        // V2Writable starts a new epoch when the current one has reached rotate_bytes: 0 forces it
        // for the first message; the default keeps the rest in the new epoch.
        let script = """
            use strict; use warnings;
            use PublicInbox::Config; use PublicInbox::InboxWritable; use PublicInbox::Eml;
            my ($name, @files) = @ARGV;
            my $ibx = PublicInbox::Config->new->lookup_name($name) or die "no inbox $name\\n";
            my $w = PublicInbox::InboxWritable->new($ibx)->importer(0);
            my $default = $w->{rotate_bytes};
            $w->{rotate_bytes} = 0;
            sub slurp { my ($f) = @_; open(my $fh, '<', $f) or die "$f: $!\\n"; local $/; <$fh> }
            for my $f (@files) {
                my $raw = slurp($f);
                $w->add(PublicInbox::Eml->new(\\$raw)) or die "$f: not added\\n";
                $w->{rotate_bytes} = $default;
            }
            $w->done;
            """
        try run("perl", ["-e", script, name] + files)
    }

    /// Removes the email from the inbox with `public-inbox-purge`, which rewrites the history of
    /// its epoch from that commit on (every later commit gets a new hash).
    public func purge(_ email: String) throws {
        let file = try write(email)
        try run("/bin/sh", ["-c", "exec public-inbox-purge --all < \"$1\"", "sh", file])
    }

    /// The epochs' git directories, oldest first.
    public var epochDirectories: [String] {
        let dir = inboxDirectory + "/git"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.compactMap { name -> (Int, String)? in
            guard name.hasSuffix(".git"), let n = Int(name.dropLast(4)) else { return nil }
            return (n, dir + "/" + name)
        }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    // MARK: - Serving

    /// Starts `public-inbox-httpd` on a free port of 127.0.0.1 and waits until it accepts
    /// connections. Its log is `home/httpd.log`.
    public func start() throws {
        guard process == nil else { return }
        var lastError = "did not start"
        for _ in 0..<5 {
            let port = try PublicInboxServer.freePort()
            let log = home.appendingPathComponent("httpd.log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["public-inbox-httpd", "-W0", "-l", "http://127.0.0.1:\(port)"]
            process.environment = environment([:])
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            // Ready when it accepts a connection; gone when the port was taken meanwhile.
            for _ in 0..<300 where process.isRunning {
                if PublicInboxServer.accepts(port) {
                    self.process = process
                    self.port = port
                    return
                }
                usleep(50_000)
            }
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            lastError = (try? String(contentsOf: log, encoding: .utf8)) ?? lastError
        }
        throw ServerError.command("public-inbox-httpd: \(lastError)")
    }

    /// Stops the server (SIGTERM, then SIGKILL if it lingers). The inbox stays.
    public func stop() {
        guard let process else { return }
        self.process = nil
        if process.isRunning {
            process.terminate()
            for _ in 0..<100 where process.isRunning { usleep(50_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
    }

    /// A port nothing listens on: what the kernel hands out for port 0, released again.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.command("socket: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw ServerError.command("bind: \(String(cString: strerror(errno)))") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    public static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    // MARK: - Running public-inbox

    private var configPath: String { home.appendingPathComponent("config").path }

    private func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = home.path
        env["PI_CONFIG"] = configPath
        env["PI_DIR"] = home.appendingPathComponent(".public-inbox").path
        env["LC_ALL"] = "C"
        for (key, value) in extra { env[key] = value }
        return env
    }

    private func run(_ tool: String, _ arguments: [String], environment extra: [String: String] = [:]) throws {
        let executable = tool.hasPrefix("/") ? tool : "/usr/bin/env"
        let args = tool.hasPrefix("/") ? arguments : [tool] + arguments
        let result = try Fixtures.run(executable, args, environment: environment(extra), currentDirectory: home.path)
        guard result.status == 0 else {
            throw ServerError.command("\(tool) exited \(result.status): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    private var emailCount = 0

    private func write(_ email: String) throws -> String {
        emailCount += 1
        let file = home.appendingPathComponent("email-\(emailCount).eml")
        try Data(email.utf8).write(to: file)
        return file.path
    }

    private static func tool(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
