import Archive
@testable import Digest
import Series
import Patches
import TestSupport
import XCTest

/// The digest against a history given as plain data: no database, the same decisions.
final class HistoryDigestTests: XCTestCase {
    private func patch(_ subject: String, id: String, from: String = "Jane Doe <jane@example.com>", replyTo: String? = nil) -> String {
        Fixtures.email(from: from, subject: subject, id: id, inReplyTo: replyTo,
                       body: "Text.\n\nSigned-off-by: \(from)\n---\n a.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\ndiff --git a/a.c b/a.c\n")
    }

    private func run(_ emails: [String], history: DigestHistory, reread: Reread = .none,
                     identity: Identity = Identity()) throws -> (DigestRun, HistoryQuery) {
        let inbox = try Inbox.open(try Fixtures.inbox(emails).path)
        let range = try inbox.resolveRange(from: nil, to: nil)
        var asked = HistoryQuery()
        let options = DigestOptions(identity: identity)
        let run = try DigestBuilder.digest(InboxRangeFeed(inbox: inbox, range: range), name: "kvm",
                                           ends: DigestEnds(options: options, range: range), options: options,
                                           reread: reread, history: { asked = $0; return history })
        return (run, asked)
    }

    private func known(_ title: String, version: Int, digest: Int, status: SeriesStatus = .new, ids: [String], lineage: Int = 1) -> KnownSeries {
        KnownSeries(lineage: lineage, digest: digest, status: status, title: title, version: PatchVersion(major: version),
                    date: "2025-11-10T10:00:00+00:00", dateSeconds: 1_762_768_800, senderKey: "jane@example.com", changeID: nil,
                    lineageKey: LineageKey.of(authorKey: "jane@example.com", titleKey: title.lowercased()),
                    leadMessageID: ids[0], messageIDs: ids)
    }

    func testSeenMessagesAreLeftOutOfEveryCount() throws {
        let emails = [patch("[PATCH 0/2] KVM: a", id: "a0"), patch("[PATCH 1/2] KVM: a one", id: "a1", replyTo: "a0"),
                      patch("[PATCH 2/2] KVM: a two", id: "a2", replyTo: "a0"),
                      Fixtures.email(subject: "Re: [PATCH 1/2] KVM: a one", id: "r1", inReplyTo: "a1", body: "Looks good.\n")]
        let keys = zip(["a0", "a1", "a2", "r1"], emails).map { MessageKey(messageID: $0, bytes: Array($1.utf8)) }
        let (full, query) = try run(emails, history: .empty, reread: .all)
        XCTAssertEqual(full.report.messages, 4)
        XCTAssertEqual(query.messageIDs, ["a0", "a1", "a2", "r1"])
        XCTAssertEqual(query.keys, Set(keys))
        XCTAssertEqual(query.lineageKeys.count, 3)
        XCTAssertEqual(full.read.map(\.key), keys)

        let seen = Set([keys[0], keys[1], keys[3]])
        let (partial, _) = try run(emails, history: DigestHistory(seen: seen), reread: .all)
        XCTAssertEqual(partial.report.messages, 1)
        XCTAssertEqual(partial.report.patches, 1)
        XCTAssertEqual(partial.report.replies, 0)
        XCTAssertEqual(partial.alreadyDigested, 3)
        XCTAssertEqual(partial.read.map(\.key), [keys[2]])
        XCTAssertEqual(partial.report.series.map(\.status), [.partial])

        // Read once, by position: nothing is asked about or left out, whatever the history holds.
        let (once, asked) = try run(emails, history: DigestHistory(seen: seen))
        XCTAssertEqual(once.report.messages, 4)
        XCTAssertTrue(asked.keys.isEmpty)

        // The same Message-IDs with other content are news.
        let other = Set(["a0", "a1", "r1"].map { MessageKey(messageID: $0, bytes: Array("other".utf8)) })
        XCTAssertEqual(try run(emails, history: DigestHistory(seen: other), reread: .all).0.report.messages, 4)
    }

    func testStatusesAgainstKnownPostings() throws {
        let title = "KVM: x86: speed"
        let emails = [patch("[PATCH v3] \(title)", id: "v3"), patch("[PATCH v2 2/2] KVM: other: late", id: "late2", replyTo: "other0")]
        let history = DigestHistory(series: [
            known(title, version: 2, digest: 4, ids: ["v2"]),
            known("KVM: other", version: 2, digest: 5, ids: ["other0", "other1"], lineage: 2),
        ])
        let (made, _) = try run(emails, history: history)
        let series = made.report.series
        XCTAssertEqual(series.map(\.status), [.new, .partial])
        XCTAssertEqual(series[0].supersedes, PostingReference(version: "v2", title: title, messageId: "v2",
                                                               date: "2025-11-10T10:00:00+00:00", digest: 4))
        XCTAssertEqual(series[0].reason, "supersedes v2 of 2025-11-10 (digest 4)")
        XCTAssertEqual(series[1].continues?.digest, 5)
        XCTAssertEqual(made.lineages.map(\.knownLineages), [[1], [2]])

        let (again, _) = try run([patch("[PATCH v2] \(title)", id: "v2-resent")], history: history)
        XCTAssertEqual(again.report.series.first?.status, .exist)
        XCTAssertEqual(again.report.series.first?.alreadyReported?.digest, 4)
        let (older, _) = try run([patch("[PATCH] \(title)", id: "v1-late")], history: history)
        XCTAssertEqual(older.report.series.first?.status, .skip)
    }

    /// A maintainer posting Jane's reported patch again (her in-body From) is not a resend.
    func testAPickUpOfAReportedPatchIsNews() throws {
        let title = "KVM: x86: speed"
        let history = DigestHistory(series: [known(title, version: 1, digest: 4, ids: ["v1"])])
        let pickUp = Fixtures.email(from: "Sean Maint <sean@example.org>", subject: "[PATCH] \(title)", id: "picked",
                                    body: "From: Jane Doe <jane@example.com>\n\nText.\n\nSigned-off-by: Jane Doe <jane@example.com>\n")
        let (made, _) = try run([pickUp], history: history)
        XCTAssertEqual(made.report.series.first?.status, .new)
        XCTAssertNil(made.report.series.first?.alreadyReported)
        let (resent, _) = try run([patch("[PATCH RESEND] \(title)", id: "again")], history: history)
        XCTAssertEqual(resent.report.series.first?.status, .exist)
    }

    /// Without a history — as `report` runs — nothing of this shows in the report.
    func testAnEmptyHistoryChangesNothing() throws {
        let (made, _) = try run([patch("[PATCH] KVM: x", id: "x")], history: .empty)
        XCTAssertNil(made.report.series[0].supersedes)
        XCTAssertNil(made.report.notes)
        XCTAssertNil(made.report.organizations)
        let json = String(decoding: try JSONEncoder().encode(made.report), as: UTF8.self)
        XCTAssertFalse(json.contains("supersedes") || json.contains("notes") || json.contains("organizations"), json)
    }
}
