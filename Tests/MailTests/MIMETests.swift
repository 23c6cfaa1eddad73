import XCTest
import Foundation
@testable import Mail

final class MIMETests: XCTestCase {
    func testSinglePartDefaultsToTextPlain() throws {
        let parts = try makeMessage("Subject: no mime\n\nhello\n").textParts()
        XCTAssertEqual(parts.count, 1)
        XCTAssertEqual(parts.first?.mimeType, "text/plain")
        XCTAssertNil(parts.first?.filename)
        XCTAssertEqual(parts.first?.text, "hello\n")
    }

    func testMalformedContentTypeMeansTextPlain() throws {
        let parts = try makeMessage("Content-Type: garbage\n\nhello").textParts()
        XCTAssertEqual(parts.map(\.mimeType), ["text/plain"])
    }

    func testSingleNonTextPartGivesNothing() throws {
        XCTAssertEqual(try makeMessage("Content-Type: application/pdf\n\n%PDF-1.4").textParts().count, 0)
        XCTAssertEqual(try makeMessage("Content-Type: image/png; name=\"x.png\"\n\nPNG").textParts().count, 0)
    }

    func testGitSendEmailUTF8Patch() throws {
        let message = try makeMessage("""
            From: Jane <jane@example.org>
            Subject: [PATCH] docs: fix café
            Content-Type: text/plain; charset=UTF-8
            Content-Transfer-Encoding: 8bit

            Reported-by: Michał <m@example.org>
            ---
            diff --git a/x b/x
            -old
            +new

            """)
        let part = try XCTUnwrap(message.textParts().first)
        XCTAssertEqual(part.text, "Reported-by: Michał <m@example.org>\n---\ndiff --git a/x b/x\n-old\n+new\n")
    }

    func testBase64ReencodedBody() throws {
        let text = "Signed-off-by: Jürgen <j@example.org>\r\n---\r\n+added line\r\n"
        let encoded = Data(text.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        let message = try makeMessage("""
            Subject: [PATCH] b4 relayed
            Content-Type: text/plain; charset="utf-8"
            Content-Transfer-Encoding: BASE64

            \(encoded)
            """)
        XCTAssertEqual(message.textParts().map(\.text), ["Signed-off-by: Jürgen <j@example.org>\n---\n+added line\n"])
    }

    func testQuotedPrintableLatin1Body() throws {
        let message = try makeMessage("""
            Content-Type: text/plain; charset=iso-8859-1
            Content-Transfer-Encoding: quoted-printable

            Gr=FC=DFe aus K=F6ln, this line is long enough that it was wrapped by=
             the mailer.
            """)
        XCTAssertEqual(message.textParts().first?.text, "Grüße aus Köln, this line is long enough that it was wrapped by the mailer.")
    }

    func testLatin1EightBitBody() throws {
        let message = try makeMessage(head: "Content-Type: text/plain; charset=\"ISO-8859-1\"\nContent-Transfer-Encoding: 8bit",
                                      body: hex("4a f6 72 67 0a"))
        XCTAssertEqual(message.textParts().first?.text, "Jörg\n")
    }

    func testISO2022JPBody() throws {
        let message = try makeMessage(head: "Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit",
                                      body: hex("1b 24 42 46 7c 4b 5c 38 6c 1b 28 42 0d 0a 61 0d 0a"))
        XCTAssertEqual(message.textParts().first?.text, "日本語\na\n")
    }

    func testGBKBase64Body() throws {
        let encoded = Data(hex("d6 d0 ce c4 b2 b9 b6 a1 0d 0a")).base64EncodedString()
        let message = try makeMessage("Content-Type: text/plain; charset=gbk\nContent-Transfer-Encoding: base64\n\n\(encoded)\n")
        XCTAssertEqual(message.textParts().first?.text, "中文补丁\n")
    }

    func testUTF16BodyLineEnds() throws {
        var body: [UInt8] = []
        for unit in "a\r\nb".utf16 { body.append(UInt8(unit & 0xFF)); body.append(UInt8(unit >> 8)) }
        let encoded = Data(body).base64EncodedString()
        let message = try makeMessage("Content-Type: text/plain; charset=utf-16le\nContent-Transfer-Encoding: base64\n\n\(encoded)\n")
        XCTAssertEqual(message.textParts().first?.text, "a\nb")
    }

    func testMuttPatchAttachment() throws {
        let message = try makeMessage("""
            From: Jane <jane@example.org>
            Subject: Re: [PATCH] fix
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="AbCdEfGh"
            Content-Disposition: inline

            --AbCdEfGh
            Content-Type: text/plain; charset=us-ascii
            Content-Disposition: inline

            Does this help?

            --AbCdEfGh
            Content-Type: text/x-diff; charset=us-ascii
            Content-Disposition: attachment; filename="0001-fix.patch"

            diff --git a/f b/f
            +x

            --AbCdEfGh--
            """)
        let parts = message.textParts()
        XCTAssertEqual(parts.map(\.mimeType), ["text/plain", "text/x-diff"])
        XCTAssertEqual(parts.map(\.filename), [nil, "0001-fix.patch"])
        XCTAssertEqual(parts.map(\.text), ["Does this help?\n", "diff --git a/f b/f\n+x\n"])
    }

    func testOutlookAlternativeKeepsPlainOnly() throws {
        let message = try makeMessage("""
            Content-Type: multipart/alternative;
            \tboundary="_000_DM6PR1101MB2345ABCDEF_"
            MIME-Version: 1.0

            --_000_DM6PR1101MB2345ABCDEF_
            Content-Type: text/plain; charset="Windows-1252"
            Content-Transfer-Encoding: quoted-printable

            =93Quoted=94 =96 that=92s it
            --_000_DM6PR1101MB2345ABCDEF_
            Content-Type: text/html; charset="Windows-1252"
            Content-Transfer-Encoding: quoted-printable

            <html><body>=93Quoted=94</body></html>
            --_000_DM6PR1101MB2345ABCDEF_--

            """, crlf: true)
        XCTAssertEqual(message.textParts().map(\.mimeType), ["text/plain"])
        XCTAssertEqual(message.textParts().first?.text, "“Quoted” – that’s it")
    }

    func testGmailAlternativeAndHTMLOnly() throws {
        let gmail = try makeMessage("""
            Content-Type: multipart/alternative; boundary="000000000000a1b2c3"

            --000000000000a1b2c3
            Content-Type: text/plain; charset="UTF-8"

            Thanks!
            --000000000000a1b2c3
            Content-Type: text/html; charset="UTF-8"

            <div dir="ltr">Thanks!</div>
            --000000000000a1b2c3--
            """)
        XCTAssertEqual(gmail.textParts().map(\.text), ["Thanks!"])
        let htmlOnly = try makeMessage("""
            Content-Type: multipart/alternative; boundary=b

            --b
            Content-Type: text/html

            <p>only html</p>
            --b--
            """)
        XCTAssertEqual(htmlOnly.textParts().map(\.mimeType), ["text/html"])
        XCTAssertEqual(htmlOnly.textParts().map(\.text), ["<p>only html</p>"])
    }

    func testMailmanFooterIsASecondPart() throws {
        let message = try makeMessage("""
            Content-Type: multipart/mixed; boundary="===============1234567890=="

            --===============1234567890==
            Content-Type: text/plain; charset="us-ascii"
            Content-Transfer-Encoding: 7bit

            The patch text.
            --===============1234567890==
            Content-Type: text/plain; charset="us-ascii"
            MIME-Version: 1.0
            Content-Transfer-Encoding: 7bit
            Content-Disposition: inline

            _______________________________________________
            kvmarm mailing list
            --===============1234567890==--
            """)
        XCTAssertEqual(message.textParts().map(\.text), ["The patch text.", "_______________________________________________\nkvmarm mailing list"])
    }

    func testNestedMultipartInDocumentOrder() throws {
        let message = try makeMessage("""
            Content-Type: multipart/mixed; boundary=outer

            preamble is ignored
            --outer
            Content-Type: multipart/alternative; boundary=inner

            --inner
            Content-Type: text/plain

            plain body
            --inner
            Content-Type: text/html

            <p>html body</p>
            --inner--
            --outer
            Content-Type: application/pdf; name="spec.pdf"
            Content-Disposition: attachment; filename="spec.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --outer
            Content-Type: text/x-patch; name="0001-a.patch"
            Content-Disposition: attachment

            +patch
            --outer--
            epilogue is ignored
            """)
        let parts = message.textParts()
        XCTAssertEqual(parts.map(\.mimeType), ["text/plain", "text/x-patch"])
        XCTAssertEqual(parts.map(\.text), ["plain body", "+patch"])
        XCTAssertEqual(parts.last?.filename, "0001-a.patch")
    }

    func testPGPSignedMessage() throws {
        let message = try makeMessage("""
            Content-Type: multipart/signed; micalg=pgp-sha256;
            \tprotocol="application/pgp-signature"; boundary="sig"

            --sig
            Content-Type: text/plain; charset=us-ascii
            Content-Disposition: inline

            Acked-by: Somebody <s@example.org>

            --sig
            Content-Type: application/pgp-signature; name="signature.asc"

            -----BEGIN PGP SIGNATURE-----
            --sig--
            """)
        XCTAssertEqual(message.textParts().map(\.text), ["Acked-by: Somebody <s@example.org>\n"])
    }

    func testPatchesMislabelledAsApplicationTypes() throws {
        let message = try makeMessage("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: application/octet-stream; name="0001-fix.PATCH"
            Content-Transfer-Encoding: base64

            K2ZpeA==
            --b
            Content-Type: application/octet-stream; name="config.gz"
            Content-Transfer-Encoding: base64

            H4sI
            --b
            Content-Type: application/x-patch

            +other
            --b--
            """)
        XCTAssertEqual(message.textParts().map(\.mimeType), ["application/octet-stream", "application/x-patch"])
        XCTAssertEqual(message.textParts().map(\.text), ["+fix", "+other"])
    }

    func testParameterForms() throws {
        let message = try makeMessage("""
            Content-Type: multipart/mixed; BOUNDARY = "b b" ; x="y;z"

            --b b
            Content-Type: TEXT/X-Patch; NAME=plain-name.patch
            Content-Disposition: attachment; filename*=UTF-8''caf%C3%A9.patch

            one
            --b b
            Content-Type: text/plain; name*0*=iso-8859-1'de'J%F6rg; name*1=".txt"

            two
            --b b
            Content-Type: text/plain; name="=?UTF-8?Q?Micha=C5=82.txt?="

            three
            --b b
            Content-Type: text/plain; charset="utf\\-8"; name="a \\"quoted\\" name"

            four
            --b b--
            """)
        let parts = message.textParts()
        XCTAssertEqual(parts.map(\.mimeType), ["text/x-patch", "text/plain", "text/plain", "text/plain"])
        XCTAssertEqual(parts.map(\.filename), ["café.patch", "Jörg.txt", "Michał.txt", "a \"quoted\" name"])
        XCTAssertEqual(parts.map(\.text), ["one", "two", "three", "four"])
    }

    func testFormatFlowed() throws {
        // Trailing spaces matter here, so the lines are spelled out.
        let body = [
            "This paragraph was wrapped ",
            "by the mailer and ",
            "comes back whole.",
            "> quoted text that ",
            "> continues",
            " From stuffed",
            "-- ",
            "sig",
        ].joined(separator: "\n")
        let message = try makeMessage("Content-Type: text/plain; charset=utf-8; format=flowed\n\n" + body)
        XCTAssertEqual(message.textParts().first?.text, [
            "This paragraph was wrapped by the mailer and comes back whole.",
            "> quoted text that continues",
            "From stuffed",
            "-- ",
            "sig",
        ].joined(separator: "\n"))
    }

    func testFormatFlowedDelSp() throws {
        let body = "a sentence with a  \nsplit wo \nrd\n"
        let message = try makeMessage("Content-Type: text/plain; format=\"Flowed\"; DelSp=yes\n\n" + body)
        XCTAssertEqual(message.textParts().first?.text, "a sentence with a split word\n")
        let withoutDelSp = try makeMessage("Content-Type: text/plain; format=flowed\n\n" + body)
        XCTAssertEqual(withoutDelSp.textParts().first?.text, "a sentence with a  split wo rd\n")
    }

    func testNotFlowedKeepsTrailingSpaces() throws {
        let message = try makeMessage("Content-Type: text/plain\n\n+trailing \nnext\n")
        XCTAssertEqual(message.textParts().first?.text, "+trailing \nnext\n")
    }

    func testMissingBoundaryParameterMeansOnePlainPart() throws {
        let message = try makeMessage("Content-Type: multipart/mixed\n\n--x\nContent-Type: text/html\n\nbody\n--x--\n")
        XCTAssertEqual(message.textParts().map(\.mimeType), ["text/plain"])
        XCTAssertEqual(message.textParts().first?.text, "--x\nContent-Type: text/html\n\nbody\n--x--\n")
    }

    func testWrongBoundaryMeansOnePlainPart() throws {
        let message = try makeMessage("Content-Type: multipart/mixed; boundary=nope\n\n--x\n\nbody\n--x--\n")
        XCTAssertEqual(message.textParts().map(\.text), ["--x\n\nbody\n--x--\n"])
    }

    func testMissingClosingBoundary() throws {
        let message = try makeMessage("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            first
            --b
            Content-Type: text/x-patch

            +the patch runs to the end

            """)
        XCTAssertEqual(message.textParts().map(\.text), ["first", "+the patch runs to the end\n"])
    }

    func testBoundaryPrefixLinesAreNotDelimiters() throws {
        let message = try makeMessage("""
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: text/plain

            --bc is not a delimiter
            --b trailing words are not one either
            --b--
            """)
        XCTAssertEqual(message.textParts().map(\.text), ["--bc is not a delimiter\n--b trailing words are not one either"])
    }

    func testPartWithoutHeaders() throws {
        let message = try makeMessage("Content-Type: multipart/mixed; boundary=b\n\n--b\n\nno headers here\n--b\nnot a header line\n--b--\n")
        XCTAssertEqual(message.textParts().map(\.text), ["no headers here", "not a header line"])
    }

    func testDeepNestingStopsAtTheBound() throws {
        func nested(_ depth: Int) -> String {
            var text = "Content-Type: multipart/mixed; boundary=b0\n\n"
            for level in 1..<depth {
                text += "--b\(level - 1)\nContent-Type: multipart/mixed; boundary=b\(level)\n\n"
            }
            text += "--b\(depth - 1)\nContent-Type: text/plain\n\ninnermost\n"
            return text
        }
        XCTAssertEqual(try makeMessage(nested(20)).textParts().map(\.text), ["innermost\n"])
        XCTAssertEqual(try makeMessage(nested(MIMEWalker.maxDepth)).textParts().map(\.text), ["innermost\n"])
        XCTAssertEqual(try makeMessage(nested(MIMEWalker.maxDepth + 1)).textParts().count, 0)
        XCTAssertEqual(try makeMessage(nested(100)).textParts().count, 0)
    }
}
