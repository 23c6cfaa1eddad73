import Foundation
import TestSupport
import XCTest

/// An update is one transaction: killed anywhere, run twice at once, or short of disk, it leaves
/// the state as it was, and the next update gives the digest an undisturbed one would have.
final class ReliabilityTests: XCTestCase {
    /// A home that has digested day 1, and an inbox that has received day 2.
    private func dayTwo() throws -> Sandbox {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x86: feature", slug: "feat", version: 1, count: 3)
                         + Mail.series("KVM: arm64: other", slug: "other", count: 1))
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])
        var day2 = Mail.series("KVM: x86: feature", slug: "feat", version: 2, count: 3, day: 18)
        day2 += Mail.series("KVM: s390: third", slug: "third", count: 4, day: 18)
        day2 += (1...5).map { Mail.reply(to: "third-v1-\($0 % 4 + 1)@example.com", n: $0, day: 18) }
        try box.append(day2)
        try box.setEpoch(1, Mail.series("KVM: riscv: in the new epoch", slug: "rv", count: 2, day: 18))
        return box
    }

    func testKilledAtAnyPointTheNextUpdateGivesTheSameDigest() throws {
        let box = try dayTwo()
        let before = try box.state()
        let undisturbed = try box.run(["update"], environment: ["PATCHDIGEST_HOME": try box.cloneHome()])
        XCTAssertEqual(undisturbed.status, 0, undisturbed.stderr)
        XCTAssertTrue(undisturbed.stdout.contains("KVM: s390: third"), undisturbed.stdout)
        XCTAssertTrue(undisturbed.stdout.contains("[supersedes v1 of 2025-11-17 (digest 1)]"), undisturbed.stdout)

        for point in ["fetch", "scan", "store"] {
            let home = try box.cloneHome()
            guard let process = try box.startPaused(at: point, ["update"], home: home) else { continue }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, point)
            XCTAssertEqual(try box.integrity(of: home), "ok", point)
            XCTAssertEqual(try box.state(of: home), before, "state changed by an update killed at \(point)")
            let next = try box.run(["update"], environment: ["PATCHDIGEST_HOME": home])
            XCTAssertEqual(next.status, 0, next.stderr)
            XCTAssertEqual(next.stdout, undisturbed.stdout, "killed at \(point)")
            XCTAssertEqual(try box.run(["update"], environment: ["PATCHDIGEST_HOME": home]).stdout, "", point)
        }
    }

    func testASecondUpdateWaitsOrFailsClearly() throws {
        let box = try dayTwo()
        let expected = try box.run(["update"], environment: ["PATCHDIGEST_HOME": try box.cloneHome()]).stdout
        guard let first = try box.startPaused(at: "store", ["update"]) else { return }
        defer { if first.isRunning { kill(first.processIdentifier, SIGKILL) } }

        // Bounded wait, then a clear refusal.
        let refused = try box.run(["update", "--lock-timeout", "0.3"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stdout, "")
        XCTAssertEqual(refused.stderr, "patchdigest: another update is running on \(box.home) (waited 0.3 s)\n")
        // Readers are not blocked by the open transaction, and see the state before it.
        let lists = try box.run(["lists"])
        XCTAssertEqual(lists.status, 0, lists.stderr)
        XCTAssertTrue(lists.stdout.contains("epoch 0: \(try box.commits(0)[5])"), lists.stdout)
        XCTAssertFalse(lists.stdout.contains("epoch 1"), lists.stdout)

        // A patient second update waits for the lock, and gets it when the first one dies.
        let second = Process()
        second.executableURL = URL(fileURLWithPath: Fixtures.binary)
        second.arguments = ["update", "--lock-timeout", "60"]
        second.environment = ProcessInfo.processInfo.environment.merging(["PATCHDIGEST_HOME": box.home]) { $1 }
        let out = Pipe()
        second.standardOutput = out
        second.standardError = FileHandle.nullDevice
        try second.run()
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        second.waitUntilExit()
        XCTAssertEqual(second.terminationStatus, 0)
        XCTAssertEqual(printed, expected)
        XCTAssertEqual(try box.integrity(), "ok")
    }

    /// A full disk, simulated with a file-size limit (RLIMIT_FSIZE) at the database's current
    /// size: the transaction cannot grow the file, SQLite rolls it back.
    func testAFullDiskChangesNothing() throws {
        let box = try dayTwo()
        let before = try box.state()
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: box.home + "/state.sqlite")[.size] as? Int)
        let limited = try Fixtures.run("/usr/bin/env", ["python3", "-c", """
            import os, resource, sys
            resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
            os.execv(sys.argv[2], sys.argv[2:])
            """, String(size), Fixtures.binary, "update"], environment: ["PATCHDIGEST_HOME": box.home])
        XCTAssertEqual(limited.status, 1, limited.stderr)
        XCTAssertEqual(limited.stdout, "")
        XCTAssertTrue(limited.stderr.hasPrefix("patchdigest: kvm: \(box.home)/state.sqlite: "), limited.stderr)
        XCTAssertTrue(limited.stderr.contains("nothing was changed"), limited.stderr)
        XCTAssertEqual(limited.stderr.split(separator: "\n").count, 1, limited.stderr)
        XCTAssertEqual(try box.integrity(), "ok")
        XCTAssertEqual(try box.state(), before)
        // With room again, the update goes through.
        XCTAssertTrue(try box.update().contains("KVM: s390: third"))
    }

    func testAMissingEpochIsAnErrorAndChangesNothing() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: zero", slug: "zero"))
        try box.setEpoch(1, Mail.series("KVM: one", slug: "one"))
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])
        try box.append(Mail.series("KVM: more", slug: "more"), epoch: 1)
        try FileManager.default.removeItem(at: box.inbox.appendingPathComponent("git/0.git"))
        let before = try box.state()
        let r = try box.run(["update"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, "patchdigest: kvm: epoch 0 is missing (\(box.inbox.path)/git/0.git): the archive is incomplete\n")
        XCTAssertEqual(try box.state(), before)

        // An inbox gone altogether: the same.
        try FileManager.default.removeItem(at: box.inbox)
        let gone = try box.run(["update"])
        XCTAssertEqual(gone.status, 1)
        XCTAssertEqual(gone.stderr, "patchdigest: kvm: \(box.inbox.path): not a public-inbox archive (no git repository, no git/N.git epochs)\n")
        XCTAssertEqual(try box.state(), before)
    }

    /// One list failing does not keep the others from being updated; the exit status says so.
    func testOneBrokenListDoesNotStopTheOthers() throws {
        let good = Sandbox(), bad = Sandbox()
        try good.setEpoch(0, Mail.series("KVM: good", slug: "good"))
        try bad.setEpoch(0, Mail.series("KVM: bad", slug: "bad"))
        try good.add("good")
        XCTAssertEqual(try good.run(["add", "bad", bad.inbox.path]).status, 0)
        try FileManager.default.removeItem(at: bad.inbox)
        let r = try good.run(["update", "--since", "2000-01-01"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("KVM: good"), r.stdout)
        XCTAssertTrue(r.stderr.hasPrefix("patchdigest: bad: "), r.stderr)
    }
}
