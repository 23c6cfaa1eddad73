import Foundation
import TestSupport
import XCTest

/// `patchdigest feed NAME`: the stored digests as Atom, read back with Python's XML parser.
final class FeedCommandTests: XCTestCase {
    /// Python's xml.etree reads the feed and prints what a feed reader relies on.
    private func parse(_ feed: String) throws -> [String: Any] {
        let file = Fixtures.temporaryDirectory().appendingPathComponent("feed.atom")
        try Data(feed.utf8).write(to: file)
        let script = """
            import json, sys, xml.etree.ElementTree as ET
            A = '{http://www.w3.org/2005/Atom}'
            root = ET.parse(sys.argv[1]).getroot()
            entries = [{'id': e.findtext(A + 'id'), 'title': e.findtext(A + 'title'), 'updated': e.findtext(A + 'updated'),
                        'content': e.find(A + 'content').get('type'), 'html': e.findtext(A + 'content')}
                       for e in root.findall(A + 'entry')]
            print(json.dumps({'tag': root.tag, 'id': root.findtext(A + 'id'), 'title': root.findtext(A + 'title'),
                              'updated': root.findtext(A + 'updated'), 'author': root.findtext(A + 'author/' + A + 'name'),
                              'self': [l.get('href') for l in root.findall(A + 'link') if l.get('rel') == 'self'],
                              'entries': entries}))
            """
        let r = try Fixtures.run("/usr/bin/env", ["python3", "-c", script, file.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    func testOneEntryPerStoredDigestWithStableIDs() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: first", slug: "a"))
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])
        try box.append(Mail.series("KVM: <b>later</b> & more", slug: "b", day: 18))
        _ = try box.update()

        let first = try box.run(["feed", "kvm", "--self-url", "https://example.org/kvm.atom"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let feed = try parse(first.stdout)
        XCTAssertEqual(feed["tag"] as? String, "{http://www.w3.org/2005/Atom}feed")
        XCTAssertEqual(feed["title"] as? String, "kvm mailing list digests")
        XCTAssertEqual(feed["author"] as? String, "patchdigest")
        XCTAssertEqual(feed["self"] as? [String], ["https://example.org/kvm.atom"])
        let year = String(Calendar(identifier: .gregorian).component(.year, from: Date()))
        XCTAssertEqual(feed["id"] as? String, "tag:patchdigest,\(year):kvm")
        let entries = feed["entries"] as? [[String: Any]] ?? []
        XCTAssertEqual(entries.map { $0["id"] as? String ?? "" },
                       ["tag:patchdigest,\(year):kvm/digest/2", "tag:patchdigest,\(year):kvm/digest/1"], "newest first")
        XCTAssertEqual(entries.map { $0["content"] as? String ?? "" }, ["html", "html"])
        XCTAssertTrue((entries[0]["html"] as? String ?? "").contains("KVM: &lt;b&gt;later&lt;/b&gt; &amp; more"),
                      "the title is text inside the HTML, not markup")
        XCTAssertFalse(first.stdout.contains("<b>later</b>"))

        // The same feed made again, and with fewer entries, keeps every id.
        XCTAssertEqual(try box.run(["feed", "kvm", "--self-url", "https://example.org/kvm.atom"]).stdout, first.stdout)
        let one = try parse(try box.run(["feed", "kvm", "--limit", "1"]).stdout)
        XCTAssertEqual((one["entries"] as? [[String: Any]])?.map { $0["id"] as? String ?? "" }, ["tag:patchdigest,\(year):kvm/digest/2"])
    }

    /// A day with replies only is stored as a digest but makes no feed entry; each entry's title
    /// names its day and counts.
    func testQuietDigestsMakeNoEntry() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: first", slug: "a"))
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])
        try box.append([Mail.reply(to: "a-v1-0@example.com", n: 1, day: 18)])
        _ = try box.update()
        let quiet = try box.run(["show", "kvm", "--digest", "2"])
        XCTAssertEqual(quiet.status, 0, "the quiet day is stored: \(quiet.stderr)")
        let feed = try parse(try box.run(["feed", "kvm"]).stdout)
        let entries = feed["entries"] as? [[String: Any]] ?? []
        let year = String(Calendar(identifier: .gregorian).component(.year, from: Date()))
        XCTAssertEqual(entries.map { $0["id"] as? String ?? "" }, ["tag:patchdigest,\(year):kvm/digest/1"])
        let title = entries.first?["title"] as? String ?? ""
        XCTAssertNotNil(title.range(of: "^[0-9]{4}-[0-9]{2}-[0-9]{2}: 1 new series, [0-9]+ patch emails?$", options: .regularExpression),
                        title)
    }

    func testUnknownListAndBadOptions() throws {
        let box = Sandbox()
        let r = try box.run(["feed", "nope"])
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("patchdigest: "), r.stderr)
        XCTAssertNotEqual(try box.run(["feed", "nope", "--self-url", "javascript:alert(1)"]).status, 0)
    }
}
