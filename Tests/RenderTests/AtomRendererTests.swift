@testable import Digest
import Foundation
import Render
import TestSupport
import XCTest

/// AtomRenderer: stored digests as an RFC 4287 feed, read back with Python's xml.etree.
final class AtomRendererTests: XCTestCase {
    private func feed(_ entries: [AtomEntry], updated: Int64? = nil) -> AtomFeed {
        AtomFeed(id: "tag:patchdigest,2025:kvm", title: "KVM digests", updated: updated,
                 selfLink: "https://example.org/kvm.atom", entries: entries)
    }

    func testRequiredElementsAndStableIds() throws {
        var report = try Sample.decoded()
        report.name = "KVM & friends <3"
        let entries = [
            AtomEntry.digest(report, id: AtomRenderer.tagURI(year: 2025, specific: "kvm/digest/16"), created: 1_763_300_000),
            AtomEntry(id: AtomRenderer.tagURI(year: 2025, specific: "kvm/digest/17"), report: report, created: 1_763_400_000,
                      content: .text("plain & simple <text>"), link: "https://example.org/kvm/17.html"),
        ]
        let xml = AtomRenderer().render(feed(entries))
        let facts = try Python.json("atom_facts.py", [try temporaryFile(xml, name: "feed.atom")])
        XCTAssertEqual(facts["problems"] as? [String], [])
        let head = try XCTUnwrap(facts["feed"] as? [String: Any])
        XCTAssertEqual(head["id"] as? String, "tag:patchdigest,2025:kvm")
        XCTAssertEqual(head["updated"] as? String, "2025-11-17T17:20:00Z", "the newest entry's date")
        XCTAssertEqual(head["author"] as? String, "patchdigest")
        XCTAssertEqual(head["links"] as? [[String]], [["self", "https://example.org/kvm.atom"]])
        let items = try XCTUnwrap(facts["entries"] as? [[String: Any]])
        XCTAssertEqual(items.map { $0["id"] as? String }, ["tag:patchdigest,2025:kvm/digest/17", "tag:patchdigest,2025:kvm/digest/16"],
                       "newest first")
        XCTAssertEqual(items[0]["title"] as? String, "2025-11-17: 10 new series, 27 patch emails, 1 pull request")
        XCTAssertEqual(items[0]["content_type"] as? String, "text")
        XCTAssertEqual(items[0]["content"] as? String, "plain & simple <text>")
        XCTAssertEqual(items[0]["links"] as? [[String]], [["alternate", "https://example.org/kvm/17.html"]])
        XCTAssertEqual(items[1]["content_type"] as? String, "html")
        XCTAssertEqual(items[1]["content"] as? String, HTMLRenderer().renderFragment(report))
        XCTAssertEqual(items[1]["updated"] as? String, "2025-11-16T13:33:20Z")
        // The same input gives the same feed: ids and dates come from the stored digests.
        XCTAssertEqual(xml, AtomRenderer().render(feed(entries)))
    }

    /// An entry is titled by its day and counts; a digest with no patch email and no pull request
    /// (a quiet day) makes no entry, and the feed is dated by the entries it shows.
    func testEntryTitlesAndNoEntryForAQuietDigest() throws {
        let report = try Sample.decoded()
        var quiet = report
        quiet.patches = 0
        quiet.series = []
        quiet.pullRequests = []
        var ranged = report
        ranged.until = "2025-11-15"
        ranged.pullRequests = []
        let entries = [
            AtomEntry.digest(ranged, id: "tag:patchdigest,2025:kvm/digest/1", created: 1_763_200_000),
            AtomEntry.digest(report, id: "tag:patchdigest,2025:kvm/digest/2", created: 1_763_300_000),
            AtomEntry.digest(quiet, id: "tag:patchdigest,2025:kvm/digest/3", created: 1_763_400_000),
        ]
        let xml = AtomRenderer().render(feed(entries))
        let facts = try Python.json("atom_facts.py", [try temporaryFile(xml, name: "quiet.atom")])
        XCTAssertEqual(facts["problems"] as? [String], [])
        XCTAssertEqual((facts["feed"] as? [String: Any])?["updated"] as? String, "2025-11-16T13:33:20Z", "the newest entry shown")
        let items = try XCTUnwrap(facts["entries"] as? [[String: Any]])
        XCTAssertEqual(items.map { $0["id"] as? String }, ["tag:patchdigest,2025:kvm/digest/2", "tag:patchdigest,2025:kvm/digest/1"])
        XCTAssertEqual(items.map { $0["title"] as? String }, ["2025-11-16: 10 new series, 27 patch emails, 1 pull request",
                                                             "2025-11-15: 10 new series, 27 patch emails"])
        XCTAssertFalse(xml.contains("kvm/digest/3"))
    }

    func testEmptyFeedAndTagURIs() throws {
        let xml = AtomRenderer().render(feed([], updated: 0))
        let facts = try Python.json("atom_facts.py", [try temporaryFile(xml, name: "empty.atom")])
        XCTAssertEqual(facts["problems"] as? [String], [])
        XCTAssertEqual((facts["feed"] as? [String: Any])?["updated"] as? String, "1970-01-01T00:00:00Z")
        XCTAssertEqual(AtomRenderer.tagURI(year: 2025, specific: "linux arm/digest/3"), "tag:patchdigest,2025:linux%20arm/digest/3")
    }

    func testFragmentHasNoStyleOrChart() throws {
        let fragment = HTMLRenderer().renderFragment(try Sample.decoded())
        XCTAssertFalse(fragment.contains("<style"))
        XCTAssertFalse(fragment.contains("<svg"))
        XCTAssertFalse(fragment.contains("<html"))
        XCTAssertTrue(fragment.contains("<td class=\"num\">8</td><td>google.com</td>"))
    }
}
