import Foundation
import TestSupport
import XCTest

/// `update` on mbox files and Maildirs as a cron job reads it: JSON the schema accepts, headings
/// that name the update's time, the size limit honoured; and JSON Lines over several lists.
final class CronSafeUpdateTests: XCTestCase {
    /// "2025-11-18 10:00 UTC".
    private let minute = try! NSRegularExpression(pattern: "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC$")

    private func isMinute(_ text: Any?) -> Bool {
        guard let text = text as? String else { return false }
        return minute.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The schema checker RenderTests use (python3's jsonschema); nil when it is not installed.
    private func validate(_ documents: [String], in box: Sandbox) throws -> Fixtures.Result? {
        var paths: [String] = []
        for (i, document) in documents.enumerated() {
            let path = box.root.appendingPathComponent("document-\(i).json").path
            try Data(document.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let r = try Fixtures.run("/usr/bin/env", ["python3", Fixtures.path("Tests/RenderTests/Scripts/validate_schema.py"),
                                                  Fixtures.path("docs/digest.schema.json")] + paths)
        return r.status == 3 ? nil : r
    }

    private func object(_ line: Substring) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], String(line))
    }

    /// A Maildir holding `emails`, delivered one second apart from 2025-11-17T09:00Z.
    private func maildir(_ emails: [String], in box: Sandbox) throws -> URL {
        let dir = box.root.appendingPathComponent("maildir")
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        for (i, email) in emails.enumerated() {
            try Data(email.utf8).write(to: dir.appendingPathComponent("new/\(1_763_370_000 + i).M\(i)P1.host"))
        }
        return dir
    }

    private func mbox(_ emails: [String], in box: Sandbox) throws -> URL {
        let path = box.root.appendingPathComponent("list.mbox")
        try Data(mboxrd(emails).utf8).write(to: path)
        return path
    }

    func testMboxAndMaildirDigestsAreValidJSONAndNameTheUpdatesTime() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let series = Mail.series("KVM: x", slug: "x")
        let sources = [("mbox", try mbox(series, in: box)), ("maildir", try maildir(series, in: box))]
        for (name, source) in sources {
            XCTAssertEqual(try box.run(["add", name, source.path]).status, 0)
        }
        let first = try box.update(["--since", "2025-11-01", "--format", "json"]).split(separator: "\n")
        XCTAssertEqual(first.count, 2)
        for line in first {
            let report = try object(line)
            XCTAssertNil(report["toCommit"], "an mbox or a Maildir has no commit to name")
            XCTAssertEqual(report["from"] as? String, "2025-11-01")
            XCTAssertTrue(isMinute(report["to"]), "\(report["to"] ?? "nil")")
        }
        if let r = try validate(first.map(String.init), in: box) { XCTAssertEqual(r.status, 0, r.stdout + r.stderr) }

        // A later update runs from the last one's time to its own.
        try Data(mboxrd(series + Mail.series("KVM: y", slug: "y")).utf8).write(to: sources[0].1)
        let later = try box.update(["mbox", "--format", "json"]).split(separator: "\n")
        XCTAssertEqual(later.count, 1)
        let report = try object(later[0])
        XCTAssertTrue(isMinute(report["from"]), "\(report["from"] ?? "nil")")
        XCTAssertTrue(isMinute(report["to"]), "\(report["to"] ?? "nil")")
        XCTAssertNil(report["toCommit"])

        let shown = try box.run(["show", "mbox"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertFalse(shown.stdout.contains(" to now"), shown.stdout)
        XCTAssertTrue(shown.stdout.contains(" UTC"), shown.stdout)
    }

    /// A message over --max-message-size in an mbox or a Maildir is read past, not loaded, and
    /// reported with its size, as in a git archive.
    func testTheSizeLimitAppliesToMboxAndMaildirWithItsReason() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let big = Fixtures.email(subject: "[PATCH] big", id: "big@example.com",
                                 body: String(repeating: "a line of a long patch\n", count: 100) + Fixtures.oneLineDiff)
        let small = Fixtures.email(subject: "[PATCH] small", id: "small@example.com", body: "small\n" + Fixtures.oneLineDiff)
        let bigSize = big.utf8.count   // the mbox's blank line after it is the mbox's, not the message's
        XCTAssertEqual(try box.run(["add", "mbox", try mbox([big, small], in: box).path]).status, 0)
        let dir = try maildir([big, small], in: box)
        XCTAssertEqual(try box.run(["add", "maildir", dir.path]).status, 0)

        let lines = try box.update(["--since", "2000-01-01", "--max-message-size", "1000", "--format", "json"]).split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        for line in lines {
            let report = try object(line)
            let skipped = report["skipped"] as? [[String: Any]] ?? []
            XCTAssertEqual(skipped.map { $0["reason"] as? String }, ["message of \(bigSize) bytes is over the 1000-byte limit"],
                           "\(report["name"] ?? "")")
            XCTAssertEqual((report["series"] as? [[String: Any]])?.map { $0["title"] as? String }, ["small"])
        }
        let refused = try box.run(["update", "--max-message-size", "0"])
        XCTAssertEqual(refused.status, 64, refused.stderr)
    }

    /// One document per line, whatever the number of lists: what `jq -c`, `while read` and
    /// JSON Lines readers take.
    func testUpdateAsJSONIsOneDocumentPerLine() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x", count: 3))
        try box.add("kvm")
        try box.add("other")
        let out = try box.update(["--since", "2000-01-01", "--format", "json"])
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 3, out)
        XCTAssertEqual(lines.last, "")
        XCTAssertEqual(try lines.dropLast().map { try object($0)["name"] as? String }, ["kvm", "other"])

        try box.append(Mail.series("KVM: y", slug: "y"))
        let one = try box.update(["kvm", "--format", "json"])
        XCTAssertEqual(one.split(separator: "\n").count, 1, one)
        XCTAssertEqual(try object(one.split(separator: "\n")[0])["messages"] as? Int, 3)
    }
}
