import XCTest

final class MailTestsPlaceholder: XCTestCase {}
