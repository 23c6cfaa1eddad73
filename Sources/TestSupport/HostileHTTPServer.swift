import Foundation

/// An HTTP server on 127.0.0.1 that misbehaves as told, for tests of what a list's server can do
/// to a mirror: a small python3 script (python3 is a test tool already). Its behaviour is read
/// from a file at every request, so a test can change it between commands.
///
///     let server = try HostileHTTPServer(.silent)
///     defer { server.stop() }
///     … server.url …                      // http://127.0.0.1:PORT/list
///     try server.become(.refs(epochs: 1))
public final class HostileHTTPServer: @unchecked Sendable {
    public enum Behaviour {
        /// 200 and an empty body to every request.
        case emptyOK
        /// `git ls-remote` lists a ref at `<url>/N` for N below `epochs` (every N when nil), as a
        /// dumb git server would; 404 elsewhere (no manifest).
        case refs(epochs: Int?)
        /// `git ls-remote` lists a ref at `<url>/0` as `.refs` does, and the objects a clone then
        /// asks for come one byte every `seconds`.
        case refsThenDrip(seconds: Double)
        /// Accepts connections and reads requests, never answers.
        case silent
        /// Answers 200 one byte every `seconds`, for ever.
        case drip(seconds: Double)
        /// Serves the file at `<url>/manifest.js.gz`; 404 elsewhere.
        case manifest(path: String)

        var line: String {
            switch self {
            case .emptyOK: return "empty"
            case .refs(let epochs): return "refs \(epochs.map(String.init) ?? "all")"
            case .refsThenDrip(let seconds): return "refsdrip \(seconds)"
            case .silent: return "silent"
            case .drip(let seconds): return "drip \(seconds)"
            case .manifest(let path): return "manifest \(path)"
            }
        }
    }

    /// Holds the script and the behaviour file.
    public let directory: URL
    public private(set) var port = 0
    private var process: Process?

    /// `http://127.0.0.1:PORT/list`.
    public var url: String { "http://127.0.0.1:\(port)/list" }

    public init(_ behaviour: Behaviour) throws {
        directory = Fixtures.temporaryDirectory("hostile-http")
        try become(behaviour)
        let script = directory.appendingPathComponent("server.py")
        try Data(HostileHTTPServer.script.utf8).write(to: script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, directory.appendingPathComponent("behaviour").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        // The script prints its port once it listens.
        var said = ""
        while !said.contains("\n") {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            said += String(decoding: data, as: UTF8.self)
        }
        guard let port = Int(said.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            stop()
            throw Fixtures.FixtureError.command("hostile HTTP server did not start: \(said)")
        }
        self.port = port
    }

    deinit { stop() }

    /// Changes what the server does from the next request on.
    public func become(_ behaviour: Behaviour) throws {
        // Replaced whole by a rename (Foundation's .atomic leaves a directory in /tmp on Linux).
        let file = directory.appendingPathComponent("behaviour").path
        try Data((behaviour.line + "\n").utf8).write(to: URL(fileURLWithPath: file + ".new"))
        guard rename(file + ".new", file) == 0 else {
            throw Fixtures.FixtureError.command("rename \(file): \(String(cString: strerror(errno)))")
        }
    }

    /// Stops the server and removes its directory.
    public func stop() {
        if let process {
            self.process = nil
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static let script = #"""
        import sys, time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        control = sys.argv[1]

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.do_GET()

            def answer(self, status, body=b"", kind="text/plain"):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def drip(self, seconds):
                data = b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n" + b"x" * 1000000
                for byte in data:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(seconds)

            def do_GET(self):
                words = open(control).read().split(None, 1)
                mode, arg = words[0], (words[1].strip() if len(words) > 1 else "")
                path = self.path.split("?")[0]
                if mode == "empty":
                    self.answer(200)
                elif mode == "refsdrip" and "/objects/" in path:
                    self.drip(float(arg))
                elif mode in ("refs", "refsdrip"):
                    parts = path.strip("/").split("/")
                    epoch = parts[1] if len(parts) > 1 and parts[1].isdigit() else None
                    if mode == "refsdrip":
                        arg = "1"
                    if epoch is None or (arg != "all" and int(epoch) >= int(arg)):
                        self.answer(404)
                    elif path.endswith("/info/refs"):
                        self.answer(200, b"0123456789abcdef0123456789abcdef01234567\trefs/heads/master\n")
                    elif path.endswith("/HEAD"):
                        self.answer(200, b"ref: refs/heads/master\n")
                    else:
                        self.answer(404)
                elif mode == "silent":
                    time.sleep(3600)
                elif mode == "drip":
                    self.drip(float(arg))
                elif mode == "manifest":
                    if path.endswith("/manifest.js.gz"):
                        self.answer(200, open(arg, "rb").read(), "application/gzip")
                    else:
                        self.answer(404)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        server = Server(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
