import XCTest
@testable import Mail

final class MessageParseTests: XCTestCase {
    let sendEmail = """
        From: Jane Developer <jane@example.org>
        To: kvmarm@lists.example.org
        Cc: Marc Maintainer <maz@example.org>,
        \tOliver Reviewer <oliver@example.org>
        Subject: [PATCH v3 2/4] KVM: arm64: Tidy up the vgic init path
        Date: Thu,  5 Jan 2023 20:48:25 +0000
        Message-Id: <20230105204825.1234-3-jane@example.org>
        X-Mailer: git-send-email 2.39.0
        In-Reply-To: <20230105204825.1234-1-jane@example.org>
        References: <20230105204825.1234-1-jane@example.org>
        MIME-Version: 1.0
        Content-Transfer-Encoding: 8bit

        The init path takes the lock twice.

        Signed-off-by: Jane Developer <jane@example.org>
        ---
         arch/arm64/kvm/vgic/vgic-init.c | 2 +-
        """

    func testGitSendEmailFields() throws {
        let message = try makeMessage(sendEmail)
        XCTAssertEqual(message.subject, "[PATCH v3 2/4] KVM: arm64: Tidy up the vgic init path")
        XCTAssertEqual(message.header("x-mailer"), "git-send-email 2.39.0")
        XCTAssertEqual(message.header("Cc"), "Marc Maintainer <maz@example.org>,\tOliver Reviewer <oliver@example.org>")
        XCTAssertEqual(message.messageID, "20230105204825.1234-3-jane@example.org")
        XCTAssertEqual(message.inReplyTo, "20230105204825.1234-1-jane@example.org")
        XCTAssertEqual(message.references, ["20230105204825.1234-1-jane@example.org"])
        XCTAssertEqual(message.date, MailDate(seconds: 1_672_951_705, offsetMinutes: 0))
        XCTAssertEqual(message.from, Mailbox(name: "Jane Developer", address: "jane@example.org"))
        XCTAssertNil(message.header("Reply-To"))
        let body = "The init path takes the lock twice.\n\nSigned-off-by: Jane Developer <jane@example.org>\n---\n arch/arm64/kvm/vgic/vgic-init.c | 2 +-"
        XCTAssertEqual(message.bodyByteCount, body.utf8.count)
    }

    func testFoldedSubjectComesOutWhole() throws {
        let message = try makeMessage("""
            Subject: [PATCH v3 0/4] vfio: selftests: update DMA mapping tests to use
             queried IOVA ranges
            From: a@example.org

            body
            """)
        XCTAssertEqual(message.subject, "[PATCH v3 0/4] vfio: selftests: update DMA mapping tests to use queried IOVA ranges")
        XCTAssertEqual(message.header("Subject"), "[PATCH v3 0/4] vfio: selftests: update DMA mapping tests to use queried IOVA ranges")
    }

    func testTabFoldedSubjectCollapsesToOneSpace() throws {
        let message = try makeMessage("Subject: Re: [PATCH] arm64: fix\n\tthe\t\tthing  \n\nx", crlf: true)
        XCTAssertEqual(message.subject, "Re: [PATCH] arm64: fix the thing")
    }

    func testUnfoldingKeepsTheFoldingWhitespace() throws {
        let message = try makeMessage("X-Long: a\n  b\n\tc\nSubject: s\n\n")
        XCTAssertEqual(message.header("X-Long"), "a  b\tc")
    }

    func testCRLFMessage() throws {
        let message = try makeMessage("""
            From: Outlook User <user@example.com>
            Subject: Re: [PATCH] folded
             over CRLF
            Message-ID: <abc@example.com>

            line one
            line two

            """, crlf: true)
        XCTAssertEqual(message.header("Subject"), "Re: [PATCH] folded over CRLF")
        XCTAssertEqual(message.messageID, "abc@example.com")
        XCTAssertEqual(message.textParts().map(\.text), ["line one\nline two\n"])
        XCTAssertEqual(message.bodyByteCount, "line one\r\nline two\r\n".utf8.count)
    }

    func testHeaderLookupIsCaseInsensitiveAndHeadersKeepsOrder() throws {
        let message = try makeMessage("""
            Received: from a by b
            received: from c
             by d
            RECEIVED: from e
            Subject: x

            """)
        XCTAssertEqual(message.headers("Received"), ["from a by b", "from c by d", "from e"])
        XCTAssertEqual(message.header("rEcEiVeD"), "from a by b")
        XCTAssertEqual(message.headers("X-Missing"), [])
        XCTAssertNil(message.header("Receive"))
    }

    func testHeaderIsTrimmedButNotDecoded() throws {
        let message = try makeMessage("Subject:   =?utf-8?q?caf=C3=A9?=  \t\n\n")
        XCTAssertEqual(message.header("Subject"), "=?utf-8?q?caf=C3=A9?=")
        XCTAssertEqual(message.subject, "café")
    }

    func testObsoleteWhitespaceBeforeColon() throws {
        let message = try makeMessage("Subject : spaced\nFrom: a@b\n\n")
        XCTAssertEqual(message.header("Subject"), "spaced")
    }

    func testEmptyFieldValue() throws {
        let message = try makeMessage("Subject:\nX-Empty:   \nFrom: a@b\n\n")
        XCTAssertEqual(message.header("Subject"), "")
        XCTAssertEqual(message.subject, "")
        XCTAssertEqual(message.header("X-Empty"), "")
    }

    func testMboxFromLineIsSkipped() throws {
        let message = try makeMessage("From jane@example.org Thu Jan  5 20:48:25 2023\nFrom: jane@example.org\nSubject: mbox\n\nbody\n")
        XCTAssertEqual(message.subject, "mbox")
        XCTAssertEqual(message.sender?.address, "jane@example.org")
    }

    func testLeadingLineBreaksAreTolerated() throws {
        let message = try makeMessage("\r\n\nSubject: late start\n\nbody")
        XCTAssertEqual(message.subject, "late start")
        XCTAssertEqual(message.bodyByteCount, 4)
    }

    func testMessageWithoutBlankLineIsAllHeaders() throws {
        let message = try makeMessage("Subject: only headers\nFrom: a@b")
        XCTAssertEqual(message.bodyByteCount, 0)
        XCTAssertEqual(message.header("From"), "a@b")
        XCTAssertEqual(message.textParts().map(\.text), [""])
    }

    func testBodyStartsAtFirstNonFieldLineWhenBlankLineIsMissing() throws {
        let message = try makeMessage("Subject: forgot the blank line\nthis is the body\n")
        XCTAssertEqual(message.subject, "forgot the blank line")
        XCTAssertEqual(message.bodyByteCount, "this is the body\n".utf8.count)
        XCTAssertEqual(message.textParts().first?.text, "this is the body\n")
    }

    func testEmptyAndWhitespaceOnlyInputThrowEmpty() {
        assertThrows(.empty, [])
        assertThrows(.empty, Array(" \r\n\t\n".utf8))
    }

    func testNonHeaderFirstLineThrowsNoHeaders() {
        assertThrows(.noHeaders, Array("Hello there, this is not a header\nSubject: x\n\nbody".utf8))
        assertThrows(.noHeaders, Array("\n\njust a body".utf8))
        assertThrows(.noHeaders, Array(": no name\n\n".utf8))
        assertThrows(.noHeaders, Array("From someone only an mbox line\n".utf8))
    }

    func testTooLarge() {
        let bytes = Array("Subject: x\n\n0123456789".utf8)
        XCTAssertThrowsError(try Message.parse(bytes, maxSize: 10)) { error in
            XCTAssertEqual(error as? MailError, .tooLarge(bytes.count))
        }
        XCTAssertNoThrow(try Message.parse(bytes, maxSize: bytes.count))
    }

    func testErrorReasonsAreShortDistinctLines() {
        let reasons = [MailError.empty, .noHeaders, .tooLarge(99)].map(\.reason)
        XCTAssertEqual(Set(reasons).count, 3)
        for reason in reasons {
            XCTAssertFalse(reason.isEmpty)
            XCTAssertFalse(reason.contains("\n"))
        }
        XCTAssertTrue(MailError.tooLarge(99).reason.contains("99"))
    }

    func testInvalidUTF8HeaderIsReadAsWindows1252() throws {
        let head = Array("Subject: caf".utf8) + [0xE9, 0x20, 0x93] + Array("quoted".utf8) + [0x94, 0x0A, 0x0A]
        let message = try Message.parse(head)
        XCTAssertEqual(message.subject, "café “quoted”")
    }

    func testValidUTF8HeaderIsKeptAsIs() throws {
        let message = try makeMessage("Subject: Grüße aus Köln\nFrom: Łukasz <l@example.pl>\n\n")
        XCTAssertEqual(message.subject, "Grüße aus Köln")
        XCTAssertEqual(message.from?.name, "Łukasz")
    }
}
