@testable import Digest
import Foundation
@testable import Render
import TestSupport
import XCTest

/// PrettyJSON writes the bytes JSONEncoder writes with [.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]: compared on the reports the digest makes and on every Codable shape.
final class PrettyJSONTests: XCTestCase {
    /// JSONEncoder's bytes, with the characters it writes raw and JSONString escapes as `\uXXXX`
    /// (they can only stand inside strings).
    private func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var out = String.UnicodeScalarView()
        for scalar in String(decoding: try encoder.encode(value), as: UTF8.self).unicodeScalars {
            let v = scalar.value
            if v == 0x7F || (0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || TerminalSafe.isBidiControl(v) {
                out.append(contentsOf: String(format: "\\u%04x", v).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    private func assertSame<T: Encodable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
        let ours = String(decoding: try PrettyJSON.encode(value), as: UTF8.self)
        let theirs = try foundation(value)
        if ours != theirs {
            let a = ours.split(separator: "\n", omittingEmptySubsequences: false)
            let b = theirs.split(separator: "\n", omittingEmptySubsequences: false)
            let line0 = zip(a, b).enumerated().first(where: { $1.0 != $1.1 })?.offset ?? min(a.count, b.count)
            XCTFail("differs at line \(line0 + 1): \(line0 < a.count ? String(a[line0]) : "<end>") | "
                    + "\(line0 < b.count ? String(b[line0]) : "<end>")", file: file, line: line)
        }
    }

    func testTheSampleReport() throws {
        try assertSame(try Sample.decoded())
    }

    func testAReportWithEveryOptionalFieldAndHostileStrings() throws {
        var report = Hostile.report()
        let everyControl = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        report.name = "kvm \"q\" \\ / \(everyControl) \u{7F} \u{2028} \u{2029} é 漢字 😀 \u{FEFF} \u{85}\u{9B}\u{9F}\u{A0} "
            + "\u{61C}\u{200E}\u{200F}\u{202A}\u{202E}\u{202F}\u{2066}\u{2069}\u{206A}"
        report.since = "2025-11-17"
        report.until = "2025-11-18"
        report.fromCommit = String(repeating: "a", count: 40)
        report.skipped = [SkippedMessage(position: 3, commit: "b", reason: "no header block\u{0}")]
        report.organizations = [OrganizationCount(organization: "(personal)", count: 8)]
        report.notes = ["", "a note"]
        let earlier = PostingReference(version: "v1", title: "KVM: x", messageId: "a@b", date: "2025", digest: 1)
        report.series[0].alreadyReported = earlier
        report.series[1].supersedes = earlier
        report.series[1].continues = earlier
        report.series[1].supersededBy = Superseder(version: "v3", title: "t", messageId: "m", date: "d")
        report.series[0].tags = []
        try assertSame(report)
    }

    private struct Shapes: Codable {
        enum Kind: String, Codable { case patch, cover }
        var empty: [Int] = []
        var emptyObject: [String: Int] = [:]
        var nested: [[String: [Int?]]] = [["b": [1, nil, -3]], [:], ["": []]]
        var keys: [String: Int] = ["aB": 1, "aa": 2, "Z": 3, "é": 4, "e": 5, "a": 6, "a\u{0}": 7]
        var limits: [Int64] = [.min, .max, 0]
        var unsigned: UInt64 = .max
        var small: [Int8] = [-128, 127]
        var kind: Kind = .cover
        var maybe: String? = nil
        var present: Bool? = false
        var nothing: Empty = Empty()
    }

    private struct Empty: Codable {}

    func testCodableShapes() throws {
        try assertSame(Shapes())
        try assertSame([Shapes(), Shapes()])
        try assertSame("top-level string")
        try assertSame(42)
        try assertSame([String]())
        try assertSame(Empty())
    }

    /// A type that writes through nested and super containers, as hand-written Codable may.
    private struct HandWritten: Encodable {
        enum Keys: String, CodingKey { case inner, list, base }
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var inner = container.nestedContainer(keyedBy: Keys.self, forKey: .inner)
            try inner.encode("x", forKey: .base)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1)
            var deeper = list.nestedUnkeyedContainer()
            try deeper.encodeNil()
            var object = list.nestedContainer(keyedBy: Keys.self)
            try object.encode(true, forKey: .inner)
            try Empty().encode(to: container.superEncoder(forKey: .base))
            // A second request for the keyed container writes into the same object.
            var again = encoder.container(keyedBy: Keys.self)
            try again.encode(UInt8(7), forKey: .list)
        }
    }

    func testNestedAndSuperContainers() throws {
        // JSONEncoder keeps the last value written for a key; the report's types never write one
        // twice, so only the shape is compared with one key each.
        struct Once: Encodable {
            func encode(to encoder: Encoder) throws {
                var container = encoder.container(keyedBy: HandWritten.Keys.self)
                var inner = container.nestedContainer(keyedBy: HandWritten.Keys.self, forKey: .inner)
                try inner.encode("x", forKey: .base)
                var list = container.nestedUnkeyedContainer(forKey: .list)
                try list.encode(1)
                var deeper = list.nestedUnkeyedContainer()
                try deeper.encodeNil()
                var object = list.nestedContainer(keyedBy: HandWritten.Keys.self)
                try object.encode(true, forKey: .inner)
                try Empty().encode(to: container.superEncoder(forKey: .base))
            }
        }
        try assertSame(Once())
        let twice = String(decoding: try PrettyJSON.encode(HandWritten()), as: UTF8.self)
        XCTAssertTrue(twice.contains("\"list\" : 7"), twice)
    }

    func testFloatingPointIsRefused() {
        struct Ratio: Encodable { var value = 1.5 }
        XCTAssertThrowsError(try PrettyJSON.encode(Ratio())) { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["value"])
        }
    }

    /// The whole kvmarm archive's report (8 MB of JSON), when the archive is beside the project.
    func testRealArchiveWholeReport() throws {
        guard let git = Fixtures.kvmarm else {
            throw XCTSkip("../shared/corpus/kvmarm.bundle is not beside the project: real-data test skipped")
        }
        let r = try Fixtures.patchdigest(["report", git, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try JSONDecoder().decode(DigestReport.self, from: Data(r.stdout.utf8))
        XCTAssertEqual(r.stdout, try foundation(report) + "\n")
    }
}
