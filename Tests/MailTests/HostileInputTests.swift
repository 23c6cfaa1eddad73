import XCTest
import Foundation
@testable import Mail

/// Every byte is untrusted: these must neither crash nor hang.
final class HostileInputTests: XCTestCase {
    /// Touches every accessor so that any trap would surface.
    private func exercise(_ message: Message) {
        _ = message.subject
        _ = message.from
        _ = message.sender
        _ = message.messageID
        _ = message.inReplyTo
        _ = message.references
        _ = message.date
        _ = message.bodyByteCount
        _ = message.headers("Received")
        for part in message.textParts() { _ = part.text.utf8.count }
    }

    func testNULBytes() throws {
        let bytes = Array("Subject: a\u{0}b\nFrom: x\u{0}@y <n\u{0}@example.org>\nContent-Type: text/plain\n\nbo\u{0}dy".utf8)
        let message = try Message.parse(bytes)
        XCTAssertEqual(message.header("Subject"), "a\u{0}b")
        XCTAssertEqual(message.subject, "a b")
        XCTAssertEqual(message.textParts().first?.text, "bo\u{0}dy")
        exercise(message)
        assertThrows(.noHeaders, [0, 0, 0x0A])
    }

    func testInvalidUTF8Everywhere() throws {
        let garbage: [UInt8] = [0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xF8]
        var bytes = Array("Subject: ".utf8) + garbage + [0x0A]
        bytes += Array("From: ".utf8) + garbage + Array(" <a@example.org>\n".utf8)
        bytes += Array("Content-Type: text/plain; charset=".utf8) + garbage + [0x0A, 0x0A] + garbage
        let message = try Message.parse(bytes)
        XCTAssertEqual(message.subject.unicodeScalars.count, garbage.count)
        XCTAssertEqual(message.from?.address, "a@example.org")
        XCTAssertEqual(message.textParts().first?.text.unicodeScalars.count, garbage.count)
    }

    func testHeaderWithoutColonFirst() {
        assertThrows(.noHeaders, Array("X-No-Colon here\nSubject: later\n\nbody".utf8))
    }

    func testOneMegabyteHeaderLine() throws {
        let long = String(repeating: "x", count: 1 << 20)
        let message = try makeMessage("Subject: \(long)\nX-Other: \(long)\n\nbody")
        XCTAssertEqual(message.subject.utf8.count, 1 << 20)
        XCTAssertEqual(message.header("x-other")?.utf8.count, 1 << 20)
        exercise(message)
        let noColon = try? makeMessage(long + "\n\n")
        XCTAssertNil(noColon)
    }

    func testManyContinuationLines() throws {
        let folded = "Subject: start" + String(repeating: "\n x", count: 100_000) + "\n\n"
        let message = try makeMessage(folded)
        XCTAssertEqual(message.subject.utf8.count, "start".utf8.count + 2 * 100_000)
    }

    func testTruncatedEncodedBodies() throws {
        let base64 = try makeMessage("Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\nSGVsbG8sIHdvcm")
        XCTAssertEqual(base64.textParts().first?.text, "Hello, wor")
        let qp = try makeMessage("Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\ncaf=C3=A")
        XCTAssertEqual(qp.textParts().first?.text, "cafÃ=A")   // the lone 0xC3 is not UTF-8: windows-1252
        let bogus = try makeMessage("Content-Type: text/plain; charset=no-such-charset-ever\n\ncaf\u{E9}")
        XCTAssertEqual(bogus.textParts().first?.text, "café")
    }

    func testMissingClosingBoundaryAndUnterminatedParts() throws {
        let message = try makeMessage("Content-Type: multipart/mixed; boundary=\"q\"\n\n--q\nContent-Type: text/plain; charset=\"unterminated\n\ntext")
        XCTAssertEqual(message.textParts().map(\.text), ["text"])
        let emptyBoundary = try makeMessage("Content-Type: multipart/mixed; boundary=\"\"\n\n--\n\nx\n")
        XCTAssertEqual(emptyBoundary.textParts().map(\.mimeType), ["text/plain"])
        let onlyClose = try makeMessage("Content-Type: multipart/mixed; boundary=z\n\n--z--\n")
        XCTAssertEqual(onlyClose.textParts().count, 0)
    }

    func testHundredDeepNesting() throws {
        var text = ""
        for level in 0..<100 { text += "Content-Type: multipart/mixed; boundary=l\(level)\n\n--l\(level)\n" }
        text += "Content-Type: text/plain\n\ndeep\n"
        let message = try makeMessage(text)
        XCTAssertEqual(message.textParts().count, 0)
        exercise(message)
    }

    func testManyPartsAndParameters() throws {
        var text = "Content-Type: multipart/mixed; boundary=p" + String(repeating: "; a=b", count: 10_000) + "\n\n"
        text += String(repeating: "--p\n\nx\n", count: 5_000) + "--p--\n"
        let message = try makeMessage(text)
        XCTAssertEqual(message.textParts().count, 5_000)
    }

    func testHostileEncodedWordsAndAddresses() throws {
        let subject = String(repeating: "=?utf-8?q?x ", count: 30_000)
        let from = String(repeating: "\"", count: 10_001) + String(repeating: "<", count: 10_000) + String(repeating: "(", count: 10_000)
        let message = try makeMessage("Subject: \(subject)\nFrom: \(from)\nDate: \(String(repeating: "9", count: 5_000))\n\n")
        // Every opener lacks a closer: the subject stays as written.
        XCTAssertTrue(message.subject == String(subject.dropLast()))
        XCTAssertNil(message.date)
        exercise(message)
    }

    /// Deterministic fuzzing: random splices of mail-like fragments and random bytes.
    func testRandomMessagesNeverTrap() {
        var rng = SplitMix(seed: 0x5EED)
        let fragments: [String] = [
            "Subject: ", "From: ", "Content-Type: multipart/mixed; boundary=b\n", "Content-Type: text/plain; charset=",
            "Content-Transfer-Encoding: base64\n", "Content-Transfer-Encoding: quoted-printable\n", "--b\n", "--b--\n",
            "\n", "\r\n", " ", "\t", "=?utf-8?q?", "?=", "=?gbk?b?", "<", ">", "\"", "(", ")", "@", ",", ";", ":",
            "=C3", "=", "format=flowed; delsp=yes\n", "Date: Thu, 5 Jan 2023 ", "+0000", "name*0*=utf-8''%", "x", "> ",
            "iso-2022-jp\n", "References: <a@b> <", "Content-Type: multipart/alternative; boundary=\"b\"\n",
        ]
        for _ in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 40) {
                if rng.next() % 4 == 0 {
                    for _ in 0..<Int(rng.next() % 8) { bytes.append(UInt8(truncatingIfNeeded: rng.next())) }
                } else {
                    bytes += Array(fragments[Int(rng.next() % UInt64(fragments.count))].utf8)
                }
            }
            if let message = try? Message.parse(bytes) { exercise(message) }
            _ = AddressParser.parseMailbox(String(decoding: bytes, as: UTF8.self))
            _ = DateParser.parse(String(decoding: bytes, as: UTF8.self))
            _ = EncodedWords.decode(String(decoding: bytes, as: UTF8.self))
        }
    }

    func testParsingFromSeveralThreads() throws {
        let raw = rawBytes("""
            Subject: =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=
            From: =?gbk?b?1tDOxA==?= <a@example.org>
            Content-Type: text/plain; charset=iso-8859-2

            \u{0}
            """)
        let failures = ManagedCounter()
        DispatchQueue.concurrentPerform(iterations: 200) { _ in
            guard let message = try? Message.parse(raw) else { failures.increment(); return }
            if message.subject != "日本語" || message.from?.name != "中文" || message.textParts().count != 1 {
                failures.increment()
            }
        }
        XCTAssertEqual(failures.value, 0)
    }
}

/// A tiny deterministic generator (SplitMix64) for the fuzz test.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension HostileInputTests {
    func testLongAddressListsStayLinear() {
        let commas = String(repeating: "x, ", count: 50_000)
        XCTAssertNil(AddressParser.parseMailbox(commas))
        let groups = String(repeating: "g:", count: 50_000) + " a@example.org"
        XCTAssertEqual(AddressParser.parseMailbox(groups)?.address, "a@example.org")
        let semicolons = String(repeating: "x;", count: 50_000)
        XCTAssertEqual(AddressParser.parseMailbox(semicolons)?.address, "x")
    }
}
