import Mail
import XCTest
@testable import Patches

final class InBodyHeadersTests: XCTestCase {
    private func parse(_ text: String) -> (headers: InBodyHeaders, rest: String) {
        let (headers, rest) = InBodyHeaders.parse(Substring(text))
        return (headers, String(rest))
    }

    func testFromLineNamesTheAuthor() {
        let (headers, rest) = parse("""
            From: Fred Griffoul <fgriffo@amazon.co.uk>

            Mark the APIC access page dirty when syncing vmcs12 pages.

            Signed-off-by: Fred Griffoul <fgriffo@amazon.co.uk>
            """)
        XCTAssertEqual(headers.from?.address, "fgriffo@amazon.co.uk")
        XCTAssertEqual(headers.from?.name, "Fred Griffoul")
        XCTAssertNil(headers.subject)
        XCTAssertNil(headers.date)
        XCTAssertTrue(rest.hasPrefix("Mark the APIC access page dirty"))
    }

    func testLeadingBlankLinesAreSkipped() {
        let (headers, rest) = parse("\n\n  \nFrom: Jason Gunthorpe <jgg@nvidia.com>\n\nCurrently the P2PDMA code\n")
        XCTAssertEqual(headers.from?.address, "jgg@nvidia.com")
        XCTAssertEqual(rest, "Currently the P2PDMA code\n")
    }

    func testAllThreeHeadersAnyCaseAnyOrder() {
        let (headers, rest) = parse("""
            subject: [PATCH] KVM: x86: the real title
            DATE: Tue, 4 Nov 2025 10:00:00 +0000
            from: Jane Roe <jane@example.org>

            Body.
            """)
        XCTAssertEqual(headers.subject, "[PATCH] KVM: x86: the real title")
        XCTAssertEqual(headers.date, "Tue, 4 Nov 2025 10:00:00 +0000")
        XCTAssertEqual(headers.from?.address, "jane@example.org")
        XCTAssertEqual(rest, "Body.")
    }

    func testFoldedContinuationLines() {
        let (headers, rest) = parse("From: Jane Roe\n <jane@example.org>\nSubject: a long\n\tsubject line\n\nBody\n")
        XCTAssertEqual(headers.from?.address, "jane@example.org")
        XCTAssertEqual(headers.subject, "a long subject line")
        XCTAssertEqual(rest, "Body\n")
    }

    /// An author "name" of megabytes is cut to `Mailbox.nameLimit`; the author is still found,
    /// folded or not.
    func testFromLineWithAHugeNameNamesTheAuthor() {
        let name = String(repeating: "N", count: 1 << 20)
        for from in ["From: \"\(name)\" <jane@example.org>", "From: \"\(name)\"\n <jane@example.org>"] {
            let (headers, rest) = parse(from + "\n\nBody\n")
            XCTAssertEqual(headers.from?.address, "jane@example.org")
            XCTAssertEqual(headers.from?.name, String(repeating: "N", count: Mailbox.nameLimit) + "…")
            XCTAssertEqual(rest, "Body\n")
        }
    }

    /// A value folded over many lines grows in place: joined anew at each line, 200,000 lines
    /// would copy tens of gigabytes.
    func testValueFoldedOverManyLinesIsJoinedInLinearTime() {
        let (headers, rest) = parse("From: Jane\n" + String(repeating: " x\n", count: 200_000) + " <jane@example.org>\n\nBody")
        XCTAssertEqual(headers.from?.address, "jane@example.org")
        XCTAssertEqual(headers.from?.name.hasPrefix("Jane x x "), true)
        XCTAssertEqual(rest, "Body")
    }

    func testNoBlockLeavesTheTextUnchanged() {
        let text = "\nKVM: do the thing.\n\nFrom: this is not a header block\n"
        let (headers, rest) = parse(text)
        XCTAssertEqual(headers, InBodyHeaders())
        XCTAssertEqual(rest, text)
    }

    /// Decision (git's rule, seen in real patches): the blank line after the block may be missing.
    func testBlockEndsAtTheFirstTextLineWithoutABlankLine() {
        let (headers, rest) = parse("From: Jane Roe <jane@example.org>\nIn some cases the clock source is needed.\n")
        XCTAssertEqual(headers.from?.address, "jane@example.org")
        XCTAssertEqual(rest, "In some cases the clock source is needed.\n")
    }

    func testRepeatedHeaderEndsTheBlock() {
        // A stable backport: the backporter's From, then the original author's From in the text.
        let (headers, rest) = parse("From: Greg Example <greg@example.org>\n\nFrom: A <a@example.org>\n\nCommit 0123 upstream.\n")
        XCTAssertEqual(headers.from?.address, "greg@example.org")
        XCTAssertEqual(rest, "From: A <a@example.org>\n\nCommit 0123 upstream.\n")

        let (twice, after) = parse("From: A <a@example.org>\nFrom: B <b@example.org>\n\nBody\n")
        XCTAssertEqual(twice.from?.address, "a@example.org")
        XCTAssertEqual(after, "From: B <b@example.org>\n\nBody\n")
    }

    func testOtherHeaderNamesAreNotInBodyHeaders() {
        let text = "Reviewed-by: A <a@example.org>\n\nBody\n"
        XCTAssertEqual(parse(text).rest, text)
        let spaced = "From : A <a@example.org>\n\nBody\n"
        XCTAssertEqual(parse(spaced).rest, spaced)
    }

    func testBlockAtTheEndOfTheText() {
        let (headers, rest) = parse("From: Jane Roe <jane@example.org>")
        XCTAssertEqual(headers.from?.address, "jane@example.org")
        XCTAssertEqual(rest, "")
    }

    func testUnreadableFromStillEndsTheBlock() {
        let (headers, rest) = parse("From:\n\nBody\n")
        XCTAssertNil(headers.from)
        XCTAssertEqual(rest, "Body\n")
    }

    func testEmptyAndBlankTexts() {
        XCTAssertEqual(parse("").rest, "")
        XCTAssertEqual(parse("\n\n").rest, "\n\n")
        XCTAssertEqual(parse("\n\n").headers, InBodyHeaders())
    }

    func testRestIsASliceOfTheInput() {
        let text = Substring("From: A <a@example.org>\n\nBody")
        let (_, rest) = InBodyHeaders.parse(text)
        XCTAssertEqual(rest.endIndex, text.endIndex)
        XCTAssertEqual(text[rest.startIndex...], "Body")
    }
}
