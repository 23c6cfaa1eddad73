import Foundation
import TestSupport
import XCTest

/// Statuses across days: what an earlier digest reported is old news.
final class HistoryStatusTests: XCTestCase {
    private let title = "KVM: x86: Make the thing faster"

    private func started(_ emails: [String]) throws -> Sandbox {
        let box = Sandbox()
        try box.setEpoch(0, emails)
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])
        return box
    }

    func testNewVersionSupersedesResendIsExistOlderIsSkip() throws {
        let box = try started(Mail.series(title, slug: "fast", version: 5, day: 17))

        // Day 2: v7 — New, and it says what it supersedes.
        try box.append(Mail.series(title, slug: "fast", version: 7, day: 18))
        let v7 = try box.updateJSON()
        let entry = try XCTUnwrap(seriesOf(v7).series(title))
        XCTAssertEqual(entry["status"] as? String, "New")
        let supersedes = try XCTUnwrap(entry["supersedes"] as? [String: Any])
        XCTAssertEqual(supersedes["version"] as? String, "v5")
        XCTAssertEqual(supersedes["digest"] as? Int, 1)
        XCTAssertEqual((supersedes["date"] as? String)?.prefix(10), "2025-11-17")
        XCTAssertEqual(supersedes["messageId"] as? String, "fast-v5-0@example.com")
        let text = try box.run(["show", "kvm"]).stdout
        XCTAssertTrue(text.contains("New   v7 2/2+c  \(title) (Jane Doe <jane@example.com>)\n                [supersedes v5 of 2025-11-17 (digest 1)]"), text)
        XCTAssertTrue(text.contains("New:  \(title)"), text)

        // Day 3: v7 again (a resend, new Message-IDs) — Exist, not printed in full.
        try box.append(Mail.series(title, slug: "fast-resend", version: 7, day: 19).map {
            $0.replacingOccurrences(of: "[PATCH v7", with: "[PATCH RESEND v7")
        })
        let resend = try box.run(["update"]).stdout
        XCTAssertTrue(resend.contains("Exist v7 2/2+c  [RESEND] \(title) (Jane Doe <jane@example.com>)\n                [v7 already reported: v7 of 2025-11-18 (digest 2)]"), resend)
        XCTAssertFalse(resend.contains("New:  \(title)"), resend)
        XCTAssertTrue(resend.contains("Exist: [PATCH RESEND v7 0/2] \(title)"), resend)

        // Day 4: a v6 turns up — older than what was reported: Skip.
        try box.append(Mail.series(title, slug: "fast", version: 6, day: 20))
        let v6 = try box.updateJSON()
        let old = try XCTUnwrap(seriesOf(v6).series(title))
        XCTAssertEqual(old["status"] as? String, "Skip")
        XCTAssertEqual(old["reason"] as? String, "superseded by v7 of 2025-11-18 (digest 2)")
        XCTAssertEqual((old["alreadyReported"] as? [String: Any])?["version"] as? String, "v7")
    }

    func testLatePatchesUpdateTheSeriesReportedBefore() throws {
        let box = try started(Mail.series(title, slug: "late", version: 3, count: 3, only: [0, 1]))
        try box.append(Mail.series(title, slug: "late", version: 3, count: 3, only: [2, 3]))
        let json = try box.updateJSON()
        XCTAssertEqual(seriesOf(json).count, 1)
        let entry = try XCTUnwrap(seriesOf(json).first)
        XCTAssertEqual(entry["status"] as? String, "Part")
        XCTAssertEqual(entry["received"] as? Int, 2)
        XCTAssertEqual(entry["reason"] as? String, "late patches of v3 of 2025-11-17 (digest 1)")
        XCTAssertEqual((entry["continues"] as? [String: Any])?["messageId"] as? String, "late-v3-0@example.com")
        XCTAssertNil(entry["supersedes"])
        XCTAssertEqual(json["patches"] as? Int, 2)
    }

    /// A posting first seen without its head (Part) is news when the cover letter comes.
    func testAHeadArrivingLaterIsStillNews() throws {
        let box = try started(Mail.series(title, slug: "headless", version: 2, count: 2, only: [2]))
        try box.append(Mail.series(title, slug: "headless", version: 2, count: 2, only: [0, 1]))
        let entry = try XCTUnwrap(seriesOf(try box.updateJSON()).first)
        XCTAssertEqual(entry["status"] as? String, "New")
        XCTAssertNil(entry["continues"])
    }

    func testLineagesJoinByChangeIDAndLinksAcrossDays() throws {
        let box = try started(Mail.series("KVM: first title", slug: "cid", version: 1, changeID: "20251117-thing-1a2b3c")
                              + Mail.series("KVM: linked title", slug: "lnk", version: 1, from: "Sam <sam@example.net>"))
        // v2 renamed, known by its change-id; another v2 renamed, known by "Link to v1".
        let linked = Mail.series("KVM: linked, renamed", slug: "lnk", version: 2, from: "Sam <sam@example.net>", day: 18).enumerated().map { i, mail in
            i == 0 ? mail.replacingOccurrences(of: "This series does", with: "Link to v1: https://lore.kernel.org/r/lnk-v1-0@example.com\n\nThis series does") : mail
        }
        try box.append(Mail.series("KVM: second title", slug: "cid", version: 2, day: 18, changeID: "20251117-thing-1a2b3c") + linked)
        let series = seriesOf(try box.updateJSON())
        XCTAssertEqual((series.series("KVM: second title")?["supersedes"] as? [String: Any])?["messageId"] as? String, "cid-v1-0@example.com")
        XCTAssertEqual((series.series("KVM: linked, renamed")?["supersedes"] as? [String: Any])?["messageId"] as? String, "lnk-v1-0@example.com")
        // Day 3: v1 under the second title is old news through the lineage the store joined.
        try box.append(Mail.series("KVM: second title", slug: "cid-old", version: 1, day: 19))
        let old = try XCTUnwrap(seriesOf(try box.updateJSON()).first)
        XCTAssertEqual(old["status"] as? String, "Skip")
        XCTAssertEqual((old["alreadyReported"] as? [String: Any])?["version"] as? String, "v2")
    }

    /// A posting that joins two lineages known apart (a title of one, the change-id of the other)
    /// merges them in the store: later postings of either see the newest version of both.
    func testJoinedLineagesStayJoined() throws {
        let box = try started(Mail.series("KVM: name A", slug: "a", version: 1, changeID: "20251117-a-000001")
                              + Mail.series("KVM: name B", slug: "b", version: 1))
        try box.append(Mail.series("KVM: name B", slug: "b2", version: 2, day: 18, changeID: "20251117-a-000001"))
        let joined = try XCTUnwrap(seriesOf(try box.updateJSON()).first)
        XCTAssertEqual(joined["status"] as? String, "New")
        // Known only through a link to B's v1: without the merge its lineage would hold v1 alone.
        let linked = Mail.series("KVM: name C", slug: "c", version: 1, from: "Sam <sam@example.net>", day: 19).enumerated().map { i, mail in
            i == 0 ? mail.replacingOccurrences(of: "This series does", with: "Supersedes: <b-v1-0@example.com>\n\nThis series does") : mail
        }
        try box.append(linked)
        let old = try XCTUnwrap(seriesOf(try box.updateJSON()).first)
        XCTAssertEqual(old["status"] as? String, "Skip")
        XCTAssertEqual(old["reason"] as? String, "superseded by v2 of 2025-11-18 (digest 2)")
    }

    /// Within one update the range decides as `report` does; history only adds to it.
    func testRangeVersionsStillDecideInsideOneUpdate() throws {
        let box = try started(Mail.series("KVM: unrelated", slug: "u"))
        try box.append(Mail.series(title, slug: "in", version: 1, day: 18) + Mail.series(title, slug: "in", version: 2, day: 18, hour: 11))
        let series = seriesOf(try box.updateJSON())
        XCTAssertEqual(series.map { $0["status"] as? String }, ["Skip", "New"])
        XCTAssertNil(series[1]["supersedes"])
    }
}
