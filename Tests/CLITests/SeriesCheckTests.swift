import Foundation
import TestSupport
import XCTest

/// The `inReplyTo` and `references` of `patchdigest messages`, which scripts rebuild threads from.
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
