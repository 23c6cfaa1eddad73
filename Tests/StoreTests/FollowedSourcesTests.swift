import Foundation
import TestSupport
import XCTest

/// Lists followed from every kind of source, through the command line: a lore-style URL served
/// by a real public-inbox-httpd, an mbox file, a Maildir. Each update digests exactly what
/// arrived since the one before.
final class FollowedSourcesTests: XCTestCase {
    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    private func ids(_ report: [String: Any]) -> Set<String> {
        Set(seriesOf(report).flatMap { $0["messageIds"] as? [String] ?? [] })
    }

    /// Adds `source` as list kvm, updates (first update reaching back to the fixtures' dates),
    /// grows the source with `grow`, updates again: the second digest holds exactly the new mails.
    private func follow(_ source: String, grow: () throws -> Void, box: Sandbox = Sandbox()) throws {
        let added = try box.run(["add", "kvm", source])
        XCTAssertEqual(added.status, 0, added.stderr)
        let first = try json(try box.update(["--since", "2025-11-01", "--format", "json"]))
        XCTAssertEqual(ids(first), ["a-v1-0@example.com", "a-v1-1@example.com", "a-v1-2@example.com"])
        try grow()
        let second = try json(try box.update(["--format", "json"]))
        XCTAssertEqual(ids(second), ["b-v1-0@example.com", "b-v1-1@example.com", "b-v1-2@example.com"])
        XCTAssertEqual(second["messages"] as? Int, 4, "three patch emails and a reply")
        XCTAssertEqual(try box.update(), "", "nothing new: nothing printed")
    }

    private let first = Mail.series("KVM: first", slug: "a")
    private var later: [String] { Mail.series("KVM: later", slug: "b", day: 18) + [Mail.reply(to: "a-v1-1@example.com", n: 1, day: 18)] }

    func testLoreURLServedByPublicInboxHTTPD() throws {
        if let why = PublicInboxServer.unavailableReason { throw XCTSkip(why) }
        let server = try PublicInboxServer(name: "kvm")
        defer { server.stop() }
        try server.deliver(first)
        try server.start()
        let followed = Sandbox()
        try follow(server.url, grow: { try server.deliver(later) }, box: followed)
        // Removed, the list's mirror goes with it; added again, it is mirrored and digested afresh.
        let mirror = followed.home + "/mirrors/kvm/git/0.git"
        XCTAssertTrue(FileManager.default.fileExists(atPath: mirror + "/HEAD"))
        XCTAssertEqual(try followed.run(["remove", "kvm"]).stdout, "removed kvm (2 digests forgotten)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: followed.home + "/mirrors/kvm"))
        XCTAssertEqual(try followed.run(["add", "kvm", server.url]).status, 0)
        let again = try json(try followed.update(["--since", "2025-11-01", "--format", "json"]))
        XCTAssertEqual(ids(again).count, 6, "both series, as the first update of a new list")
        XCTAssertTrue(FileManager.default.fileExists(atPath: mirror + "/HEAD"))
        // A path on the server that holds no inbox is refused, and nothing is stored.
        let box = Sandbox()
        let none = try box.run(["add", "nope", server.baseURL + "/nope"])
        XCTAssertEqual(none.status, 1)
        XCTAssertEqual(none.stderr, "patchdigest: \(server.baseURL)/nope: no public-inbox archive there (no manifest.js.gz, no epoch \(server.baseURL)/nope/0)\n")
        XCTAssertEqual(try box.run(["lists"]).stdout, "")
    }

    /// mboxrd, as lei and public-inbox write it: each message after a "From " line.
    private func mbox(_ emails: [String]) -> String {
        emails.map { "From mboxrd@z Thu Jan  1 00:00:00 1970\n" + $0 + ($0.hasSuffix("\n") ? "" : "\n") + "\n" }.joined()
    }

    func testMboxFileGrowingByAppends() throws {
        let file = Fixtures.temporaryDirectory().appendingPathComponent("kvm.mbox")
        try Data(mbox(first).utf8).write(to: file)
        try follow(file.path, grow: {
            let handle = try FileHandle(forWritingTo: file)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(mbox(later).utf8))
            try handle.close()
        })
    }

    func testMaildirGrowingByDeliveries() throws {
        let dir = Fixtures.temporaryDirectory()
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        func deliver(_ emails: [String], start: Int) throws {
            for (i, email) in emails.enumerated() {
                try Data(email.utf8).write(to: dir.appendingPathComponent("new/\(1_763_370_000 + start + i).M\(i)P1.host"))
            }
        }
        try deliver(first, start: 0)
        try follow(dir.path, grow: { try deliver(later, start: 100) })
    }
}
