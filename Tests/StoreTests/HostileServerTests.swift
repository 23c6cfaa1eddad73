import Foundation
import TestSupport
import XCTest

/// A list's server that misbehaves (answers every path, never answers, answers a byte at a
/// time, serves a gzip bomb): `add` and `update` end within their bounds, in bounded memory,
/// with one line, and leave the home's lock free.
final class HostileServerTests: XCTestCase {
    private var box: Sandbox!

    override func setUp() { box = Sandbox() }

    override func tearDown() {
        try? FileManager.default.removeItem(at: box.root)
        box = nil
    }

    private struct Run {
        var status: Int32
        var stderr: String
        var seconds: Double
        /// Peak resident memory of the command and the children it waited for.
        var peakMB: Double
        /// User and system time of the same.
        var cpuSeconds: Double
        /// Still running at the bound, and killed.
        var killed: Bool
    }

    /// Runs patchdigest, killed at `bound` seconds (a bound for a test that would otherwise hang,
    /// not a timing), measured with getrusage by a python3 parent.
    private func run(_ arguments: [String], bound: Double = 120) throws -> Run {
        let report = box.root.appendingPathComponent("rusage").path
        let wrapper = """
            import resource, subprocess, sys, time
            bound, report, command = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
            start = time.monotonic()
            child = subprocess.Popen(command)
            try:
                status = child.wait(timeout=bound)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
                status = "killed"
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            with open(report, "w") as out:
                out.write(f"{status} {time.monotonic() - start} {used.ru_maxrss} {used.ru_utime + used.ru_stime}")
            """
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c", wrapper, "\(bound)", report, Fixtures.binary] + arguments,
                                      environment: ["PATCHDIGEST_HOME": box.home])
        let fields = try String(contentsOfFile: report, encoding: .utf8).split(separator: " ").map(String.init)
        return Run(status: Int32(fields[0]) ?? -1, stderr: result.stderr, seconds: Double(fields[1]) ?? 0,
                   peakMB: (Double(fields[2]) ?? 0) / 1024, cpuSeconds: Double(fields[3]) ?? 0, killed: fields[0] == "killed")
    }

    private func assertOneLineFailure(_ run: Run, containing text: String, within seconds: Double,
                                      file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(run.killed, "still running after its bound", file: file, line: line)
        XCTAssertEqual(run.status, 1, run.stderr, file: file, line: line)
        XCTAssertTrue(run.stderr.hasPrefix("patchdigest: ") && run.stderr.hasSuffix("\n")
                      && run.stderr.dropLast().allSatisfy { $0 != "\n" }, "not one line: \(run.stderr)", file: file, line: line)
        XCTAssertTrue(run.stderr.contains(text), run.stderr, file: file, line: line)
        XCTAssertLessThan(run.seconds, seconds, run.stderr, file: file, line: line)
    }

    func testAServerThatAnswersEveryPathIsNoArchiveAndTheLockIsLeftFree() throws {
        let server = try HostileHTTPServer(.emptyOK)
        defer { server.stop() }
        // git ls-remote lists nothing there, and exits 0: no epoch.
        assertOneLineFailure(try run(["add", "kvm", server.url], bound: 60),
                             containing: "\(server.url): no public-inbox archive there", within: 30)

        try server.become(.refs(epochs: 1))
        XCTAssertEqual(try box.run(["add", "kvm", server.url]).status, 0)
        try server.become(.emptyOK)
        assertOneLineFailure(try run(["update"], bound: 60), containing: "kvm: \(server.url): no public-inbox archive there",
                             within: 30)
        // Refs at every epoch number: probing stops at its cap.
        try server.become(.refs(epochs: nil))
        assertOneLineFailure(try run(["update"], bound: 120),
                             containing: "kvm: \(server.url): every epoch from 0 to 63 answers: not a public-inbox archive",
                             within: 90)
        // The lock went with the update: the next command takes it at once.
        let next = try box.run(["remove", "kvm", "--lock-timeout", "0"])
        XCTAssertEqual(next.status, 0, next.stderr)
    }

    func testASilentServerIsGivenUpAtTheNetworkTimeoutWithoutBusyWaiting() throws {
        let server = try HostileHTTPServer(.silent)
        defer { server.stop() }
        let add = try run(["add", "kvm", server.url, "--network-timeout", "4"], bound: 60)
        assertOneLineFailure(add, containing: "\(server.url): cannot reach the server: no answer within 4 s", within: 20)
        // Waiting costs nothing: a busy wait would have spent seconds of CPU in 4 s.
        XCTAssertLessThan(add.cpuSeconds, 1.5)

        try server.become(.refs(epochs: 1))
        XCTAssertEqual(try box.run(["add", "kvm", server.url]).status, 0)
        try server.become(.silent)
        assertOneLineFailure(try run(["update", "--network-timeout", "2"], bound: 60),
                             containing: "kvm: \(server.url): cannot reach the server: no answer within 2 s", within: 20)
        XCTAssertEqual(try box.run(["remove", "kvm", "--lock-timeout", "0"]).status, 0)
    }

    func testADrippingServerIsGivenUpAtTheNetworkTimeout() throws {
        // A byte a second resets any idle timer; only an overall deadline ends it.
        let server = try HostileHTTPServer(.drip(seconds: 1))
        defer { server.stop() }
        assertOneLineFailure(try run(["add", "kvm", server.url, "--network-timeout", "2"], bound: 60),
                             containing: "\(server.url): cannot reach the server: no answer within 2 s", within: 20)
    }

    func testACloneThatStallsIsGivenUpAtTheNetworkTimeout() throws {
        // The epoch is listed; its objects come a byte a second: git's low-speed limit ends it.
        let server = try HostileHTTPServer(.refs(epochs: 1))
        defer { server.stop() }
        XCTAssertEqual(try box.run(["add", "kvm", server.url]).status, 0)
        try server.become(.refsThenDrip(seconds: 1))
        assertOneLineFailure(try run(["update", "--network-timeout", "2"], bound: 90),
                             containing: "kvm: \(server.url): cannot reach the server", within: 30)
        XCTAssertEqual(try box.run(["remove", "kvm", "--lock-timeout", "0"]).status, 0)
    }

    func testANetworkTimeoutIsASecondCount() throws {
        for bad in ["0", "-1", "nan", "inf"] {
            let r = try box.run(["update", "--network-timeout", bad])
            XCTAssertNotEqual(r.status, 0)
            XCTAssertTrue(r.stderr.contains("--network-timeout"), r.stderr)
        }
    }

    func testAGzipBombManifestIsRefusedInBoundedMemory() throws {
        let server = try HostileHTTPServer(.emptyOK)
        defer { server.stop() }
        // 512 MB of zeros gzip to half a megabyte.
        let bomb = server.directory.appendingPathComponent("bomb.gz").path
        let made = try Fixtures.run("/usr/bin/env", ["python3", "-c", """
            import sys, zlib
            packer = zlib.compressobj(9, zlib.DEFLATED, 31)
            zeros = bytes(1 << 20)
            with open(sys.argv[1], "wb") as out:
                for _ in range(512):
                    out.write(packer.compress(zeros))
                out.write(packer.flush())
            """, bomb])
        XCTAssertEqual(made.status, 0, made.stderr)
        try server.become(.manifest(path: bomb))
        let add = try run(["add", "kvm", server.url], bound: 120)
        assertOneLineFailure(add, containing: "\(server.url)/manifest.js.gz: refused: over 8 MB unpacked", within: 90)
        XCTAssertLessThan(add.peakMB, 200)

        // More than a manifest can be, as sent: refused before it is all read.
        let big = server.directory.appendingPathComponent("big").path
        try Data(count: 9 << 20).write(to: URL(fileURLWithPath: big))
        try server.become(.manifest(path: big))
        let large = try run(["add", "kvm", server.url], bound: 120)
        assertOneLineFailure(large, containing: "\(server.url)/manifest.js.gz: refused: over 8 MB (", within: 90)
        XCTAssertLessThan(large.peakMB, 200)
        XCTAssertFalse(FileManager.default.fileExists(atPath: box.home + "/state.sqlite"), "nothing stored")
    }
}
