import XCTest
@testable import Mail

final class TransferEncodingTests: XCTestCase {
    private func base64(_ text: String) -> String {
        String(decoding: Base64.decode(Array(text.utf8)), as: UTF8.self)
    }

    private func qp(_ text: String) -> String {
        String(decoding: QuotedPrintable.decode(Array(text.utf8)[...]), as: UTF8.self)
    }

    func testBase64() {
        XCTAssertEqual(base64("SGVsbG8sIHdvcmxkIQ=="), "Hello, world!")
        XCTAssertEqual(base64("SGVsbG8s\r\nIHdvcmxk\nIQ=="), "Hello, world!")
        XCTAssertEqual(base64(""), "")
    }

    func testBase64MissingPaddingAndTruncation() {
        XCTAssertEqual(base64("SGVsbG8sIHdvcmxkIQ"), "Hello, world!")
        XCTAssertEqual(base64("SGVsbG8sIHdvcmxkI"), "Hello, world")   // a lone sextet holds no whole byte
        XCTAssertEqual(base64("SGVsbG"), "Hell")
    }

    func testBase64SkipsInvalidCharacters() {
        XCTAssertEqual(base64("SGV*sb G8!\t"), "Hello")
        XCTAssertEqual(base64("!!!"), "")
    }

    func testConcatenatedBase64Blocks() {
        XCTAssertEqual(base64("SGk=SGk="), "HiHi")
        XCTAssertEqual(base64("YQ==\nYg=="), "ab")
    }

    func testQuotedPrintable() {
        XCTAssertEqual(qp("caf=C3=A9 =e2=82=ac"), "café €")
        XCTAssertEqual(qp("a=3Db"), "a=b")
    }

    func testQuotedPrintableSoftBreaks() {
        XCTAssertEqual(qp("long li=\nne"), "long line")
        XCTAssertEqual(qp("long li=\r\nne"), "long line")
        XCTAssertEqual(qp("long li=  \t\nne"), "long line")
        XCTAssertEqual(qp("hard\nbreak"), "hard\nbreak")
    }

    func testQuotedPrintableInvalidAndTruncated() {
        XCTAssertEqual(qp("x=ZZy"), "x=ZZy")
        XCTAssertEqual(qp("2+2=4"), "2+2=4")
        XCTAssertEqual(qp("end="), "end")
        XCTAssertEqual(qp("end=4"), "end=4")
        XCTAssertEqual(qp("=="), "=")
    }

    func testQEncodingUnderscore() {
        XCTAssertEqual(String(decoding: QEncoding.decode(Array("a_b=5Fc=".utf8)[...]), as: UTF8.self), "a b_c=")
    }
}
