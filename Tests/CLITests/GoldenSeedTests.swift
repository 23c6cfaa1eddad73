import Foundation
import TestSupport
import XCTest

/// The archive rebuilt from seed 004 (Fixtures/seed004) must give the seed's digest, with the
/// seed's flaws fixed.
final class GoldenSeedTests: XCTestCase {
    private func digest(_ extra: [String] = []) throws -> String {
        let range = try String(contentsOfFile: Fixtures.path("Fixtures/seed004/RANGE"), encoding: .utf8)
            .split(separator: "\n").compactMap { Int($0) }
        let inbox = try Fixtures.inbox(directory: Fixtures.path("Fixtures/seed004"))
        let commits = try Fixtures.git(["--git-dir=\(inbox.path)/git/0.git", "rev-list", "--reverse", "master"]).stdout
            .split(separator: "\n")
        XCTAssertEqual(commits.count, range[1])
        let r = try Fixtures.patchdigest(["report", inbox.path, "--from", String(commits[range[0] - 1]), "--name", "KVM"] + extra)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    /// PATCHDIGEST_UPDATE_GOLDEN=1 rewrites the file (then read the diff before committing it).
    func testDigestMatchesTheGoldenFile() throws {
        let path = Fixtures.path("Fixtures/seed004/expected.txt")
        let actual = try digest()
        if ProcessInfo.processInfo.environment["PATCHDIGEST_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        if actual != expected {
            let out = Fixtures.temporaryDirectory().appendingPathComponent("seed004.txt")
            try actual.write(to: out, atomically: true, encoding: .utf8)
            XCTFail("digest differs from Fixtures/seed004/expected.txt; got \(out.path)")
        }
    }

    func testCountsAgreeAsData() throws {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(digest(["--format", "json"]).utf8)) as? [String: Any])
        XCTAssertEqual(json["messages"] as? Int, 18)
        XCTAssertEqual(json["patches"] as? Int, 15)
        let domains = (json["domains"] as? [[String: Any]] ?? []).map { "\($0["domain"]!) \($0["count"]!)" }
        XCTAssertEqual(domains, ["nvidia.com 7", "google.com 5", "amazon.co.uk 1", "linux.alibaba.com 1", "redhat.com 1"])
        let series = json["series"] as? [[String: Any]] ?? []
        XCTAssertEqual(series.map { $0["status"] as? String ?? "" }, ["New", "New", "New", "New", "Part"])
        XCTAssertEqual(series.map { $0["received"] as? Int ?? 0 }, [1, 1, 5, 5, 1])
    }

    /// Against the seed itself (../shared/seeds), when it is there: the same tables, the same
    /// printed entries — apart from the flaws the seed has.
    func testAgreesWithTheSeedApartFromItsFlaws() throws {
        let seedPath = Fixtures.root.deletingLastPathComponent().appendingPathComponent("shared/seeds/004_c80fe608cf82e0c2.txt").path
        guard let seed = try? String(contentsOfFile: seedPath, encoding: .utf8) else {
            throw XCTSkip("../shared/seeds/004_c80fe608cf82e0c2.txt is not beside the project")
        }
        let ours = try digest()
        func tableLines(_ text: String) -> [String] {
            text.split(separator: "\n").filter { $0.hasPrefix("      ") && $0.dropFirst(6).first?.isNumber == true }.map(String.init).sorted()
        }
        XCTAssertEqual(tableLines(ours), tableLines(seed))
        // Every entry the seed prints, in full, with the seed's flaw fixed: the author of the
        // HGATP patch is the in-body From (the seed names the sender and leaves a blank line).
        let entries = seed.components(separatedBy: "\nNew:  ").dropFirst().map { "New:  " + $0.components(separatedBy: "\n-----")[0] }
        XCTAssertEqual(entries.count, 6)
        for entry in entries {
            let fixed = entry.replacingOccurrences(of: "Author: fangyu.yu <fangyu.yu@linux.alibaba.com>\n\n",
                                                   with: "Author: Fangyu Yu <fangyu.yu@linux.alibaba.com>\n")
            XCTAssertTrue(ours.contains(fixed), "missing entry:\n\(fixed.prefix(200))")
        }
        XCTAssertTrue(seed.contains("===== Patch list in this time period =====\n\n\n"), "the seed's list is empty")
        XCTAssertFalse(ours.contains("===== Patch list in this time period =====\n\n\n"), "ours is filled")
        // The cover letter comes before its first patch (the seed printed Sean's 1/5 first).
        let cover = try XCTUnwrap(ours.range(of: "[PATCH v3 0/5] KVM: nVMX: Mark APIC page dirty on VM-Exit"))
        let first = try XCTUnwrap(ours.range(of: "[PATCH v3 1/5] KVM: Use vCPU specific memslots"))
        XCTAssertLessThan(cover.lowerBound, first.lowerBound)
    }

    /// Each printed series ends with its link and `b4 am` line; `--lore-base` moves the link,
    /// `none` leaves the Message-ID alone.
    func testLinksFollowTheLoreBase() throws {
        let series = "cover.1765345800.git.nicolinc@nvidia.com"
        let standard = try digest()
        XCTAssertTrue(standard.contains("\nLink: https://lore.kernel.org/all/\(series)/\nb4 am \(series)\n\n-----"))
        XCTAssertEqual(standard.components(separatedBy: "\nb4 am ").count - 1, 5, "one per printed series: four New, one Part")
        let mirror = try digest(["--lore-base", "https://mirror.example.org/kvm"])
        XCTAssertTrue(mirror.contains("\nLink: https://mirror.example.org/kvm/\(series)/\nb4 am \(series)\n"))
        let none = try digest(["--lore-base", "none"])
        XCTAssertTrue(none.contains("\nMessage-ID: <\(series)>\n\n-----"))
        XCTAssertFalse(none.contains("Link:"))
        XCTAssertFalse(none.contains("b4 am"))
    }
}
