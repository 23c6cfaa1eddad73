import XCTest
@testable import Mail

final class AddressParserTests: XCTestCase {
    private func parse(_ value: String) -> Mailbox? { AddressParser.parseMailbox(value) }

    func testEncodedWordName() {
        XCTAssertEqual(parse("=?UTF-8?q?Micha=C5=82=20Winiarski?= <michal.winiarski@intel.com>"),
                       Mailbox(name: "Michał Winiarski", address: "michal.winiarski@intel.com"))
    }

    func testPlainNameAndAngleAddress() {
        XCTAssertEqual(parse("Marc Zyngier <maz@kernel.example>"), Mailbox(name: "Marc Zyngier", address: "maz@kernel.example"))
    }

    func testQuotedNameWithComma() {
        XCTAssertEqual(parse("\"Smith, John (ACME)\" <John.Smith@acme.example>"),
                       Mailbox(name: "Smith, John (ACME)", address: "John.Smith@acme.example"))
    }

    func testQuotedNameWithEscapes() {
        XCTAssertEqual(parse(#""Quoted \"esc\" Name \\ x" <a@b.example>"#), Mailbox(name: #"Quoted "esc" Name \ x"#, address: "a@b.example"))
    }

    func testEncodedWordInsideQuotes() {
        XCTAssertEqual(parse("\"=?UTF-8?q?Micha=C5=82?= Foo\" <a@b.example>"), Mailbox(name: "Michał Foo", address: "a@b.example"))
    }

    func testCommentIsTheName() {
        XCTAssertEqual(parse("jane@example.org (Jane Developer)"), Mailbox(name: "Jane Developer", address: "jane@example.org"))
        XCTAssertEqual(parse("jane@example.org (=?utf-8?q?J=C3=A4ne?=)"), Mailbox(name: "Jäne", address: "jane@example.org"))
    }

    func testCommentNextToANameIsIgnored() {
        XCTAssertEqual(parse("Jane (work) <jane@example.org>"), Mailbox(name: "Jane", address: "jane@example.org"))
    }

    func testBareAndBracketedAddresses() {
        XCTAssertEqual(parse("jane@example.org"), Mailbox(name: "", address: "jane@example.org"))
        XCTAssertEqual(parse("  <jane@example.org>  "), Mailbox(name: "", address: "jane@example.org"))
    }

    func testGroupsAndListsGiveTheFirstMailbox() {
        XCTAssertEqual(parse("Reviewers: Alice <alice@example.org>, bob@example.org;"),
                       Mailbox(name: "Alice", address: "alice@example.org"))
        XCTAssertEqual(parse("a@example.org, Bob <b@example.org>"), Mailbox(name: "", address: "a@example.org"))
        XCTAssertEqual(parse("undisclosed-recipients:;, Carol <c@example.org>"), Mailbox(name: "Carol", address: "c@example.org"))
        XCTAssertNil(parse("undisclosed-recipients:;"))
    }

    func testFoldingAndStrayWhitespace() {
        XCTAssertEqual(parse("  \"  John \t  Smith \"\r\n  < john@example.org >"), Mailbox(name: "John Smith", address: "john@example.org"))
        XCTAssertEqual(parse("John\n Smith <john@example.org>"), Mailbox(name: "John Smith", address: "john@example.org"))
    }

    func testUnquotedCommaInDisplayName() {
        XCTAssertEqual(parse("Last, First <first.last@example.org>"), Mailbox(name: "Last, First", address: "first.last@example.org"))
    }

    func testNameWithoutBracketsBeforeAddress() {
        XCTAssertEqual(parse("Jane Developer jane@example.org"), Mailbox(name: "Jane Developer", address: "jane@example.org"))
    }

    func testSpacesAroundAt() {
        XCTAssertEqual(parse("jane @ example.org"), Mailbox(name: "", address: "jane@example.org"))
    }

    func testSourceRouteAndMailtoAreRemoved() {
        XCTAssertEqual(parse("Jane <@relay.example:jane@example.org>")?.address, "jane@example.org")
        XCTAssertEqual(parse("Jane <mailto:jane@example.org>")?.address, "jane@example.org")
    }

    func testUnclosedConstructs() {
        XCTAssertEqual(parse("Jane <jane@example.org"), Mailbox(name: "Jane", address: "jane@example.org"))
        XCTAssertEqual(parse("\"Jane <jane@example.org>")?.address, "jane@example.org")
        XCTAssertEqual(parse("(Jane <jane@example.org>")?.address, "jane@example.org")
    }

    func testNothingToFind() {
        XCTAssertNil(parse(""))
        XCTAssertNil(parse("   \t"))
        XCTAssertNil(parse("Just A Name"))
        XCTAssertNil(parse("Name <>"))
        XCTAssertEqual(parse("MAILER-DAEMON"), Mailbox(name: "", address: "MAILER-DAEMON"))
    }

    func testDeeplyNestedCommentsDoNotRecurse() {
        let value = String(repeating: "(", count: 100_000) + "x" + " a@example.org"
        // Unclosed: everything is comment, so only the fallback can find the address.
        XCTAssertEqual(parse(value)?.address, "a@example.org")
    }
}
