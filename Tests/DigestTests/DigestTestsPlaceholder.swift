import XCTest

final class DigestTestsPlaceholder: XCTestCase {}
