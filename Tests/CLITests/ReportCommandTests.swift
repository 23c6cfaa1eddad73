import Foundation
import TestSupport
import XCTest

/// The `report` command as users and cron run it: output, exit status, one-line errors.
final class ReportCommandTests: XCTestCase {
    private func smallInbox() throws -> URL {
        try Fixtures.inbox([
            Fixtures.email(subject: "[PATCH 0/1] KVM: tidy", id: "c0@example.com", body: "Cover.\n"),
            Fixtures.email(subject: "[PATCH 1/1] KVM: tidy the thing", id: "c1@example.com", inReplyTo: "c0@example.com",
                           body: "Tidy.\n\nSigned-off-by: Jane Doe <jane@example.com>\n---\n a.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\ndiff --git a/a.c b/a.c\n"),
            Fixtures.email(subject: "Re: [PATCH 1/1] KVM: tidy the thing", id: "r1@example.com", inReplyTo: "c1@example.com",
                           body: "Reviewed-by: Bob <bob@example.org>\n"),
            "this is no email at all, just a line of text",
        ], options: ["--v1"])
    }

    private func commits(_ dir: URL) throws -> [String] {
        try Fixtures.git(["--git-dir=\(dir.path)", "rev-list", "--reverse", "HEAD"]).stdout.split(separator: "\n").map(String.init)
    }

    /// Exactly one line on stderr, naming the program, and exit status 1.
    private func assertFails(_ args: [String], mentioning text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try Fixtures.patchdigest(args)
        XCTAssertEqual(r.status, 1, file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.hasPrefix("patchdigest: "), r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains(text), r.stderr, file: file, line: line)
    }

    func testTextDigestOfAWholeArchive() throws {
        let dir = try smallInbox()
        let r = try Fixtures.patchdigest(["report", dir.path, "--name", "KVM"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.first, "From the start to \(try commits(dir).last!.prefix(9))")
        XCTAssertTrue(lines[1].hasPrefix("KVM mailing list update from the start to "))
        XCTAssertTrue(r.stdout.contains("      2  Jane Doe <jane@example.com>"))
        XCTAssertTrue(r.stdout.contains("1 unreadable message skipped"))
    }

    func testJSONCountsSkipsWithReasons() throws {
        let r = try Fixtures.patchdigest(["report", try smallInbox().path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["messages"] as? Int, 3)
        XCTAssertEqual(json["patches"] as? Int, 2)
        XCTAssertEqual(json["replies"] as? Int, 1)
        let skipped = json["skipped"] as! [[String: Any]]
        XCTAssertEqual(skipped.count, 1)
        XCTAssertEqual(skipped.first?["position"] as? Int, 3)
        XCTAssertFalse((skipped.first?["reason"] as? String ?? "").isEmpty)
        let series = json["series"] as! [[String: Any]]
        XCTAssertEqual(series.first?["status"] as? String, "New")
        XCTAssertEqual(series.first?["messageIds"] as? [String], ["c0@example.com", "c1@example.com"])
    }

    func testRangeOptions() throws {
        let dir = try smallInbox()
        let c = try commits(dir)
        let r = try Fixtures.patchdigest(["report", dir.path, "--from", String(c[0].prefix(9)), "--to", String(c[1].prefix(9)), "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["messages"] as? Int, 1)
        XCTAssertEqual(json["from"] as? String, String(c[0].prefix(9)))
        XCTAssertEqual(json["to"] as? String, String(c[1].prefix(9)))
    }

    func testErrorsAreOneLineAndNonZero() throws {
        let dir = try smallInbox()
        let c = try commits(dir)
        try assertFails(["report", "/nonexistent/archive"], mentioning: "not a public-inbox archive")
        try assertFails(["report", Fixtures.temporaryDirectory().path], mentioning: "not a public-inbox archive")
        try assertFails(["report", dir.path, "--from", "0123abcd"], mentioning: "unknown revision '0123abcd'")
        try assertFails(["report", dir.path, "--from", c[2], "--to", c[1]], mentioning: "is not an ancestor of")
    }

    func testDateSelectionUsesTheMessageDate() throws {
        // Dated before their commits (2023-11-14T22:13Z on), as mails are before they arrive.
        let dir = try Fixtures.inbox([
            Fixtures.email(subject: "[PATCH] old", id: "o@example.com", date: "Wed, 1 Nov 2023 10:00:00 +0000", body: "x\n"),
            Fixtures.email(subject: "[PATCH] new", id: "n@example.com", date: "Mon, 13 Nov 2023 23:30:00 -0800", body: "x\n"),
        ], options: ["--epochs", "2"])
        let r = try Fixtures.patchdigest(["report", dir.path, "--since", "2023-11-14", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["messages"] as? Int, 1, "Mon 23:30 -0800 is Tuesday in UTC; the older epoch is read too")
        XCTAssertEqual((json["series"] as! [[String: Any]]).first?["title"] as? String, "new")
    }
}
