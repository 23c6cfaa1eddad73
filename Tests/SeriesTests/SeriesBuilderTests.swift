import Foundation
import Mail
import Patches
import Series
import TestSupport
import XCTest

final class SeriesBuilderTests: XCTestCase {
    private var position = 0

    /// Parses an email written by the test into a patch email, at the next archive position.
    private func mail(_ subject: String, id: String, from: String = "Jane Doe <jane@example.com>",
                      date: String = "Mon, 17 Nov 2025 10:00:00 +0000", replyTo: String? = nil,
                      references: [String] = [], body: String = "Some change.\n\nSigned-off-by: Jane Doe <jane@example.com>\n---\n a.c | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/a.c b/a.c\n") -> PatchEmail {
        var extra: [String] = []
        if !references.isEmpty { extra.append("References: " + references.map { "<\($0)>" }.joined(separator: " ")) }
        let text = Fixtures.email(from: from, subject: subject, id: id, date: date, inReplyTo: nil,
                                  extraHeaders: extra + (replyTo.map { ["In-Reply-To: <\($0)>"] } ?? []), body: body)
        let message = try! Message.parse(Array(text.utf8))
        defer { position += 1 }
        return PatchEmail(message: message, tags: SubjectTags.parse(message.subject), position: position,
                          commit: "c\(position)", commitTime: 0)
    }

    /// A git send-email series: cover 0/N and patches threaded to it.
    private func series(_ title: String, version: String = "", total: Int, prefix: String,
                        from: String = "Jane Doe <jane@example.com>", date: String = "Mon, 17 Nov 2025 10:00:00 +0000",
                        coverReplyTo: String? = nil, coverBody: String = "Cover text.\n") -> [PatchEmail] {
        let v = version.isEmpty ? "" : " \(version)"
        let coverID = "\(prefix)-0@example.com"
        var mails = [mail("[PATCH\(v) 0/\(total)] \(title)", id: coverID, from: from, date: date,
                          replyTo: coverReplyTo, references: coverReplyTo.map { [$0] } ?? [], body: coverBody)]
        let root = coverReplyTo ?? coverID
        for n in 1...total {
            mails.append(mail("[PATCH\(v) \(n)/\(total)] part \(n) of \(title)", id: "\(prefix)-\(n)@example.com",
                              from: from, date: date, replyTo: coverID,
                              references: root == coverID ? [coverID] : [root, coverID]))
        }
        return mails
    }

    func testThreadedSeriesWithCoverIsOneNewSeries() {
        let set = SeriesBuilder.build(series("KVM: x86: tidy up", total: 3, prefix: "a"))
        XCTAssertEqual(set.series.count, 1)
        let s = set.series[0]
        XCTAssertEqual(s.status, .new)
        XCTAssertEqual(s.received, 3)
        XCTAssertEqual(s.total, 3)
        XCTAssertEqual(s.title, "KVM: x86: tidy up")
        XCTAssertEqual(s.head?.messageID, "a-0@example.com")
        XCTAssertEqual(s.firstPatch?.messageID, "a-1@example.com")
    }

    func testNewerVersionSupersedesOlderEvenWhenSentAsAReplyToIt() {
        let v1 = series("KVM: arm64: fix timers", total: 2, prefix: "v1")
        let v2 = series("KVM: arm64: fix timers", version: "v2", total: 2, prefix: "v2", coverReplyTo: "v1-0@example.com")
        let set = SeriesBuilder.build(v1 + v2)
        XCTAssertEqual(set.series.count, 2)
        XCTAssertEqual(set.series.map(\.status), [.skip, .new])
        XCTAssertEqual(set.series[0].supersededBy, 1)
        XCTAssertEqual(set.series[0].reason, "superseded by v2 (the v2 cover letter was sent in reply to it)")
        XCTAssertEqual(set.series[1].received, 2)
    }

    func testDifferentSendersInOneThreadAreNeverMerged() {
        var mails = series("vfio: rework", total: 2, prefix: "s")
        mails.append(mail("[PATCH 1/2] my own take", id: "other@example.com", from: "Bob <bob@example.org>",
                          replyTo: "s-0@example.com", references: ["s-0@example.com"]))
        let set = SeriesBuilder.build(mails)
        XCTAssertEqual(set.series.count, 2)
        XCTAssertEqual(set.series[0].received, 2)
        XCTAssertEqual(set.series[1].sender.address, "bob@example.org")
        XCTAssertEqual(set.series.map(\.status), [.new, .new])
    }

    func testUnthreadedPatchesJoinWithinTheWindowAndFamily() {
        let a = mail("[PATCH 1/2] one", id: "20251117100000.4242-1-jane@example.com", date: "Mon, 17 Nov 2025 10:00:00 +0000")
        let b = mail("[PATCH 2/2] two", id: "20251117100000.4242-2-jane@example.com", date: "Mon, 17 Nov 2025 10:00:05 +0000")
        // Same shape an hour later: another posting.
        let c = mail("[PATCH 1/2] again", id: "20251117110000.5151-1-jane@example.com", date: "Mon, 17 Nov 2025 11:30:00 +0000")
        // In the window but of another send-email run.
        let d = mail("[PATCH 2/2] other", id: "20251117110100.9999-2-jane@example.com", date: "Mon, 17 Nov 2025 11:31:00 +0000")
        let set = SeriesBuilder.build([a, b, c, d])
        XCTAssertEqual(set.series.map(\.received), [2, 1, 1])
        XCTAssertEqual(set.series[0].patches.map(\.tags.number), [1, 2])
    }

    /// 40,000 unthreaded `[PATCH 1/2]` mails of one sender, a second apart: each is a posting of
    /// its own, found without comparing each mail with every earlier posting. A `[PATCH 2/2]`
    /// sent with the first then joins the first posting, the earliest one it fits.
    func testFortyThousandUnthreadedPatchesAreGroupedInLinearTime() throws {
        let count = 40_000
        let template = mail("[PATCH 1/2] tiny: a change", id: "tiny@example.com", body: "A change.\n")
        var mails: [PatchEmail] = (0..<count).map { i in
            var copy = template
            copy.position = i
            copy.messageID = "tiny-\(i)x@example.com"
            copy.date.seconds += Int64(i)
            return copy
        }
        var second = mail("[PATCH 2/2] tiny: the rest", id: "rest@example.com", body: "The rest.\n")
        second.position = count
        mails.append(second)
        // A hang guard only: the quadratic grouping took minutes here, the linear one a second.
        let built = SeriesBox(), input = mails
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            built.set = SeriesBuilder.build(input)
            done.signal()
        }
        guard done.wait(timeout: .now() + 60) == .success, let set = built.set else {
            return XCTFail("grouping 40,000 unthreaded patches did not end within a minute")
        }
        XCTAssertEqual(set.series.count, count)
        XCTAssertEqual(set.series.map(\.received).reduce(0, +), count + 1)
        XCTAssertEqual(set.series[0].patches.map(\.messageID), ["tiny-0x@example.com", "rest@example.com"])
        XCTAssertEqual(set.series[1].patches.map(\.messageID), ["tiny-1x@example.com"])
    }

    func testResentSinglePatchIsShownOnceAndTheRepeatIsExist() {
        let first = mail("[PATCH] KVM: fix a leak", id: "x1@example.com", date: "Mon, 17 Nov 2025 10:00:00 +0000")
        let again = mail("[RESEND PATCH] KVM: fix a leak", id: "x2@example.com", date: "Tue, 18 Nov 2025 10:00:00 +0000")
        let set = SeriesBuilder.build([first, again])
        XCTAssertEqual(set.series.map(\.status), [.exist, .new])
        XCTAssertEqual(set.series[0].reason, "v1 posted again (same title and author)")
        XCTAssertTrue(set.series[1].isResend)
    }

    func testAStrayMailWithoutTheVersionDoesNotTakeAVersionedSlot() {
        var mails = series("md: fix idle", version: "v3", total: 2, prefix: "m")
        mails.append(mail("[PATCH 2/2] part 2 of md: fix idle, old", id: "m-2old@example.com",
                          replyTo: "m-0@example.com", references: ["m-0@example.com"]))
        let set = SeriesBuilder.build(mails)
        XCTAssertEqual(set.series.count, 1)
        XCTAssertEqual(set.series[0].patches.map(\.messageID), ["m-1@example.com", "m-2@example.com"])
        XCTAssertEqual(set.series[0].replaced.map(\.messageID), ["m-2old@example.com"])
    }

    func testAMaintainersPickUpIsNotAResend() {
        let original = mail("[PATCH] nvme: fix a race", id: "o@example.com", date: "Mon, 17 Nov 2025 10:00:00 +0000")
        // The maintainer posts the same patch, naming its author in an in-body From.
        let pickUp = mail("[PATCH] nvme: fix a race", id: "p@example.com", from: "Keith Busch <kbusch@example.org>",
                          date: "Tue, 18 Nov 2025 10:00:00 +0000",
                          body: "From: Jane Doe <jane@example.com>\n\nSome change.\n\nSigned-off-by: Jane Doe <jane@example.com>\n---\n a.c | 1 +\n 1 file changed, 1 insertion(+)\n")
        let set = SeriesBuilder.build([original, pickUp])
        XCTAssertEqual(set.series.map(\.status), [.new, .new])
        XCTAssertEqual(set.series.map(\.author.address), ["jane@example.com", "jane@example.com"])
    }

    func testRepeatedSlotKeepsTheLaterMail() {
        var mails = series("mm: speed up", total: 2, prefix: "r")
        mails.append(mail("[PATCH 2/2] part 2 of mm: speed up, fixed", id: "r-2b@example.com",
                          replyTo: "r-0@example.com", references: ["r-0@example.com"]))
        let set = SeriesBuilder.build(mails)
        XCTAssertEqual(set.series.count, 1)
        XCTAssertEqual(set.series[0].patches.last?.messageID, "r-2b@example.com")
        XCTAssertEqual(set.series[0].replaced.map(\.messageID), ["r-2@example.com"])
        XCTAssertEqual(set.series[0].received, 2)
    }

    func testChangeIDLinksVersionsWhoseTitlesDiffer() {
        // b4's cover letter: text, shortlog, diffstat, then base-commit and change-id.
        let b4 = "Text.\n\n---\nJane Doe (1):\n      iommu: idea\n\n a.c | 1 +\n 1 file changed, 1 insertion(+)\n---\nbase-commit: 0123456789abcdef0123456789abcdef01234567\nchange-id: 20251110-idea-1c09549fbef0\n\nBest regards,\n-- \nJane Doe <jane@example.com>\n"
        let v1 = series("iommu: first idea", total: 1, prefix: "c1", coverBody: b4)
        let v2 = series("iommu: a better idea", version: "v2", total: 1, prefix: "c2", coverBody: b4)
        let set = SeriesBuilder.build(v1 + v2)
        XCTAssertEqual(set.series.map(\.status), [.skip, .new])
        XCTAssertEqual(set.series[0].reason, "superseded by v2 (same change-id)")
    }

    func testLinkToOlderVersionInCoverLetterLinksThem() {
        let v1 = series("arm64: old name", total: 1, prefix: "l1")
        let v2 = series("arm64: new name", version: "v3", total: 1, prefix: "l2",
                        coverBody: "Changes in v3:\n- renamed\n- Link to v1: https://lore.kernel.org/r/l1-0@example.com\n")
        let set = SeriesBuilder.build(v1 + v2)
        XCTAssertEqual(set.series.map(\.status), [.skip, .new])
        XCTAssertEqual(set.series[0].reason, "superseded by v3 (linked from the v3 cover letter)")
    }

    func testSeriesWithoutCoverOrFirstPatchIsPartial() {
        let late = mail("[PATCH v2 3/3] the tail", id: "t3@example.com", replyTo: "t0@example.com", references: ["t0@example.com"])
        let set = SeriesBuilder.build([late])
        XCTAssertEqual(set.series.map(\.status), [.partial])
        XCTAssertEqual(set.series[0].received, 1)
        XCTAssertEqual(set.series[0].total, 3)
        XCTAssertEqual(set.series[0].lowestPatch?.messageID, "t3@example.com")
        XCTAssertNil(set.series[0].head)
    }

    func testNakedCoverLetterIsAttached() {
        let naked = mail("KVM: s390: a cover letter without tags", id: "n0@example.com")
        let p1 = mail("[PATCH 1/2] one", id: "n1@example.com", replyTo: "n0@example.com", references: ["n0@example.com"])
        let p2 = mail("[PATCH 2/2] two", id: "n2@example.com", replyTo: "n0@example.com", references: ["n0@example.com"])
        let set = SeriesBuilder.build([p1, p2], bareCovers: ["n0@example.com": naked])
        XCTAssertEqual(set.series.count, 1)
        XCTAssertEqual(set.series[0].cover?.messageID, "n0@example.com")
        XCTAssertEqual(set.series[0].title, "KVM: s390: a cover letter without tags")
        // Another sender's thread starter is not taken as the cover.
        let foreign = SeriesBuilder.build([p1, p2], bareCovers: ["n0@example.com": mail("hi", id: "n0@example.com", from: "Bob <b@x.org>")])
        XCTAssertNil(foreign.series[0].cover)
    }

    func testCoverWhoseNIsASlipTakesItsPatches() {
        // `[PATCH V8 0/8]` over seven `[PATCH V8 n/7]`: the patches agree, the cover slipped.
        var mails = [mail("[PATCH V8 0/8] io_uring: groups", id: "g-0@example.com")]
        for n in 1...7 {
            mails.append(mail("[PATCH V8 \(n)/7] part \(n)", id: "g-\(n)@example.com", replyTo: "g-0@example.com",
                              references: ["g-0@example.com"]))
        }
        let set = SeriesBuilder.build(mails)
        XCTAssertEqual(set.series.count, 1)
        XCTAssertEqual(set.series[0].received, 7)
        XCTAssertEqual(set.series[0].total, 7)
        XCTAssertEqual(set.series[0].cover?.messageID, "g-0@example.com")
        // A cover that has patches of its own N keeps them; the one of another N stays apart.
        let own = series("mm: split", total: 2, prefix: "o") + [mail("[PATCH 1/1] mm: a fixup", id: "o-x@example.com",
                                                                    replyTo: "o-0@example.com", references: ["o-0@example.com"])]
        let kept = SeriesBuilder.build(own)
        XCTAssertEqual(kept.series.map(\.received), [2, 1])
    }

    func testCoverSentAgainUnderItsMessageIDIsOneMail() {
        var mails = series("bsg: uring", version: "v3", total: 2, prefix: "b")
        // The same cover later, as a new mail with the same Message-ID (no In-Reply-To now).
        mails.append(mail("[PATCH v3 0/2] bsg: uring", id: "b-0@example.com", date: "Mon, 17 Nov 2025 10:27:00 +0000"))
        let set = SeriesBuilder.build(mails)
        XCTAssertEqual(set.series.count, 1)
        XCTAssertEqual(set.series[0].received, 2)
        XCTAssertEqual(set.series[0].status, .new)
    }

    func testReplyCyclesDoNotHang() {
        let a = mail("[PATCH 1/2] a", id: "ca@example.com", replyTo: "cb@example.com")
        let b = mail("[PATCH 2/2] b", id: "cb@example.com", replyTo: "ca@example.com")
        let set = SeriesBuilder.build([a, b])
        XCTAssertEqual(set.series.map(\.received).reduce(0, +), 2)
    }

    func testPullRequestsAreKeptApart() {
        let pull = mail("[GIT PULL] KVM/arm64 fixes for 6.18", id: "pull@example.com", body: "Please pull.\n")
        let patch = mail("[PATCH] x: y", id: "p@example.com")
        let set = SeriesBuilder.build([pull, patch])
        XCTAssertEqual(set.pullRequests.map(\.messageID), ["pull@example.com"])
        XCTAssertEqual(set.series.count, 1)
    }

    func testMessageIDFamiliesOfGeneratedIDs() {
        let send = SeriesBuilder.build([
            mail("[PATCH v2 1/2] a", id: "20251117-slug-v2-1-abcdef012345@example.com"),
            mail("[PATCH v2 2/2] b", id: "20251117-slug-v2-2-abcdef012345@example.com"),
        ])
        XCTAssertEqual(send.series.count, 1, "b4 message-ids of one run are one family")
    }
}

/// The result of a grouping run on another thread.
private final class SeriesBox: @unchecked Sendable { var set: SeriesSet? }
