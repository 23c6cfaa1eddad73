import Digest
import Foundation
import Patches
import Render
import TestSupport
import XCTest

/// Replies hung on the patches and cover letters they answer, and the trailers they give, on
/// threads written for each rule; compared with what `b4 am` adds when b4 is installed.
final class ReviewStateTests: XCTestCase {
    static let ann = Poster(name: "Ann Author", email: "ann@example.com")
    static let bob = Poster(name: "Bob Reviewer", email: "bob@example.com")
    static let carol = Poster(name: "Carol Tester", email: "carol@example.org")
    static let dave = Poster(name: "Dave Maintainer", email: "dave@kernel.example")
    static let erin = Poster(name: "Erin Relay", email: "erin@example.net")
    static let gina = Poster(name: "Gina Objector", email: "gina@example.com")

    /// b4 send's ids for the three-patch series of `ann`.
    static func id(_ k: Int) -> String { "20250301-locks-v1-\(k)-4f3e2d1c@example.com" }

    static func reply(_ from: Poster, to parent: String, id: String, minute: Int, subject: String,
                      references: [String], _ body: String) -> StyleMail {
        StyleMail(from: from, subject: "Re: " + subject, id: id, minute: minute, inReplyTo: parent,
                  references: references + [parent], body: body)
    }

    /// The series and a reply for each rule.
    static var thread: [StyleMail] {
        let series = StyleThreads.b4(ann, slug: "locks", version: 1, hash: "4f3e2d1c", title: "block: take the queue lock once",
                                     total: 3, minute: 0, changeID: "20250301-locks-0123456789ab")
        let cover = id(0)
        func subject(_ k: Int) -> String { series[k].subject }
        return series + [
            // To the cover: every patch. The quoted cover text is not the reply's.
            reply(bob, to: cover, id: "r1@example.com", minute: 30, subject: subject(0), references: [], """
                On Sat, Mar 01, 2025, Ann Author wrote:
                > This series reworks block: take the queue lock once.

                Looks good.

                Reviewed-by: Bob Reviewer <bob@example.com>

                """),
            // To patch 2; the Reviewed-by it quotes is someone else's, not given here.
            reply(carol, to: id(2), id: "r2@example.org", minute: 40, subject: subject(2), references: [cover], """
                > Reviewed-by: Someone Else <someone@example.com>
                > Signed-off-by: Ann Author <ann@example.com>

                Ran blktests on it.

                Tested-by: Carol Tester <carol@example.org>
                """),
            // To the cover, for two of the patches only.
            reply(dave, to: cover, id: "r3@kernel.example", minute: 50, subject: subject(0), references: [], """
                > This series reworks block: take the queue lock once.

                For patches 1-2:
                Acked-by: Dave Maintainer <dave@kernel.example>

                Patch 3 needs another look.
                """),
            // A trailer for someone else: kept, marked.
            reply(erin, to: id(3), id: "r4@example.net", minute: 60, subject: subject(3), references: [cover], """
                Frank reviewed this offline and asked me to pass it on:

                Reviewed-by: Frank Offline <frank@example.com>
                """),
            // Through another reply, and the same trailer again: counted once.
            reply(bob, to: "r2@example.org", id: "r5@example.com", minute: 70, subject: subject(2),
                  references: [cover, id(2)], """
                > Tested-by: Carol Tester <carol@example.org>

                Thanks. Again for this one:
                Reviewed-by: Bob Reviewer <bob@example.com>
                """),
            // A bare NAK from its sender.
            reply(gina, to: id(1), id: "r6@example.com", minute: 80, subject: subject(1), references: [cover], """
                > -\tspin_lock(&q->lock);

                NAK

                This breaks the frozen-queue path.
                """),
            // A reply that carries a patch of its own: its trailers are that patch's.
            reply(bob, to: id(3), id: "r7@example.com", minute: 90, subject: subject(3), references: [cover], """
                Something like this instead?

                ---
                Reviewed-by: Nobody Here <nobody@example.com>
                diff --git a/block/locks-3.c b/block/locks-3.c
                """),
        ]
    }

    func testRepliesHangOnThePatchesTheyAnswer() throws {
        let report = StyleDigest.make(Self.thread)
        let series = try XCTUnwrap(StyleDigest.series(report, holding: Self.id(0)))
        let review = try XCTUnwrap(series.review)
        XCTAssertEqual(review.replies, 7)
        XCTAssertEqual(review.participants, 5)
        XCTAssertEqual(review.firstReply, "2025-03-01T10:45:00+00:00")
        XCTAssertTrue(review.reviewed)
        XCTAssertTrue(review.nacked)
        XCTAssertEqual(review.patches.map(\.n), [1, 2, 3])
        XCTAssertEqual(review.patches.map(\.messageId), [Self.id(1), Self.id(2), Self.id(3)])
        func given(_ n: Int) -> [String] {
            review.patches[n - 1].trailers.map { "\($0.kind): \($0.name) <\($0.email)> \($0.messageId)\($0.senderMatches ? "" : " (for someone else)")" }
        }
        XCTAssertEqual(given(1), [
            "Reviewed-by: Bob Reviewer <bob@example.com> r1@example.com",
            "Acked-by: Dave Maintainer <dave@kernel.example> r3@kernel.example",
            "Nacked-by: Gina Objector <gina@example.com> r6@example.com",
        ])
        XCTAssertEqual(given(2), [
            "Reviewed-by: Bob Reviewer <bob@example.com> r1@example.com",
            "Tested-by: Carol Tester <carol@example.org> r2@example.org",
            "Acked-by: Dave Maintainer <dave@kernel.example> r3@kernel.example",
        ])
        XCTAssertEqual(given(3), [
            "Reviewed-by: Bob Reviewer <bob@example.com> r1@example.com",
            "Reviewed-by: Frank Offline <frank@example.com> r4@example.net (for someone else)",
        ])
        XCTAssertEqual(report.reviewers?.map { "\($0.name) \($0.count)" },
                       ["Bob Reviewer 3", "Dave Maintainer 2", "Carol Tester 1", "Frank Offline 1", "Gina Objector 1"])
    }

    func testTheTextDigestHasAReviewLine() {
        let report = StyleDigest.make(Self.thread)
        let text = TextRenderer().render(report)
        // Wrapped at 100 columns between its pieces.
        XCTAssertTrue(text.contains("\nReviewed-by: Bob Reviewer, Frank Offline · Acked-by: Dave Maintainer (2/3) ·\n"
                                    + "  Tested-by: Carol Tester (1/3) · NAK: Gina Objector (1/3) · 7 replies, 5 people\n"), text)
        let painted = TextRenderer(color: true).render(report)
        XCTAssertTrue(painted.contains("\u{1B}[1;31mNAK:\u{1B}[m Gina Objector"))
    }

    func testMarkdownAndHTMLHaveTheReviewLineWithTheNAKInRed() {
        let report = StyleDigest.make(Self.thread)
        let line = "Reviewed-by: Bob Reviewer, Frank Offline · Acked-by: Dave Maintainer (2/3) · Tested-by: Carol Tester (1/3)"
            + " · NAK: Gina Objector (1/3) · 7 replies, 5 people"
        XCTAssertTrue(MarkdownRenderer().render(report).contains("\n\n" + line + "\n"))
        let html = HTMLRenderer().render(report)
        XCTAssertTrue(html.contains("<p class=\"note\">Reviewed-by: Bob Reviewer, Frank Offline · Acked-by: Dave Maintainer (2/3)"
                                    + " · Tested-by: Carol Tester (1/3) · <span class=\"nak\">NAK: Gina Objector (1/3)</span>"
                                    + " · 7 replies, 5 people</p>"), html)
    }

    func testASeriesNobodyAnsweredHasNoReview() throws {
        let series = StyleThreads.b4(Self.ann, slug: "quiet", version: 1, hash: "0a0b0c0d", title: "block: quiet",
                                     total: 2, minute: 0, changeID: "20250301-quiet-0123456789ab")
        let report = StyleDigest.make(series)
        XCTAssertNil(try XCTUnwrap(report.series.first).review)
        XCTAssertNil(report.reviewers)
        let json = try JSONRenderer().render(report)
        XCTAssertFalse(json.contains("\"review\""))
        XCTAssertFalse(json.contains("\"reviewers\""))
    }

    func testRepliesWithoutTrailersAreCountedNotReviewed() throws {
        let series = StyleThreads.b4(Self.ann, slug: "talk", version: 1, hash: "1a1b1c1d", title: "block: talk",
                                     total: 2, minute: 0, changeID: "20250301-talk-0123456789ab")
        let question = Self.reply(Self.bob, to: series[1].id, id: "q@example.com", minute: 5, subject: series[1].subject,
                                  references: [series[0].id], "Why not a mutex?\n")
        let answer = Self.reply(Self.ann, to: "q@example.com", id: "a@example.com", minute: 6, subject: series[1].subject,
                                references: [series[0].id, series[1].id], "> Why not a mutex?\n\nIt sleeps.\n")
        let report = StyleDigest.make(series + [question, answer])
        let review = try XCTUnwrap(report.series.first?.review)
        XCTAssertEqual(review.replies, 2)
        XCTAssertEqual(review.participants, 2)
        XCTAssertFalse(review.reviewed)
        XCTAssertFalse(review.nacked)
        XCTAssertEqual(review.patches.flatMap(\.trailers), [])
        XCTAssertTrue(TextRenderer().render(report).contains("\n2 replies, 2 people\n"))
    }

    // MARK: b4

    /// For each patch, the trailers `b4 am` adds match ours that b4 knows of: given by the
    /// reply's sender (b4 reports the others and leaves them out), not a bare NAK (b4 reads only
    /// `Key: value` lines). Where b4 differs, ours is right: b4 has no "for patches 1-2" and
    /// gives a cover letter's trailer to every patch.
    func testTrailersMatchWhatB4Adds() throws {
        guard let b4 = Self.b4Path else { throw XCTSkip("b4 is not on PATH (pip install b4); not compared") }
        let mails = Self.thread
        let report = StyleDigest.make(mails)
        let review = try XCTUnwrap(StyleDigest.series(report, holding: Self.id(0))?.review)
        let added = try Self.b4Trailers(b4, mails, Self.id(0))
        XCTAssertEqual(added.keys.filter { $0 >= 1 }.sorted(), [1, 2, 3])
        for patch in review.patches {
            var ours = Set(patch.trailers.filter { $0.senderMatches && $0.messageId != "r6@example.com" }
                .map { "\($0.kind): \($0.name) <\($0.email)>" })
            // b4: a cover letter's trailer is for every patch.
            ours.insert("Acked-by: Dave Maintainer <dave@kernel.example>")
            XCTAssertEqual(added[patch.n] ?? [], ours, "patch \(patch.n)")
        }
    }

    static var b4Path: String? { Fixtures.b4 }

    /// The review trailers `b4 am -m MBOX -o - MSGID` writes into each patch, by patch number.
    static func b4Trailers(_ b4: String, _ mails: [StyleMail], _ messageID: String) throws -> [Int: Set<String>] {
        let dir = Fixtures.temporaryDirectory("b4")
        defer { try? FileManager.default.removeItem(at: dir) }
        let mbox = dir.appendingPathComponent("thread.mbox")
        let text = mails.map { "From mboxrd@z Thu Jan  1 00:00:00 1970\n" + $0.text + "\n" }.joined()
        try Data(text.utf8).write(to: mbox)
        let result = try Fixtures.run(b4, ["--offline-mode", "am", "-m", mbox.path, "-o", "-", messageID],
                                      environment: ["XDG_DATA_HOME": dir.path, "XDG_CACHE_HOME": dir.path,
                                                    "XDG_CONFIG_HOME": dir.path],
                                      currentDirectory: dir.path)
        guard result.status == 0 else { throw Fixtures.FixtureError.command("b4 am: \(result.stderr)") }
        var trailers: [Int: Set<String>] = [:]
        var number: Int?
        let kinds = ["Reviewed-by:", "Acked-by:", "Tested-by:", "Nacked-by:"]
        for line in result.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("Subject: "), let tags = Optional(SubjectTags.parse(String(line.dropFirst(9)))) {
                number = tags.number
                if let number { trailers[number] = trailers[number] ?? [] }
            } else if let n = number, kinds.contains(where: { line.hasPrefix($0) }) {
                trailers[n, default: []].insert(String(line))
            }
        }
        return trailers
    }
}
