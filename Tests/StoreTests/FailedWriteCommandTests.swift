import Foundation
import TestSupport
import XCTest

/// The commands on a home when a write fails: stdout full or closed, a file-size limit
/// (`ulimit -f`). One line on stderr and exit status 1 each time, never a signal or a trap; what
/// was stored stays stored and can be printed again.
final class FailedWriteCommandTests: XCTestCase {
    private func run(_ box: Sandbox, _ arguments: [String], stdout: Fixtures.Stdout = .pipe,
                     fileSizeLimit: Int? = nil) throws -> Fixtures.Result {
        try Fixtures.runAsAShellWould(Fixtures.binary, arguments, stdout: stdout, fileSizeLimit: fileSizeLimit,
                                      environment: ["PATCHDIGEST_HOME": box.home])
    }

    /// From cron with a full disk: both lists are updated and stored; each error names the
    /// command that prints its digest again, and that command does.
    func testAnUpdateToAFullDiskStoresEveryListAndSaysHowToPrintThemAgain() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        try box.add("kvm")
        try box.add("other")
        let r = try run(box, ["update", "--since", "2000-01-01"], stdout: .full)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stderr, ["kvm", "other"].map {
            "patchdigest: \($0): cannot write the digest: No space left on device (the digest is stored; "
                + "`patchdigest show \($0) --digest 1` prints it again)\n"
        }.joined())
        let history = try box.run(["history"])
        XCTAssertEqual(history.stdout.split(separator: "\n").count, 3, history.stdout)
        let again = try box.run(["show", "other", "--digest", "1"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("KVM: x"), again.stdout)
    }

    func testAnUpdateToAClosedPipeIsNotKilled() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        try box.add("kvm")
        let r = try run(box, ["update", "--since", "2000-01-01"], stdout: .closedPipe)
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stderr, "patchdigest: kvm: cannot write the digest: Broken pipe (the digest is stored; "
                       + "`patchdigest show kvm --digest 1` prints it again)\n")
    }

    func testShowListsHistoryAndFeedToAFullDiskAreOneLine() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        try box.add("kvm")
        _ = try box.update(["--since", "2000-01-01"])
        for (args, what) in [(["show", "kvm"], "the digest"), (["lists"], "the lists"), (["history"], "the history"),
                             (["feed", "kvm"], "the feed")] {
            let r = try run(box, args, stdout: .full)
            XCTAssertEqual(r.status, 1, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr, "patchdigest: cannot write \(what): No space left on device\n", "\(args)")
        }
    }

    /// `ulimit -f`: SQLite's write fails with EFBIG (SIGXFSZ ignored), the transaction is rolled
    /// back; nothing is added or removed.
    func testAddAndRemoveUnderAFileSizeLimitAreOneLine() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        let refused = try run(box, ["add", "kvm", box.inbox.path], fileSizeLimit: 1024)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.hasPrefix("patchdigest: \(box.home)/state.sqlite: "), refused.stderr)

        try box.add("kvm")
        try box.add("other")
        for args in [["add", "third", box.inbox.path], ["remove", "kvm"]] {
            let r = try run(box, args, fileSizeLimit: 1024)
            XCTAssertEqual(r.status, 1, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("nothing was changed"), "\(args): \(r.stderr)")
        }
        XCTAssertEqual(try box.run(["lists"]).stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.count, 2)
    }
}
