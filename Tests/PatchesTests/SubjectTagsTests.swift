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
        let alone = parse("[PATCH stable v4.9] arm64: entry: fix")
        XCTAssertEqual(alone.version, PatchVersion(major: 4, minor: 9), "alone, vN.M is read as written")
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
