@testable import Digest
import Foundation
import Render
import TestSupport
import XCTest

/// The Markdown digest: the text digest's sections, tables, a heading per new series.
final class MarkdownRendererTests: XCTestCase {
    func testSectionsTablesAndSeries() throws {
        let md = try Sample.report(["--format", "markdown"])
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[0], "# kvmarm mailing list update from the start to 232f362c0")
        XCTAssertTrue(lines.contains("| 8 | google.com |"))
        XCTAssertTrue(lines.contains("| 1 | Jörg Bauer \\<joerg.bauer@kernel.org\\> |"))
        XCTAssertTrue(lines.contains("| Status | Version | Patches | Series | Author | Note |"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("| Skip | v1 | 3/3+c | [KVM: arm64: Tidy up the vgic-v3 trap configuration](https://lore.kernel.org/kvmarm/") })
        XCTAssertEqual(lines.filter { $0.hasPrefix("### New: ") }.count, 10)
        XCTAssertTrue(lines.contains("### New: KVM: arm64: Use the correct mask when sanitising MDCR\\_EL2.HPMN"))
        XCTAssertEqual(lines.filter { $0.hasPrefix("### Part: ") }.count, 1)
        XCTAssertEqual(lines.filter { $0 == "```text" }.count, 14,
                       "the commit messages of ten new series, three with a cover letter, and a Part series' patch")
        XCTAssertTrue(lines.contains("- Exist: [\\[PATCH\\] KVM: selftests: Fix the usage text of arch\\_timer's -m option](https://lore.kernel.org/kvmarm/20251114153342.2874519-1-ahmad.rahimi@intel.com/)"))
        XCTAssertTrue(lines.contains("## Pull requests"))
    }

    func testRendersAsGitHubFlavouredMarkdown() throws {
        let md = try Sample.report(["--format", "markdown"])
        guard let r = try? Fixtures.run("/usr/bin/env", ["cmark-gfm", "-e", "table", "-e", "autolink", try temporaryFile(md, name: "s.md")]),
              r.status == 0 else { throw XCTSkip("cmark-gfm is not installed (scripts/install-deps installs Debian's cmark-gfm)") }
        let facts = try Python.json("html_facts.py", [try temporaryFile(r.stdout, name: "s.html")])
        let tags = facts["tags"] as? [String: Int] ?? [:]
        XCTAssertEqual(tags["table"], 3)
        XCTAssertEqual(tags["tr"], 1 + 9 + 1 + 12 + 1 + 13)
        XCTAssertEqual(tags["pre"], 14)
        XCTAssertEqual(tags["h3"], 11)
        XCTAssertNil(tags["em"], "no stray emphasis from underscores in identifiers")
        let text = facts["text"] as? String ?? ""
        XCTAssertTrue(text.contains("KVM: arm64: Use the correct mask when sanitising MDCR_EL2.HPMN"))
        XCTAssertTrue(text.contains("Priya Raman <praman@google.com>"))
    }
}
