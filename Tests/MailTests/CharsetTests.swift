import XCTest
import Foundation
@testable import Mail

final class CharsetTests: XCTestCase {
    private func decode(_ bytes: [UInt8], _ charset: String?) -> String {
        Charset.decode(bytes[...], charset: charset)
    }

    func testUTF8AndASCII() {
        let text = Array("Grüße, 日本".utf8)
        XCTAssertEqual(decode(text, nil), "Grüße, 日本")
        XCTAssertEqual(decode(text, "UTF-8"), "Grüße, 日本")
        XCTAssertEqual(decode(text, "\"utf8\""), "Grüße, 日本")
        XCTAssertEqual(decode(Array("plain".utf8), "us-ascii"), "plain")
    }

    func testInvalidUTF8FallsBackToWindows1252() {
        XCTAssertEqual(decode([0x63, 0x61, 0x66, 0xE9], "utf-8"), "café")
        XCTAssertEqual(decode([0x93, 0x71, 0x94], "us-ascii"), "“q”")
        XCTAssertEqual(decode([0xC5], nil), "Å")
    }

    func testLatin1AndWindows1252Table() {
        XCTAssertEqual(decode([0x63, 0x61, 0x66, 0xE9], "ISO-8859-1"), "café")
        XCTAssertEqual(decode([0x63, 0x61, 0x66, 0xE9], "latin1"), "café")
        XCTAssertEqual(decode([0x80, 0x20, 0x85, 0x20, 0x96], "windows-1252"), "€ … –")
        XCTAssertEqual(decode([0x80], "cp1252"), "€")
        XCTAssertEqual(decode([0xFF], "iso8859-1"), "ÿ")
    }

    func testEveryByteSurvivesWindows1252() {
        let all = (0...255).map(UInt8.init)
        let text = decode(all, "windows-1252")
        XCTAssertEqual(text.unicodeScalars.count, 256)
        // The unassigned 0x81 keeps its value as a C1 control rather than vanishing.
        XCTAssertTrue(text.unicodeScalars.contains(Unicode.Scalar(0x81)!))
    }

    func testIconvCharsets() {
        XCTAssertEqual(decode(hex("a3 f3 64 bc"), "iso-8859-2"), "Łódź")
        XCTAssertEqual(decode(hex("a3 f3 64 9f"), "windows-1250"), "Łódź")
        XCTAssertEqual(decode(hex("f0 d2 c9 d7 c5 d4"), "KOI8-R"), "Привет")
        XCTAssertEqual(decode(hex("d6 d0 ce c4 b2 b9 b6 a1"), "gbk"), "中文补丁")
        XCTAssertEqual(decode(hex("d6 d0 ce c4"), "gb2312"), "中文")
        XCTAssertEqual(decode(hex("d6 d0 ce c4"), "GB18030"), "中文")
        XCTAssertEqual(decode(hex("a4 a4 a4 e5"), "big5"), "中文")
        XCTAssertEqual(decode(hex("93 fa 96 7b 8c ea"), "shift_jis"), "日本語")
        XCTAssertEqual(decode(hex("c6 fc cb dc b8 ec"), "euc-jp"), "日本語")
        XCTAssertEqual(decode(hex("1b 24 42 46 7c 4b 5c 38 6c 1b 28 42"), "iso-2022-jp"), "日本語")
        XCTAssertEqual(decode(hex("c7 d1 b1 b9"), "euc-kr"), "한국")
        XCTAssertEqual(decode(hex("a4"), "iso-8859-15"), "€")
    }

    func testIconvKeepsGoingPastInvalidBytes() {
        // A stray 0x80 between two GBK characters: both characters survive.
        let text = decode(hex("d6 d0 80 ce c4"), "gbk")
        XCTAssertTrue(text.hasPrefix("中"), text)
        XCTAssertTrue(text.hasSuffix("文"), text)
        // Truncated multi-byte sequence at the end.
        let truncated = decode(hex("d6 d0 ce"), "gbk")
        XCTAssertTrue(truncated.hasPrefix("中"), truncated)
        XCTAssertEqual(truncated.unicodeScalars.count, 2)
    }

    func testBogusCharsetNamesFallBack() {
        let utf8 = Array("café".utf8)
        let latin = hex("63 61 66 e9")
        for name in ["x-bogus", "unknown-8bit", "", "utf-8//TRANSLIT", "../../etc/passwd", "\u{0}", String(repeating: "x", count: 500)] {
            XCTAssertEqual(decode(utf8, name), "café", name)
            XCTAssertEqual(decode(latin, name), "café", name)
        }
    }

    func testCharsetNamesAreNormalised() {
        XCTAssertEqual(Charset.classify(" \"UTF-8\" "), .utf8)
        XCTAssertEqual(Charset.classify("ISO-8859-1"), .windows1252)
        XCTAssertEqual(Charset.classify("UTF-8*en"), .utf8)
        XCTAssertEqual(Charset.classify("Windows-1250"), .iconv("windows-1250"))
    }

    func testConcurrentDecodingIsSafe() {
        let inputs: [([UInt8], String, String)] = [
            (hex("1b 24 42 46 7c 4b 5c 38 6c 1b 28 42"), "iso-2022-jp", "日本語"),
            (hex("d6 d0 ce c4"), "gbk", "中文"),
            (hex("a3 f3 64 bc"), "iso-8859-2", "Łódź"),
        ]
        let failures = ManagedCounter()
        DispatchQueue.concurrentPerform(iterations: 300) { i in
            let (bytes, charset, expected) = inputs[i % inputs.count]
            if Charset.decode(bytes[...], charset: charset) != expected { failures.increment() }
        }
        XCTAssertEqual(failures.value, 0)
    }
}

/// A counter for concurrentPerform closures.
final class ManagedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
