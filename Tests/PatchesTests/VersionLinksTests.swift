import XCTest
@testable import Patches

/// Links to a series' earlier versions in its cover letter or single patch (posting style 7).
final class VersionLinksTests: XCTestCase {
    private func ids(_ text: String) -> [String] { PatchEmail.supersededIDs(in: text) }

    func testB4AndSupersedesLinesAsBefore() {
        XCTAssertEqual(ids("Changes in v3:\n- Link to v2: https://lore.kernel.org/r/20250101-x-v2-0-ab12@example.net\n"),
                       ["20250101-x-v2-0-ab12@example.net"])
        XCTAssertEqual(ids("Supersedes: <20250101.1234-1-jane@example.org>\n"), ["20250101.1234-1-jane@example.org"])
        XCTAssertEqual(ids("Supersedes: 20250101.1234-1-jane@example.org\n"), ["20250101.1234-1-jane@example.org"])
    }

    func testVersionNamedBeforeALoreLink() {
        let text = """
            Hi,

            this is v3 of the queue rework.

            v2: https://lore.kernel.org/linux-block/20250102.1-2-jane@example.org/
            - v1: https://lore.kernel.org/all/20250101.1-1-jane@example.org/
            v0 (RFC) https://lore.kernel.org/r/rfc-1@example.org

            """
        XCTAssertEqual(ids(text), ["20250102.1-2-jane@example.org", "20250101.1-1-jane@example.org", "rfc-1@example.org"])
    }

    func testEveryLinkSpelling() {
        let cases: [(String, String)] = [
            ("Followup to v2 here: https://lore.kernel.org/linux-block/a1@example.org/T/#u", "a1@example.org"),
            ("Previous version: https://patch.msgid.link/a2@example.org", "a2@example.org"),
            ("Earlier posting at lkml.kernel.org/r/a3@example.org", "a3@example.org"),
            ("v1 -> v2: folded the fix in (https://lore.kernel.org/r/a4@example.org)", "a4@example.org"),
            ("Changes in v3 (v2: <a5@example.org>)", "a5@example.org"),
            ("v2: <a6@example.org>", "a6@example.org"),
            ("The last revision: https://lore.kernel.org/all/20250101120000.99-1-jane%40example.org/", "20250101120000.99-1-jane@example.org"),
            ("V1: https://lore.kernel.org/r/a%2Bb%40example.org", "a+b@example.org"),
            ("* prior series: http://lore.kernel.org/linux-block/a7@example.org/", "a7@example.org"),
            ("Follow-up to https://lore.kernel.org/r/a8@example.org", "a8@example.org"),
        ]
        for (line, id) in cases {
            XCTAssertEqual(ids(line + "\n"), [id], line)
        }
    }

    func testLinksThatAreNotEarlierVersions() {
        for text in [
            "Link: https://lore.kernel.org/r/b1@example.org",
            "Closes: https://lore.kernel.org/all/b2@example.org/",
            "Reported-by: Bot <b3@example.org>",
            "Reported-by: syzbot+v2abc@example.org",
            "See the discussion at https://lore.kernel.org/r/b4@example.org",
            "Fixes the v4l2 crash reported at https://lore.kernel.org/r/b5@example.org",
            "Suggested-by: Jane <jane@example.org>",
            "v2: Jane <jane@example.org> found a leak",
            "Link: https://lore.kernel.org/r/20250101-x-v2-0-ab12@example.net",
            "https://lore.kernel.org/r/20250101-x-v2-0-ab12@example.net",
            "v2: mailto://jane@example.org",
            "v2: https://lore.kernel.org/all/?q=f:jane@example.org",
            "previous: https://lore.kernel.org/r/b6@example.org",
            "Based on v6.12-rc1 and https://lore.kernel.org/r/b7@example.org",
            "This depends on v2 of the iommu series: https://lore.kernel.org/r/b8@example.org",
            "Applies on top of v3 https://lore.kernel.org/r/b9@example.org",
            "Tested on v6.1 with https://lore.kernel.org/r/b10@example.org",
            "Cc: stable@vger.kernel.org # v5.10+",
        ] {
            XCTAssertEqual(ids(text + "\n"), [], text)
        }
    }

    /// Links below the diff (a document the patch changes) are not the mail's own.
    func testTheDiffIsNotRead() {
        let text = """
            Fix the thing.

            v1: https://lore.kernel.org/r/c1@example.org
            ---
            diff --git a/doc.txt b/doc.txt
            @@ -1 +1 @@
            -old
            +v1: https://lore.kernel.org/r/c2@example.org

            """
        XCTAssertEqual(ids(text), ["c1@example.org"])
    }

    func testEachIDOnce() {
        XCTAssertEqual(ids("v1: https://lore.kernel.org/r/d1@example.org\nLink to v1: https://lore.kernel.org/r/d1@example.org\n"),
                       ["d1@example.org"])
    }

    func testHostileLinesStayLinear() {
        let atLines = String(repeating: "v1: x@y @@@ % @ " + String(repeating: "v2 ", count: 20) + "\n", count: 10_000)
        let manyIDs = (0..<20_000).map { "v\($0): <id\($0)@example.org>" }.joined(separator: "\n")
        let oneLine = "v2: " + String(repeating: "https://lore.kernel.org/r/x@y ", count: 20_000)
        let start = Date()
        XCTAssertEqual(ids(atLines), ["x@y"])
        XCTAssertEqual(ids(oneLine), ["x@y"])
        XCTAssertEqual(ids(manyIDs).count, 20_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }
}
