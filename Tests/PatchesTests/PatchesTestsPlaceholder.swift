import XCTest

final class PatchesTestsPlaceholder: XCTestCase {}
