import Digest
import Mail
import XCTest

final class DateTextTests: XCTestCase {
    func testISOKeepsTheWritersOffset() {
        XCTAssertEqual(DateText.iso(MailDate(seconds: 1_763_374_500, offsetMinutes: 60)), "2025-11-17T11:15:00+01:00")
        XCTAssertEqual(DateText.iso(MailDate(seconds: 1_763_374_500, offsetMinutes: -480)), "2025-11-17T02:15:00-08:00")
        XCTAssertEqual(DateText.iso(MailDate(seconds: 0, offsetMinutes: 0)), "1970-01-01T00:00:00+00:00")
        XCTAssertEqual(DateText.iso(MailDate(seconds: 951_782_400, offsetMinutes: 0)), "2000-02-29T00:00:00+00:00")
    }

    func testCommandLineDates() {
        let now: Int64 = 1_763_374_500
        XCTAssertEqual(DateText.parse("2025-11-17", now: now), 1_763_337_600)
        XCTAssertEqual(DateText.parse("2025-11-17T10:15", now: now), 1_763_374_500)
        XCTAssertEqual(DateText.parse("2025-11-17 11:15:00+01:00", now: now), 1_763_374_500)
        XCTAssertEqual(DateText.parse("2025-11-17T10:15:00Z", now: now), 1_763_374_500)
        XCTAssertEqual(DateText.parse("@1763374500", now: now), 1_763_374_500)
        XCTAssertEqual(DateText.parse("2 days ago", now: now), now - 2 * 86_400)
        XCTAssertEqual(DateText.parse("1 week ago", now: now), now - 604_800)
        XCTAssertEqual(DateText.parse("yesterday", now: now), now - 86_400)
        for bad in ["", "2025-13-01", "2025-11-17T25:00", "17 Nov 2025", "2025-11-17x", "many days ago", "2025-11-17+5"] {
            XCTAssertNil(DateText.parse(bad, now: now), bad)
        }
        XCTAssertEqual(DateText.day(1_763_374_500), "2025-11-17")
    }
}
