@testable import Digest
import Foundation
import Render
import TestSupport
import XCTest

/// docs/digest.schema.json describes `--format json`: the sample's and seed 004's reports
/// validate against it with Python's jsonschema, and a field the schema does not document fails.
final class SchemaTests: XCTestCase {
    private func validate(_ documents: [String]) throws -> Fixtures.Result {
        guard Python.available() else { throw XCTSkip("python3 is not installed (scripts/install-deps installs it)") }
        let r = try Fixtures.run("/usr/bin/env", ["python3", Python.script("validate_schema.py"),
                                                  Fixtures.path("docs/digest.schema.json")] + documents)
        if r.status == 3 { throw XCTSkip(r.stdout.trimmingCharacters(in: .newlines)) }
        return r
    }

    private func seed004JSON() throws -> String {
        let range = try String(contentsOfFile: Fixtures.path("Fixtures/seed004/RANGE"), encoding: .utf8)
            .split(separator: "\n").compactMap { Int($0) }
        let inbox = try Fixtures.inbox(directory: Fixtures.path("Fixtures/seed004"))
        let commits = try Fixtures.git(["--git-dir=\(inbox.path)/git/0.git", "rev-list", "--reverse", "master"]).stdout
            .split(separator: "\n")
        let r = try Fixtures.patchdigest(["report", inbox.path, "--from", String(commits[range[0] - 1]), "--name", "KVM",
                                          "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    func testReportsValidate() throws {
        let sample = try Sample.report(["--format", "json"])
        let seed = try seed004JSON()
        XCTAssertTrue(sample.contains("\"schemaVersion\" : 1"))
        let r = try validate([try temporaryFile(sample, name: "sample.json"), try temporaryFile(seed, name: "seed004.json")])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
    }

    /// The optional fields the sample leaves out: a date range, a skipped message, a start commit.
    func testOptionalFieldsValidate() throws {
        var report = try Sample.decoded()
        report.since = "2025-11-17"
        report.until = "2025-11-18"
        report.fromCommit = String(repeating: "a", count: 40)
        report.skipped = [SkippedMessage(position: 3, commit: String(repeating: "b", count: 40), reason: "no header block")]
        // What `update` adds with a history and an organization map.
        report.organizations = [OrganizationCount(organization: "Google", count: 8)]
        report.notes = ["epoch 0 was rewritten; messages already digested were left out by Message-ID"]
        let earlier = PostingReference(version: "v1", title: "KVM: x", messageId: "a@b", date: "2025-11-14T10:00:00+00:00", digest: 1)
        report.series[0].alreadyReported = earlier
        report.series[1].supersedes = earlier
        report.series[2].continues = earlier
        // What the series stage adds: a rerolled slot, a cover that is a pull request, backports.
        report.series[1].rerolls = [Reroll(number: 2, version: "v2", messageId: "r2@b", replaces: "p2@b")]
        report.series[1].pullRequest = true
        report.backports = [BackportEntry(tree: "AUTOSEL 6.1", patches: 85, total: 85, sender: Person(name: "S", email: "s@k.org"),
                                          title: "x", messageId: "b@k", messageIds: ["b@k"], date: "2025-03-01T12:00:00-05:00")]
        let dated = try Sample.report(["--format", "json", "--since", "2025-11-17", "--until", "2025-11-18"])
        XCTAssertTrue(dated.contains("\"since\" : \"2025-11-17\""))
        let r = try validate([try temporaryFile(try JSONRenderer().render(report), name: "optional.json"),
                              try temporaryFile(dated, name: "dated.json")])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
    }

    func testUndocumentedOrMissingFieldsFail() throws {
        var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(Sample.report(["--format", "json"]).utf8)) as? [String: Any])
        json["surprise"] = 1
        var series = json["series"] as? [[String: Any]] ?? []
        series[0]["status"] = "Maybe"
        json["series"] = series
        json.removeValue(forKey: "schemaVersion")
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        let r = try validate([try temporaryFile(text, name: "bad.json")])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("'surprise' was unexpected"), r.stdout)
        XCTAssertTrue(r.stdout.contains("'schemaVersion' is a required property"), r.stdout)
        XCTAssertTrue(r.stdout.contains("series/0/status: 'Maybe' is not one of"), r.stdout)
    }

    func testEveryPropertyIsDescribed() throws {
        let schema = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Fixtures.path("docs/digest.schema.json")))) as? [String: Any])
        XCTAssertEqual(schema["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
        var objects: [(String, [String: Any])] = [("report", schema)]
        for (name, def) in schema["$defs"] as? [String: [String: Any]] ?? [:] { objects.append((name, def)) }
        for (name, object) in objects where object["type"] as? String == "object" {
            XCTAssertEqual(object["additionalProperties"] as? Bool, false, "\(name) is closed")
            XCTAssertNotNil(object["description"] as? String, name)
            for (key, property) in object["properties"] as? [String: [String: Any]] ?? [:] {
                XCTAssertFalse((property["description"] as? String ?? "").isEmpty, "\(name).\(key) has no description")
            }
        }
    }
}
