@testable import Digest
import XCTest

/// The content hash that tells two readings of a message apart.
final class ContentHashTests: XCTestCase {
    private func hex(_ text: String) -> String { ContentHash.hex(Array(text.utf8)) }

    func testFNV1a128ReferenceValues() {
        XCTAssertEqual(hex(""), "6c62272e07bb014262b821756295c58d")
        XCTAssertEqual(hex("a"), "d228cb696f1a8caf78912b704e4a8964")
        XCTAssertEqual(hex("foobar"), "343e1662793c64bf6f0d3597ba446f18")
    }

    /// What a mail client writes into a message it keeps is not content; anything else is.
    func testClientHeadersAreNotContent() {
        let plain = "From: a@example.com\nSubject: [PATCH] x\nMessage-ID: <x@example.com>\n\nStatus: body text\n"
        let opened = "From: a@example.com\nStatus: RO\nX-Status: A\nSubject: [PATCH] x\nX-Keywords: one,\n two\n"
            + "Message-ID: <x@example.com>\nContent-Length: 18\n\nStatus: body text\n"
        XCTAssertEqual(hex(opened), hex(plain))
        XCTAssertEqual(hex(opened.replacingOccurrences(of: "\n", with: "\r\n")), hex(plain.replacingOccurrences(of: "\n", with: "\r\n")))
        XCTAssertNotEqual(hex(plain.replacingOccurrences(of: "[PATCH] x", with: "[PATCH] y")), hex(plain))
        XCTAssertNotEqual(hex(plain.replacingOccurrences(of: "Status: body text", with: "body text")), hex(plain))
        XCTAssertNotEqual(hex(plain + "more\n"), hex(plain))
    }
}
