import XCTest
import Foundation
@testable import Mail

final class EncodedWordsTests: XCTestCase {
    func testPlainTextIsUnchanged() {
        XCTAssertEqual(EncodedWords.decode("[PATCH] a = b? c ?= d"), "[PATCH] a = b? c ?= d")
        XCTAssertEqual(EncodedWords.decode(""), "")
    }

    func testQEncodingAnyCase() {
        XCTAssertEqual(EncodedWords.decode("=?UTF-8?Q?Micha=C5=82_Winiarski?="), "Michał Winiarski")
        XCTAssertEqual(EncodedWords.decode("=?utf-8?q?Micha=c5=82?="), "Michał")
        XCTAssertEqual(EncodedWords.decode("=?iso-8859-1?q?J=F6rg?="), "Jörg")
    }

    func testBEncodingWithAndWithoutPadding() {
        XCTAssertEqual(EncodedWords.decode("=?UTF-8?B?R3LDvMOfZQ==?="), "Grüße")
        XCTAssertEqual(EncodedWords.decode("=?utf-8?b?R3LDvMOfZQ?="), "Grüße")
        XCTAssertEqual(EncodedWords.decode("=?ISO-8859-1?B?R3L832U=?="), "Grüße")
    }

    func testAdjacentWordsJoinWithoutTheirWhitespace() {
        XCTAssertEqual(EncodedWords.decode("=?utf-8?q?a?= =?utf-8?q?b?="), "ab")
        XCTAssertEqual(EncodedWords.decode("=?utf-8?q?a?=\r\n =?utf-8?q?b?="), "ab")
        XCTAssertEqual(EncodedWords.decode("=?utf-8?q?a?=\t \t=?iso-8859-1?q?b?="), "ab")
    }

    func testWhitespaceBetweenWordAndTextIsKept() {
        XCTAssertEqual(EncodedWords.decode("Re: =?utf-8?q?caf=C3=A9?= menu"), "Re: café menu")
        XCTAssertEqual(EncodedWords.decode("=?utf-8?q?a?= x =?utf-8?q?b?="), "a x b")
    }

    func testCharacterSplitAcrossWordsSurvives() {
        // "ł" is C5 82: one byte in each word.
        XCTAssertEqual(EncodedWords.decode("=?UTF-8?Q?Micha=C5?= =?UTF-8?Q?=82?="), "Michał")
        // 日本 in UTF-8 split in the middle of a character, base64.
        let bytes: [UInt8] = Array("日本".utf8)
        let first = Data(bytes[0..<4]).base64EncodedString()
        let second = Data(bytes[4...]).base64EncodedString()
        XCTAssertEqual(EncodedWords.decode("=?utf-8?b?\(first)?= =?UTF-8?B?\(second)?="), "日本")
    }

    func testDifferentCharsetsAreDecodedSeparately() {
        XCTAssertEqual(EncodedWords.decode("=?iso-8859-1?q?J=F6rg?= =?utf-8?q?_M=C3=BCller?="), "Jörg Müller")
    }

    func testLanguageSuffixIsStripped() {
        XCTAssertEqual(EncodedWords.decode("=?UTF-8*pl?Q?Micha=C5=82?="), "Michał")
    }

    func testMalformedWordsAreLeftAsWritten() {
        for text in ["=?utf-8?x?abc?=", "=?utf-8?q?unterminated", "=??q?abc?=", "=?utf-8?q abc?=",
                     "=?utf-8?q?broken\nacross?="] {
            XCTAssertEqual(EncodedWords.decode(text), text)
        }
        XCTAssertEqual(EncodedWords.decode("=?utf-8?x?bad?= =?utf-8?q?good?="), "=?utf-8?x?bad?= good")
    }

    func testWordGluedToText() {
        XCTAssertEqual(EncodedWords.decode("pre=?utf-8?q?fix?=post"), "prefixpost")
    }

    func testUnknownCharsetFallsBack() {
        XCTAssertEqual(EncodedWords.decode("=?x-bogus-charset?q?caf=E9?="), "café")
        XCTAssertEqual(EncodedWords.decode("=?x-bogus-charset?q?caf=C3=A9?="), "café")
    }

    func testLegacyCharsets() {
        XCTAssertEqual(EncodedWords.decode("=?iso-8859-2?q?=A3=F3d=BC?="), "Łódź")
        XCTAssertEqual(EncodedWords.decode("=?GB2312?B?1tDOxA==?="), "中文")
        XCTAssertEqual(EncodedWords.decode("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?="), "日本語")
    }

    func testInvalidBase64IsTolerated() {
        XCTAssertEqual(EncodedWords.decode("=?utf-8?b?YW*Jj?="), "abc")
    }

    func testManyOpenersWithoutClosersFinish() {
        let hostile = String(repeating: "=?a?q?x", count: 50_000)
        XCTAssertTrue(EncodedWords.decode(hostile) == hostile)
        let lines = String(repeating: "=?a?q?x\n", count: 20_000)
        XCTAssertTrue(EncodedWords.decode(lines) == lines)
    }
}
