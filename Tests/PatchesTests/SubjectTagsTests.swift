import XCTest
@testable import Patches

final class SubjectTagsTests: XCTestCase {
    private func parse(_ subject: String) -> SubjectTags { SubjectTags.parse(subject) }

    // MARK: - Versions and counters

    func testVersionAndZeroPaddedCounter() {
        let t = parse("[PATCH v3 02/14] KVM: x86: foo")
        XCTAssertEqual(t.kind, .patch)
        XCTAssertEqual(t.version, PatchVersion(major: 3))
        XCTAssertTrue(t.versionStated)
        XCTAssertEqual(t.number, 2)
        XCTAssertEqual(t.total, 14)
        XCTAssertTrue(t.counterStated)
        XCTAssertEqual(t.title, "KVM: x86: foo")
        XCTAssertEqual(t.titleKey, "kvm: x86: foo")
        XCTAssertEqual(t.brackets, ["PATCH v3 02/14"])
        XCTAssertEqual(t.freeTags, [])
        XCTAssertFalse(t.isReply)
    }

    func testPlainPatchDefaultsToV1OneOfOne() {
        let t = parse("[PATCH] x86/kvm: Avoid freeing stack-allocated node")
        XCTAssertEqual(t.kind, .patch)
        XCTAssertEqual(t.version, PatchVersion(major: 1, minor: 0))
        XCTAssertFalse(t.versionStated)
        XCTAssertEqual(t.number, 1)
        XCTAssertEqual(t.total, 1)
        XCTAssertFalse(t.counterStated)
        XCTAssertEqual(t.title, "x86/kvm: Avoid freeing stack-allocated node")
    }

    func testRFCPatch() {
        let t = parse("[RFC PATCH] x")
        XCTAssertTrue(t.isRFC)
        XCTAssertTrue(t.isPatch)
        XCTAssertEqual(t.kind, .patch)
        XCTAssertEqual(t.freeTags, [])
    }

    func testGluedVersionIsRepaired() {
        for subject in ["[PATCHv2] x", "[PATCH-v2] x", "[PATCH_v2] x", "[patchv2] x"] {
            let t = parse(subject)
            XCTAssertTrue(t.isPatch, subject)
            XCTAssertEqual(t.version, PatchVersion(major: 2), subject)
            XCTAssertTrue(t.versionStated, subject)
            XCTAssertEqual(t.freeTags, [], subject)
            XCTAssertEqual(t.title, "x", subject)
        }
    }

    func testUpperCaseVersion() {
        let t = parse("[PATCH V2] x")
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertTrue(t.versionStated)
    }

    func testRFCWithGluedVersion() {
        let t = parse("[RFCv2 3/4] x")
        XCTAssertTrue(t.isRFC)
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertEqual(t.number, 3)
    }

    func testProjectTagBeforePatch() {
        let t = parse("[kvm-unit-tests PATCH v2 1/3] x86: svm: fix")
        XCTAssertEqual(t.freeTags, ["kvm-unit-tests"])
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertEqual(t.number, 1)
        XCTAssertEqual(t.total, 3)
        XCTAssertEqual(t.title, "x86: svm: fix")
        XCTAssertEqual(t.kind, .patch)
    }

    func testProjectTagAfterPatch() {
        let t = parse("[PATCH kvmtool] arm64: fix")
        XCTAssertEqual(t.freeTags, ["kvmtool"])
        XCTAssertTrue(t.isPatch)
    }

    func testTreeTag() {
        let t = parse("[PATCH net-next v2 1/3] net: foo")
        XCTAssertEqual(t.freeTags, ["net-next"])
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertEqual(t.number, 1)
        XCTAssertEqual(t.total, 3)
    }

    func testResendBeforeAndAfterPatch() {
        let a = parse("[RESEND PATCH] x")
        XCTAssertTrue(a.isResend)
        XCTAssertTrue(a.isPatch)
        XCTAssertFalse(a.versionStated)

        let b = parse("[PATCH RESEND v4 3/3] x")
        XCTAssertTrue(b.isResend)
        XCTAssertEqual(b.version, PatchVersion(major: 4))
        XCTAssertEqual(b.number, 3)
        XCTAssertEqual(b.total, 3)
        XCTAssertEqual(b.freeTags, [])
    }

    func testStableKernelVersionIsAFreeTagNotAVersion() {
        let t = parse("[PATCH 6.1 12/34] KVM: x86: fix")
        XCTAssertEqual(t.freeTags, ["6.1"])
        XCTAssertFalse(t.versionStated)
        XCTAssertEqual(t.version, PatchVersion(major: 1))
        XCTAssertEqual(t.number, 12)
        XCTAssertEqual(t.total, 34)
    }

    func testMinorVersion() {
        let t = parse("[PATCH v5.1] x")
        XCTAssertEqual(t.version, PatchVersion(major: 5, minor: 1))
        XCTAssertEqual(t.version.description, "v5.1")
        XCTAssertTrue(t.versionStated)
    }

    func testCoverLetters() {
        let a = parse("[PATCH 0/7] x")
        XCTAssertEqual(a.kind, .cover)
        XCTAssertEqual(a.number, 0)
        XCTAssertEqual(a.total, 7)

        let b = parse("[PATCH v2 00/13] Nested SVM fixes, cleanups, and hardening")
        XCTAssertEqual(b.kind, .cover)
        XCTAssertEqual(b.version, PatchVersion(major: 2))
        XCTAssertEqual(b.total, 13)
        XCTAssertEqual(b.title, "Nested SVM fixes, cleanups, and hardening")
    }

    func testSpacedCounter() {
        let t = parse("[PATCH 1 / 3] x")
        XCTAssertEqual(t.number, 1)
        XCTAssertEqual(t.total, 3)
        XCTAssertTrue(t.counterStated)
        XCTAssertEqual(t.freeTags, [])
    }

    func testHalfSpacedCounters() {
        for subject in ["[PATCH 2/ 3] x", "[PATCH 2 /3] x"] {
            let t = parse(subject)
            XCTAssertEqual(t.number, 2, subject)
            XCTAssertEqual(t.total, 3, subject)
            XCTAssertEqual(t.freeTags, [], subject)
        }
    }

    func testOfCounter() {
        let t = parse("[PATCH 1 of 3] x")
        XCTAssertEqual(t.number, 1)
        XCTAssertEqual(t.total, 3)
        XCTAssertEqual(t.freeTags, [])
    }

    func testConsecutiveBracketGroups() {
        let t = parse("[PATCH][next] x")
        XCTAssertEqual(t.brackets, ["PATCH", "next"])
        XCTAssertEqual(t.freeTags, ["next"])
        XCTAssertEqual(t.title, "x")
        XCTAssertTrue(t.isPatch)
    }

    /// Decision: a leading group that only holds a version still states the version.
    func testVersionInItsOwnGroup() {
        let t = parse("[PATCH] [v2] x")
        XCTAssertEqual(t.brackets, ["PATCH", "v2"])
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertTrue(t.versionStated)
        XCTAssertEqual(t.title, "x")
    }

    func testRFCWithoutPatchWord() {
        let a = parse("[RFC v2 1/2] x")
        XCTAssertTrue(a.isRFC)
        XCTAssertTrue(a.isPatch)
        XCTAssertEqual(a.version, PatchVersion(major: 2))
        XCTAssertEqual(a.number, 1)
        XCTAssertEqual(a.total, 2)
        XCTAssertEqual(a.kind, .patch)

        let b = parse("[RFC] x")
        XCTAssertTrue(b.isRFC)
        XCTAssertEqual(b.kind, .patch)
    }

    func testCounterAloneMakesAPatch() {
        let t = parse("[2/5] KVM: arm64: fix")
        XCTAssertTrue(t.isPatch)
        XCTAssertEqual(t.kind, .patch)
        XCTAssertEqual(t.number, 2)
    }

    // MARK: - Pull requests

    func testGitPull() {
        let t = parse("[GIT PULL] KVM/arm64 fixes for 6.2")
        XCTAssertEqual(t.kind, .pullRequest)
        XCTAssertTrue(t.isPullRequest)
        XCTAssertFalse(t.isPatch)
        XCTAssertEqual(t.freeTags, [])
        XCTAssertEqual(t.title, "KVM/arm64 fixes for 6.2")
    }

    func testPullWithCounterIsAPullRequestNotACover() {
        let t = parse("[PULL 00/11] s390 updates")
        XCTAssertEqual(t.kind, .pullRequest)
        XCTAssertEqual(t.number, 0)
        XCTAssertEqual(t.total, 11)
    }

    func testPullRequestSpellings() {
        for subject in ["[PULL REQUEST] x", "[GIT PULL v2] x", "[git pull] x", "[GIT PULL REQUEST] x", "[PULL-REQUEST] x"] {
            let t = parse(subject)
            XCTAssertEqual(t.kind, .pullRequest, subject)
            XCTAssertEqual(t.freeTags, [], subject)
        }
        XCTAssertEqual(parse("[GIT PULL v2] x").version, PatchVersion(major: 2))
    }

    // MARK: - Replies

    func testReplyToASeriesPatch() {
        let t = parse("Re: [PATCH v2 1/3] KVM: x86: foo")
        XCTAssertTrue(t.isReply)
        XCTAssertEqual(t.kind, .reply)
        XCTAssertTrue(t.isPatch)
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertEqual(t.number, 1)
        XCTAssertEqual(t.title, "KVM: x86: foo")
    }

    func testReplyMarkerSpellings() {
        for subject in ["RE: [PATCH] x", "re: [PATCH] x", "Re[2]: [PATCH] x", "Re(3): [PATCH] x", "AW: [PATCH] x",
                        "Aw: [PATCH] x", "Fwd: [PATCH] x", "Fw: [PATCH] x", "FW: [PATCH] x", "SV: [PATCH] x",
                        "Antw: [PATCH] x", "WG: [PATCH] x", "Odp: [PATCH] x", "回复: [PATCH] x", "答复：[PATCH] x",
                        "Re : [PATCH] x", "Re: Re: RE: [PATCH] x", "Re:[PATCH] x"] {
            let t = parse(subject)
            XCTAssertTrue(t.isReply, subject)
            XCTAssertEqual(t.kind, .reply, subject)
            XCTAssertEqual(t.title, "x", subject)
            XCTAssertTrue(t.isPatch, subject)
        }
    }

    func testReplyMarkerAfterTheBrackets() {
        let t = parse("[PATCH v4 5/7] Re: x")
        XCTAssertTrue(t.isReply)
        XCTAssertEqual(t.kind, .reply)
        XCTAssertEqual(t.number, 5)
        XCTAssertEqual(t.title, "x")
    }

    func testSubsystemPrefixesAreNotReplies() {
        let a = parse("mm: fix foo")
        XCTAssertFalse(a.isReply)
        XCTAssertEqual(a.kind, .other)
        XCTAssertEqual(a.title, "mm: fix foo")

        let b = parse("KVM: arm64: fix")
        XCTAssertFalse(b.isReply)
        XCTAssertEqual(b.kind, .other)
        XCTAssertEqual(b.title, "KVM: arm64: fix")

        let c = parse("[PATCH] net: fix")
        XCTAssertFalse(c.isReply)
        XCTAssertEqual(c.title, "net: fix")

        let d = parse("Revert: KVM: x86: foo")
        XCTAssertFalse(d.isReply)
    }

    func testGitWithoutPullIsAFreeTag() {
        let t = parse("[GIT] [PATCH] x")
        XCTAssertFalse(t.isPullRequest)
        XCTAssertEqual(t.freeTags, ["GIT"])
        XCTAssertEqual(t.kind, .patch)
    }

    func testAnnouncementIsOther() {
        let t = parse("[ANNOUNCE] kvm-unit-tests")
        XCTAssertEqual(t.kind, .other)
        XCTAssertFalse(t.isPatch)
        XCTAssertEqual(t.freeTags, ["ANNOUNCE"])
        XCTAssertEqual(t.title, "kvm-unit-tests")
    }

    // MARK: - Odd shapes

    func testNumberAboveTotalIsStillACounter() {
        let t = parse("[PATCH 3/2] x")
        XCTAssertTrue(t.counterStated)
        XCTAssertEqual(t.number, 3)
        XCTAssertEqual(t.total, 2)
        XCTAssertEqual(t.kind, .patch)
    }

    func testCommasSplitWords() {
        let t = parse("[PATCH v2,1/3] x")
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertEqual(t.number, 1)
        XCTAssertEqual(t.total, 3)
        XCTAssertEqual(t.freeTags, [])
    }

    func testWhitespaceIsCollapsed() {
        let t = parse("[PATCH  v2   1/3]   x \t  y  ")
        XCTAssertEqual(t.brackets, ["PATCH v2 1/3"])
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertEqual(t.number, 1)
        XCTAssertEqual(t.title, "x y")
        XCTAssertEqual(t.titleKey, "x y")
    }

    func testTitleKeyMatchesAcrossVersions() {
        let v1 = parse("[PATCH 1/2] KVM: x86:  Fix   the thing")
        let v2 = parse("[PATCH v2 1/2] kvm: x86: fix the thing")
        XCTAssertEqual(v1.titleKey, v2.titleKey)
    }

    func testAbsurdNumbersAreNotCounters() {
        let t = parse("[PATCH 99999999999999999999/3] x")
        XCTAssertFalse(t.counterStated)
        XCTAssertEqual(t.number, 1)
        XCTAssertEqual(t.total, 1)
        XCTAssertEqual(t.freeTags, ["99999999999999999999/3"])
        XCTAssertEqual(t.kind, .patch)

        let v = parse("[PATCH v99999999999999999999999] x")
        XCTAssertFalse(v.versionStated)
        XCTAssertEqual(v.freeTags, ["v99999999999999999999999"])

        let z = parse("[PATCH 1/0] x")
        XCTAssertFalse(z.counterStated)
    }

    func testUnclosedBracketStaysInTheTitle() {
        let t = parse("[PATCH v2 fix the thing")
        XCTAssertEqual(t.brackets, [])
        XCTAssertFalse(t.isPatch)
        XCTAssertEqual(t.title, "[PATCH v2 fix the thing")
    }

    func testFreeTagsKeepTheirSpelling() {
        let t = parse("[PATCH bpf-next stable 5.15.y Patchwork] x")
        XCTAssertEqual(t.freeTags, ["bpf-next", "stable", "5.15.y", "Patchwork"])
        XCTAssertFalse(t.versionStated)
    }

    func testFirstVersionAndCounterWin() {
        let t = parse("[PATCH v2 1/3] [v3 2/3] x")
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertEqual(t.number, 1)
        XCTAssertEqual(t.freeTags, ["v3", "2/3"])
    }

    func testKernelVersionBeforeTheSeriesVersion() {
        let t = parse("[PATCH stable v4.9 v2] arm64: entry: fix")
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertEqual(t.freeTags, ["stable", "v4.9"])
        XCTAssertEqual(t.backport, StableBackport(tree: "4.9", autoselected: false))
        let alone = parse("[PATCH stable v4.9] arm64: entry: fix")
        XCTAssertFalse(alone.versionStated, "beside a stable word, vN.M names the release")
        XCTAssertEqual(alone.version, PatchVersion(major: 1))
        XCTAssertEqual(alone.freeTags, ["stable", "v4.9"])
        XCTAssertEqual(alone.backport?.tree, "4.9")
    }

    // MARK: - Version spellings (posting style 10)

    func testVersionSpellings() {
        let cases: [(String, PatchVersion, Int, Int)] = [
            ("[PATCH -v2] x", PatchVersion(major: 2), 1, 1),
            ("[PATCH V2 1/3] x", PatchVersion(major: 2), 1, 3),
            ("[PATCH v2.1] x", PatchVersion(major: 2, minor: 1), 1, 1),
            ("[PATCHv2 1/3] x", PatchVersion(major: 2), 1, 3),
            ("[PATCH-v2] x", PatchVersion(major: 2), 1, 1),
            ("[PATCH 00/10 v2] x", PatchVersion(major: 2), 0, 10),
            ("[PATCHSET v2 0/2] x", PatchVersion(major: 2), 0, 2),
            ("[PATCH 1/3 v2] x", PatchVersion(major: 2), 1, 3),
            ("[PATCH -V3 2/4] x", PatchVersion(major: 3), 2, 4),
        ]
        for (subject, version, n, total) in cases {
            let t = parse(subject)
            XCTAssertTrue(t.isPatch, subject)
            XCTAssertEqual(t.version, version, subject)
            XCTAssertTrue(t.versionStated, subject)
            XCTAssertEqual(t.number, n, subject)
            XCTAssertEqual(t.total, total, subject)
            XCTAssertEqual(t.freeTags, [], subject)
            XCTAssertEqual(t.title, "x", subject)
            XCTAssertNil(t.backport, subject)
        }
        XCTAssertEqual(parse("[PATCH 00/10 v2] x").kind, .cover)
        XCTAssertEqual(parse("[PATCHSET v2 0/2] x").kind, .cover)
    }

    func testADashAloneIsAFreeTag() {
        let t = parse("[PATCH - fix] x")
        XCTAssertEqual(t.freeTags, ["-", "fix"])
        XCTAssertFalse(t.versionStated)
    }

    func testKernelReleasesAreNotVersions() {
        for subject in ["[PATCH 5.10 1/3] x", "[PATCH 6.1.y] x", "[PATCH v6.1.y] x", "[PATCH 5.15.170 2/9] x",
                        "[PATCH stable v6.1] x", "[PATCH v6.1 stable] x", "[PATCH AUTOSEL v6.1 3/9] x"] {
            let t = parse(subject)
            XCTAssertFalse(t.versionStated, subject)
            XCTAssertEqual(t.version, PatchVersion(major: 1), subject)
            XCTAssertNotNil(t.backport, subject)
        }
        XCTAssertEqual(parse("[PATCH v6.1 stable] x").freeTags, ["stable", "v6.1"])
        XCTAssertEqual(parse("[PATCH v6.1 stable] x").backport?.tree, "6.1")
        XCTAssertEqual(parse("[PATCH 5.10 1/3] x").freeTags, ["5.10"])
    }

    /// A bare release alone is not said to be stable: the mail must cite its upstream commit.
    func testBackportEvidenceInTheText() {
        XCTAssertTrue(parse("[PATCH AUTOSEL 6.1 3/9] x").backport?.named ?? false)
        XCTAssertTrue(parse("[PATCH MANUALSEL 5.10 2/2] x").backport?.named ?? false)
        XCTAssertFalse(parse("[PATCH 6.15 0/2] x").backport?.named ?? true)
        XCTAssertTrue(StableBackport.citesUpstream("From: A <a@b>\n\ncommit 1a2b3c4d5e6f7a8b upstream.\n\nText.\n"))
        XCTAssertTrue(StableBackport.citesUpstream("[ Upstream commit 1a2b3c4d5e6f7a8b9c0d ]\n"))
        XCTAssertTrue(StableBackport.citesUpstream("This is the start of the stable review cycle for the 6.6.80 release.\n"))
        XCTAssertFalse(StableBackport.citesUpstream("Fixes for the coming release; upstream soon.\n"))
        XCTAssertFalse(StableBackport.citesUpstream("Fixes: 1a2b3c4d5e6f (\"block: x\")\n"))
    }

    /// A two-digit minor is the kernel release a series is for (`[PATCH v6.15 0/3]`, sent for
    /// 6.15), never a re-spin: a later `v2` is the version, and with a stable word it is the tree.
    func testTwoDigitMinorIsAKernelRelease() {
        let alone = parse("[PATCH v6.15 0/3] ublk: fixes")
        XCTAssertFalse(alone.versionStated)
        XCTAssertEqual(alone.version, PatchVersion(major: 1))
        XCTAssertEqual(alone.freeTags, ["v6.15"])
        XCTAssertNil(alone.backport)
        let v2 = parse("[PATCH v6.15 v2 0/4] ublk: fixes")
        XCTAssertEqual(v2.version, PatchVersion(major: 2))
        XCTAssertEqual(v2.freeTags, ["v6.15"])
        XCTAssertEqual(parse("[PATCH stable v5.10] x").backport?.tree, "5.10")
        XCTAssertEqual(parse("[PATCH v5.1] x").version, PatchVersion(major: 5, minor: 1))
    }

    /// A minor version alone is a version: series do post v5.1 between v5 and v6.
    func testMinorVersionWithoutAStableWordStaysAVersion() {
        for subject in ["[PATCH v5.1] x", "[PATCH v6.1 2/3] x", "[RFC PATCH v2.1] x"] {
            let t = parse(subject)
            XCTAssertTrue(t.versionStated, subject)
            XCTAssertNil(t.backport, subject)
        }
        XCTAssertEqual(parse("[PATCH v6.1 2/3] x").version, PatchVersion(major: 6, minor: 1))
        // A bare release beside a vN.M: the vN.M stays the series version.
        let t = parse("[PATCH 6.6 v2.1 3/4] x")
        XCTAssertEqual(t.version, PatchVersion(major: 2, minor: 1))
        XCTAssertEqual(t.backport?.tree, "6.6")
    }

    // MARK: - Stable backports (posting style 8)

    func testStableBackportMarkers() {
        let cases: [(String, String?, Bool, String)] = [
            ("[PATCH AUTOSEL 6.1 18/85] x", "6.1", true, "AUTOSEL 6.1"),
            ("[PATCH AUTOSEL] x", nil, true, "AUTOSEL"),
            ("[PATCH 6.6 012/140] x", "6.6", false, "6.6"),
            ("[PATCH 6.6 000/140] 6.6.64-rc1 review", "6.6", false, "6.6"),
            ("[PATCH stable] x", nil, false, "stable"),
            ("[PATCH 5.10.y 1/2] x", "5.10.y", false, "5.10.y"),
            ("[PATCH stable 6.1 v2 3/4] x", "6.1", false, "6.1"),
            ("[PATCH stable-6.1] x", "6.1", false, "6.1"),
            ("[PATCH linux-6.1.y] x", "6.1.y", false, "6.1.y"),
            ("[PATCH 6.1-stable] x", "6.1", false, "6.1"),
            ("[PATCH for-stable] x", nil, false, "stable"),
            ("[stable:PATCH] x", nil, false, "stable"),
            ("[PATCH 5.15.170] x", "5.15.170", false, "5.15.170"),
            ("[PATCH stable-4.{4,9},v2] x", "4.{4,9}", false, "4.{4,9}"),
        ]
        for (subject, tree, autoselected, label) in cases {
            let t = parse(subject)
            XCTAssertEqual(t.backport?.tree, tree, subject)
            XCTAssertEqual(t.backport?.autoselected, autoselected, subject)
            XCTAssertEqual(t.backport?.label, label, subject)
            XCTAssertTrue(t.isPatch, subject)
        }
        let autosel = parse("[PATCH AUTOSEL 6.1 18/85] x")
        XCTAssertEqual(autosel.freeTags, ["AUTOSEL", "6.1"], "release words stay free tags")
        XCTAssertEqual(autosel.number, 18)
        XCTAssertEqual(autosel.total, 85)
        let v2 = parse("[PATCH stable 6.1 v2 3/4] x")
        XCTAssertEqual(v2.version, PatchVersion(major: 2))
        XCTAssertEqual(v2.freeTags, ["stable", "6.1"])
        XCTAssertEqual(parse("[PATCH 6.6 000/140] 6.6.64-rc1 review").kind, .cover)
    }

    func testTargetsAndBranchesAreNotBackports() {
        for subject in ["[PATCH for-6.10] x", "[PATCH block-6.11] x", "[PATCH net-next] x", "[PATCH v5.1] x",
                        "[PATCH 1/2] x", "[PATCH] x", "[PATCH 1.2] x", "[PATCH 0.5 1/2] x", "[PATCH linux-next] x",
                        "[PATCH 6] x", "[PATCH 6.1.2.3] x", "[PATCH stablefix] x", "[PATCH 06.1] x"] {
            XCTAssertNil(parse(subject).backport, subject)
        }
    }


    func testColonSeparatesWordsInAGroup() {
        let t = parse("[stable:PATCH] KVM: arm64: Reset PMC_EL0")
        XCTAssertEqual(t.kind, .patch)
        XCTAssertEqual(t.freeTags, ["stable"])
        XCTAssertEqual(t.brackets, ["stable:PATCH"])
        XCTAssertEqual(t.title, "KVM: arm64: Reset PMC_EL0")
    }

    func testSubjectsWithOddWhitespaceAreCollapsed() {
        let t = parse("  [PATCH\tv2  1/3]\u{A0} KVM:  x  ")
        XCTAssertEqual(t.version, PatchVersion(major: 2))
        XCTAssertEqual(t.title, "KVM: x")
    }

    func testParenthesizedResend() {
        let t = parse("[PATCH V5 (RESEND) 0/4] arm64/cpufeature: more")
        XCTAssertTrue(t.isResend)
        XCTAssertEqual(t.version, PatchVersion(major: 5))
        XCTAssertEqual(t.kind, .cover)
        XCTAssertEqual(t.freeTags, [])
    }

    func testRFCSlashRFT() {
        let t = parse("[RFC/RFT PATCH 1/3] memblock: update")
        XCTAssertTrue(t.isRFC)
        XCTAssertEqual(t.freeTags, ["RFC/RFT"])
        XCTAssertEqual(t.number, 1)
    }

    func testCommaInsideBracesDoesNotSplit() {
        let t = parse("[PATCH stable-4.{4,9},v2] x")
        XCTAssertEqual(t.freeTags, ["stable-4.{4,9}"])
        XCTAssertEqual(t.version, PatchVersion(major: 2))
    }

    func testEmptyAndBareSubjects() {
        let empty = parse("")
        XCTAssertEqual(empty.kind, .other)
        XCTAssertEqual(empty.title, "")

        let bare = parse("[PATCH]")
        XCTAssertEqual(bare.kind, .patch)
        XCTAssertEqual(bare.title, "")
    }

    func testVersionOrdering() {
        XCTAssertLessThan(PatchVersion(major: 2), PatchVersion(major: 10))
        XCTAssertLessThan(PatchVersion(major: 5), PatchVersion(major: 5, minor: 1))
        XCTAssertEqual(PatchVersion(major: 3).description, "v3")
    }

    func testLongHostileSubjectIsLinear() {
        let bracketsOnly = String(repeating: "[", count: 200_000)
        let replies = String(repeating: "Re: ", count: 50_000) + "x"
        let groups = String(repeating: "[a 1 / b of] ", count: 20_000) + "x"
        let start = Date()
        XCTAssertEqual(parse(bracketsOnly).brackets, [])
        XCTAssertTrue(parse(replies).isReply)
        XCTAssertEqual(parse(groups).brackets.count, 20_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}
