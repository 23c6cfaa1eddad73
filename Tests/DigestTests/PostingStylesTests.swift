import Digest
import XCTest

/// The posting styles seen on real lists that series grouping must get right (one test per style,
/// and the cases that must not be taken for them). Every digest is also checked for the invariants
/// of any right grouping (`StyleDigest.checkInvariants`).
final class PostingStylesTests: XCTestCase {
    let jane = Poster(name: "Jane Doe", email: "jane@example.com")
    let janeAtWork = Poster(name: "Jane Doe", email: "jane.doe@corp.example.com")
    let john = Poster(name: "John Roe", email: "john@example.org")
    let kim = Poster(name: "Kanchan Kim", email: "k.kim@samsung.com")
    let sam = Poster(name: "Sam Backport", email: "sam@kernel.example.org")
    let greg = Poster(name: "Greg Review", email: "greg@kernel.example.org")

    // MARK: 1. The version only on the cover

    func testStyle1VersionOnlyOnTheCover() throws {
        let mails = StyleThreads.sendEmail(john, stamp: "20250301101500.12345", subjects: [
            "[PATCHSET v2 0/2] block: fix queue freeze ordering",
            "[PATCH 1/2] block: take the freeze lock once",
            "[PATCH 2/2] block: document the freeze order",
        ], minute: 0)
        let report = StyleDigest.make(mails)
        XCTAssertEqual(report.series.count, 1)
        let s = try XCTUnwrap(report.series.first)
        XCTAssertEqual([s.version, "\(s.received)/\(s.total)"], ["v2", "2/2"])
        XCTAssertTrue(s.hasCover)
        XCTAssertEqual(s.messageIds, mails.map(\.id))
        XCTAssertEqual(s.firstPatch?.messageId, mails[1].id)
    }

    /// `[PATCH 00/03 v2]` then patches that mostly do not repeat the version.
    func testStyle1VersionAfterTheCounterAndMixedPatches() throws {
        let mails = StyleThreads.sendEmail(jane, stamp: "20250301101500.2222", subjects: [
            "[PATCH 00/03 v2] nvme: tidy up the reset path",
            "[PATCH 01/03] nvme: split the reset work",
            "[PATCH 02/03] nvme: drop a stale comment",
            "[PATCH v2 03/03] nvme: wait for the reset once",
        ], minute: 0)
        let report = StyleDigest.make(mails)
        XCTAssertEqual(report.series.count, 1)
        let s = try XCTUnwrap(report.series.first)
        XCTAssertEqual([s.version, "\(s.received)/\(s.total)"], ["v2", "3/3"])
        XCTAssertEqual(Set(s.messageIds), Set(mails.map(\.id)))
    }

    // MARK: 2. The cover sent as a reply

    /// `git send-email --in-reply-to=<v1 cover>`: v2 is its own posting and supersedes v1.
    func testStyle2CoverSentInReplyToTheOlderVersion() throws {
        let title = "loop: fix the racy open"
        let v1 = StyleThreads.sendEmail(jane, stamp: "20250301101500.3000", subjects: [
            "[PATCH 0/2] \(title)", "[PATCH 1/2] loop: hold the lock", "[PATCH 2/2] loop: check the state",
        ], minute: 0)
        let v2 = StyleThreads.sendEmail(jane, stamp: "20250302101500.3001", subjects: [
            "[PATCH v2 0/2] \(title)", "[PATCH v2 1/2] loop: hold the lock", "[PATCH v2 2/2] loop: check the state",
        ], minute: 1440, inReplyTo: v1[0].id)
        XCTAssertEqual(v2[1].references, [v1[0].id, v2[0].id])
        let report = StyleDigest.make(v1 + v2)
        XCTAssertEqual(report.series.count, 2)
        let old = try XCTUnwrap(StyleDigest.series(report, holding: v1[0].id))
        let new = try XCTUnwrap(StyleDigest.series(report, holding: v2[0].id))
        XCTAssertEqual(Set(old.messageIds), Set(v1.map(\.id)))
        XCTAssertEqual(Set(new.messageIds), Set(v2.map(\.id)))
        XCTAssertEqual([old.status, new.status], [.skip, .new])
        XCTAssertEqual(old.supersededBy?.messageId, v2[0].id)
        XCTAssertNotNil(old.reason)
    }

    /// A mail gateway adds its own `References: <CGME…>` to every mail: the cover's first (and
    /// only) References entry, a patch's last one. The cover a patch answers is its series.
    func testStyle2GatewayReferencesOnEveryMail() throws {
        func gateway(_ mails: [StyleMail]) -> [StyleMail] {
            mails.enumerated().map { k, mail in
                var mail = mail
                let cgme = "CGME2025030110150\(k)epcas5p\(k + 1)0a1b2c3d4e5f60718293a4b5c6d7e8f9@epcas5p\(k + 1).samsung.com"
                mail.references = k == 0 ? [cgme] : mail.references + [cgme]
                return mail
            }
        }
        let withCover = gateway(StyleThreads.sendEmail(kim, stamp: "20250301101500.4000", subjects: [
            "[PATCH 0/2] nvme: pass the iova state", "[PATCH 1/2] block: add the iova state", "[PATCH 2/2] nvme: use it",
        ], minute: 0))
        var report = StyleDigest.make(withCover)
        XCTAssertEqual(report.series.count, 1)
        XCTAssertEqual(report.series.first.map { "\($0.received)/\($0.total) \($0.hasCover)" }, "2/2 true")
        XCTAssertEqual(report.series.first?.messageIds, withCover.map(\.id))

        // No cover: patch 2/2 answers patch 1/2, whose only References entry is its own CGME.
        let bare = gateway(StyleThreads.sendEmail(kim, stamp: "20250301111500.4001", subjects: [
            "[PATCH 1/2] block: remove an unused parameter", "[PATCH 2/2] nvme: stop passing the iova state",
        ], minute: 60))
        report = StyleDigest.make(bare)
        XCTAssertEqual(report.series.count, 1)
        XCTAssertEqual(report.series.first.map { "\($0.status.rawValue) \($0.received)/\($0.total)" }, "New 2/2")
    }

    // MARK: 3. Covers without 0/N

    /// `[PATCHES]` and `[PATCHSET v2]`: the thread starter its n/N patches answer is the cover,
    /// N from the patches (never "1/1").
    func testStyle3PatchsetCoverWithoutACounter() throws {
        let plain = StyleThreads.sendEmail(john, stamp: "20250301101500.5000", subjects: [
            "[PATCHES] io_uring: a few cleanups", "[PATCH 1/3] io_uring: one", "[PATCH 2/3] io_uring: two",
            "[PATCH 3/3] io_uring: three",
        ], minute: 0)
        var report = StyleDigest.make(plain)
        XCTAssertEqual(report.series.count, 1)
        var s = try XCTUnwrap(report.series.first)
        XCTAssertEqual([s.version, "\(s.received)/\(s.total)", s.title], ["v1", "3/3", "io_uring: a few cleanups"])
        XCTAssertEqual(s.cover?.messageId, plain[0].id)
        XCTAssertEqual(Set(s.messageIds), Set(plain.map(\.id)))

        let versioned = StyleThreads.sendEmail(john, stamp: "20250301111500.5001", subjects: [
            "[PATCHSET v2] io_uring: more cleanups", "[PATCH 1/2] io_uring: four", "[PATCH 2/2] io_uring: five",
        ], minute: 60)
        report = StyleDigest.make(versioned)
        XCTAssertEqual(report.series.count, 1)
        s = try XCTUnwrap(report.series.first)
        XCTAssertEqual([s.version, "\(s.received)/\(s.total)"], ["v2", "2/2"])
        XCTAssertEqual(s.cover?.messageId, versioned[0].id)
    }

    // MARK: 4. Bare covers with the version in the title

    func testStyle4BareCoverWithTheVersionInItsTitle() throws {
        let v3 = StyleThreads.sendEmail(jane, stamp: "20250301101500.6000", subjects: [
            "cleanup swiotlb initialization v3", "[PATCH 1/3] swiotlb: one", "[PATCH 2/3] swiotlb: two",
            "[PATCH 3/3] swiotlb: three",
        ], minute: 0)
        let v4 = StyleThreads.sendEmail(jane, stamp: "20250302101500.6001", subjects: [
            "cleanup swiotlb initialization v4", "[PATCH 1/3] swiotlb: one", "[PATCH 2/3] swiotlb: two",
            "[PATCH 3/3] swiotlb: three",
        ], minute: 1440)
        let report = StyleDigest.make(v3 + v4)
        XCTAssertEqual(report.series.count, 2)
        let old = try XCTUnwrap(StyleDigest.series(report, holding: v3[1].id))
        let new = try XCTUnwrap(StyleDigest.series(report, holding: v4[1].id))
        XCTAssertEqual([new.status.rawValue, new.version, "\(new.received)/\(new.total)"], ["New", "v4", "3/3"])
        XCTAssertEqual(new.cover?.messageId, v4[0].id)
        XCTAssertEqual([old.status.rawValue, old.version, "\(old.received)/\(old.total)"], ["Skip", "v3", "3/3"])
        XCTAssertEqual(old.supersededBy?.messageId, v4[0].id)
    }

    /// "… (v3)" and "[RFC v2] …" covers.
    func testStyle4VersionInParenthesesAndAnRFCTag() throws {
        let parens = StyleThreads.sendEmail(jane, stamp: "20250301101500.6100", subjects: [
            "block: rework plugging (v3)", "[PATCH 1/2] block: one", "[PATCH 2/2] block: two",
        ], minute: 0)
        var report = StyleDigest.make(parens)
        XCTAssertEqual(report.series.count, 1)
        XCTAssertEqual(report.series.first.map { "\($0.version) \($0.received)/\($0.total) \($0.cover?.messageId ?? "-")" },
                       "v3 2/2 \(parens[0].id)")

        let rfc = StyleThreads.sendEmail(john, stamp: "20250301111500.6101", subjects: [
            "[RFC v2] blk-mq: per-hctx tag sets", "[RFC PATCH 1/2] blk-mq: one", "[RFC PATCH 2/2] blk-mq: two",
        ], minute: 60)
        report = StyleDigest.make(rfc)
        XCTAssertEqual(report.series.count, 1)
        let s = try XCTUnwrap(report.series.first)
        XCTAssertEqual([s.version, "\(s.received)/\(s.total)"], ["v2", "2/2"])
        XCTAssertTrue(s.rfc)
        XCTAssertEqual(s.cover?.messageId, rfc[0].id)
    }

    // MARK: 5. Partial rerolls inside a thread

    /// `[PATCH 2/3 v2]` and `[PATCH v2 3/3]`, each sent with `--in-reply-to` the patch it replaces.
    func testStyle5PartialRerollReplacesItsSlot() throws {
        let posting = StyleThreads.sendEmail(jane, stamp: "20250301101500.7000", subjects: [
            "[PATCH 0/3] md: raid1 fixes", "[PATCH 1/3] md: one", "[PATCH 2/3] md: two", "[PATCH 3/3] md: three",
        ], minute: 0)
        let two = StyleThreads.sendEmail(jane, stamp: "20250301121500.7001", subjects: ["[PATCH 2/3 v2] md: two"],
                                         minute: 120, inReplyTo: posting[2].id)
        let three = StyleThreads.sendEmail(jane, stamp: "20250301131500.7002", subjects: ["[PATCH v2 3/3] md: three"],
                                           minute: 180, inReplyTo: posting[3].id)
        let report = StyleDigest.make(posting + two + three)
        XCTAssertEqual(report.series.count, 1)
        let s = try XCTUnwrap(report.series.first)
        XCTAssertEqual([s.status.rawValue, s.version, "\(s.received)/\(s.total)"], ["New", "v1", "3/3"])
        XCTAssertEqual(Set(s.messageIds), Set((posting + two + three).map(\.id)))
        XCTAssertEqual(s.rerolls, [Reroll(number: 2, version: "v2", messageId: two[0].id, replaces: posting[2].id),
                                   Reroll(number: 3, version: "v2", messageId: three[0].id, replaces: posting[3].id)])
    }

    // MARK: 6. One person, two addresses

    /// v2 sent from one address with the patches' in-body From another; v3 from the other.
    func testStyle6OnePersonTwoAddresses() throws {
        let title = "block: add a freeze debugfs entry"
        let v2 = StyleThreads.sendEmail(jane, stamp: "20250301101500.8000", subjects: [
            "[PATCH v2 0/2] \(title)", "[PATCH v2 1/2] block: one", "[PATCH v2 2/2] block: two",
        ], minute: 0, bodies: [
            StyleThreads.coverBody(title, by: jane),
            StyleThreads.patchBody("block/blk-mq-debugfs.c", signer: jane, author: janeAtWork),
            StyleThreads.patchBody("block/blk-sysfs.c", signer: jane, author: janeAtWork),
        ])
        let v3 = StyleThreads.sendEmail(janeAtWork, stamp: "20250302101500.8001", subjects: [
            "[PATCH v3 0/2] \(title)", "[PATCH v3 1/2] block: one", "[PATCH v3 2/2] block: two",
        ], minute: 1440)
        let report = StyleDigest.make(v2 + v3)
        XCTAssertEqual(report.series.count, 2)
        let old = try XCTUnwrap(StyleDigest.series(report, holding: v2[0].id))
        let new = try XCTUnwrap(StyleDigest.series(report, holding: v3[0].id))
        XCTAssertEqual(old.author.email, janeAtWork.email, "a series' author is who wrote its patches")
        XCTAssertEqual([old.status, new.status], [.skip, .new])
        XCTAssertEqual(old.supersededBy?.messageId, v3[0].id)
    }

    // MARK: 7. Versions whose title changed, joined by evidence

    /// Each way a v3 cover names v2 joins them, and the Skip says it was linked.
    func testStyle7LinkedVersionsWhoseTitleChanged() throws {
        let v2 = StyleThreads.b4(jane, slug: "bdev-freeze", version: 2, hash: "1a2b3c4d5e6f", title: "block: add bdev_freeze helpers",
                                 total: 2, minute: 0, changeID: "20250201-bdev-freeze-0a1b2c3d4e5f")
        let cover = v2[0].id
        let links = [
            "- Link to v2: https://lore.kernel.org/r/\(cover)",
            "Supersedes: <\(cover)>",
            "v2: https://lore.kernel.org/linux-block/\(cover)/",
            "v2: https://patch.msgid.link/\(cover)",
            "Followup to v2 here: https://lore.kernel.org/all/\(cover)/",
        ]
        for link in links {
            // A renamed series whose change-id was not kept (a new b4 branch): only the link joins.
            let v3 = StyleThreads.b4(jane, slug: "freeze-helpers", version: 3, hash: "9f8e7d6c5b4a",
                                     title: "block: introduce freeze helpers for bdevs", total: 2, minute: 1440,
                                     changeID: "20250302-freeze-helpers-9f8e7d6c5b4a", notes: "Changes in v3:\n- renamed\n\(link)")
            let report = StyleDigest.make(v2 + v3)
            let old = try XCTUnwrap(StyleDigest.series(report, holding: cover))
            XCTAssertEqual(old.status, .skip, link)
            XCTAssertEqual(old.supersededBy?.messageId, v3[0].id, link)
            XCTAssertTrue(old.reason?.contains("linked from the v3 cover letter") ?? false, "\(link): \(old.reason ?? "no reason")")
            XCTAssertEqual(StyleDigest.series(report, holding: v3[0].id)?.status, .new, link)
        }
    }

    func testStyle7ChangeIdJoinsRenamedVersions() throws {
        let change = "20250201-bdev-freeze-0a1b2c3d4e5f"
        let v2 = StyleThreads.b4(jane, slug: "bdev-freeze", version: 2, hash: "1a2b3c4d5e6f", title: "block: add bdev_freeze helpers",
                                 total: 2, minute: 0, changeID: change)
        let v3 = StyleThreads.b4(jane, slug: "bdev-freeze", version: 3, hash: "9f8e7d6c5b4a",
                                 title: "block: introduce freeze helpers for bdevs", total: 2, minute: 1440, changeID: change)
        let report = StyleDigest.make(v2 + v3)
        let old = try XCTUnwrap(StyleDigest.series(report, holding: v2[0].id))
        XCTAssertEqual(old.status, .skip)
        XCTAssertEqual(old.supersededBy?.messageId, v3[0].id)
        XCTAssertTrue(old.reason?.contains("same change-id") ?? false, old.reason ?? "no reason")
    }

    /// A v2 cover sent in reply to the v1 cover is evidence even when the title changed.
    func testStyle7CoverInReplyToTheOlderCoverJoinsRenamedVersions() throws {
        let v1 = StyleThreads.sendEmail(jane, stamp: "20250301101500.9000", subjects: [
            "[PATCH 0/2] loop: fix the racy open", "[PATCH 1/2] loop: one", "[PATCH 2/2] loop: two",
        ], minute: 0)
        let v2 = StyleThreads.sendEmail(jane, stamp: "20250302101500.9001", subjects: [
            "[PATCH v2 0/2] loop: serialize open and release", "[PATCH v2 1/2] loop: one", "[PATCH v2 2/2] loop: two",
        ], minute: 1440, inReplyTo: v1[0].id)
        let report = StyleDigest.make(v1 + v2)
        let old = try XCTUnwrap(StyleDigest.series(report, holding: v1[0].id))
        XCTAssertEqual(old.status, .skip)
        XCTAssertEqual(old.supersededBy?.messageId, v2[0].id)
        XCTAssertTrue(old.reason?.contains("reply") ?? false, "the join names the reply: \(old.reason ?? "no reason")")
    }

    /// Same author, another title, no link: two series, no guess.
    func testStyle7NoEvidenceNoJoin() throws {
        let a = StyleThreads.sendEmail(jane, stamp: "20250301101500.9100", subjects: [
            "[PATCH 0/2] block: add foo", "[PATCH 1/2] block: one", "[PATCH 2/2] block: two",
        ], minute: 0)
        let b = StyleThreads.sendEmail(jane, stamp: "20250302101500.9101", subjects: [
            "[PATCH v2 0/2] block: rework bar", "[PATCH v2 1/2] block: three", "[PATCH v2 2/2] block: four",
        ], minute: 1440)
        let report = StyleDigest.make(a + b)
        XCTAssertEqual(report.series.map(\.status), [.new, .new])
        XCTAssertEqual(report.series.compactMap(\.reason), [])
    }

    // MARK: 8. Exist means the same posting again

    func testStyle8ResendIsExist() throws {
        let subjects = ["[PATCH v2 0/2] block: fix foo", "[PATCH v2 1/2] block: one", "[PATCH v2 2/2] block: two"]
        let first = StyleThreads.sendEmail(jane, stamp: "20250301101500.1100", subjects: subjects, minute: 0)
        let again = StyleThreads.sendEmail(jane, stamp: "20250302101500.1101",
                                           subjects: subjects.map { $0.replacingOccurrences(of: "[PATCH", with: "[RESEND PATCH") },
                                           minute: 1440)
        let report = StyleDigest.make(first + again)
        let old = try XCTUnwrap(StyleDigest.series(report, holding: first[0].id))
        XCTAssertEqual(old.status, .exist)
        XCTAssertEqual(old.supersededBy?.messageId, again[0].id)
        XCTAssertEqual(StyleDigest.series(report, holding: again[0].id)?.status, .new)
    }

    /// A patch posted alone, then again as 1/2 of a larger series: not a resend.
    func testStyle8PatchRepostedInsideALargerSeriesIsNotAResend() throws {
        let alone = StyleThreads.sendEmail(jane, stamp: "20250301101500.1200", subjects: ["[PATCH] block: fix foo"], minute: 0)
        let larger = StyleThreads.sendEmail(jane, stamp: "20250302101500.1201", subjects: [
            "[PATCH 1/2] block: fix foo", "[PATCH 2/2] block: fix bar",
        ], minute: 1440)
        let report = StyleDigest.make(alone + larger)
        XCTAssertEqual(report.series.count, 2)
        XCTAssertEqual(report.series.map(\.status), [.new, .new])
        XCTAssertNotNil(StyleDigest.series(report, holding: alone[0].id)?.firstPatch, "the original is printed")
    }

    /// `[PATCH AUTOSEL 6.1 18/85]` reusing the original's title and author: a backport, listed
    /// apart; the original stays New.
    func testStyle8AutoselBatchIsABackportNotAResend() throws {
        let original = StyleThreads.sendEmail(jane, stamp: "20250301101500.1300", subjects: ["[PATCH] nvme: fix a race in reset"],
                                              minute: 0)
        let batchRoot = "20250302101500.1301-1-sam@kernel.example.org"
        let autosel = StyleThreads.sendEmail(sam, stamp: "20250302101500.1301", subjects: [
            "[PATCH AUTOSEL 6.1 01/85] block: first", "[PATCH AUTOSEL 6.1 18/85] nvme: fix a race in reset",
            "[PATCH AUTOSEL 6.1 19/85] nvme: fix another race",
        ], minute: 1440, bodies: [
            StyleThreads.patchBody("block/blk-core.c", signer: sam, author: john),
            StyleThreads.patchBody("drivers/nvme/host/core.c", signer: sam, author: jane),
            StyleThreads.patchBody("drivers/nvme/host/pci.c", signer: sam, author: john),
        ]).dropFirst()   // 1/85 went to another list
        XCTAssertEqual(autosel.first?.inReplyTo, batchRoot)
        let report = StyleDigest.make(original + autosel)
        XCTAssertEqual(report.series.count, 1)
        XCTAssertEqual(report.series.first.map { [$0.status.rawValue, $0.messageIds[0]] }, ["New", original[0].id])
        XCTAssertNil(report.series.first?.reason)
        let batch = try XCTUnwrap(report.backports?.first)
        XCTAssertEqual(report.backports?.count, 1)
        XCTAssertEqual([batch.tree, "\(batch.patches)/\(batch.total)", batch.title, batch.messageId],
                       ["AUTOSEL 6.1", "2/85", "nvme: fix a race in reset", Array(autosel)[0].id])
        XCTAssertEqual(batch.sender, sam.person)
        // Backports carry others' patches: counted in their own section, not as the list's
        // patch emails or its contributors.
        XCTAssertEqual(report.patches, 1)
        XCTAssertEqual(report.contributors.map(\.email), [jane.person.email])
    }

    /// A stable review batch `[PATCH 6.6 000/140]` with `[PATCH 6.6 012/140]`, and a `[PATCH stable]`
    /// of the same change.
    func testStyle8StableReviewBatchIsABackport() throws {
        let original = StyleThreads.sendEmail(jane, stamp: "20250301101500.1400", subjects: ["[PATCH] nvme: fix a race in reset"],
                                              minute: 0)
        let review = StyleThreads.sendEmail(greg, stamp: "20250302101500.1401", subjects: [
            "[PATCH 6.6 000/140] 6.6.80-rc1 review", "[PATCH 6.6 012/140] nvme: fix a race in reset",
            "[PATCH 6.6 013/140] nvme: fix another race",
        ], minute: 1440, bodies: [
            // As stable review cycles open: the cover says so, each patch cites its upstream commit.
            "This is the start of the stable review cycle for the 6.6.80 release.\nThere are 140 patches in this series, all will be posted as a response\nto this one.\n\nthanks,\n\ngreg k-h\n",
            StyleThreads.patchBody("drivers/nvme/host/core.c", signer: greg, author: jane),
            StyleThreads.patchBody("drivers/nvme/host/pci.c", signer: greg, author: john),
        ])
        let stable = StyleThreads.sendEmail(john, stamp: "20250303101500.1402", subjects: ["[PATCH stable] nvme: fix a race in reset"],
                                            minute: 2880, bodies: [StyleThreads.patchBody("drivers/nvme/host/core.c", signer: john, author: jane)])
        let report = StyleDigest.make(original + review + stable)
        XCTAssertEqual(report.series.count, 1)
        XCTAssertEqual(report.series.first.map { [$0.status.rawValue, $0.messageIds[0]] }, ["New", original[0].id])
        XCTAssertEqual(report.backports?.map { [$0.tree, "\($0.patches)/\($0.total)", $0.title, $0.messageId] },
                       [["6.6", "2/140", "6.6.80-rc1 review", review[0].id],
                        ["stable", "1/1", "nvme: fix a race in reset", stable[0].id]])
        XCTAssertEqual(report.patches, 1)
    }

    // MARK: 9. Part prints its lowest patch

    func testStyle9PartPrintsItsLowestReceivedPatch() throws {
        // Patches 2/4 and 3/4 of a posting whose cover and 1/4 came before the range.
        let late = StyleThreads.sendEmail(jane, stamp: "20250301101500.1500", subjects: [
            "[PATCH 0/4] block: cover", "[PATCH 1/4] block: one", "[PATCH 2/4] block: two", "[PATCH 3/4] block: three",
        ], minute: 0).suffix(2)
        // The one patch of a series the list was Cc'd on.
        let cc = StyleThreads.sendEmail(john, stamp: "20250301111500.1501", subjects: [
            "[PATCH v3 0/9] mm: cover", "[PATCH v3 1/9] mm: one", "[PATCH v3 2/9] mm: two", "[PATCH v3 3/9] mm: three",
            "[PATCH v3 4/9] mm: four", "[PATCH v3 5/9] block: use the new mm helper",
        ], minute: 60).suffix(1)
        let report = StyleDigest.make(Array(late) + Array(cc))
        XCTAssertEqual(report.series.count, 2)
        let part = try XCTUnwrap(StyleDigest.series(report, holding: Array(late)[0].id))
        XCTAssertEqual([part.status.rawValue, "\(part.received)/\(part.total)"], ["Part", "2/4"])
        XCTAssertEqual(part.firstPatch?.messageId, Array(late)[0].id)
        XCTAssertTrue(part.firstPatch?.text.contains("took the lock twice") ?? false)
        let one = try XCTUnwrap(StyleDigest.series(report, holding: Array(cc)[0].id))
        XCTAssertEqual([one.status.rawValue, one.version, "\(one.received)/\(one.total)"], ["Part", "v3", "1/9"])
        XCTAssertEqual(one.firstPatch?.messageId, Array(cc)[0].id)
    }

    // MARK: 10. Version tags

    func testStyle10VersionTags() throws {
        for (tag, version) in [("PATCH -v2", "v2"), ("PATCH V2", "v2"), ("PATCH v2.1", "v2.1"), ("PATCHv2", "v2")] {
            let mails = StyleThreads.sendEmail(jane, stamp: "20250301101500.1600", subjects: [
                "[\(tag) 0/2] block: fix foo", "[\(tag) 1/2] block: one", "[\(tag) 2/2] block: two",
            ], minute: 0)
            let report = StyleDigest.make(mails)
            XCTAssertEqual(report.series.map { "\($0.version) \($0.received)/\($0.total) \($0.hasCover)" }, ["\(version) 2/2 true"], tag)
        }
    }

    /// `[PATCH 6.15 0/2]` is also how fixes for the coming release are sent: without a cited
    /// upstream commit it is a series (version 1), not a backport; `[PATCH v6.15 0/3]` too.
    func testStyle10ReleaseTargetWithoutUpstreamIsASeries() throws {
        let fixes = StyleThreads.sendEmail(john, stamp: "20250301101500.1750", subjects: [
            "[PATCH 6.15 0/2] selftests: ublk: two fixes", "[PATCH 6.15 1/2] selftests: ublk: one",
            "[PATCH 6.15 2/2] selftests: ublk: two",
        ], minute: 0)
        let target = StyleThreads.sendEmail(jane, stamp: "20250301111500.1751", subjects: [
            "[PATCH v6.15 0/2] ublk: zero copy fixes", "[PATCH v6.15 1/2] ublk: one", "[PATCH v6.15 2/2] ublk: two",
        ], minute: 60)
        let report = StyleDigest.make(fixes + target)
        XCTAssertNil(report.backports)
        XCTAssertEqual(report.series.map { "\($0.status.rawValue) \($0.version) \($0.received)/\($0.total)" },
                       ["New v1 2/2", "New v1 2/2"])
        XCTAssertEqual(report.series.map(\.tags), [["6.15"], ["v6.15"]])
    }

    /// `[PATCH 5.10 1/3]` and `[PATCH stable v6.1]`: kernel releases, not versions. (`[PATCH v6.1]`
    /// with no stable word in the subject stays version 6.1: series re-spins are written `v5.1`
    /// too, and a subject is all the tags are read from.)
    func testStyle10KernelReleaseIsNotAVersion() throws {
        // A backport cites the upstream commit it carries, as stable backports do.
        let upstream = (1...3).map { "commit 0123456789abcdef0123456789abcdef0123456\($0) upstream.\n\n"
            + StyleThreads.patchBody("drivers/nvme/host/core\($0).c", signer: sam) }
        let batch = StyleThreads.sendEmail(sam, stamp: "20250301101500.1700", subjects: [
            "[PATCH 5.10 1/3] nvme: one", "[PATCH 5.10 2/3] nvme: two", "[PATCH 5.10 3/3] nvme: three",
        ], minute: 0, bodies: upstream)
        var single = StyleThreads.sendEmail(jane, stamp: "20250301111500.1701", subjects: ["[PATCH stable v6.1] nvme: fix a race in reset"],
                                            minute: 60)
        single[0].extraHeaders = ["Cc: stable@vger.kernel.org"]
        let report = StyleDigest.make(batch + single)
        XCTAssertEqual(report.series.filter { ["v5.10", "v6.1"].contains($0.version) }.map(\.title), [])
        let trees = (report.backports ?? []).map { "\($0.tree) \($0.patches)/\($0.total)" }
        XCTAssertTrue(trees.contains { $0.hasSuffix("5.10 3/3") }, "\(trees)")
        XCTAssertTrue(trees.contains { $0.contains("6.1") && $0.hasSuffix(" 1/1") }, "\(trees)")
    }

    /// The same mail archived twice (one Message-ID) counts once in every tally.
    func testStyle10MessageArchivedTwiceCountsOnce() throws {
        let mails = StyleThreads.sendEmail(jane, stamp: "20250301101500.1800", subjects: [
            "[PATCH 0/2] block: fix foo", "[PATCH 1/2] block: one", "[PATCH 2/2] block: two",
        ], minute: 0)
        let report = StyleDigest.make(mails + [mails[1]])
        XCTAssertEqual([report.messages, report.patches], [3, 3])
        XCTAssertEqual(report.contributors.map { "\($0.email) \($0.count)" }, ["jane@example.com 3"])
        let s = try XCTUnwrap(report.series.first)
        XCTAssertEqual([s.messageIds.count, s.patchEmails, s.received], [3, 3, 2])
        XCTAssertNil(s.rerolls)
        XCTAssertEqual(s.status, .new)
    }

    // MARK: 11. Diffstat from the diff

    func testStyle11DiffstatComputedFromTheDiff() throws {
        let bare = StyleThreads.sendEmail(jane, stamp: "20250301101500.1900", subjects: ["[PATCH] block: fix foo"], minute: 0,
                                          bodies: [StyleThreads.patchBody("block/blk-core.c", signer: jane, diffstat: false)])
        var report = StyleDigest.make(bare)
        XCTAssertEqual(report.series.first?.firstPatch?.diffstat.map { [$0.files, $0.insertions, $0.deletions] }, [1, 2, 1])
        // The printed text shows it, as git writes it.
        let text = try XCTUnwrap(report.series.first?.firstPatch?.text)
        XCTAssertTrue(text.hasSuffix("Diffstat counted from the diff:\n block/blk-core.c | 3 ++-\n 1 file changed, 2 insertions(+), 1 deletion(-)"), text)

        let wrong = StyleThreads.patchBody("block/blk-core.c", signer: jane)
            .replacingOccurrences(of: " 1 file changed, 2 insertions(+), 1 deletion(-)", with: " 1 file changed, 10 insertions(+)")
        let lying = StyleThreads.sendEmail(jane, stamp: "20250301111500.1901", subjects: ["[PATCH] block: fix bar"], minute: 60,
                                           bodies: [wrong])
        report = StyleDigest.make(lying)
        XCTAssertEqual(report.series.first?.firstPatch?.diffstat.map { [$0.files, $0.insertions, $0.deletions] }, [1, 2, 1])
        XCTAssertTrue(report.series.first?.firstPatch?.text.contains("10 insertions(+)\n\nDiffstat counted from the diff:\n") ?? false,
                      "the mail's own first, as sent, then the counted one")
    }

    // MARK: 12. A pull request that is also a cover

    func testStyle12PullRequestCoverWithItsPatches() throws {
        for cover in ["[PATCH 0/2] [PULL REQUEST] nvme fixes for 6.14", "[GIT PULL 0/2] nvme fixes for 6.14"] {
            let mails = StyleThreads.sendEmail(john, stamp: "20250301101500.2000", subjects: [
                cover, "[PATCH 1/2] nvme: one", "[PATCH 2/2] nvme: two",
            ], minute: 0, bodies: [
                "Hi Jens,\n\n" + "The following changes since commit 1c8e4b2f9a7d3e6c0b5f8a2d4e7c1b9f3a6d0e58:\n\n  Linux 6.14-rc4 (2025-02-23 12:32:57 -0800)\n\nare available in the Git repository at:\n\n  git://git.example.org/nvme.git tags/nvme-6.14-2025-03-01\n\nfor you to fetch changes up to 9f2d7c4a1e8b3f06d5c2a9e7b4f1d8c3a6e0b925:\n\n  nvme: two (2025-02-28 11:47:20 +0000)\n\n----------------------------------------------------------------\nJohn Roe (2):\n      nvme: one\n      nvme: two\n\n drivers/nvme/host/core.c | 6 ++++--\n 1 file changed, 4 insertions(+), 2 deletions(-)\n",
                StyleThreads.patchBody("drivers/nvme/host/core.c", signer: john),
                StyleThreads.patchBody("drivers/nvme/host/pci.c", signer: john),
            ])
            let report = StyleDigest.make(mails)
            XCTAssertEqual(report.series.count, 1, cover)
            let s = try XCTUnwrap(report.series.first)
            XCTAssertEqual([s.status.rawValue, "\(s.received)/\(s.total)", s.title], ["New", "2/2", "nvme fixes for 6.14"], cover)
            XCTAssertTrue(s.hasCover, cover)
            XCTAssertEqual(s.pullRequest, true, cover)
            XCTAssertEqual(s.messageIds, mails.map(\.id), cover)
            XCTAssertEqual(report.pullRequests.count, 0, "listed once, as a series: \(cover)")
            XCTAssertEqual(report.patches, 3, cover)
        }
    }

    // MARK: Never merged

    /// John answers Jane's cover with his own 1/2 and 2/2: two series, never one.
    func testTwoDifferentPeopleNeverMerge() throws {
        let hers = StyleThreads.sendEmail(jane, stamp: "20250301101500.2100", subjects: [
            "[PATCH 0/2] block: fix foo", "[PATCH 1/2] block: one", "[PATCH 2/2] block: two",
        ], minute: 0)
        let his = StyleThreads.sendEmail(john, stamp: "20250301111500.2101", subjects: [
            "[PATCH 1/2] block: one", "[PATCH 2/2] block: two, another way",
        ], minute: 60, inReplyTo: hers[0].id)
        let report = StyleDigest.make(hers + his)
        XCTAssertEqual(report.series.count, 2)
        XCTAssertEqual(StyleDigest.series(report, holding: hers[0].id)?.messageIds, hers.map(\.id))
        let theirs = try XCTUnwrap(StyleDigest.series(report, holding: his[0].id))
        XCTAssertEqual(Set(theirs.messageIds), Set(his.map(\.id)))
        XCTAssertEqual([theirs.sender.email, theirs.status.rawValue], [john.email, "New"])
    }
}
