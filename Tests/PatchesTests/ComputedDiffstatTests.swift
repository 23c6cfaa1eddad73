import Mail
import TestSupport
import XCTest
@testable import Patches

/// A diffstat counted from the diff when the mail has none, or when its own disagrees with the
/// hunks (posting style 11).
final class ComputedDiffstatTests: XCTestCase {
    /// `git diff` pasted under the message: no diffstat block. A `+++` line and a `-- ` line inside
    /// the hunks are an added and a removed line; the signature after the last hunk is nothing.
    func testDiffWithoutADiffstatIsCounted() {
        let text = """
            Fix the separator handling.

            Signed-off-by: Jane Doe <jane@example.org>
            ---
            diff --git a/block/blk-core.c b/block/blk-core.c
            index 1111111..2222222 100644
            --- a/block/blk-core.c
            +++ b/block/blk-core.c
            @@ -10,3 +10,4 @@ static void f(void)
             	int a;
            -	int b;
            +	int c;
            +++ counter;
             	return;
            @@ -40 +41 @@ static void g(void)
            --- separator
            +-- separator
            diff --git a/include/linux/blkdev.h b/include/linux/blkdev.h
            index 3333333..4444444 100644
            --- a/include/linux/blkdev.h
            +++ b/include/linux/blkdev.h
            @@ -1,2 +1,3 @@
             #ifndef X

            +#define Y
            -- 
            2.43.0

            """
        let body = PatchBody.split(text)
        guard let stat = body.diffstat else { return XCTFail("no diffstat") }
        XCTAssertEqual(stat.origin, .computed)
        XCTAssertEqual(stat.filesChanged, 2)
        XCTAssertEqual(stat.insertions, 4)
        XCTAssertEqual(stat.deletions, 2)
        XCTAssertEqual(stat.lines, [
            " block/blk-core.c       | 5 +++--",
            " include/linux/blkdev.h | 1 +",
        ])
        XCTAssertEqual(stat.summary, " 2 files changed, 4 insertions(+), 2 deletions(-)")
        XCTAssertEqual(stat.paths, ["block/blk-core.c", "include/linux/blkdev.h"])
        XCTAssertEqual(body.message, "Fix the separator handling.\n\nSigned-off-by: Jane Doe <jane@example.org>")
        XCTAssertFalse(body.displayText.contains("files changed"), "the display text is what the mail wrote")
    }

    /// Every line a computed diffstat writes reads back as a diffstat line.
    func testComputedLinesReadBackAsDiffstatLines() {
        let body = PatchBody.split(Self.mixedDiff)
        guard let stat = body.diffstat else { return XCTFail("no diffstat") }
        XCTAssertEqual(stat.lines.compactMap { Diffstat.filePath(Substring($0)).map(String.init) }, stat.paths)
        XCTAssertEqual(stat.paths.count, stat.filesChanged)
        XCTAssertNotNil(Diffstat.summaryCounts(stat.summary))
    }

    /// Renames, mode changes, new, deleted and binary files, a diff made without git. Counts are
    /// as wide as `Bin` when a binary file is listed, as git writes them.
    func testFileKinds() {
        let body = PatchBody.split(Self.mixedDiff)
        guard let stat = body.diffstat else { return XCTFail("no diffstat") }
        XCTAssertEqual(stat.lines, [
            " tools/a.c => tools/b.c |   0",
            " scripts/run.sh         |   0",
            " fw/blob.bin            | Bin",
            " old.c                  |   2 --",
            " new.c                  |   1 +",
        ])
        XCTAssertEqual(stat.summary, " 5 files changed, 1 insertion(+), 2 deletions(-)")
        XCTAssertEqual(stat.origin, .computed)
    }

    static let mixedDiff = """
        Move and clean.
        ---
        diff --git a/tools/a.c b/tools/b.c
        similarity index 100%
        rename from tools/a.c
        rename to tools/b.c
        diff --git a/scripts/run.sh b/scripts/run.sh
        old mode 100644
        new mode 100755
        diff --git a/fw/blob.bin b/fw/blob.bin
        index 1111111..2222222 100644
        GIT binary patch
        literal 3
        KcmZ?wbNT=N0RR91

        diff --git a/old.c b/old.c
        deleted file mode 100644
        index 1111111..0000000
        --- a/old.c
        +++ /dev/null
        @@ -1,2 +0,0 @@
        -int a;
        -int b;
        --- linux-6.1/new.c\t2024-01-01 00:00:00
        +++ linux-6.1-fixed/new.c\t2024-01-02 00:00:00
        @@ -0,0 +1 @@
        +int c;

        """

    /// A summary that disagrees with the hunks (the diff was edited after format-patch): the hunks win.
    func testWrittenDiffstatThatDisagreesIsReplaced() {
        let text = """
            Fix.
            ---
             x.c | 3 ++-
             1 file changed, 2 insertions(+), 1 deletion(-)

            diff --git a/x.c b/x.c
            --- a/x.c
            +++ b/x.c
            @@ -1,2 +1,2 @@
            -a
            +b
             c
            -- 
            2.43.0
            """
        let body = PatchBody.split(text)
        XCTAssertEqual(body.diffstat?.origin, .computed)
        XCTAssertEqual(body.diffstat?.lines, [" x.c | 2 +-"])
        XCTAssertEqual(body.diffstat?.summary, " 1 file changed, 1 insertion(+), 1 deletion(-)")
        XCTAssertTrue(body.displayText.hasSuffix(" 1 file changed, 2 insertions(+), 1 deletion(-)"))
    }

    func testWrittenDiffstatThatAgreesIsKept() {
        let text = """
            Fix.
            ---
             x.c | 2 +-
             1 file changed, 1 insertion(+), 1 deletion(-)

            diff --git a/x.c b/x.c
            --- a/x.c
            +++ b/x.c
            @@ -1,2 +1,2 @@
            -a
            +b
             c
            """
        let body = PatchBody.split(text)
        XCTAssertEqual(body.diffstat?.origin, .written)
        XCTAssertEqual(body.diffstat?.lines, [" x.c | 2 +-"])
        XCTAssertTrue(body.displayText.hasSuffix(body.diffstat?.summary ?? "-"))
    }

    /// A cut diff (a truncated mail) or a file without a change is not counted: the written one stays.
    func testPartialDiffsAreNotCounted() {
        let cut = "Fix.\n---\n x.c | 9 +++++----\n 1 file changed, 5 insertions(+), 4 deletions(-)\n\n"
            + "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,4 +1,5 @@\n-a\n+b\n"
        XCTAssertEqual(PatchBody.split(cut).diffstat?.origin, .written)
        XCTAssertEqual(PatchBody.split(cut).diffstat?.insertions, 5)
        XCTAssertNil(PatchBody.split("Fix.\n---\ndiff --git a/x b/x\n").diffstat)
        XCTAssertNil(PatchBody.split("Fix.\n---\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n-a\nplain text\n").diffstat)
    }

    /// A cover letter's diff is a snippet: nothing is counted from it.
    func testCoverLettersAreNotCounted() {
        let text = "Cover.\n---\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"
        XCTAssertNil(PatchBody.split(text, countingTheDiff: false).diffstat)
        XCTAssertEqual(PatchBody.split(text).diffstat?.origin, .computed)
    }

    func testPatchEmailCountsPatchesNotCovers() throws {
        let body = "Text.\n---\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n"
        func mail(_ subject: String) throws -> PatchEmail? {
            let text = TestSupport.Fixtures.email(subject: subject, id: "m@example.org", body: body)
            return PatchEmail(message: try Message.parse(Array(text.utf8)), position: 0, commit: "c", commitTime: 0)
        }
        XCTAssertNil(try mail("[PATCH 0/2] cover")?.body?.diffstat)
        XCTAssertEqual(try mail("[PATCH 1/2] first")?.body?.diffstat?.origin, .computed)
        XCTAssertEqual(try mail("[PATCH] single")?.body?.diffstat?.insertions, 1)
    }

    func testSummaryLineAsGitWritesIt() {
        XCTAssertEqual(Diffstat.summaryLine(files: 1, insertions: 0, deletions: 0), " 1 file changed, 0 insertions(+), 0 deletions(-)")
        XCTAssertEqual(Diffstat.summaryLine(files: 2, insertions: 1, deletions: 0), " 2 files changed, 1 insertion(+)")
        XCTAssertEqual(Diffstat.summaryLine(files: 3, insertions: 0, deletions: 7), " 3 files changed, 7 deletions(-)")
    }

    /// Wide changes are scaled and long paths cut as git does, within 72 columns: the graph gets
    /// 3/8 of the width less the count's (18), 1 + 400 * 17 / 400 marks, 1 + 100 * 17 / 400 of them `-`.
    func testGraphIsScaledAndLongPathsCut() {
        var diff = "Grow.\n---\n"
        let long = "drivers/gpu/drm/amd/display/dc/dml2/dml21/src/dml2_core/dml2_core_dcn4_calcs.c"
        diff += "diff --git a/\(long) b/\(long)\n--- a/\(long)\n+++ b/\(long)\n@@ -1,100 +1,300 @@\n"
        diff += String(repeating: "-x\n", count: 100) + String(repeating: "+y\n", count: 300)
        let body = PatchBody.split(diff)
        guard let line = body.diffstat?.lines.first else { return XCTFail("no diffstat") }
        XCTAssertLessThanOrEqual(line.count, 72)
        XCTAssertTrue(line.hasPrefix(" .../"), line)
        XCTAssertTrue(line.hasSuffix(" | 400 " + String(repeating: "+", count: 13) + String(repeating: "-", count: 5)), line)
        XCTAssertEqual(body.diffstat?.insertions, 300)
    }

    func testHugeDiffIsLinear() {
        let file = "diff --git a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n@@ -1,2 +1,2 @@\n-a\n+b\n c\n"
        let manyFiles = "Many.\n---\n" + String(repeating: file, count: 50_000)
        let oneHunk = "One.\n---\ndiff --git a/g.c b/g.c\n--- a/g.c\n+++ b/g.c\n@@ -0,0 +1,500000 @@\n"
            + String(repeating: "+line\n", count: 500_000)
        let start = Date()
        XCTAssertEqual(PatchBody.split(manyFiles).diffstat?.filesChanged, 50_000)
        XCTAssertEqual(PatchBody.split(oneHunk).diffstat?.insertions, 500_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
    }
}
