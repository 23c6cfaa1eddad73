@testable import Mail
import XCTest

/// Day numbers and dates, both ways, across leap days, centuries and the epoch.
final class CivilDateTests: XCTestCase {
    func testKnownDays() {
        XCTAssertEqual(CivilDate.days(year: 1970, month: 1, day: 1), 0)
        XCTAssertEqual(CivilDate.days(year: 1969, month: 12, day: 31), -1)
        XCTAssertEqual(CivilDate.days(year: 2000, month: 2, day: 29), 11_016)
        XCTAssertEqual(CivilDate.days(year: 2025, month: 11, day: 17), 20_409)
        XCTAssertEqual(CivilDate.days(year: 1, month: 1, day: 1), -719_162)
    }

    func testEveryDayRoundTrips() {
        var expected = (year: 1896, month: 1, day: 1)
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var days = CivilDate.days(year: 1896, month: 1, day: 1)
        while expected.year < 2105 {
            let date = CivilDate.date(days: days)
            XCTAssertTrue(date == expected, "\(days): \(date) is not \(expected)")
            XCTAssertEqual(CivilDate.days(year: date.year, month: date.month, day: date.day), days)
            let leap = expected.year % 4 == 0 && (expected.year % 100 != 0 || expected.year % 400 == 0)
            let length = expected.month == 2 && leap ? 29 : lengths[expected.month - 1]
            if expected.day < length {
                expected.day += 1
            } else if expected.month < 12 {
                expected = (expected.year, expected.month + 1, 1)
            } else {
                expected = (expected.year + 1, 1, 1)
            }
            days += 1
        }
    }
}
