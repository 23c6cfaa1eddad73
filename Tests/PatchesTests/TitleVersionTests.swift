import XCTest
@testable import Patches

/// Covers that state their version in the title, not in brackets (posting style 4).
final class TitleVersionTests: XCTestCase {
    private func version(_ title: String) -> PatchVersion? { SubjectTags.trailingVersion(title) }

    func testVersionAtTheEndOfTheTitle() {
        XCTAssertEqual(version("cleanup swiotlb initialization v4"), PatchVersion(major: 4))
        XCTAssertEqual(version("foo bar (v3)"), PatchVersion(major: 3))
        XCTAssertEqual(version("foo bar [v3]"), PatchVersion(major: 3))
        XCTAssertEqual(version("foo - v2"), PatchVersion(major: 2))
        XCTAssertEqual(version("foo -- v2"), PatchVersion(major: 2))
        XCTAssertEqual(version("foo, v2"), PatchVersion(major: 2))
        XCTAssertEqual(version("foo V2"), PatchVersion(major: 2))
        XCTAssertEqual(version("foo v2.1"), PatchVersion(major: 2, minor: 1))
        XCTAssertEqual(version("block: fix the queue v5  "), PatchVersion(major: 5))
    }

    func testTitleWithoutItsVersionIsWhatVersionsShare() {
        XCTAssertEqual(SubjectTags.droppingTrailingVersion("cleanup swiotlb initialization v4"), "cleanup swiotlb initialization")
        XCTAssertEqual(SubjectTags.droppingTrailingVersion("foo bar (v3)"), "foo bar")
        XCTAssertEqual(SubjectTags.droppingTrailingVersion("foo - v2"), "foo")
        XCTAssertNil(SubjectTags.droppingTrailingVersion("update to v6.1"))
        XCTAssertNil(SubjectTags.droppingTrailingVersion("fix v4l2 crash"))
    }

    /// A version after a preposition names the release the change is about.
    func testReleaseAfterAPrepositionIsNotTheVersion() {
        for title in ["update to v6.1", "backport fixes for v6.6", "regression in v6.7", "broken since v5.4",
                      "rebase on v6.12", "drop the quirk added in V5", "Update To v2"] {
            XCTAssertNil(version(title), title)
        }
    }

    func testTitlesWithoutATrailingVersion() {
        for title in ["fix v4l2 crash", "media: v4l2: fix", "foo", "", "   ", "v2", "(v2)", "foo v", "foo vx2",
                      "foo v2.1.3", "foo v999999", "foo v2 fixes", "foo (v3", "foo ()"] {
            XCTAssertNil(version(title), title)
        }
    }

    func testLongTitleIsReadFromTheEnd() {
        let long = String(repeating: "word ", count: 200_000) + "v7"
        let start = Date()
        XCTAssertEqual(version(long), PatchVersion(major: 7))
        XCTAssertNil(version(String(repeating: " ", count: 1_000_000)))
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
    }
}
