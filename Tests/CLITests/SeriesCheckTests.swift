import Foundation
import TestSupport
import XCTest

/// scripts/series-check on fixture archives: the figures it prints for a list whose series are
/// grouped right, and a posting style the grouping gets wrong today, which the check must show.
/// Also the `inReplyTo` and `references` of `patchdigest messages`, which the check reads.
final class SeriesCheckTests: XCTestCase {
    private static let diff = "Tidy.\n\nSigned-off-by: Jane Doe <jane@example.com>\n" + Fixtures.oneLineDiff

    private func mail(_ subject: String, _ id: String, minute: Int, inReplyTo: String? = nil, body: String = diff,
                      from: String = "Jane Doe <jane@example.com>", extraHeaders: [String] = []) -> String {
        Fixtures.email(from: from, subject: subject, id: id, date: String(format: "Mon, 17 Nov 2025 10:%02d:00 +0000", minute),
                       inReplyTo: inReplyTo, extraHeaders: extraHeaders, body: body)
    }

    /// A cover and its patches, all answering the cover.
    private func posting(_ tag: String, _ idPrefix: String, total: Int, minute: Int, coverBody: String) -> [String] {
        let title = "block: tidy the queue limits"
        let cover = mail("[\(tag) 0/\(total)] \(title)", "\(idPrefix)-0@example.com", minute: minute, body: coverBody)
        return [cover] + (1...total).map { n in
            mail("[\(tag) \(n)/\(total)] block: step \(n)", "\(idPrefix)-\(n)@example.com", minute: minute + n,
                 inReplyTo: "\(idPrefix)-0@example.com")
        }
    }

    /// v1 (3 patches), v2 (2 patches) linking v1 from its cover, v2 resent (its Exist), a review
    /// reply, and another author's single patch.
    private func wellGroupedInbox() throws -> URL {
        let link = "Changes in v2: fewer patches.\n\nLink to v1: https://lore.kernel.org/r/v1-0@example.com\n"
        return try Fixtures.inbox(
            posting("PATCH", "v1", total: 3, minute: 0, coverBody: "Tidy the limits.\n")
            + posting("PATCH v2", "v2", total: 2, minute: 10, coverBody: link)
            + posting("PATCH RESEND v2", "rs", total: 2, minute: 20, coverBody: link)
            + [mail("Re: [PATCH v2 1/2] block: step 1", "review@example.org", minute: 30,
                    body: "Reviewed-by: Bob Roe <bob@example.org>\n", from: "Bob Roe <bob@example.org>",
                    extraHeaders: ["In-Reply-To: <v2-1@example.com>", "References: <v2-0@example.com> <v2-1@example.com>"]),
               mail("[PATCH] nvme: fix the timeout", "nvme@example.org", minute: 40, from: "Bob Roe <bob@example.org>")],
            options: ["--v1"])
    }

    /// The figures of the table, by check: (count, denominator, result).
    private func figures(_ output: String) -> [String: (Int, Int, String)] {
        var result: [String: (Int, Int, String)] = [:]
        let row = try! NSRegularExpression(pattern: #"^(\S.*?)\s+(\d+)\s+(\d+)\s+[\d.]+%\s+.*?\s(pass|FAIL)\s"#)
        for line in output.split(separator: "\n").map(String.init) {
            let range = NSRange(line.startIndex..., in: line)
            guard let m = row.firstMatch(in: line, range: range) else { continue }
            func group(_ i: Int) -> String { String(line[Range(m.range(at: i), in: line)!]) }
            result[group(1)] = (Int(group(2))!, Int(group(3))!, group(4))
        }
        return result
    }

    private func seriesCheck(_ inbox: URL) throws -> Fixtures.Result {
        try Fixtures.run("/usr/bin/env", ["python3", Fixtures.path("scripts/series-check"), "--archive", inbox.path,
                                          "--binary", Fixtures.binary, "--strict", "--no-b4"])
    }

    private func assertFigures(_ got: [String: (Int, Int, String)], _ expected: [String: (Int, Int, String)],
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.keys.sorted(), expected.keys.sorted(), file: file, line: line)
        for (name, want) in expected {
            guard let have = got[name] else { continue }
            XCTAssertTrue(have == want, "\(name): \(have), expected \(want)", file: file, line: line)
        }
    }

    func testAWellGroupedListPassesEveryCheck() throws {
        let r = try seriesCheck(try wellGroupedInbox())
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("12 messages, 4 series"), r.stdout)
        assertFigures(figures(r.stdout), [
            "split": (0, 7, "pass"),               // 3 + 2 + 2 patches answering their covers
            "overfull": (0, 4, "pass"),
            "in two series": (0, 11, "pass"),      // every patch mail once; replies are in no series
            "exist not a resend": (0, 1, "pass"),  // v2 posted again: same N, same version
            "linked old still New": (0, 2, "pass"),  // both v2 covers link v1, which is Skip
            "mixed N": (0, 4, "pass"),
        ])
    }

    /// b4 (when installed: `pip install b4`) assembles every series of the list from its thread,
    /// offline, as the digest groups it.
    func testB4AssemblesTheSameSeries() throws {
        guard let installed = Fixtures.b4 else { throw XCTSkip("b4 is not installed (pip install b4)") }
        // The script runs `b4` from PATH: put the one found first.
        let path = (installed as NSString).deletingLastPathComponent + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let r = try Fixtures.run("/usr/bin/env", ["python3", Fixtures.path("scripts/series-check"), "--archive",
                                                  try wellGroupedInbox().path, "--binary", Fixtures.binary, "--strict"],
                                 environment: ["PATH": path])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let b4 = figures(r.stdout)["b4 differs"]
        XCTAssertTrue(b4.map { $0 == (0, 4, "pass") } ?? false, "\(String(describing: b4)): \(r.stdout)")
    }

    /// The version only on the cover (`[PATCH v2 0/2]`, then `[PATCH 1/2]` replies): the patches
    /// belong to the cover and the check finds both pairs together (before the thread model, the
    /// patches were split off as a v1 series of their own and this said 2 of 2, FAIL).
    func testVersionOnlyOnTheCoverIsOneSeries() throws {
        let title = "nvme: drop the old path"
        let inbox = try Fixtures.inbox([
            mail("[PATCH v2 0/2] \(title)", "c-0@example.com", minute: 0, body: "Drop it.\n"),
            mail("[PATCH 1/2] nvme: first", "c-1@example.com", minute: 1, inReplyTo: "c-0@example.com"),
            mail("[PATCH 2/2] nvme: second", "c-2@example.com", minute: 2, inReplyTo: "c-0@example.com"),
        ], options: ["--v1"])
        let r = try seriesCheck(inbox)
        XCTAssertEqual(r.status, 0, "--strict passes: " + r.stdout + r.stderr)
        let got = figures(r.stdout)
        XCTAssertTrue(got["split"]! == (0, 2, "pass"), "\(got["split"]!)")
        XCTAssertTrue(got["overfull"]! == (0, 1, "pass"), "\(got["overfull"]!)")
        XCTAssertTrue(r.stdout.contains("3 messages, 1 series"), r.stdout)
    }

    func testMessagesListInReplyToAndReferences() throws {
        let r = try Fixtures.patchdigest(["messages", try wellGroupedInbox().path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let records = try r.stdout.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let byID = Dictionary(uniqueKeysWithValues: records.map { ($0["messageId"] as? String ?? "", $0) })
        XCTAssertNil(byID["v1-0@example.com"]?["inReplyTo"], "a thread starter answers nothing")
        XCTAssertNil(byID["v1-0@example.com"]?["references"])
        XCTAssertEqual(byID["v1-2@example.com"]?["inReplyTo"] as? String, "v1-0@example.com")
        XCTAssertEqual(byID["v1-2@example.com"]?["references"] as? [String], ["v1-0@example.com"])
        // A reply (its body is never read) carries them too, oldest first.
        XCTAssertEqual(byID["review@example.org"]?["kind"] as? String, "reply")
        XCTAssertEqual(byID["review@example.org"]?["inReplyTo"] as? String, "v2-1@example.com")
        XCTAssertEqual(byID["review@example.org"]?["references"] as? [String], ["v2-0@example.com", "v2-1@example.com"])
    }
}
