import XCTest

final class ArchiveTestsPlaceholder: XCTestCase {}
