import Foundation
import TestSupport
import XCTest

/// Runs on the real kvmarm archive (../shared/corpus/kvmarm.bundle, 21k messages) when it is
/// beside the project; skipped with a message when it is not.
final class RealArchiveTests: XCTestCase {
    private func archive() throws -> String {
        guard let path = Fixtures.kvmarm else {
            throw XCTSkip("../shared/corpus/kvmarm.bundle is not beside the project: real-data tests skipped")
        }
        return path
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func counts(_ list: Any?, key: String) -> [String: Int] {
        var result: [String: Int] = [:]
        for item in list as? [[String: Any]] ?? [] {
            result[(item[key] as? String ?? "").lowercased(), default: 0] += item["count"] as? Int ?? 0
        }
        return result
    }

    /// A fixed range of ~600 messages, counted by patchdigest and by an independent Python
    /// implementation (scripts/independent_count.py, standard `email` package): they must agree.
    func testFixedRangeAgreesWithAnIndependentCount() throws {
        let git = try archive()
        let commits = try Fixtures.git(["--git-dir=\(git)", "rev-list", "--reverse", "HEAD"]).stdout.split(separator: "\n")
        XCTAssertGreaterThan(commits.count, 13_000)
        let from = String(commits[11_999]), to = String(commits[12_599])

        let ours = try Fixtures.patchdigest(["report", git, "--from", from, "--to", to, "--format", "json"])
        XCTAssertEqual(ours.status, 0, ours.stderr)
        let theirs = try Fixtures.run("/usr/bin/env", ["python3", Fixtures.path("scripts/independent_count.py"), git, from, to])
        XCTAssertEqual(theirs.status, 0, theirs.stderr)
        let a = try json(ours.stdout), b = try json(theirs.stdout)

        XCTAssertEqual(a["messages"] as? Int, 600)
        XCTAssertEqual(a["messages"] as? Int, b["messages"] as? Int)
        XCTAssertEqual(a["patches"] as? Int, b["patches"] as? Int)
        XCTAssertGreaterThan(a["patches"] as? Int ?? 0, 100, "a busy stretch of the list has patches")
        XCTAssertEqual((a["pullRequests"] as? [Any])?.count, b["pullRequests"] as? Int)
        XCTAssertEqual(counts(a["contributors"], key: "email"), counts(b["contributors"], key: "email"))
        XCTAssertEqual(counts(a["domains"], key: "domain"), counts(b["domains"], key: "domain"))
    }

    /// Every message of the archive goes through the whole pipeline: no crash, nothing skipped
    /// without a reason, every patch email counted once.
    func testWholeArchiveDigestsWithoutLoss() throws {
        let git = try archive()
        let total = Int(try Fixtures.git(["--git-dir=\(git)", "rev-list", "--count", "HEAD"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let r = try Fixtures.patchdigest(["report", git, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try json(r.stdout)
        let skipped = report["skipped"] as? [[String: Any]] ?? []
        // A message archived twice is read twice and counted once.
        XCTAssertEqual((report["messages"] as? Int ?? 0) + skipped.count + (report["removals"] as? Int ?? 0)
                       + (report["duplicates"] as? Int ?? 0), total)
        for s in skipped { XCTAssertFalse((s["reason"] as? String ?? "").isEmpty) }
        let contributors = report["contributors"] as? [[String: Any]] ?? []
        XCTAssertEqual(contributors.map { $0["count"] as? Int ?? 0 }.reduce(0, +), report["patches"] as? Int)
        // Each patch email belongs to exactly one series.
        let series = report["series"] as? [[String: Any]] ?? []
        let ids = series.flatMap { $0["messageIds"] as? [String] ?? [] }
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertEqual(series.map { $0["patchEmails"] as? Int ?? 0 }.reduce(0, +), report["patches"] as? Int)
        let statuses = Set(series.compactMap { $0["status"] as? String })
        XCTAssertTrue(statuses.isSubset(of: ["New", "Skip", "Exist", "Part"]))
        XCTAssertTrue(statuses.contains("Skip"), "five years of a list hold superseded versions")
    }
}
