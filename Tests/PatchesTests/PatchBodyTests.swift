import XCTest
@testable import Patches

final class PatchBodyTests: XCTestCase {
    // MARK: - git send-email patches

    func testSendEmailPatchWithNotes() {
        let body = PatchBody.split(Fixtures.sendEmailWithNotes)
        XCTAssertEqual(body.inBody, InBodyHeaders())
        XCTAssertTrue(body.message.hasPrefix("When the guest disables the PMU"))
        XCTAssertTrue(body.message.hasSuffix("Signed-off-by: Bob Example <bob@example.com>"))
        XCTAssertEqual(body.trailers, [
            Trailer(key: "Fixes", value: "0123456789ab (\"KVM: x86: Add PMU reset\")"),
            Trailer(key: "Reviewed-by", value: "Alice Example <alice@example.org>"),
            Trailer(key: "Signed-off-by", value: "Bob Example <bob@example.com>"),
        ])
        XCTAssertEqual(body.notes, """
            Changed since v1:
              - Reset the fixed counters too (Alice).
            Changed since v2:
              - Nothing.
            """)
        XCTAssertEqual(body.diffstat, Diffstat(
            lines: [" arch/x86/kvm/pmu.c | 13 +++++++++++--"],
            summary: " 1 file changed, 11 insertions(+), 2 deletions(-)",
            filesChanged: 1, insertions: 11, deletions: 2))
        XCTAssertEqual(body.diffstat?.paths, ["arch/x86/kvm/pmu.c"])
        XCTAssertTrue(body.hasDiff)
        XCTAssertTrue(body.displayText.hasPrefix("When the guest disables the PMU"))
        XCTAssertTrue(body.displayText.hasSuffix("""
            Signed-off-by: Bob Example <bob@example.com>
            ---
            Changed since v1:
              - Reset the fixed counters too (Alice).
            Changed since v2:
              - Nothing.

             arch/x86/kvm/pmu.c | 13 +++++++++++--
             1 file changed, 11 insertions(+), 2 deletions(-)
            """))
        XCTAssertFalse(body.displayText.contains("diff --git"))
        XCTAssertFalse(body.displayText.contains("2.43.0"))
    }

    func testInBodyFromIsTheAuthorAndIsNotInTheMessage() {
        let body = PatchBody.split(Fixtures.inBodyFrom)
        XCTAssertEqual(body.inBody.from?.address, "fgriffo@amazon.co.uk")
        XCTAssertEqual(body.inBody.from?.name, "Fred Griffoul")
        XCTAssertTrue(body.message.hasPrefix("Mark the APIC access page dirty"))
        XCTAssertTrue(body.displayText.hasPrefix("Mark the APIC access page dirty"))
        XCTAssertFalse(body.displayText.contains("From:"))
        XCTAssertEqual(body.trailers.map(\.key), ["Signed-off-by", "Co-developed-by", "Signed-off-by"])
        XCTAssertEqual(body.notes, "")
        XCTAssertEqual(body.diffstat?.paths, ["arch/x86/kvm/vmx/nested.c"])
        XCTAssertEqual(body.diffstat?.summary, " 1 file changed, 1 insertion(+), 1 deletion(-)")
        XCTAssertTrue(body.displayText.hasSuffix(" 1 file changed, 1 insertion(+), 1 deletion(-)"))
    }

    func testTabsAndIndentationAreKept() {
        let text = "Keep\tthis:\n\n\tif (x)\n\t\treturn;\n\nSigned-off-by: A <a@example.org>\n---\n"
            + " a.c | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/a.c b/a.c\n--- a/a.c\n+++ b/a.c\n"
        let body = PatchBody.split(text)
        XCTAssertTrue(body.message.contains("\tif (x)\n\t\treturn;"))
        XCTAssertTrue(body.displayText.hasPrefix("Keep\tthis:\n\n\tif (x)\n\t\treturn;"))
        XCTAssertEqual(body.diffstat?.insertions, 1)
        XCTAssertEqual(body.diffstat?.deletions, 0)
    }

    // MARK: - Cover letters

    func testB4CoverKeepsShortlogAndDiffstat() {
        let body = PatchBody.split(Fixtures.b4Cover)
        XCTAssertTrue(body.message.hasPrefix("Not all IOMMUs"))
        XCTAssertTrue(body.message.hasSuffix("- Link to v1: https://lore.kernel.org/r/20241231-iova-ranges-v1-0-012345abcdef@example.net"))
        XCTAssertEqual(body.trailers, [], "the last paragraph is a changelog")
        XCTAssertEqual(body.notes, """
            Carol Example (2):
                  vfio: selftests: add iova range query helpers
                  vfio: selftests: add iova allocator
            """)
        XCTAssertEqual(body.diffstat?.paths, [
            ".../testing/selftests/vfio/lib/include/vfio_util.h",
            "tools/testing/selftests/vfio/lib/vfio_pci_device.c",
        ])
        XCTAssertEqual(body.diffstat?.filesChanged, 2)
        XCTAssertEqual(body.diffstat?.insertions, 251)
        XCTAssertEqual(body.diffstat?.deletions, 14)
        XCTAssertFalse(body.hasDiff)
        XCTAssertTrue(body.displayText.contains("\n---\nCarol Example (2):\n"))
        XCTAssertTrue(body.displayText.hasSuffix(" 2 files changed, 251 insertions(+), 14 deletions(-)"))
        XCTAssertFalse(body.displayText.contains("base-commit"))
        XCTAssertFalse(body.displayText.contains("Best regards"))
        XCTAssertEqual(body.changeID, "20241231-iova-ranges-1c09549a7c2e")
        XCTAssertEqual(body.baseCommit, "0123456789abcdef0123456789abcdef01234567")
    }

    func testFormatPatchCoverWithoutDashes() {
        let body = PatchBody.split(Fixtures.formatPatchCover)
        XCTAssertTrue(body.message.hasPrefix("Hi all,"))
        XCTAssertTrue(body.message.hasSuffix("Thanks\nDave"), body.message)
        XCTAssertTrue(body.notes.hasPrefix("Dave Example (2):\n"))
        XCTAssertTrue(body.notes.hasSuffix("  iommu: Tidy domain for iommu_setup_dma_ops()"))
        XCTAssertEqual(body.diffstat?.paths, ["drivers/iommu/iommu.c", "drivers/pci/pci.c"])
        XCTAssertEqual(body.diffstat?.filesChanged, 2)
        XCTAssertFalse(body.hasDiff)
        XCTAssertTrue(body.displayText.hasPrefix("Hi all,"))
        XCTAssertTrue(body.displayText.contains("Erin Example (1):"))
        XCTAssertTrue(body.displayText.hasSuffix(" 2 files changed, 290 insertions(+), 8 deletions(-)"))
        XCTAssertNil(body.changeID)
    }

    func testCoverInterdiffAndRangeDiffStayText() {
        let body = PatchBody.split(Fixtures.coverWithInterdiff)
        XCTAssertFalse(body.hasDiff, "an interdiff is not the patch")
        XCTAssertEqual(body.message, "Second round.")
        XCTAssertEqual(body.diffstat?.paths, ["virt/kvm/kvm_main.c"])
        XCTAssertTrue(body.displayText.hasSuffix(" 1 file changed, 1 insertion(+), 1 deletion(-)"))
        XCTAssertFalse(body.displayText.contains("Interdiff"))
    }

    func testNakedCoverWithoutDiffstat() {
        let text = "This is a series.\n\nMore words.\n---\nNothing technical below.\n\n--\u{20}\nSig\n"
        let body = PatchBody.split(text)
        XCTAssertFalse(body.hasDiff)
        XCTAssertNil(body.diffstat)
        XCTAssertEqual(body.message, "This is a series.\n\nMore words.\n---\nNothing technical below.",
                       "--- splits only when a diff or a diffstat follows; the signature is cut")
        XCTAssertEqual(body.displayText, body.message)
        XCTAssertEqual(body.notes, "")
    }

    func testCoverWithAnInlineDiffSnippetStillShowsShortlogAndDiffstat() {
        let text = """
            This series orders the dirty ring.

            Another series needs a small change on top:

            diff --git a/arch/arm64/kvm/Kconfig b/arch/arm64/kvm/Kconfig
            --- a/arch/arm64/kvm/Kconfig
            +++ b/arch/arm64/kvm/Kconfig
            @@ -1,2 +1,2 @@
            -\tselect OLD
            +\tselect NEW
            ---
            +--

            Lightly tested.

            Greg Example (2):
              KVM: Use acquire/release semantics for the dirty ring
              KVM: selftests: Use the new capability

             virt/kvm/dirty_ring.c | 4 ++--
             virt/kvm/kvm_main.c   | 9 ++++++++-
             2 files changed, 10 insertions(+), 3 deletions(-)

            --\u{20}
            2.34.1
            """
        let body = PatchBody.split(text)
        XCTAssertEqual(body.diffstat?.paths, ["virt/kvm/dirty_ring.c", "virt/kvm/kvm_main.c"])
        XCTAssertTrue(body.message.hasSuffix("Lightly tested."), "the snippet (and its \"---\" line) stay in the text")
        XCTAssertTrue(body.notes.hasPrefix("Greg Example (2):"))
        XCTAssertTrue(body.displayText.hasSuffix(" 2 files changed, 10 insertions(+), 3 deletions(-)"))
        XCTAssertTrue(body.hasDiff, "it does carry a diff, inline")
    }

    func testNotesCarryingASnippetForAnotherTree() {
        let text = """
            Run the tests at EL2.

            Signed-off-by: A <a@example.org>
            ---
            To run this I use the following hack:

            diff --git a/arch/arm64/kvm/sys_regs.c b/arch/arm64/kvm/sys_regs.c
            --- a/arch/arm64/kvm/sys_regs.c
            +++ b/arch/arm64/kvm/sys_regs.c
            @@ -1 +1 @@
            -a
            +b

             arm/selftest.c | 12 ++++++++++++
             1 file changed, 12 insertions(+)

            diff --git a/arm/selftest.c b/arm/selftest.c
            """
        let body = PatchBody.split(text)
        XCTAssertEqual(body.message, "Run the tests at EL2.\n\nSigned-off-by: A <a@example.org>")
        XCTAssertTrue(body.notes.hasPrefix("To run this I use the following hack:"))
        XCTAssertTrue(body.notes.hasSuffix("+b"))
        XCTAssertEqual(body.diffstat?.paths, ["arm/selftest.c"])
        XCTAssertTrue(body.displayText.hasSuffix(" 1 file changed, 12 insertions(+)"))
    }

    func testMailingListFooterIsNotPartOfANakedCover() {
        let text = "Changelog v1 .. v2:\n- Add locking.\n_______________________________________________\nkvmarm mailing list\nkvmarm@lists.example.edu\n"
        let body = PatchBody.split(text)
        XCTAssertEqual(body.displayText, "Changelog v1 .. v2:\n- Add locking.")
    }

    // MARK: - Where the text splits

    func testSplitsAtTheDiffWhenThereIsNoDashLine() {
        let text = """
            Fix the thing.

            Signed-off-by: A <a@example.org>

            diff --git a/x.c b/x.c
            --- a/x.c
            +++ b/x.c
            @@ -1 +1 @@
            ---
            +--
            """
        let body = PatchBody.split(text)
        XCTAssertTrue(body.hasDiff)
        XCTAssertEqual(body.message, "Fix the thing.\n\nSigned-off-by: A <a@example.org>")
        XCTAssertEqual(body.displayText, body.message)
        XCTAssertEqual(body.notes, "", "the --- inside the diff (a removed \"--\" line) is not the split")
        XCTAssertEqual(body.trailers, [Trailer(key: "Signed-off-by", value: "A <a@example.org>")])
    }

    func testDashesWithTrailingWhitespaceSplit() {
        let text = "Msg.\n---  \t\nv2: notes\n\ndiff --git a/x b/x\n"
        let body = PatchBody.split(text)
        XCTAssertEqual(body.message, "Msg.")
        XCTAssertEqual(body.notes, "v2: notes")
        XCTAssertEqual(body.displayText, "Msg.\n---  \t\nv2: notes")
        XCTAssertNil(body.diffstat)
    }

    func testFourDashesAreNotTheSplitLine() {
        // "----" is not a split line; the first exact "---" is, because a diff follows it.
        let text = "Title text.\n----\nTable\n---\nnotes\ndiff --git a/x b/x\n"
        let body = PatchBody.split(text)
        XCTAssertEqual(body.message, "Title text.\n----\nTable")
        XCTAssertEqual(body.notes, "notes")
    }

    func testPlainUnifiedDiffWithoutGitHeader() {
        let text = "Fix it.\n\nSigned-off-by: A <a@example.org>\n--- linux.orig/x.c\n+++ linux/x.c\n@@ -1 +1 @@\n-a\n+b\n"
        let body = PatchBody.split(text)
        XCTAssertTrue(body.hasDiff)
        XCTAssertEqual(body.message, "Fix it.\n\nSigned-off-by: A <a@example.org>")
    }

    func testDiffDashUWithHeaderLine() {
        let text = "Fix it.\n\ndiff -urN a/x.c b/x.c\n--- a/x.c\t2024-01-01\n+++ b/x.c\t2024-01-02\n"
        let body = PatchBody.split(text)
        XCTAssertTrue(body.hasDiff)
        XCTAssertEqual(body.message, "Fix it.")
    }

    func testSvnStyleIndexDiff() {
        let text = "Old style.\n\nIndex: kvm/x.c\n===================================================================\n--- kvm/x.c\t(revision 1)\n+++ kvm/x.c\t(working copy)\n"
        let body = PatchBody.split(text)
        XCTAssertTrue(body.hasDiff)
        XCTAssertEqual(body.message, "Old style.")
    }

    func testTextThatOnlyMentionsDiffsHasNoDiff() {
        let text = "Index: the list of things\nnot a ruler\n--- not a file\nplain text\ndiff -- no\n"
        let body = PatchBody.split(text)
        XCTAssertFalse(body.hasDiff)
        XCTAssertEqual(body.displayText, String(text.dropLast()))
    }

    func testReplyQuotingADiffHasNoDiff() {
        let text = "On Mon, A wrote:\n> diff --git a/x b/x\n> --- a/x\n> +++ b/x\n\nLooks good.\n"
        XCTAssertFalse(PatchBody.split(text).hasDiff)
    }

    func testB4SinglePatchNotesDropTheClosingDashes() {
        let text = """
            Message.

            Signed-off-by: A <a@example.org>
            ---
            Changes in v2:
            - Reworded.
            - Link to v1: https://lore.kernel.org/r/20250101-x-v1-1-0123@example.org
            ---
             x.c | 2 +-
             1 file changed, 1 insertion(+), 1 deletion(-)

            diff --git a/x.c b/x.c
            --- a/x.c
            +++ b/x.c
            ---
            base-commit: 89abcdef
            change-id: 20250101-x-0123456789ab

            Best regards,
            --\u{20}
            A <a@example.org>
            """
        let body = PatchBody.split(text)
        XCTAssertEqual(body.notes, "Changes in v2:\n- Reworded.\n- Link to v1: https://lore.kernel.org/r/20250101-x-v1-1-0123@example.org")
        XCTAssertTrue(body.displayText.contains("Link to v1: https://lore.kernel.org/r/20250101-x-v1-1-0123@example.org\n---\n x.c | 2 +-"))
        XCTAssertEqual(body.changeID, "20250101-x-0123456789ab")
        XCTAssertEqual(body.baseCommit, "89abcdef")
    }

    func testSingleWithUnindentedInterdiffInNotesFindsTheRealDiffstat() {
        let text = """
            Message.
            ---
            Interdiff against v1:
            diff --git a/x.c b/x.c
            --- a/x.c
            +++ b/x.c
            -old
            +new

             x.c | 2 +-
             1 file changed, 1 insertion(+), 1 deletion(-)

            diff --git a/x.c b/x.c
            """
        let body = PatchBody.split(text)
        XCTAssertEqual(body.diffstat?.paths, ["x.c"])
        XCTAssertTrue(body.hasDiff)
        XCTAssertTrue(body.notes.hasPrefix("Interdiff against v1:"))
    }

    func testQuotedDiffstatInTheMessageIsNotTheDiffstat() {
        let text = """
            The old tool printed:

             a.c | 2 +-
             1 file changed, 1 insertion(+), 1 deletion(-)

            which was wrong.
            ---
             b.c | 4 ++--
             1 file changed, 2 insertions(+), 2 deletions(-)

            diff --git a/b.c b/b.c
            """
        let body = PatchBody.split(text)
        XCTAssertEqual(body.diffstat?.paths, ["b.c"])
        XCTAssertTrue(body.message.hasSuffix("which was wrong."))
    }

    // MARK: - Diffstat shapes

    func testDiffstatWithBinaryRenameAndModeLines() {
        let text = """
            Move things around.
            ---
             Documentation/virt/kvm/api.rst               |  12 ++-
             .../selftests/kvm/x86/nested_test.c          |   2 +-
             firmware/blob.bin                            | Bin 0 -> 1536 bytes
             firmware/{old.bin => new.bin}                | Bin 1024 -> 1536 bytes
             tools/a.c => tools/b.c                       |   0
             scripts/run.sh                               |   0
             6 files changed, 12 insertions(+), 4 deletions(-)
             create mode 100644 firmware/blob.bin
             rename tools/{a.c => b.c} (100%)
             mode change 100644 => 100755 scripts/run.sh

            diff --git a/Documentation/virt/kvm/api.rst b/Documentation/virt/kvm/api.rst
            """
        let body = PatchBody.split(text)
        guard let stat = body.diffstat else { return XCTFail("no diffstat") }
        XCTAssertEqual(stat.paths, [
            "Documentation/virt/kvm/api.rst", ".../selftests/kvm/x86/nested_test.c", "firmware/blob.bin",
            "firmware/{old.bin => new.bin}", "tools/a.c => tools/b.c", "scripts/run.sh",
        ])
        XCTAssertEqual(stat.lines.count, 6)
        XCTAssertEqual(stat.lines[2], " firmware/blob.bin                            | Bin 0 -> 1536 bytes")
        XCTAssertEqual(stat.filesChanged, 6)
        XCTAssertEqual(stat.insertions, 12)
        XCTAssertEqual(stat.deletions, 4)
        XCTAssertTrue(body.displayText.hasSuffix(" 6 files changed, 12 insertions(+), 4 deletions(-)"))
        XCTAssertFalse(body.displayText.contains("create mode"))
    }

    func testSummaryVariants() {
        func counts(_ line: Substring) -> [Int]? {
            Diffstat.summaryCounts(line).map { [$0.files, $0.insertions, $0.deletions] }
        }
        XCTAssertEqual(counts(" 1 file changed, 1 insertion(+)"), [1, 1, 0])
        XCTAssertEqual(counts(" 1 file changed, 3 deletions(-)"), [1, 0, 3])
        XCTAssertEqual(counts(" 12 files changed, 300 insertions(+), 45 deletions(-)  "), [12, 300, 45])
        XCTAssertEqual(counts("1 file changed, 2 insertions(+)"), [1, 2, 0])
        XCTAssertNil(counts("  1 file changed, 1 insertion(+)"), "two spaces: a diff context line")
        XCTAssertNil(counts(" 1 file changed, 1 insertion(+), and more"))
        XCTAssertNil(counts(" 99999999999999999999999 files changed"))
        XCTAssertNil(counts(" files changed"))
    }

    func testFileLineShapes() {
        XCTAssertEqual(Diffstat.filePath(" arch/x86/kvm/x86.c | 13 +++++++++++--"), "arch/x86/kvm/x86.c")
        XCTAssertEqual(Diffstat.filePath(" a => b | 0"), "a => b")
        XCTAssertEqual(Diffstat.filePath(" bin/x | Bin 0 -> 12 bytes"), "bin/x")
        XCTAssertEqual(Diffstat.filePath(" conflicted.c | Unmerged"), "conflicted.c")
        XCTAssertNil(Diffstat.filePath("  a.c | 2 +-"), "a diff context line")
        XCTAssertNil(Diffstat.filePath(" a.c | 2 +x"))
        XCTAssertNil(Diffstat.filePath(" | 2 +-"))
        XCTAssertNil(Diffstat.filePath(" a.c | "))
        XCTAssertNil(Diffstat.filePath(" col1 | col2"))
    }

    // MARK: - Mangled mail

    /// Outlook-style damage: no-break spaces after the dash line, the diffstat's leading spaces
    /// eaten and trailing ones added, and the mailer's separator and footer after the diff.
    func testOutlookMangledPatch() {
        let text = "Fix the timer.\n\nSigned-off-by: Dan Example <dan@example.com>\n---\u{00A0}\n"
            + "arch/arm64/kvm/arch_timer.c | 4 ++--   \n"
            + "1 file changed, 2 insertions(+), 2 deletions(-)   \n\n"
            + "diff --git a/arch/arm64/kvm/arch_timer.c b/arch/arm64/kvm/arch_timer.c\n"
            + "--- a/arch/arm64/kvm/arch_timer.c\n+++ b/arch/arm64/kvm/arch_timer.c\n"
            + "________________________________\nThis email is confidential.\n"
        let body = PatchBody.split(text)
        XCTAssertEqual(body.message, "Fix the timer.\n\nSigned-off-by: Dan Example <dan@example.com>")
        XCTAssertEqual(body.diffstat?.paths, ["arch/arm64/kvm/arch_timer.c"])
        XCTAssertEqual(body.diffstat?.insertions, 2)
        XCTAssertTrue(body.hasDiff)
        XCTAssertFalse(body.displayText.contains("confidential"))
    }

    // MARK: - Scissors

    func testScissorsDropTheDiscussionAbove() {
        let text = """
            On Tue, Eve wrote:
            > this breaks nested
            Right, how about this instead?

            -- >8 --
            From: Sean Example <sean@example.com>
            Subject: [PATCH] KVM: nVMX: fix nested

            Do it properly.

            Signed-off-by: Sean Example <sean@example.com>
            ---
             arch/x86/kvm/vmx/nested.c | 2 +-
             1 file changed, 1 insertion(+), 1 deletion(-)
            """
        let body = PatchBody.split(text)
        XCTAssertEqual(body.inBody.from?.address, "sean@example.com")
        XCTAssertEqual(body.inBody.subject, "[PATCH] KVM: nVMX: fix nested")
        XCTAssertTrue(body.message.hasPrefix("Do it properly."))
        XCTAssertFalse(body.displayText.contains("how about this"))
    }

    func testScissorsMarkingACodeSampleKeepTheMessage() {
        let text = """
            Reproducer:

            --------8<--------
            int main(void) { return ioctl(fd, KVM_RUN, 0); }
            --------8<--------

            Signed-off-by: A <a@example.org>
            ---
             x.c | 1 +
             1 file changed, 1 insertion(+)
            """
        let body = PatchBody.split(text)
        XCTAssertTrue(body.message.hasPrefix("Reproducer:"))
        XCTAssertEqual(body.trailers.map(\.key), ["Signed-off-by"])
    }

    func testScissorsLineRule() {
        XCTAssertTrue(PatchBody.isScissors("-- >8 --"))
        XCTAssertTrue(PatchBody.isScissors("---8<---"))
        XCTAssertFalse(PatchBody.isScissors("--8<--"), "git wants at least 8 characters")
        XCTAssertTrue(PatchBody.isScissors("------------------------ >8 ------------------------"))
        XCTAssertTrue(PatchBody.isScissors("-- %< -- cut here --"))
        XCTAssertFalse(PatchBody.isScissors("-- 8 --"), "no scissors mark")
        XCTAssertFalse(PatchBody.isScissors("->8-"), "too short")
        XCTAssertFalse(PatchBody.isScissors("-- >8 -- please cut here before applying this"), "mostly text")
        XCTAssertFalse(PatchBody.isScissors("a >8 b"))
    }

    // MARK: - Trailers

    func testTrailerBlockByGitsQuarterRule() {
        // 2 trailers (one known) against 3 other lines: 2 * 3 >= 3.
        let mixed = split("Msg.\n\n[sean: reworded]\n[sean: added Fixes]\nnote\nSigned-off-by: A <a@example.org>\nLink: https://lore.kernel.org/r/1\n")
        XCTAssertEqual(mixed.trailers.map(\.key), ["Signed-off-by", "Link"])

        // 1 trailer against 4 other lines: below a quarter.
        let prose = split("Msg.\n\nOne line.\nTwo line.\nThree line.\nFour line.\nSigned-off-by: A <a@example.org>\n")
        XCTAssertEqual(prose.trailers, [])

        // All trailers, none known to git or the kernel: still a block.
        let custom = split("Msg.\n\nChange-Id: I0123\nBug: 42\n")
        XCTAssertEqual(custom.trailers, [Trailer(key: "Change-Id", value: "I0123"), Trailer(key: "Bug", value: "42")])

        // Unknown keys mixed with prose: not a block.
        let unknown = split("Msg.\n\nNote: this is prose\nand continues here\nwithout any sign-off\n")
        XCTAssertEqual(unknown.trailers, [])
    }

    func testTrailersComeOnlyFromTheLastParagraph() {
        let body = split("Reported-by: X <x@example.org>\n\nThe fix.\n\nSigned-off-by: A <a@example.org>\n")
        XCTAssertEqual(body.trailers, [Trailer(key: "Signed-off-by", value: "A <a@example.org>")])
    }

    func testTrailerContinuationAndUrlLines() {
        let body = split("Msg.\n\nLink:\n  https://lore.kernel.org/r/2\nCc: stable@vger.kernel.org # 6.1+\nhttps://example.org/x\nSigned-off-by: A <a@example.org>\n")
        XCTAssertEqual(body.trailers, [
            Trailer(key: "Link", value: "https://lore.kernel.org/r/2"),
            Trailer(key: "Cc", value: "stable@vger.kernel.org # 6.1+"),
            Trailer(key: "Signed-off-by", value: "A <a@example.org>"),
        ])
    }

    func testTrailerKeysHaveNoSpaces() {
        XCTAssertNil(Trailer.parseLine("Changes in v2: none"))
        XCTAssertNil(Trailer.parseLine("-by: x"))
        XCTAssertEqual(Trailer.parseLine("Tested-by: T <t@example.org>"), Trailer(key: "Tested-by", value: "T <t@example.org>"))
    }

    func testMessageOnlyOfTrailers() {
        let body = split("Signed-off-by: A <a@example.org>\n---\n a | 1 +\n 1 file changed, 1 insertion(+)\n")
        XCTAssertEqual(body.trailers.count, 1)
        XCTAssertEqual(body.message, "Signed-off-by: A <a@example.org>")
    }

    // MARK: - Degenerate input

    func testEmptyAndBlankBodies() {
        for text in ["", "\n", "\n\n  \n", "---", "-- \n"] {
            let body = PatchBody.split(text)
            XCTAssertFalse(body.hasDiff, text)
            XCTAssertNil(body.diffstat, text)
        }
        XCTAssertEqual(PatchBody.split("").displayText, "")
        XCTAssertEqual(PatchBody.split("\n\n  \n").message, "")
    }

    func testOnlyInBodyHeaders() {
        let body = PatchBody.split("From: A <a@example.org>\n")
        XCTAssertEqual(body.inBody.from?.address, "a@example.org")
        XCTAssertEqual(body.message, "")
        XCTAssertEqual(body.displayText, "")
    }

    func testNoMessageOnlyDashesAndDiffstat() {
        let body = PatchBody.split("\n---\n a | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/a b/a\n")
        XCTAssertEqual(body.message, "")
        XCTAssertEqual(body.displayText, "---\n a | 1 +\n 1 file changed, 1 insertion(+)")
    }

    private func split(_ text: String) -> PatchBody { PatchBody.split(text) }
}
