@testable import Digest
import Foundation
@testable import Render
import XCTest

/// One rule for the characters a terminal or viewer acts on instead of showing: C0 and C1
/// controls and the bidirectional controls (U+061C ARABIC LETTER MARK like LRM and RLM). JSON
/// writes them as `\uXXXX` (read back, the string is the same); every other format shows them as
/// visible `\u{…}` text.
final class EscapingRuleTests: XCTestCase {
    static let bidiControls: [UInt32] = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                         0x2066, 0x2067, 0x2068, 0x2069]
    static let escapedInJSON: [UInt32] = Array(0x00...0x1F) + Array(0x7F...0x9F) + [0x2028, 0x2029] + bidiControls
    /// Neighbours of the escaped characters, and characters of the same UTF-8 lead bytes: raw.
    static let raw: [UInt32] = [0x20, 0x7E, 0xA0, 0xBF, 0xE9, 0x0600, 0x061B, 0x061D, 0x063F, 0x200D, 0x2010, 0x2027,
                                0x202F, 0x2065, 0x206A, 0x2FFF, 0xFEFF, 0x6F22, 0x1F600]

    private func string(_ values: [UInt32]) -> String {
        String(String.UnicodeScalarView(values.compactMap(Unicode.Scalar.init)))
    }

    private func readBack(_ json: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
    }

    func testJSONStringsEscapeControlsAndBidiAndReadBackEqual() throws {
        for value in Self.escapedInJSON {
            let text = "a" + string([value]) + "b"
            let quoted = JSONString.quoted(text)
            XCTAssertTrue(quoted.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 }, "\(quoted.debugDescription)")
            XCTAssertEqual(try readBack(quoted) as? String, text, String(value, radix: 16))
        }
        let plain = string(Self.raw) + " \" \\ /"
        XCTAssertEqual(JSONString.quoted(plain), "\"" + string(Self.raw) + #" \" \\ /""#)
        XCTAssertEqual(JSONString.quoted("\u{9B}31m \u{202E}x \u{61C}\u{200F}\n"), #""\u009b31m \u202ex \u061c\u200f\n""#)
        // Every character at once.
        let all = string(Self.escapedInJSON + Self.raw)
        XCTAssertEqual(try readBack(JSONString.quoted(all)) as? String, all)
    }

    func testTheReportJSONHoldsNoRawControlOrBidiCharacter() throws {
        var report = Hostile.report()
        let hostile = "KVM: \u{9B}31m \u{85} \u{202E}evil\u{202C} \u{2066}iso\u{2069} \u{61C}alm \u{200F}rlm"
        report.name = hostile
        report.series[0].title = hostile
        report.series[0].author = Person(name: "Ja\u{9B}ne \u{202E}Doe", email: "jane@example.com")
        let json = try JSONRenderer().render(report)
        for value in Self.escapedInJSON where value > 0x7E {
            XCTAssertFalse(json.unicodeScalars.contains { $0.value == value }, "raw U+\(String(value, radix: 16))")
        }
        XCTAssertTrue(json.contains(#""KVM: \u009b31m \u0085 \u202eevil\u202c \u2066iso\u2069 \u061calm \u200frlm""#), json)
        let back = try XCTUnwrap(try readBack(json) as? [String: Any])
        XCTAssertEqual(back["name"] as? String, hostile)
        let first = try XCTUnwrap((back["series"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["title"] as? String, hostile)
        XCTAssertEqual((first["author"] as? [String: Any])?["name"] as? String, "Ja\u{9B}ne \u{202E}Doe")
    }

    func testArabicLetterMarkIsShownLikeRLMInEveryTextFormat() throws {
        XCTAssertEqual(TerminalSafe.clean("a\u{61C}b\u{200F}c"), "a\\u{61C}b\\u{200F}c")
        var report = Hostile.report()
        report.series[0].title = "KVM: alm\u{61C}here rlm\u{200F}here"
        let shown = "KVM: alm\\u{61C}here rlm\\u{200F}here"
        let outputs = ["text": TextRenderer().render(report), "markdown": MarkdownRenderer().render(report),
                       "html": HTMLRenderer().render(report),
                       "atom": AtomRenderer().render(AtomFeed(id: "tag:x,2025:kvm", title: "kvm", entries: [
                           AtomEntry.digest(report, id: "tag:x,2025:kvm/digest/1", created: 0, lore: nil)]))]
        for (format, output) in outputs {
            XCTAssertFalse(output.unicodeScalars.contains { $0.value == 0x061C || $0.value == 0x200F }, format)
            XCTAssertTrue(output.contains(shown) || output.contains(MarkdownText.inline("KVM: alm\u{61C}here rlm\u{200F}here")),
                          "\(format) does not show \(shown)")
        }
    }
}
