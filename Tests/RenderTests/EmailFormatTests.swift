@testable import Digest
import Foundation
@testable import Render
import TestSupport
import XCTest

/// `--format email`: an RFC 5322 message that a standard parser (Python's email package) reads
/// back into the same text digest and HTML page; headers encoded and folded, bodies in short lines.
final class EmailFormatTests: XCTestCase {
    func testParsesBackIntoTheSameDigest() throws {
        let message = try Sample.report(["--format", "email"] + Sample.mailOptions)
        let parts = try Python.json("email_parts.py", [try temporaryFile(message, name: "sample.eml")])
        XCTAssertEqual(parts["defects"] as? [String], [])
        XCTAssertEqual(parts["subject"] as? String, "kvmarm mailing list update 2025-11-17: 10 new series, 27 patch emails, 1 pull request")
        XCTAssertEqual(parts["from"] as? String, "patchdigest <digest@example.org>")
        XCTAssertEqual(parts["to_addresses"] as? [String], ["kvmarm@lists.example.org"])
        XCTAssertEqual(parts["date"] as? String, "2025-11-17T17:20:00+00:00")
        XCTAssertEqual(parts["message_id"] as? String, "<digest.kvmarm.1@example.org>")
        XCTAssertEqual(parts["mime_version"] as? String, "1.0")
        XCTAssertEqual(parts["content_type"] as? String, "multipart/alternative")
        XCTAssertEqual(parts["parts"] as? [String], ["text/plain", "text/html"])
        XCTAssertEqual(parts["charsets"] as? [String], ["utf-8", "utf-8"])
        XCTAssertEqual(parts["text"] as? String, try Sample.report([]))
        // The HTML page, but for the counts (mail readers drop SVG, so they are tables with text
        // bars) and the series, shown open (many mail readers drop <details>).
        let html = try XCTUnwrap(parts["html"] as? String)
        let page = try Sample.report(["--format", "html"])
        XCTAssertEqual(withoutCounts(html), unfolded(withoutCounts(page)))
        XCTAssertFalse(html.contains("<svg"))
        XCTAssertTrue(page.contains("<svg"))
        XCTAssertTrue(html.contains("<tr><td class=\"num\">8</td><td class=\"text-bar\" aria-hidden=\"true\">"
                                    + String(repeating: "\u{2588}", count: 20) + "</td><td class=\"bar-label\">google.com</td></tr>"))
        XCTAssertTrue(html.contains("<tr><td class=\"num\">4</td><td class=\"text-bar\" aria-hidden=\"true\">"
                                    + String(repeating: "\u{2588}", count: 10) + "</td><td class=\"bar-label\">huawei.com</td></tr>"))
        assertShortLines(message)
    }

    private func withoutCounts(_ html: String) -> String {
        guard let start = html.range(of: "<section id=\"counts\">"),
              let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex) else { return html }
        return String(html[..<start.lowerBound] + html[end.upperBound...])
    }

    /// The page's `<details>` as the email shows them: open boxes headed by the summary's line.
    private func unfolded(_ html: String) -> String {
        [("<details id=", "<div class=\"series\" id="), ("<details>", "<div class=\"series\">"), ("</details>", "</div>"),
         ("<summary>", "<p class=\"series-head\">"), ("</summary>", "</p>")]
            .reduce(html) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    func testNonASCIIIsEncodedAndFolded() throws {
        let name = "KVM für Jörg — 日本語のメーリングリスト with a rather long name that needs folding"
        let message = try Sample.report(["--format", "email", "--name", name, "--mail-from", "Jörg Bauer <j@example.org>",
                                         "--mail-to", "\"Ops, Team\" <ops@example.org>, Zoë <z@example.org>, plain@example.org",
                                         "--mail-date", "2025-11-17T10:00Z", "--mail-message-id", "<x@example.org>"])
        XCTAssertTrue(message.utf8.allSatisfy { $0 < 0x80 }, "every byte of the message is ASCII")
        XCTAssertTrue(message.contains("Subject: =?UTF-8?Q?"))
        assertShortLines(message)
        let parts = try Python.json("email_parts.py", [try temporaryFile(message, name: "utf8.eml")])
        XCTAssertEqual(parts["defects"] as? [String], [])
        XCTAssertEqual(parts["subject"] as? String, "\(name) mailing list update 2025-11-17: 10 new series, 27 patch emails, 1 pull request")
        XCTAssertEqual(parts["from"] as? String, "Jörg Bauer <j@example.org>")
        XCTAssertEqual(parts["to_addresses"] as? [String], ["ops@example.org", "z@example.org", "plain@example.org"])
        XCTAssertEqual(parts["to_names"] as? [String], ["Ops, Team", "Zoë", ""])
        XCTAssertEqual(parts["date"] as? String, "2025-11-17T10:00:00+00:00")
        XCTAssertEqual(parts["message_id"] as? String, "<x@example.org>")
        XCTAssertTrue((parts["text"] as? String ?? "").hasPrefix("From the start to 232f362c0\n\(name) mailing list update"))
    }

    func testMissingOrBadAddressesStopWithOneLine() throws {
        let inbox = try Sample.inbox.get()
        let cases: [([String], [String: String], String)] = [
            (["--mail-to", "a@example.org"], [:], "patchdigest: --format email needs a sender: --mail-from or PATCHDIGEST_MAIL_FROM\n"),
            (["--mail-from", "a@example.org"], [:], "patchdigest: --format email needs recipients: --mail-to or PATCHDIGEST_MAIL_TO\n"),
            (["--mail-from", "not an address", "--mail-to", "a@example.org"], [:], "patchdigest: mail sender: 'not an address' is not an email address\n"),
            (["--mail-to", "a@example.org"], ["PATCHDIGEST_MAIL_FROM": "x@y\nBcc: victim@example.org"],
             "patchdigest: mail sender: 'x@y\\u{A}Bcc: victim@example.org' holds a control character\n"),
            (["--mail-from", "a@example.org", "--mail-to", "b@example.org", "--mail-message-id", "no at sign"], [:],
             "patchdigest: --mail-message-id: 'no at sign' is not left@right\n"),
        ]
        for (args, env, expected) in cases {
            var environment = env
            for key in ["PATCHDIGEST_MAIL_FROM", "PATCHDIGEST_MAIL_TO"] where environment[key] == nil { environment[key] = "" }
            let r = try Fixtures.patchdigest(["report", inbox, "--format", "email"] + args, environment: environment)
            XCTAssertEqual(r.status, 1, "\(args)")
            XCTAssertEqual(r.stderr, expected)
            XCTAssertEqual(r.stdout, "")
        }
    }

    func testAddressesFromTheEnvironment() throws {
        let message = try Sample.report(["--format", "email", "--mail-date", "@0", "--mail-message-id", "e@example.org"],
                                        environment: ["PATCHDIGEST_MAIL_FROM": "Env Sender <env@example.org>",
                                                      "PATCHDIGEST_MAIL_TO": "list@example.org"])
        XCTAssertTrue(message.hasPrefix("From: Env Sender <env@example.org>\nTo: list@example.org\n"))
        XCTAssertTrue(message.contains("\nDate: Thu, 1 Jan 1970 00:00:00 +0000\n"))
    }

    func testDefaultMessageIdsDiffer() throws {
        let args = ["--format", "email", "--mail-from", "a@example.org", "--mail-to", "b@example.org"]
        let ids = try (0..<2).map { _ in
            try Sample.report(args).split(separator: "\n").first { $0.hasPrefix("Message-ID: ") }.map(String.init)
        }
        XCTAssertNotNil(ids[0])
        XCTAssertTrue(ids[0]!.hasSuffix("@example.org>"))
        XCTAssertNotEqual(ids[0], ids[1])
    }

    // MARK: - the encoders

    func testQuotedPrintableLinesAndSpecialLines() {
        let long = String(repeating: "é", count: 60) + " end "
        let encoded = QuotedPrintableEncoder.encode("From the start\n.\n\(long)\ntrailing \t\nplain = sign")
        for line in encoded.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 76, String(line)) }
        let lines = encoded.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "=46rom the start")
        XCTAssertEqual(lines[1], "=2E")
        XCTAssertTrue(encoded.contains("end=20\n"), "a trailing blank is encoded")
        XCTAssertTrue(encoded.contains("trailing =09\n"))
        XCTAssertEqual(lines.last, "plain =3D sign")
        XCTAssertTrue(lines[2].hasSuffix("="), "a soft break")
    }

    func testHeaderEncoding() {
        XCTAssertEqual(MailHeaderEncoding.unstructured("Subject", "plain words"), "Subject: plain words")
        let folded = MailHeaderEncoding.unstructured("Subject", String(repeating: "word ", count: 30))
        XCTAssertTrue(folded.split(separator: "\n").allSatisfy { $0.count <= 78 })
        XCTAssertTrue(folded.contains("\n word"))
        let encoded = MailHeaderEncoding.unstructured("Subject", String(repeating: "ü", count: 40))
        XCTAssertTrue(encoded.split(separator: "\n").allSatisfy { $0.count <= 78 })
        XCTAssertTrue(encoded.split(whereSeparator: { $0 == " " || $0 == "\n" }).dropFirst()
            .allSatisfy { $0.hasPrefix("=?UTF-8?Q?") && $0.hasSuffix("?=") }, encoded)
        XCTAssertEqual(MailHeaderEncoding.encodedWords("a b=?"), ["=?UTF-8?Q?a_b=3D=3F?="])
        XCTAssertEqual(MailHeaderEncoding.unstructured("Subject", "looks =?like?= a word"), "Subject: =?UTF-8?Q?looks_=3D=3Flike=3F=3D_a_word?=")
        XCTAssertEqual(MailHeaderEncoding.addresses("To", [MailAddress(name: "Doe, Jane", address: "j@x.org"),
                                                           MailAddress(name: "", address: "k@x.org")]),
                       "To: \"Doe, Jane\" <j@x.org>, k@x.org")
        // A character's UTF-8 bytes are never split between two encoded words.
        let words = MailHeaderEncoding.encodedWords(String(repeating: "日", count: 30))
        XCTAssertGreaterThan(words.count, 1)
        for word in words {
            XCTAssertLessThanOrEqual(word.count, 66)
            XCTAssertEqual((word.count - 12) % 9, 0, word)
        }
    }

    func testAddressParsing() throws {
        XCTAssertEqual(try MailAddress.parse("Jane Doe <jane@example.org>"), MailAddress(name: "Jane Doe", address: "jane@example.org"))
        XCTAssertEqual(try MailAddress.parse("\"Doe, \\\"J\\\"\" <jane@example.org>"), MailAddress(name: "Doe, \"J\"", address: "jane@example.org"))
        XCTAssertEqual(try MailAddress.parse(" jane@example.org "), MailAddress(name: "", address: "jane@example.org"))
        XCTAssertThrowsError(try MailAddress.parse("Jane <jane>"))
        XCTAssertThrowsError(try MailAddress.parse("a@b\r\nBcc: x@y"))
        XCTAssertThrowsError(try MailAddress.parseList(" , "))
        XCTAssertEqual(try MailAddress.parseList("\"B, A\" <a@x.org>, c@x.org").map(\.address), ["a@x.org", "c@x.org"])
    }

    func testDates() {
        XCTAssertEqual(TimeText.rfc5322(1_763_400_000), "Mon, 17 Nov 2025 17:20:00 +0000")
        XCTAssertEqual(TimeText.rfc5322(951_782_400), "Tue, 29 Feb 2000 00:00:00 +0000")
        XCTAssertEqual(TimeText.rfc3339(1_763_400_000), "2025-11-17T17:20:00Z")
        XCTAssertEqual(TimeText.rfc3339(-1), "1969-12-31T23:59:59Z")
    }

    private func assertShortLines(_ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(message.contains("\r"), "LF line ends throughout", file: file, line: line)
        let (head, body) = message.split(separator: "\n\n", maxSplits: 1).map(String.init).pairs
        for l in head.split(separator: "\n") { XCTAssertLessThanOrEqual(l.count, 78, String(l), file: file, line: line) }
        for l in body.split(separator: "\n") { XCTAssertLessThanOrEqual(l.count, 76, String(l), file: file, line: line) }
    }
}

private extension Array where Element == String {
    var pairs: (String, String) { (first ?? "", count > 1 ? self[1] : "") }
}
