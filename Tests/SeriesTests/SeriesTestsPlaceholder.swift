import XCTest

final class SeriesTestsPlaceholder: XCTestCase {}
