import XCTest
@testable import Mail

final class MessageFieldsTests: XCTestCase {
    func testSubjectIsDecodedAndCollapsed() throws {
        let message = try makeMessage("Subject: Re: [PATCH] =?UTF-8?q?arm64=3A_fix_caf=C3=A9?=\n =?UTF-8?q?_handling?=\t  now\n\n")
        XCTAssertEqual(message.subject, "Re: [PATCH] arm64: fix café handling now")
    }

    func testAbsentSubjectIsEmpty() throws {
        XCTAssertEqual(try makeMessage("From: a@b\n\n").subject, "")
    }

    func testMessageIDForms() throws {
        XCTAssertEqual(try makeMessage("Message-ID: <abc.123@host.example>\n\n").messageID, "abc.123@host.example")
        XCTAssertEqual(try makeMessage("Message-Id:   <abc@host> (added by relay)\n\n").messageID, "abc@host")
        XCTAssertEqual(try makeMessage("Message-ID: bare-id@host\n\n").messageID, "bare-id@host")
        XCTAssertEqual(try makeMessage("Message-ID:\n <very-long-identifier@host>\n\n").messageID, "very-long-identifier@host")
        XCTAssertNil(try makeMessage("Message-ID: <>\n\n").messageID)
        XCTAssertNil(try makeMessage("Message-ID:   \n\n").messageID)
        XCTAssertNil(try makeMessage("Subject: none\n\n").messageID)
    }

    func testInReplyToTakesTheFirstIdentifier() throws {
        let mutt = try makeMessage("In-Reply-To: <20230105.GA123@host> (Jane's message of \"Thu, 5 Jan 2023\")\n\n")
        XCTAssertEqual(mutt.inReplyTo, "20230105.GA123@host")
        let two = try makeMessage("In-Reply-To: <first@host> <second@host>\n\n")
        XCTAssertEqual(two.inReplyTo, "first@host")
        let bare = try makeMessage("In-Reply-To: bare@host\n\n")
        XCTAssertEqual(bare.inReplyTo, "bare@host")
        XCTAssertNil(try makeMessage("Subject: x\n\n").inReplyTo)
    }

    func testReferencesInOrderAcrossFolds() throws {
        let message = try makeMessage("""
            References: <cover@host>
             <patch1@host>
            \t<reply@host><reply2@host>
            Subject: x

            """)
        XCTAssertEqual(message.references, ["cover@host", "patch1@host", "reply@host", "reply2@host"])
        XCTAssertEqual(try makeMessage("Subject: x\n\n").references, [])
    }

    func testDateField() throws {
        let message = try makeMessage("Date: Fri, 6 Jan 2023 02:48:00 +0100\n\n")
        XCTAssertEqual(message.date, MailDate(seconds: 1_672_969_680, offsetMinutes: 60))   // 01:48 UTC
        XCTAssertNil(try makeMessage("Date: someday\n\n").date)
        XCTAssertNil(try makeMessage("Subject: x\n\n").date)
    }

    func testFromIsTheWrittenFromNormally() throws {
        let message = try makeMessage("""
            From: =?UTF-8?q?Micha=C5=82=20Winiarski?= <michal.winiarski@intel.com>
            X-Original-From: Somebody Else <else@example.org>
            List-Post: <mailto:kvmarm@lists.example.org>

            """)
        let expected = Mailbox(name: "Michał Winiarski", address: "michal.winiarski@intel.com")
        XCTAssertEqual(message.from, expected)
        XCTAssertEqual(message.sender, expected)
    }

    func testDMARCViaRewritingUsesXOriginalFrom() throws {
        let message = try makeMessage("""
            From: Jane Developer via kvmarm <kvmarm@lists.example.org>
            X-Original-From: Jane Developer <jane@example.org>
            Reply-To: Jane Developer <jane@example.org>

            """)
        XCTAssertEqual(message.from, Mailbox(name: "Jane Developer", address: "jane@example.org"))
        XCTAssertEqual(message.sender, Mailbox(name: "Jane Developer via kvmarm", address: "kvmarm@lists.example.org"))
    }

    func testListAddressWithoutViaUsesXOriginalFrom() throws {
        let post = try makeMessage("""
            From: kvmarm@lists.example.org
            List-Post: <mailto:kvmarm@lists.example.org>
            X-Original-From: Jane <jane@example.org>

            """)
        XCTAssertEqual(post.from?.address, "jane@example.org")
        let listID = try makeMessage("""
            From: "Some List" <Linux-Foo@Lists.Example.org>
            List-Id: Discussion <linux-foo.lists.example.org>
            X-Original-From: Jane <jane@example.org>

            """)
        XCTAssertEqual(listID.from?.address, "jane@example.org")
    }

    func testViaRewritingFallsBackToReplyTo() throws {
        let message = try makeMessage("""
            From: Jane Developer via kvmarm <kvmarm@lists.example.org>
            Reply-To: <jane@example.org>
            List-Post: <mailto:kvmarm@lists.example.org>

            """)
        XCTAssertEqual(message.from, Mailbox(name: "Jane Developer", address: "jane@example.org"))
    }

    func testPersonalViaNameDoesNotTrustReplyTo() throws {
        // Not the list's address: a person whose name happens to contain "via".
        let message = try makeMessage("""
            From: Jane via Phone <jane@example.org>
            Reply-To: other@example.net
            List-Post: <mailto:kvmarm@lists.example.org>

            """)
        XCTAssertEqual(message.from, Mailbox(name: "Jane via Phone", address: "jane@example.org"))
    }

    func testViaWithoutAnyOriginalKeepsTheWrittenFrom() throws {
        let message = try makeMessage("From: Jane via kvmarm <kvmarm@lists.example.org>\n\n")
        XCTAssertEqual(message.from, Mailbox(name: "Jane via kvmarm", address: "kvmarm@lists.example.org"))
    }

    func testMissingFromFallsBackToXOriginalFrom() throws {
        XCTAssertEqual(try makeMessage("X-Original-From: a@example.org\n\n").from?.address, "a@example.org")
        XCTAssertNil(try makeMessage("Subject: anonymous\n\n").from)
        XCTAssertNil(try makeMessage("Subject: anonymous\n\n").sender)
    }
}
