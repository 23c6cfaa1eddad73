import Foundation
import TestSupport
import XCTest

/// stdout that cannot be written (a full disk, a closed pipe): one line on stderr and exit status
/// 1, never a trap with a backtrace, never death by SIGPIPE (exit 141).
final class FailedWriteTests: XCTestCase {
    private func inbox() throws -> URL {
        try Fixtures.inbox([
            Fixtures.email(subject: "[PATCH] KVM: tidy the thing", id: "p1@example.com", body: "Tidy.\n" + Fixtures.oneLineDiff),
            Fixtures.email(subject: "Re: [PATCH] KVM: tidy the thing", id: "r1@example.com", inReplyTo: "p1@example.com",
                           body: "Looks good.\n"),
        ])
    }

    private func assertOneLine(_ r: Fixtures.Result, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 1, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr, "patchdigest: \(expected)\n", file: file, line: line)
    }

    func testAReportToAFullDiskIsOneLine() throws {
        let dir = try inbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ["text", "json", "html"] {
            let r = try Fixtures.runAsAShellWould(Fixtures.binary, ["report", dir.path, "--format", format], stdout: .full)
            assertOneLine(r, "cannot write the digest: No space left on device")
        }
    }

    func testAReportToAClosedPipeIsOneLine() throws {
        let dir = try inbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Fixtures.runAsAShellWould(Fixtures.binary, ["report", dir.path], stdout: .closedPipe)
        assertOneLine(r, "cannot write the digest: Broken pipe")
    }

    func testMessagesToAFullDiskOrAClosedPipeAreOneLine() throws {
        let dir = try inbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        assertOneLine(try Fixtures.runAsAShellWould(Fixtures.binary, ["messages", dir.path], stdout: .full),
                      "cannot write the messages: No space left on device")
        assertOneLine(try Fixtures.runAsAShellWould(Fixtures.binary, ["messages", dir.path], stdout: .closedPipe),
                      "cannot write the messages: Broken pipe")
    }
}
