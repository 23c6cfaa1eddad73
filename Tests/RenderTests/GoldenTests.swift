@testable import Digest
import Foundation
import Render
import TestSupport
import XCTest

/// Every format of the sample archive's digest against its expected file in Golden/. The email
/// gets a fixed date and Message-ID; the feed fixed ids and dates. PATCHDIGEST_UPDATE_GOLDEN=1
/// rewrites the files (then read the diff before committing it).
final class GoldenTests: XCTestCase {
    private func check(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let path = Fixtures.path("Tests/RenderTests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["PATCHDIGEST_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        if actual != expected {
            let out = try temporaryFile(actual, name: name)
            XCTFail("\(name) differs from Tests/RenderTests/Golden/\(name); got \(out)", file: file, line: line)
        }
    }

    func testText() throws { try check(try Sample.report([]), "sample.txt") }
    func testJSON() throws { try check(try Sample.report(["--format", "json"]), "sample.json") }
    func testMarkdown() throws { try check(try Sample.report(["--format", "markdown"]), "sample.md") }
    func testHTML() throws { try check(try Sample.report(["--format", "html"]), "sample.html") }
    func testEmail() throws { try check(try Sample.report(["--format", "email"] + Sample.mailOptions), "sample.eml") }

    func testAtom() throws {
        let report = try Sample.decoded()
        var earlier = report
        earlier.to = "5f0c1e2d3"
        earlier.series = Array(report.series.prefix(2))
        let feed = AtomFeed(id: "tag:patchdigest,2025:kvmarm", title: "kvmarm mailing list digests",
                            selfLink: "https://digests.example.org/kvmarm.atom", entries: [
                                .digest(earlier, id: AtomRenderer.tagURI(year: 2025, specific: "kvmarm/digest/1"),
                                        created: 1_763_300_000, lore: .lore(listName: "kvmarm")),
                                .digest(report, id: AtomRenderer.tagURI(year: 2025, specific: "kvmarm/digest/2"),
                                        created: 1_763_400_000, lore: .lore(listName: "kvmarm"),
                                        link: "https://digests.example.org/kvmarm/2.html"),
                            ])
        try check(AtomRenderer().render(feed), "sample.atom")
    }
}
