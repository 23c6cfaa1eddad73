import Foundation
import TestSupport

/// One hostile email, written here byte for byte, and what the digest must make of it.
struct HostileMail {
    enum Expected: Equatable {
        /// Counted as a patch email (patch or cover) by this author's address.
        case patch(author: String)
        case reply
        case other
        /// Counted as skipped, with a reason containing this text.
        case skipped(reason: String)
    }

    var name: String
    var bytes: [UInt8]
    var expected: Expected
}

/// The hostile-mail corpus: every case the suite runs through the unit APIs and, together in one
/// archive, through the command line. Nothing here is a real archived mail.
enum HostileCorpus {
    static let date = "Mon, 17 Nov 2025 10:00:00 +0000"

    /// Header lines, a blank line, the body; LF line ends.
    static func mail(_ headers: [String], body: [UInt8]) -> [UInt8] {
        Array((headers.joined(separator: "\n") + "\n\n").utf8) + body
    }

    static func mail(_ headers: [String], body: String) -> [UInt8] { mail(headers, body: Array(body.utf8)) }

    /// The usual headers of a patch mail.
    static func headers(_ id: String, subject: String, from: String = "Jane Doe <jane@example.org>",
                        extra: [String] = []) -> [String] {
        ["From: \(from)", "To: kvm@vger.example.org", "Subject: \(subject)", "Date: \(date)",
         "Message-ID: <\(id)@example.org>"] + extra
    }

    static let patchBody = "Fix the thing that was broken.\n\nSigned-off-by: Jane Doe <jane@example.org>\n"
        + Fixtures.oneLineDiff

    static var all: [HostileMail] {
        [
            truncatedInBody, truncatedInHeaders, headersOnly, noBlankLine, megabyteHeaderLine,
            tenThousandRecipients, invalidCharsets, invalidUTF8, badBase64, badQuotedPrintable, nulBytes,
            nestedMultipart, missingBoundary, wrongBoundary, encodedWordsInQuotedNames, mboxFromLines,
            farFutureDate, unparseableDate, duplicateID1, duplicateID2, doubledCarriageReturns, terminalEscapes,
            empty, whitespaceOnly, noHeaders,
        ]
    }

    static let truncatedInBody = HostileMail(
        name: "truncated-in-body",
        bytes: Array(mail(headers("trunc-body", subject: "[PATCH] trunc: cut in the diff"), body: patchBody).prefix(520)),
        expected: .patch(author: "jane@example.org"))

    static let truncatedInHeaders = HostileMail(
        name: "truncated-in-headers",
        bytes: Array("From: Jane Doe <jane@example.org>\nSubject: [PATCH] trunc: cut in the headers\nMessage-ID: <trunc-h".utf8),
        expected: .patch(author: "jane@example.org"))

    static let headersOnly = HostileMail(
        name: "headers-only",
        bytes: Array((headers("headers-only", subject: "[PATCH 0/2] only: the headers").joined(separator: "\n") + "\n").utf8),
        expected: .patch(author: "jane@example.org"))

    /// The body starts right after the last header line: the first line that is no header ends them.
    static let noBlankLine = HostileMail(
        name: "no-blank-line",
        bytes: Array((headers("no-blank", subject: "[PATCH] blank: none after the headers").joined(separator: "\n")
                      + "\n" + patchBody).utf8),
        expected: .patch(author: "jane@example.org"))

    static let megabyteHeaderLine = HostileMail(
        name: "megabyte-header-line",
        bytes: mail(headers("mega-header", subject: "[PATCH] long: a 1 MB header line",
                            extra: ["X-Junk: " + String(repeating: "0123456789abcdef", count: 1 << 16)]),
                    body: patchBody),
        expected: .patch(author: "jane@example.org"))

    static let tenThousandRecipients = HostileMail(
        name: "ten-thousand-recipients",
        bytes: mail(headers("many-rcpt", subject: "[PATCH] rcpt: ten thousand of them",
                            extra: ["Cc: " + (0..<10_000).map { "Person \($0) <p\($0)@example.net>" }.joined(separator: ",\n ")]),
                    body: patchBody),
        expected: .patch(author: "jane@example.org"))

    static let invalidCharsets = HostileMail(
        name: "invalid-charsets",
        bytes: mail(headers("bad-charset", subject: "[PATCH] =?x-no-such-charset?q?charset=3A_unknown?=",
                            from: "=?bogus\"charset?B?SmFuZQ==?= <jane@example.org>",
                            extra: ["Content-Type: text/plain; charset=\"utf-8\\\"; also=\"x-\u{7F}nonsense"]),
                    body: patchBody),
        expected: .patch(author: "jane@example.org"))

    static let invalidUTF8: HostileMail = {
        let junk: [UInt8] = [0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80]
        var bytes = Array("From: Jane ".utf8) + junk + Array(" <jane@example.org>\nSubject: [PATCH] utf8: ".utf8) + junk
        bytes += Array("\nDate: \(date)\nMessage-ID: <bad-utf8@example.org>\nContent-Type: text/plain; charset=utf-8\n\n".utf8)
        bytes += Array("From: Fred ".utf8) + junk + Array(" <fred@example.com>\n\nText ".utf8) + junk
        bytes += Array(patchBody.utf8)
        return HostileMail(name: "invalid-utf8", bytes: bytes, expected: .patch(author: "fred@example.com"))
    }()

    static let badBase64 = HostileMail(
        name: "bad-base64",
        bytes: mail(headers("bad-b64", subject: "[PATCH] b64: garbage in the body",
                            extra: ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"]),
                    body: "RnJvbTogRnJlZCA8ZnJlZEBleGFtcGxlLmNvbT4KCkZpeC4K!!@@##$$%%^^&&**\n====\nQUJD\nQQ\n"),
        expected: .patch(author: "fred@example.com"))

    static let badQuotedPrintable = HostileMail(
        name: "bad-quoted-printable",
        bytes: mail(headers("bad-qp", subject: "[PATCH] qp: broken escapes",
                            extra: ["Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: quoted-printable"]),
                    body: "Soft=\nbreak, =ZZ bad hex, =4 short, =\r\n=C3=A9 and an end =" + "\n" + patchBody),
        expected: .patch(author: "jane@example.org"))

    static let nulBytes = HostileMail(
        name: "nul-bytes",
        bytes: mail(headers("nul\u{0}id", subject: "[PATCH] nul: \u{0}bytes\u{0}everywhere",
                            from: "Jane\u{0}Doe <jane@example.org>", extra: ["X-\u{0}: \u{0}"]),
                    body: "Text\u{0}with\u{0}NULs.\n" + patchBody + "\u{0}\u{0}\u{0}"),
        expected: .patch(author: "jane@example.org"))

    /// A multipart in a multipart … a hundred deep, the patch at the bottom.
    static let nestedMultipart: HostileMail = {
        var body = "--level0\n"
        for level in 1..<100 { body += "Content-Type: multipart/mixed; boundary=\"level\(level)\"\n\n--level\(level)\n" }
        body += "Content-Type: text/plain\n\n" + patchBody
        for level in (0..<100).reversed() { body += "--level\(level)--\n" }
        return HostileMail(
            name: "nested-multipart-100",
            bytes: mail(headers("nested", subject: "[PATCH] mime: nested a hundred deep",
                                extra: ["MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"level0\""]),
                        body: body),
            expected: .patch(author: "jane@example.org"))
    }()

    static let missingBoundary = HostileMail(
        name: "missing-boundary",
        bytes: mail(headers("no-boundary", subject: "[PATCH] mime: multipart without a boundary",
                            extra: ["Content-Type: multipart/mixed"]), body: patchBody),
        expected: .patch(author: "jane@example.org"))

    static let wrongBoundary = HostileMail(
        name: "wrong-boundary",
        bytes: mail(headers("wrong-boundary", subject: "[PATCH] mime: the boundary never comes",
                            extra: ["Content-Type: multipart/mixed; boundary=\"expected\""]),
                    body: "--other\nContent-Type: text/plain\n\n" + patchBody + "--other--\n"),
        expected: .patch(author: "jane@example.org"))

    static let encodedWordsInQuotedNames = HostileMail(
        name: "encoded-words-in-quoted-names",
        bytes: mail(headers("quoted-ew", subject: "[PATCH] names: =?utf-8?q?encoded_inside_quotes?=",
                            from: "\"=?utf-8?q?J=C3=B6rg_Bauer?=\" <joerg@example.org>"),
                    body: "From: \"=?iso-8859-1?q?Fr=E9d=E9ric?= Author\" <frederic@example.com>\n\n" + patchBody),
        expected: .patch(author: "frederic@example.com"))

    /// An mbox separator in front and `From ` lines (escaped and not) inside the body.
    static let mboxFromLines = HostileMail(
        name: "mbox-from-lines",
        bytes: Array("From jane@example.org Mon Nov 17 10:00:00 2025\n".utf8)
            + mail(headers("mbox-from", subject: "[PATCH] mbox: From lines in the body"),
                   body: "From the start this was wrong.\n>From an escaped line.\n"
                       + "From jane@example.org Mon Nov 17 10:00:00 2025\n" + patchBody),
        expected: .patch(author: "jane@example.org"))

    static let farFutureDate = HostileMail(
        name: "far-future-date",
        bytes: mail(["From: Jane Doe <jane@example.org>", "Subject: [PATCH] date: the year 9999",
                     "Date: Fri, 31 Dec 9999 23:59:59 -1200", "Message-ID: <future@example.org>"], body: patchBody),
        expected: .patch(author: "jane@example.org"))

    static let unparseableDate = HostileMail(
        name: "unparseable-date",
        bytes: mail(["From: Jane Doe <jane@example.org>", "Subject: [PATCH] date: none to read",
                     "Date: 99999999999999999999999 Smarch 32 25:61:61 +9999",
                     "Message-ID: <no-date@example.org>"], body: patchBody),
        expected: .patch(author: "jane@example.org"))

    static let duplicateID1 = HostileMail(
        name: "duplicate-id-1",
        bytes: mail(headers("dup", subject: "[PATCH] dup: one id, two mails"), body: patchBody),
        expected: .patch(author: "jane@example.org"))

    static let duplicateID2 = HostileMail(
        name: "duplicate-id-2",
        bytes: mail(headers("dup", subject: "[PATCH] dup: another mail, the same id",
                            from: "Bob Other <bob@example.net>"), body: patchBody),
        expected: .patch(author: "bob@example.net"))

    /// Lines ended by CR CR LF (line ends converted twice): still one patch with its diffstat.
    static let doubledCarriageReturns = HostileMail(
        name: "doubled-carriage-returns",
        bytes: Array((headers("crcrlf", subject: "[PATCH] crlf: converted twice").joined(separator: "\r\n")
                      + "\r\n\r\n" + patchBody.replacingOccurrences(of: "\n", with: "\r\r\n")).utf8),
        expected: .patch(author: "jane@example.org"))

    /// Escape sequences (ESC, and the one-byte CSI U+009B) in the subject, names and text: printed
    /// inert by every output.
    static let terminalEscapes = HostileMail(
        name: "terminal-escapes",
        bytes: mail(headers("esc", subject: "[PATCH] esc: \u{1B}[31mred\u{1B}[0m \u{9B}2J\u{7}",
                            from: "\"Jane \u{1B}]0;title\u{7}\" <jane@example.org>"),
                    body: "Clear \u{1B}[2J the screen \u{9B}H.\n\n" + patchBody),
        expected: .patch(author: "jane@example.org"))

    static let empty = HostileMail(name: "empty", bytes: [], expected: .skipped(reason: "empty message"))

    static let whitespaceOnly = HostileMail(name: "whitespace-only", bytes: Array(" \n\t\r\n\n".utf8),
                                            expected: .skipped(reason: "empty message"))

    static let noHeaders = HostileMail(
        name: "no-headers", bytes: Array("This is no email, just text.\nFrom: later <x@example.org>\n".utf8),
        expected: .skipped(reason: "no header fields"))
}
