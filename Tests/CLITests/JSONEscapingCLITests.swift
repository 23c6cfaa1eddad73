import Foundation
import TestSupport
import XCTest

/// `report --format json` and `messages` write a mail's C1 controls and bidirectional controls
/// as `\uXXXX` escapes, by one rule: a terminal showing the JSON runs and reorders nothing, and
/// a JSON reader gets the mail's exact strings back.
final class JSONEscapingCLITests: XCTestCase {
    static let subject = "[PATCH 1/1] KVM: a\u{9B}31m \u{202E}evil\u{202C} \u{2066}iso\u{2069} \u{61C}alm \u{200F}rlm"
    static let author = "Ja\u{9D}ne \u{202E}Doe"
    static let escaped: Set<UInt32> = [0x9B, 0x9D, 0x202E, 0x202C, 0x2066, 0x2069, 0x061C, 0x200F]

    /// An inbox of one patch whose subject and author name hold the characters (as RFC 2047
    /// encoded words, as a mailer writes them).
    private func inbox(_ root: URL) throws -> URL {
        let emails = root.appendingPathComponent("emails")
        try FileManager.default.createDirectory(at: emails, withIntermediateDirectories: true)
        func encoded(_ text: String) -> String { "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?=" }
        let mail = Fixtures.email(from: "\(encoded(Self.author)) <jane@example.com>", subject: encoded(Self.subject),
                                  id: "p1@example.com", body: "Fix.\n\nSigned-off-by: Jane <jane@example.com>\n" + Fixtures.oneLineDiff)
        try Data(mail.utf8).write(to: emails.appendingPathComponent("001.eml"))
        let out = root.appendingPathComponent("inbox")
        let made = try Fixtures.run(Fixtures.path("scripts/make-inbox"), ["--force", emails.path, out.path])
        XCTAssertEqual(made.status, 0, made.stderr)
        return out
    }

    private func assertNoneRaw(_ output: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let raw = output.unicodeScalars.filter { Self.escaped.contains($0.value) }
        XCTAssertTrue(raw.isEmpty, "\(what) holds raw \(raw.map { String($0.value, radix: 16) })", file: file, line: line)
        XCTAssertTrue(output.contains(#"a\u009b31m \u202eevil\u202c \u2066iso\u2069 \u061calm \u200frlm"#), output, file: file, line: line)
    }

    func testReportAndMessagesEscapeC1AndBidiAndReadBackEqual() throws {
        let root = Fixtures.temporaryDirectory("escaping")
        defer { try? FileManager.default.removeItem(at: root) }
        let archive = try inbox(root)

        let report = try Fixtures.patchdigest(["report", archive.path, "--format", "json"])
        XCTAssertEqual(report.status, 0, report.stderr)
        assertNoneRaw(report.stdout, "report --format json")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let series = try XCTUnwrap((json["series"] as? [[String: Any]])?.first)
        XCTAssertEqual(series["title"] as? String, String(Self.subject.dropFirst("[PATCH 1/1] ".count)))
        XCTAssertEqual((series["author"] as? [String: Any])?["name"] as? String, Self.author)

        let messages = try Fixtures.patchdigest(["messages", archive.path])
        XCTAssertEqual(messages.status, 0, messages.stderr)
        assertNoneRaw(messages.stdout, "messages")
        let line = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(messages.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(line["subject"] as? String, Self.subject)
        XCTAssertEqual((line["author"] as? [String: Any])?["name"] as? String, Self.author)
    }
}
