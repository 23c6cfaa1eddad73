import XCTest
@testable import Mail

final class DateParserTests: XCTestCase {
    private let reference: Int64 = 1_672_951_705   // 2023-01-05 20:48:25 UTC

    private func assertDate(_ text: String, _ seconds: Int64, offset: Int = 0, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(DateParser.parse(text), MailDate(seconds: seconds, offsetMinutes: offset), text, file: file, line: line)
    }

    func testRFC5322() {
        assertDate("Thu, 5 Jan 2023 20:48:25 +0000", reference)
        assertDate("Thu, 05 Jan 2023 20:48:25 -0000", reference)
    }

    func testOffsetsAsWritten() {
        assertDate("Thu, 5 Jan 2023 21:48:25 +0100", reference, offset: 60)
        assertDate("Thu, 5 Jan 2023 15:18:25 -0530", reference, offset: -330)
        assertDate("Fri, 6 Jan 2023 05:48:25 +0900", reference, offset: 540)
    }

    func testVariants() {
        assertDate("5 Jan 2023 20:48:25 +0000", reference)
        assertDate("Thu,  5 Jan 2023 20:48:25 +0000", reference)
        assertDate("Thu,5 Jan 2023 20:48:25 +0000", reference)
        assertDate("thu, 5 jan 2023 20:48:25 +0000", reference)
        assertDate("Thu, 5 January 2023 20:48:25 +0000", reference)
        assertDate("Thu, 5 Jan 2023 20:48:25 +0000 (UTC)", reference)
        assertDate("Thu, 5 Jan 2023 20:48:25 +0000 (Coordinated (Universal) Time)", reference)
        assertDate("Thu, 5 Jan 2023 20:48 +0000", reference - 25)
        assertDate("Thu Jan  5 20:48:25 2023", reference)
        assertDate("Thu, 5 Jan 2023", 1_672_876_800)
        assertDate("Thu, 5-Jan-2023 20:48:25 GMT", reference)
        assertDate("Thu, 5 Jan 2023 08:48:25 PM +0000", reference)
    }

    func testShortYears() {
        assertDate("5 Jan 23 20:48:25 +0000", reference)
        assertDate("5 Jan 123 20:48:25 +0000", reference)
        assertDate("Fri, 31 Dec 99 23:59:59 +0000", 946_684_799)
        assertDate("Tue, 29 Feb 00 12:00:00 +0000", 951_825_600)
    }

    func testObsoleteZones() {
        assertDate("Thu, 5 Jan 2023 20:48:25 UT", reference)
        assertDate("Thu, 5 Jan 2023 20:48:25 GMT", reference)
        assertDate("Thu, 5 Jan 2023 15:48:25 EST", reference, offset: -300)
        assertDate("Thu, 5 Jan 2023 16:48:25 EDT", reference, offset: -240)
        assertDate("Thu, 5 Jan 2023 14:48:25 CST", reference, offset: -360)
        assertDate("Thu, 5 Jan 2023 15:48:25 CDT", reference, offset: -300)
        assertDate("Thu, 5 Jan 2023 13:48:25 MST", reference, offset: -420)
        assertDate("Thu, 5 Jan 2023 14:48:25 MDT", reference, offset: -360)
        assertDate("Thu, 5 Jan 2023 12:48:25 PST", reference, offset: -480)
        assertDate("Thu, 5 Jan 2023 13:48:25 pdt", reference, offset: -420)
        assertDate("Thu, 5 Jan 2023 20:48:25 Z", reference)
        assertDate("Thu, 5 Jan 2023 20:48:25 Q", reference)
        assertDate("Thu, 5 Jan 2023 20:48:25 XYZT", reference)
        assertDate("Thu, 5 Jan 2023 20:48:25", reference)
        assertDate("Thu, 5 Jan 2023 21:48:25 GMT+0100", reference, offset: 60)
        assertDate("Thu, 5 Jan 2023 15:48:25 -0500 (EST)", reference, offset: -300)
    }

    func testISOFallback() {
        assertDate("2023-01-05 20:48:25 +0000", reference)
        assertDate("2023-01-05T21:48:25+01:00", reference, offset: 60)
        assertDate("2023-01-05T20:48:25.123Z", reference)
    }

    func testEpochEdges() {
        assertDate("Thu, 1 Jan 1970 00:00:00 +0000", 0)
        assertDate("Wed, 31 Dec 1969 23:59:59 +0000", -1)
    }

    func testUnparseable() {
        for text in ["", "   ", "yesterday", "Thu, 5 Foo 2023 20:48:25 +0000", "Thu, 32 Jan 2023 20:48:25 +0000",
                     "Thu, 5 Jan 2023 25:48:25 +0000", "Thu, 5 Jan 2023 20:61:25 +0000", "Thu, 0 Jan 2023 10:00:00 +0000",
                     "Thu, 5 Jan 20230 20:48:25 +0000", "5 Jan", "Jan 2023", "01/05/2023",
                     "Thu, 99999999999999999999 Jan 2023 99999999999999:99999999999:999999999 +99999999"] {
            XCTAssertNil(DateParser.parse(text), text)
        }
    }

    func testMalformedZoneCountsAsUTC() {
        assertDate("Thu, 5 Jan 2023 20:48:25 +9999", reference)
    }

    func testOrdering() {
        let early = MailDate(seconds: 10, offsetMinutes: 120)
        let late = MailDate(seconds: 20, offsetMinutes: -60)
        XCTAssertLessThan(early, late)
        XCTAssertEqual([late, early].sorted(), [early, late])
        XCTAssertNotEqual(MailDate(seconds: 10, offsetMinutes: 0), MailDate(seconds: 10, offsetMinutes: 60))
        XCTAssertLessThan(MailDate(seconds: 10, offsetMinutes: 0), MailDate(seconds: 10, offsetMinutes: 60))
    }
}
