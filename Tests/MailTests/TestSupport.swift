import XCTest
@testable import Mail

/// Builds a message from readable text. `crlf` turns every LF into CRLF, as SMTP
/// delivers it.
func makeMessage(_ text: String, crlf: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws -> Message {
    try Message.parse(rawBytes(text, crlf: crlf))
}

func rawBytes(_ text: String, crlf: Bool = false) -> [UInt8] {
    let bytes = Array(text.utf8)
    guard crlf else { return bytes }
    var out: [UInt8] = []
    for byte in bytes {
        if byte == 0x0A { out.append(0x0D) }
        out.append(byte)
    }
    return out
}

/// Bytes of a hex string such as "c5 82" (spaces ignored).
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8.filter { $0 != 0x20 })
    return stride(from: 0, to: digits.count - 1, by: 2).map { i in
        UInt8(String(decoding: digits[i...(i + 1)], as: UTF8.self), radix: 16) ?? 0
    }
}

/// A message whose headers are `head` (LF-separated text) and whose body is
/// raw bytes, for bodies in legacy charsets.
func makeMessage(head: String, body: [UInt8]) throws -> Message {
    try Message.parse(Array((head + "\n\n").utf8) + body)
}

func assertThrows(_ expected: MailError, _ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertThrowsError(try Message.parse(bytes), file: file, line: line) { error in
        XCTAssertEqual(error as? MailError, expected, file: file, line: line)
    }
}
