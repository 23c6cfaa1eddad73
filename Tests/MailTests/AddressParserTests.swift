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

    /// A name over `Mailbox.nameLimit` keeps its first bytes and "…"; the address is found as
    /// for any name.
    func testNameOfMegabytesIsCut() {
        let limit = Mailbox.nameLimit
        let quoted = parse("\"" + String(repeating: "N", count: 1 << 20) + "\" <jane@example.org>")
        XCTAssertEqual(quoted, Mailbox(name: String(repeating: "N", count: limit) + "…", address: "jane@example.org"))
        let word = parse(String(repeating: "W", count: 1 << 20) + " <jane@example.org>")
        XCTAssertEqual(word, Mailbox(name: String(repeating: "W", count: limit) + "…", address: "jane@example.org"))
        let words = parse(String(repeating: "Jo ", count: 100_000) + "<jane@example.org>")
        XCTAssertEqual(words?.address, "jane@example.org")
        XCTAssertEqual(words?.name.utf8.count, limit + "…".utf8.count)
        XCTAssertEqual(words?.name.hasPrefix("Jo Jo "), true)
    }

    /// A million words or comments are read one at a time and only the first and last are kept:
    /// the name is cut, a bare address at the end is still found.
    func testMillionWordsBeforeABareAddress() {
        let words = parse(String(repeating: "Jo ", count: 1_000_000) + "jane @ example.org")
        XCTAssertEqual(words?.address, "jane@example.org")
        XCTAssertEqual(words?.name.utf8.count, Mailbox.nameLimit + "…".utf8.count)
        let comments = parse("jane@example.org" + String(repeating: " (Jo)", count: 1_000_000))
        XCTAssertEqual(comments?.address, "jane@example.org")
        XCTAssertEqual(comments?.name.hasPrefix("Jo Jo "), true)
        XCTAssertEqual(comments?.name.hasSuffix("…"), true)
    }

    func testNameAtTheLimitIsKeptWhole() {
        let name = String(repeating: "n", count: Mailbox.nameLimit)
        XCTAssertEqual(parse("\"\(name)\" <a@b.example>"), Mailbox(name: name, address: "a@b.example"))
        XCTAssertEqual(parse("a@b.example (\(name))"), Mailbox(name: name, address: "a@b.example"))
    }

    /// The cut falls before a character, never inside its bytes.
    func testCutNameKeepsWholeCharacters() {
        for lead in 0..<3 {
            let value = "\"" + String(repeating: "a", count: lead) + String(repeating: "ł€", count: 1000) + "\" <a@b.example>"
            let name = parse(value)?.name ?? ""
            XCTAssertTrue(name.hasSuffix("…"), name)
            XCTAssertLessThanOrEqual(name.utf8.count, Mailbox.nameLimit + "…".utf8.count)
            XCTAssertGreaterThan(name.utf8.count, Mailbox.nameLimit - 3)
            XCTAssertFalse(name.contains("\u{FFFD}"), "a character was split")
        }
    }

    /// Comments nested megabytes deep: as the name of a bare address, cut; beside a name, ignored.
    func testNestedCommentsOfMegabytesAreCut() {
        let depth = 1 << 20
        let nested = String(repeating: "(", count: depth) + "c" + String(repeating: ")", count: depth)
        let bare = parse("jane@example.org " + nested)
        XCTAssertEqual(bare?.address, "jane@example.org")
        XCTAssertEqual(bare?.name, String(repeating: "(", count: Mailbox.nameLimit) + "…")
        XCTAssertEqual(parse("Jane Doe <jane@example.org> " + nested), Mailbox(name: "Jane Doe", address: "jane@example.org"))
    }

    /// An in-body `From:` line is read in place, as part of the body's text.
    func testMailboxFromPartOfAText() {
        let text = "From: Jane Doe <jane@example.org>\n\nBody"
        let line = text[text.index(text.startIndex, offsetBy: 6)..<text.firstIndex(of: "\n")!]
        XCTAssertEqual(AddressParser.parseMailbox(line), Mailbox(name: "Jane Doe", address: "jane@example.org"))
    }

    func testDeeplyNestedCommentsDoNotRecurse() {
        let value = String(repeating: "(", count: 100_000) + "x" + " a@example.org"
        // Unclosed: everything is comment, so only the fallback can find the address.
        XCTAssertEqual(parse(value)?.address, "a@example.org")
    }
}
