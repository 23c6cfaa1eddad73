import Foundation
import Store
import TestSupport
import XCTest

/// An mbox source as `add` checks it and `update` reads it: one rule for what starts an mbox,
/// and never a wait at `open` (a FIFO would hold the home's lock until a writer came).
final class MboxSourceTests: XCTestCase {
    /// Runs patchdigest, killed after `seconds` (a failure) if it has not ended by then.
    private func runBounded(_ box: Sandbox, _ arguments: [String], seconds: Double = 20,
                            file: StaticString = #filePath, line: UInt = #line) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PATCHDIGEST_HOME"] = box.home
        process.environment = env
        let out = box.root.appendingPathComponent("out-\(UUID().uuidString.prefix(6))")
        let err = box.root.appendingPathComponent("err-\(UUID().uuidString.prefix(6))")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        if ended.wait(timeout: .now() + seconds) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            ended.wait()
            XCTFail("\(arguments) still running after \(seconds) s", file: file, line: line)
        }
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    func testAFIFOIsRefusedAtAddAndAtUpdateWithoutWaiting() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let fifo = box.root.appendingPathComponent("fifo.mbox").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let added = try runBounded(box, ["add", "kvm", fifo])
        XCTAssertEqual(added.status, 1)
        XCTAssertEqual(added.stderr.split(separator: "\n").count, 1, added.stderr)

        // Added as a file, then replaced by a FIFO.
        let mbox = box.root.appendingPathComponent("kvm.mbox").path
        try Data(mboxrd(Mail.series("KVM: x", slug: "x")).utf8).write(to: URL(fileURLWithPath: mbox))
        XCTAssertEqual(try box.run(["add", "kvm", mbox]).status, 0)
        try FileManager.default.removeItem(atPath: mbox)
        XCTAssertEqual(mkfifo(mbox, 0o600), 0)
        let updated = try runBounded(box, ["update", "--since", "2000-01-01"])
        XCTAssertEqual(updated.status, 1)
        XCTAssertEqual(updated.stderr, "patchdigest: kvm: \(mbox): not an mbox file: it is a FIFO, not a regular file\n")
        XCTAssertEqual(updated.stdout, "")
    }

    /// `MessageSources.verify` itself, on a FIFO that appears after `add` classified the path.
    func testVerifyRefusesAFIFOWithoutWaiting() throws {
        let dir = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("fifo.mbox").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let source = ListSource(kind: .mbox, location: fifo)
        let home = Home(path: dir.appendingPathComponent("home").path)
        let done = DispatchSemaphore(value: 0)
        let outcome = ErrorBox()
        Thread.detachNewThread {
            do { try MessageSources.verify(source, home: home, list: "kvm") } catch { outcome.error = error }
            done.signal()
        }
        if done.wait(timeout: .now() + 20) == .timedOut {
            // Opening the writing end releases a reader waiting at open.
            let writer = open(fifo, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
            done.wait()
            XCTFail("verify waited at the FIFO")
        }
        XCTAssertEqual(outcome.error.map { "\($0)" }, "\(fifo): not an mbox file: it is a FIFO, not a regular file")
    }

    func testAnMboxStartingWithBlankLinesIsFollowedAsTheReaderReadsIt() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let mbox = box.root.appendingPathComponent("kvm.mbox")
        try Data(("\n\r\n\n" + mboxrd(Mail.series("KVM: x", slug: "x"))).utf8).write(to: mbox)
        let added = try box.run(["add", "kvm", mbox.path])
        XCTAssertEqual(added.status, 0, added.stderr)
        let json = try box.updateJSON(["--since", "2000-01-01"])
        XCTAssertEqual(json["messages"] as? Int, 3)
        XCTAssertEqual(seriesOf(json).map { $0["title"] as? String }, ["KVM: x"])
    }

    func testAFirstFromLineOverOneMegabyteIsRefusedAtAdd() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let mbox = box.root.appendingPathComponent("kvm.mbox")
        let long = "From " + String(repeating: "x", count: 1 << 20) + " Mon Nov 17 10:00:00 2025\n"
        try Data((long + Mail.series("KVM: x", slug: "x")[1] + "\n").utf8).write(to: mbox)
        let r = try box.run(["add", "kvm", mbox.path])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr, "patchdigest: \(mbox.path): not an mbox file: its first \"From \" line is longer than 1 MB\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: box.home + "/state.sqlite"))
    }
}

final class ErrorBox: @unchecked Sendable { var error: Error? }
