import XCTest
@testable import Patches

/// Hostile or broken input: never trap, never hang, stay linear.
final class RobustnessTests: XCTestCase {
    private func timed(_ limit: TimeInterval, _ work: () -> Void, file: StaticString = #filePath, line: UInt = #line) {
        let start = Date()
        work()
        XCTAssertLessThan(Date().timeIntervalSince(start), limit, file: file, line: line)
    }

    func testLargePatchSplitsInLinearTime() {
        let hunk = String(repeating: "+\tvalue = compute(value) | mask;\n context line | 3 +-\n-old\n", count: 60_000)
        let text = "Message.\n\nSigned-off-by: A <a@example.org>\n---\n x.c | 180000 ++++\n 1 file changed, 180000 insertions(+)\n\n"
            + "diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n" + hunk
        timed(20) {
            let body = PatchBody.split(text)
            XCTAssertEqual(body.diffstat?.insertions, 180_000)
            XCTAssertTrue(body.hasDiff)
        }
    }

    func testPathologicalLinesDoNotBlowUp() {
        let shapes = [
            String(repeating: "|", count: 100_000),
            String(repeating: "---\n", count: 50_000),
            String(repeating: "-- >8 --\n\n", count: 30_000),
            String(repeating: " a | 1 +\n 1 file changed, 1 insertion(+)\n", count: 20_000),
            String(repeating: "From: A <a@example.org>\n", count: 20_000),
            String(repeating: "diff -\n", count: 50_000),
            String(repeating: "Interdiff:\n", count: 50_000),
            String(repeating: "\n", count: 100_000),
            String(repeating: "Name (1):\n  x\n\n", count: 20_000) + " a | 1 +\n 1 file changed, 1 insertion(+)\n",
            String(repeating: "Signed-off-by: A\n\tcontinued\n", count: 20_000),
        ]
        for text in shapes {
            timed(20) { _ = PatchBody.split(text) }
        }
    }

    func testHugeNumbersInDiffstatAreNotCounts() {
        let text = "M.\n---\n a | 99999999999999999999999 +\n 99999999999999999999 files changed, 99999999999999999999 insertions(+)\n"
        let body = PatchBody.split(text)
        XCTAssertNil(body.diffstat)
    }

    func testCarriageReturnsDoNotBreakTheSplit() {
        let text = "Fix.\r\n\r\nSigned-off-by: A <a@example.org>\r\n---\r\n a.c | 2 +-\r\n 1 file changed, 1 insertion(+), 1 deletion(-)\r\n\r\ndiff --git a/a.c b/a.c\r\n"
        let body = PatchBody.split(text)
        XCTAssertEqual(body.diffstat?.filesChanged, 1)
        XCTAssertEqual(body.diffstat?.paths, ["a.c"])
        XCTAssertTrue(body.hasDiff)
        XCTAssertEqual(body.trailers.first?.key, "Signed-off-by")
    }

    func testOddUnicodeAndControlCharacters() {
        let texts = [
            "e\u{301}\n---\u{301}\n \u{301}| 1 +\n\u{0}\n",
            "\u{FEFF}From: \u{0} <\u{FFFF}>\n\n\u{202E}text\n",
            "))):\n  x\n (1):\n):\n a | 1 +\n 1 file changed\n",
            "[(\u{0}]",
        ]
        for text in texts {
            _ = PatchBody.split(text)
            _ = SubjectTags.parse(text)
            _ = InBodyHeaders.parse(Substring(text))
        }
    }
}
