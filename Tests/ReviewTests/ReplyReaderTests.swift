import Foundation
import Mail
@testable import Review
import XCTest

/// Which lines of a reply give trailers, read from whole messages as the scanner reads them.
final class ReplyReaderTests: XCTestCase {
    static let bob = "Bob Reviewer <bob@example.com>"

    func note(_ body: String, from: String = bob, headers: [String] = []) throws -> ReplyNote {
        let text = (["From: \(from)", "Subject: Re: [PATCH 1/2] x: y", "Message-ID: <r@example.com>",
                     "In-Reply-To: <p@example.com>", "Date: Sat, 01 Mar 2025 10:15:00 +0000"] + headers)
            .joined(separator: "\n") + "\n\n" + body
        let message = try Message.parse(Array(text.utf8))
        return ReplyReader.read(message, parent: message.inReplyTo, position: 7, commitTime: 0)
    }

    func given(_ body: String, from: String = bob, headers: [String] = []) throws -> [String] {
        try note(body, from: from, headers: headers).trailers.map { t in
            "\(t.kind.rawValue): \(t.name) <\(t.email)>" + (t.senderMatches ? "" : " (other)")
                + (t.only.map { " for " + $0.flatMap { Array($0) }.map(String.init).joined(separator: ",") } ?? "")
        }
    }

    func testTheReplyItself() throws {
        let reply = try note("Reviewed-by: Bob Reviewer <bob@example.com>\n")
        XCTAssertEqual(reply.messageID, "r@example.com")
        XCTAssertEqual(reply.parent, "p@example.com")
        XCTAssertEqual(reply.sender, Mailbox(name: "Bob Reviewer", address: "bob@example.com"))
        XCTAssertEqual(reply.date.seconds, 1740824100)
        XCTAssertEqual(reply.position, 7)
    }

    func testEveryKindOnItsOwnLineAnyCase() throws {
        XCTAssertEqual(try given("""
            Looks right.

            reviewed-by: Bob Reviewer <bob@example.com>
            ACKED-BY: Bob Reviewer <bob@example.com>
              Tested-by: Bob Reviewer <bob@example.com>
            Nacked-by: Bob Reviewer <bob@example.com>
            Suggested-by: Bob Reviewer <bob@example.com>
            Signed-off-by: Bob Reviewer <bob@example.com>
            """), [
                "Reviewed-by: Bob Reviewer <bob@example.com>", "Acked-by: Bob Reviewer <bob@example.com>",
                "Tested-by: Bob Reviewer <bob@example.com>", "Nacked-by: Bob Reviewer <bob@example.com>",
            ])
    }

    func testQuotedTextGivesNothing() throws {
        XCTAssertEqual(try given("""
            On Sat, Ann wrote:
            > Reviewed-by: Carol <carol@example.com>
            >> Acked-by: Dave <dave@example.com>
             > Tested-by: Erin <erin@example.com>

            Fine by me.
            """), [])
    }

    func testNothingBelowTheSignatureOrInACarriedPatch() throws {
        XCTAssertEqual(try given("Thanks\n-- \nReviewed-by: Bob Reviewer <bob@example.com>\n"), [])
        XCTAssertEqual(try given("Try this:\n\n---\n Reviewed-by: Bob Reviewer <bob@example.com>\n"), [])
        XCTAssertEqual(try given("Try this:\n\ndiff --git a/x b/x\n+Reviewed-by: Bob Reviewer <bob@example.com>\nReviewed-by: Bob Reviewer <bob@example.com>\n"), [])
        XCTAssertEqual(try given("Top-posted.\n\n-----Original Message-----\nReviewed-by: Bob Reviewer <bob@example.com>\n"), [])
        // Above them, the reply's own.
        XCTAssertEqual(try given("Acked-by: Bob Reviewer <bob@example.com>\n\n---\nReviewed-by: Bob Reviewer <bob@example.com>\n"),
                       ["Acked-by: Bob Reviewer <bob@example.com>"])
    }

    func testCRLFLines() throws {
        // A body sent as it is is read in place, line ends and all.
        XCTAssertEqual(try given("> Tested-by: Carol <carol@example.com>\r\nReviewed-by: Bob Reviewer <bob@example.com>\r\n"
                                 + "NAK\r\n-- \r\nAcked-by: Bob Reviewer <bob@example.com>\r\n"),
                       ["Reviewed-by: Bob Reviewer <bob@example.com>", "Nacked-by: Bob Reviewer <bob@example.com>"])
    }

    func testSomeoneElsesTrailerIsKeptAndMarked() throws {
        XCTAssertEqual(try given("Reviewed-by: Frank Offline <frank@example.com>\n"),
                       ["Reviewed-by: Frank Offline <frank@example.com> (other)"])
        // The same name from another address is the sender, as b4 has it.
        XCTAssertEqual(try given("Reviewed-by: Bob Reviewer <bob@work.example>\n"), ["Reviewed-by: Bob Reviewer <bob@work.example>"])
        // The address in any case is the sender's.
        XCTAssertEqual(try given("Acked-by: <BOB@example.com>\n", from: "bob@example.com"), ["Acked-by:  <BOB@example.com>"])
    }

    func testAValueWithoutAnAddressIsNoTrailer() throws {
        XCTAssertEqual(try given("Reviewed-by: Bob\nAcked-by: me\nTested-by: bob@localhost\n"), [])
    }

    func testBareAndWrappedForms() throws {
        XCTAssertEqual(try given("Reviewed-by: bob@example.com\n"), ["Reviewed-by:  <bob@example.com>"])
        XCTAssertEqual(try given("Reviewed-by: \"Reviewer, Bob\" <bob@example.com>\n"), ["Reviewed-by: Reviewer, Bob <bob@example.com>"])
        XCTAssertEqual(try given("Reviewed-by: Bob Reviewer\n<bob@example.com>\n"), ["Reviewed-by: Bob Reviewer <bob@example.com>"])
    }

    func testABareNakIsTheSenders() throws {
        for line in ["NAK", "Nack.", "NACK!", "  nak  "] {
            XCTAssertEqual(try given("> +\tspin_lock(&q->lock);\n\n\(line)\n\nThis deadlocks.\n"),
                           ["Nacked-by: Bob Reviewer <bob@example.com>"], line)
        }
        XCTAssertEqual(try given("NAK for now, see below.\n> NAK\n"), [])
    }

    func testForPatchesNarrows() throws {
        XCTAssertEqual(try given("For patches 1-3:\nReviewed-by: Bob Reviewer <bob@example.com>\nAcked-by: Bob Reviewer <bob@example.com>\n"), [
            "Reviewed-by: Bob Reviewer <bob@example.com> for 1,2,3", "Acked-by: Bob Reviewer <bob@example.com> for 1,2,3",
        ])
        XCTAssertEqual(try given("for 1-3 and 5\n\nReviewed-by: Bob Reviewer <bob@example.com>\n"),
                       ["Reviewed-by: Bob Reviewer <bob@example.com> for 1,2,3,5"])
        XCTAssertEqual(try given("Reviewed-by: Bob Reviewer <bob@example.com> # for 2,4\n"),
                       ["Reviewed-by: Bob Reviewer <bob@example.com> for 2,4"])
        XCTAssertEqual(try given("Reviewed-by: Bob Reviewer <bob@example.com> (for patch 6)\n"),
                       ["Reviewed-by: Bob Reviewer <bob@example.com> for 6"])
        // A sentence that starts with "for" names no patches.
        XCTAssertEqual(try given("For the series, looks fine.\nReviewed-by: Bob Reviewer <bob@example.com>\n"),
                       ["Reviewed-by: Bob Reviewer <bob@example.com>"])
        // Text between the phrase and the trailer ends it.
        XCTAssertEqual(try given("For 1-2:\nfine.\nReviewed-by: Bob Reviewer <bob@example.com>\n"),
                       ["Reviewed-by: Bob Reviewer <bob@example.com>"])
    }

    func testEncodedBodies() throws {
        // Base64 and a Latin-1 name: decoded before the lines are read.
        let latin1: [UInt8] = Array("Reviewed-by: Ren".utf8) + [0xE9] + Array(" Roux <rene@example.com>\n".utf8)
        let base64 = Data(latin1).base64EncodedString()
        XCTAssertEqual(try given(base64 + "\n", from: "Rene Roux <rene@example.com>",
                                 headers: ["MIME-Version: 1.0", "Content-Type: text/plain; charset=iso-8859-1",
                                           "Content-Transfer-Encoding: base64"]),
                       ["Reviewed-by: René Roux <rene@example.com>"])
        XCTAssertEqual(try given("Acked-by: Bob Reviewer =\n<bob@example.com>\n",
                                 headers: ["Content-Transfer-Encoding: quoted-printable"]),
                       ["Acked-by: Bob Reviewer <bob@example.com>"])
    }

    func testFlowedText() throws {
        // A soft line break (a line ending in a space) inside a trailer: the address is read on.
        XCTAssertEqual(try given("Reviewed-by: Bob Reviewer \n<bob@example.com>\n",
                                 headers: ["Content-Type: text/plain; charset=utf-8; format=flowed"]),
                       ["Reviewed-by: Bob Reviewer <bob@example.com>"])
    }

    func testOnlyTheFirstPlainTextPart() throws {
        let body = """
            --b
            Content-Type: text/plain; charset=utf-8

            Reviewed-by: Bob Reviewer <bob@example.com>
            --b
            Content-Type: text/x-patch

            Tested-by: Bob Reviewer <bob@example.com>
            --b--
            """
        XCTAssertEqual(try given(body, headers: ["MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=b"]),
                       ["Reviewed-by: Bob Reviewer <bob@example.com>"])
    }
}
