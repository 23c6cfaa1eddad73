import XCTest
import Archive
import FuzzChecks

/// The mbox fuzz check on hand-made files at the splitter's edges: every promise it makes
/// (same reads with a 4-byte buffer, write-and-read-back, resuming) holds on each.
final class MboxCheckTests: XCTestCase {
    /// mboxrd with the smallest buffer (control byte 0: 4 bytes), mboxo with a 10-byte one.
    private func check(_ file: String, file line: StaticString = #filePath, line number: UInt = #line) {
        for control: UInt8 in [0, 1, 12, 13, 255] {
            XCTAssertEqual(FuzzChecks.run(.mbox, [control] + Array(file.utf8)), [],
                           "control byte \(control)", file: line, line: number)
        }
    }

    func testQuotedFromLinesAndSentences() {
        check("""
            From a@example.org Mon Nov 20 12:34:56 2023
            Subject: one

            >From here the quoting starts
            >>From two deep
            From an unquoted sentence right after text

            From the start of a paragraph, no date
            
            From b@example.org Tue Nov 21 08:00:00 2023
            Subject: two

            body

            """)
    }

    func testCRLFAndLeadingBlankLines() {
        check("\r\n\nFrom a@example.org Mon Nov 20 12:34:56 2023\r\nSubject: x\r\n\r\nbody\r\n\r\n"
              + "From b@example.org Mon Nov 20 12:35:00 2023\r\n\r\n")
    }

    func testNoDateOnTheFirstLineAndNoFinalNewline() {
        check("From -\nSubject: x\n\nlast line without a newline")
    }

    func testDatesAtTheEdgesOfFourDigitYears() {
        check("From a Mon Jan  1 00:30:00 0001 +0100\n\nx\n\nFrom b Fri Dec 31 23:59:59 9999 -1200\n\ny\n")
    }

    func testLinesLongerThanTheSmallBuffers() {
        let long = String(repeating: "x", count: 300)
        check("From a@example.org Mon Nov 20 12:34:56 2023\n\(long)\n>>>>>>>>>>>>>>>>From \(long)\n\n"
              + "From b@example.org Mon Nov 20 12:34:56 2023\n\n\(long)")
    }

    /// A 64-byte buffer (control byte 120) cuts these lines where the next piece looks like a
    /// quoted From line, a blank line, a separator: pieces of a line are none of those.
    func testPiecesOfLongLinesAreNotLines() {
        let cut = String(repeating: "p", count: 64)
        let file = "From a@example.org Mon Nov 20 12:34:56 2023\n\n\(cut)>From x\n\(cut)\n\n"
            + "\(cut)From b Mon Nov 20 12:34:56 2023\n\(cut)>>From \n\n\(cut)\n\n"
        XCTAssertEqual(FuzzChecks.run(.mbox, [120] + Array(file.utf8)), [])
        XCTAssertEqual(FuzzChecks.run(.mbox, [121] + Array(file.utf8)), [])
        check(file)
    }

    func testNotAnMbox() {
        check("Subject: no From line\n\nbody\n")
        check("\u{1F}\u{8B}gzip")
    }

    func testEmptyMessagesBackToBack() {
        check("From a Mon Nov 20 12:34:56 2023\n\nFrom b Mon Nov 20 12:34:56 2023\n\n\n")
    }
}
