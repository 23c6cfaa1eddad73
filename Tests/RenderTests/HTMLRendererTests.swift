@testable import Digest
import Foundation
@testable import Render
import TestSupport
import XCTest

/// The HTML page: self-contained, every section, charts with labels and counts, a collapsible
/// block per new series, lore links and b4 lines.
final class HTMLRendererTests: XCTestCase {
    func testPageIsSelfContainedWithEverySection() throws {
        let html = try Sample.report(["--format", "html"])
        let facts = try Python.json("html_facts.py", [try temporaryFile(html, name: "sample.html")])
        let tags = facts["tags"] as? [String: Int] ?? [:]
        XCTAssertNil(tags["script"])
        XCTAssertNil(tags["link"])
        XCTAssertNil(tags["img"])
        XCTAssertEqual(facts["sources"] as? [String], [])
        XCTAssertEqual(tags["svg"], 2, "domains and contributors")
        XCTAssertEqual(tags["details"], 10 + 1 + 1, "ten new series, one Part series and one pull request")
        XCTAssertEqual(tags["rect"], 2 * (9 + 12), "a track and a bar per domain and contributor")
        let csp = (facts["meta"] as? [[String: String]] ?? []).first { $0["http-equiv"] == "Content-Security-Policy" }
        XCTAssertEqual(csp?["content"], HTMLRenderer.contentSecurityPolicy)
        for section in ["Top 15 contributor email domains", "Top 15 contributors", "Patch list in this time period",
                        "New series", "Older versions and resends", "Pull requests"] {
            XCTAssertTrue(html.contains(">\(section)</h2>"), section)
        }
        XCTAssertTrue(html.contains("@media (prefers-color-scheme:dark)"))
        XCTAssertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        // External references: none but links.
        let hrefs = facts["hrefs"] as? [String] ?? []
        XCTAssertTrue(hrefs.allSatisfy { $0.hasPrefix("https://lore.kernel.org/kvmarm/") || $0.hasPrefix("#series-") })
        XCTAssertNil(html.range(of: #"url\(|@import|src="#, options: .regularExpression))
    }

    func testChartsLabelAndCountEveryBar() {
        let chart = BarChart(id: "c", title: "T <t>", bars: [.init(label: "google.com", count: 8), .init(label: "a<b>", count: 2)]).svg()
        XCTAssertTrue(chart.contains(">google.com</text>"))
        XCTAssertTrue(chart.contains("text-anchor=\"end\">8</text>"))
        XCTAssertTrue(chart.contains(">a&lt;b&gt;</text>"))
        XCTAssertTrue(chart.contains("class=\"bar\" x=\"0\" y=\"21\" width=\"100%\""))
        XCTAssertTrue(chart.contains("class=\"bar\" x=\"0\" y=\"55\" width=\"25%\""))
        XCTAssertTrue(chart.contains("<title id=\"c-title\">T &lt;t&gt;</title>"))
        XCTAssertEqual(BarChart(id: "e", title: "E", bars: []).svg(), "<p class=\"empty\">(none)</p>")
    }

    func testSeriesBlocksLinkToLoreAndCarryB4() throws {
        let html = try Sample.report(["--format", "html"])
        let id = "20251117-vgic-trap-cleanup-v2-0-abcdef012345@google.com"
        XCTAssertTrue(html.contains("<code>b4 am \(id)</code>"))
        XCTAssertTrue(html.contains("<a href=\"https://lore.kernel.org/kvmarm/\(id)/\" rel=\"noreferrer\">lore</a>"))
        XCTAssertTrue(html.contains("<h3>[PATCH v2 0/3] KVM: arm64: Tidy up the vgic-v3 trap configuration</h3>"))
        XCTAssertTrue(html.contains("4 files changed, <span class=\"ins\">+50</span> <span class=\"del\">−8</span>"))
        // The patch list points new series at their block on the page.
        let block = try XCTUnwrap(html.range(of: #"<details id="series-(\d+)">\n<summary><span class="badge s-new">New</span> <span class="mono">v2 3/3\+c</span>"#,
                                             options: .regularExpression))
        let anchor = String(html[block].split(separator: "\"")[1])
        XCTAssertTrue(html.contains("<a href=\"#\(anchor)\">KVM: arm64: Tidy up the vgic-v3 trap configuration</a>"))
    }

    func testLoreBaseOption() throws {
        let custom = try Sample.report(["--format", "html", "--lore-base", "https://mirror.example.org/arm"])
        XCTAssertTrue(custom.contains("href=\"https://mirror.example.org/arm/20251117083021.62134-1-kmorita@linaro.org/\""))
        XCTAssertFalse(custom.contains("href=\"https://lore.kernel.org"))
        let none = try Sample.report(["--format", "html", "--lore-base", "none"])
        XCTAssertFalse(none.contains("href=\"http"))
        XCTAssertFalse(none.contains("b4 am"))
        let bad = try Fixtures.patchdigest(["report", try Sample.inbox.get(), "--format", "html", "--lore-base", "javascript:alert(1)"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--lore-base must be an http or https URL"), bad.stderr)
    }
}
