import Archive
import Digest
import FuzzChecks
import Mail
import Patches
import Render
import Series
import XCTest

/// Every hostile mail through the library: the parser and its accessors, the patch reader, the
/// series builder and the digest. No trap, the invariants the fuzzers check, and the count the
/// mail deserves.
final class HostileMailUnitTests: XCTestCase {
    private func raw(_ mail: HostileMail, position: Int = 0) -> ArchiveItem {
        .message(RawMessage(bytes: mail.bytes, commit: String(repeating: "a", count: 40), epoch: 0,
                            position: position, commitTime: 1_763_373_600 + Int64(position)))
    }

    /// Parses and touches everything a digest could read; nil when the parser refused the mail.
    private func parse(_ mail: HostileMail) -> Message? {
        guard let message = try? Message.parse(mail.bytes) else { return nil }
        _ = (message.subject, message.from, message.sender, message.messageID, message.inReplyTo)
        _ = (message.references, message.date, message.bodyByteCount, message.headers("Cc"))
        for part in message.textParts() { _ = part.text.utf8.count }
        return message
    }

    func testEveryCaseParsesOrIsRefusedWithItsReason() {
        for mail in HostileCorpus.all {
            switch mail.expected {
            case .skipped(let reason):
                XCTAssertThrowsError(try Message.parse(mail.bytes), mail.name) { error in
                    XCTAssertTrue((error as? MailError)?.reason.contains(reason) ?? false, "\(mail.name): \(error)")
                }
            default:
                XCTAssertNotNil(parse(mail), mail.name)
            }
        }
    }

    func testEveryCaseKeepsTheFuzzInvariants() {
        for mail in HostileCorpus.all {
            XCTAssertEqual(FuzzChecks.run(.message, mail.bytes), [], mail.name)
            XCTAssertEqual(FuzzChecks.run(.subjectTags, Array((parse(mail)?.subject ?? "").utf8)), [], mail.name)
            if let body = parse(mail)?.textParts().first?.text {
                XCTAssertEqual(FuzzChecks.run(.patchBody, Array(body.utf8)), [], mail.name)
            }
        }
    }

    /// Each mail alone makes a digest of one message with the count it deserves.
    func testEveryCaseAloneMakesASaneDigest() throws {
        for mail in HostileCorpus.all {
            let report = DigestBuilder.make(items: [raw(mail)], options: DigestOptions(), name: "hostile")
            switch mail.expected {
            case .patch(let author):
                XCTAssertEqual(report.messages, 1, mail.name)
                XCTAssertEqual(report.patches, 1, mail.name)
                XCTAssertEqual(report.contributors.map(\.email), [author], mail.name)
                XCTAssertEqual(report.series.count, 1, mail.name)
            case .reply:
                XCTAssertEqual([report.messages, report.replies, report.patches], [1, 1, 0], mail.name)
            case .other:
                XCTAssertEqual([report.messages, report.otherMessages, report.patches], [1, 1, 0], mail.name)
            case .skipped(let reason):
                XCTAssertEqual(report.messages, 0, mail.name)
                XCTAssertEqual(report.skipped.count, 1, mail.name)
                XCTAssertTrue(report.skipped.first?.reason.contains(reason) ?? false, mail.name)
            }
            _ = TextRenderer().render(report)
            let json = try JSONRenderer().render(report)
            XCTAssertEqual(try JSONDecoder().decode(DigestReport.self, from: Data(json.utf8)), report, mail.name)
        }
    }

    /// All of them in one digest: every message accounted for once.
    func testAllCasesTogether() {
        let mails = HostileCorpus.all
        let report = DigestBuilder.make(items: mails.enumerated().map { raw($1, position: $0) },
                                        options: DigestOptions(), name: "hostile")
        let patches = mails.filter { if case .patch = $0.expected { return true } else { return false } }
        let skipped = mails.filter { if case .skipped = $0.expected { return true } else { return false } }
        XCTAssertEqual(report.messages, mails.count - skipped.count)
        XCTAssertEqual(report.patches, patches.count)
        XCTAssertEqual(report.skipped.map(\.position).sorted(),
                       mails.indices.filter { if case .skipped = mails[$0].expected { return true } else { return false } })
        XCTAssertEqual(report.series.reduce(0) { $0 + $1.patchEmails }, patches.count)
        for series in report.series {
            XCTAssertEqual(Set(series.messageIds).count, series.messageIds.count, series.title)
        }
    }

    // MARK: - What each case must keep

    private func patchEmail(_ mail: HostileMail) throws -> PatchEmail {
        let message = try Message.parse(mail.bytes)
        return try XCTUnwrap(PatchEmail(message: message, position: 0, commit: "c", commitTime: 0), mail.name)
    }

    func testTruncatedMailsKeepWhatArrived() throws {
        let body = try patchEmail(HostileCorpus.truncatedInBody)
        XCTAssertEqual(body.tags.title, "trunc: cut in the diff")
        XCTAssertTrue(body.hasDiff)
        let headers = try patchEmail(HostileCorpus.truncatedInHeaders)
        XCTAssertEqual(headers.messageID, "trunc-h")
        XCTAssertEqual(headers.body?.displayText, "")
    }

    func testNoBlankLineStartsTheBodyAtTheFirstNonHeaderLine() throws {
        let mail = try patchEmail(HostileCorpus.noBlankLine)
        XCTAssertEqual(mail.body?.message.hasPrefix("Fix the thing that was broken."), true)
        XCTAssertEqual(mail.body?.diffstat?.filesChanged, 1)
    }

    func testLongHeadersAndManyRecipientsDoNotDisturbTheRest() throws {
        let long = try Message.parse(HostileCorpus.megabyteHeaderLine.bytes)
        XCTAssertEqual(long.header("X-Junk")?.utf8.count, 1 << 20)
        XCTAssertEqual(long.subject, "[PATCH] long: a 1 MB header line")
        let many = try Message.parse(HostileCorpus.tenThousandRecipients.bytes)
        XCTAssertEqual(many.header("Cc")?.components(separatedBy: ",").count, 10_000)
        XCTAssertEqual(many.from?.address, "jane@example.org")
    }

    func testInvalidCharsetsAndBytesFallBackToText() throws {
        let charsets = try Message.parse(HostileCorpus.invalidCharsets.bytes)
        XCTAssertTrue(charsets.subject.hasPrefix("[PATCH] "))
        XCTAssertEqual(charsets.from?.address, "jane@example.org")
        XCTAssertEqual(try patchEmail(HostileCorpus.invalidCharsets).body?.diffstat?.filesChanged, 1)
        let utf8 = try patchEmail(HostileCorpus.invalidUTF8)
        XCTAssertEqual(utf8.sender.address, "jane@example.org")
        XCTAssertTrue(utf8.subject.hasPrefix("[PATCH] utf8: "))
        XCTAssertEqual(utf8.author.address, "fred@example.com")
    }

    func testBrokenTransferEncodingsDecodeWhatTheyCan() throws {
        let base64 = try patchEmail(HostileCorpus.badBase64)
        XCTAssertEqual(base64.author.name, "Fred")
        XCTAssertTrue(base64.body?.message.hasPrefix("Fix.") ?? false, base64.body?.message ?? "")
        let qp = try patchEmail(HostileCorpus.badQuotedPrintable)
        XCTAssertTrue(qp.body?.message.hasPrefix("Softbreak, =ZZ bad hex, =4 short, ") ?? false, qp.body?.message ?? "")
        XCTAssertEqual(qp.body?.diffstat?.filesChanged, 1)
    }

    func testNULBytesStayData() throws {
        let mail = try patchEmail(HostileCorpus.nulBytes)
        XCTAssertEqual(mail.tags.title, "nul: bytes everywhere")
        XCTAssertEqual(mail.messageID, "nul\u{0}id@example.org")
        XCTAssertEqual(mail.body?.diffstat?.filesChanged, 1)
    }

    /// Nesting is entered to a bound (MIMEWalker.maxDepth): deeper text is dropped, not recursed into.
    func testDeepNestingIsBoundedAndCounted() throws {
        let message = try Message.parse(HostileCorpus.nestedMultipart.bytes)
        XCTAssertEqual(message.textParts().count, 0)
        let mail = try patchEmail(HostileCorpus.nestedMultipart)
        XCTAssertEqual(mail.tags.title, "mime: nested a hundred deep")
        XCTAssertFalse(mail.hasDiff)
    }

    func testBadBoundariesReadTheBodyAsText() throws {
        XCTAssertTrue(try patchEmail(HostileCorpus.missingBoundary).hasDiff)
        let wrong = try patchEmail(HostileCorpus.wrongBoundary)
        XCTAssertTrue(wrong.hasDiff)
        XCTAssertEqual(wrong.body?.diffstat?.filesChanged, 1)
    }

    func testEncodedWordsInsideQuotedNamesAreDecoded() throws {
        let mail = try patchEmail(HostileCorpus.encodedWordsInQuotedNames)
        XCTAssertEqual(mail.sender, Mailbox(name: "Jörg Bauer", address: "joerg@example.org"))
        XCTAssertEqual(mail.author, Mailbox(name: "Frédéric Author", address: "frederic@example.com"))
    }

    func testMboxFromLinesAreNeitherHeadersNorAuthors() throws {
        let mail = try patchEmail(HostileCorpus.mboxFromLines)
        XCTAssertEqual(mail.subject, "[PATCH] mbox: From lines in the body")
        XCTAssertEqual(mail.author.address, "jane@example.org")
        XCTAssertTrue(mail.body?.message.hasPrefix("From the start this was wrong.\n>From an escaped line.") ?? false)
    }

    func testDatesFarAwayOrUnreadable() throws {
        let future = try patchEmail(HostileCorpus.farFutureDate)
        XCTAssertTrue(future.dateFromHeader)
        XCTAssertEqual(DateText.iso(future.date), "9999-12-31T23:59:59-12:00")
        let none = try patchEmail(HostileCorpus.unparseableDate)
        XCTAssertFalse(none.dateFromHeader)
        XCTAssertEqual(none.date.seconds, 0)   // the commit time stands in
    }

    /// Two different mails under one Message-ID are two patch emails, each counted once.
    func testDuplicateMessageIDs() {
        let report = DigestBuilder.make(items: [raw(HostileCorpus.duplicateID1, position: 0),
                                                raw(HostileCorpus.duplicateID2, position: 1)],
                                        options: DigestOptions(), name: "dup")
        XCTAssertEqual(report.patches, 2)
        XCTAssertEqual(report.contributors.map(\.email).sorted(), ["bob@example.net", "jane@example.org"])
        XCTAssertEqual(report.series.count, 2)
        XCTAssertEqual(report.series.map(\.messageIds), [["dup@example.org"], ["dup@example.org"]])
    }

    func testDoubledCarriageReturnsEndLines() throws {
        let message = try Message.parse(HostileCorpus.doubledCarriageReturns.bytes)
        XCTAssertFalse(message.textParts().first?.text.contains("\r") ?? true)
        let mail = try patchEmail(HostileCorpus.doubledCarriageReturns)
        XCTAssertEqual(mail.body?.diffstat?.filesChanged, 1)
        XCTAssertEqual(mail.body?.trailers.first?.value, "Jane Doe <jane@example.org>")
    }

    /// One author, two spellings of the address: the count is one person's, and the spelling shown
    /// (the most used, ties alphabetical) does not depend on which mail came first (found by fuzzing).
    func testAddressSpellingDoesNotDependOnArrivalOrder() {
        let upper = HostileMail(name: "upper", bytes: HostileCorpus.mail(
            HostileCorpus.headers("s1", subject: "[PATCH] a: one", from: "Michal <Michal.Nowak@example.com>"),
            body: HostileCorpus.patchBody), expected: .other)
        let lower = HostileMail(name: "lower", bytes: HostileCorpus.mail(
            HostileCorpus.headers("s2", subject: "[PATCH] b: two", from: "Michal <michal.nowak@example.com>"),
            body: HostileCorpus.patchBody), expected: .other)
        for pair in [[upper, lower], [lower, upper]] {
            let report = DigestBuilder.make(items: pair.enumerated().map { raw($1, position: $0) },
                                            options: DigestOptions(), name: "spelling")
            XCTAssertEqual(report.contributors.map { "\($0.email) \($0.count)" }, ["Michal.Nowak@example.com 2"])
        }
    }

    /// A prepended mark (U+0604) joins the space after it into one Character; whitespace is still
    /// collapsed around it (found by fuzzing).
    func testWhitespaceAfterAPrependedMarkCollapses() {
        let plain = SubjectTags.parse("[PATCH] \u{604} title")
        XCTAssertEqual(plain.title, "\u{604} title")
        XCTAssertEqual(SubjectTags.parse(" \t[PATCH] \t \u{604} \t  title  "), plain)
    }
}
