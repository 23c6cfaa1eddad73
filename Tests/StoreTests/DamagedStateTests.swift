import Foundation
import GRDB
import TestSupport
import XCTest

/// A state database holding a value of the wrong type (edited by hand, written by another tool):
/// every command that reads it says so in one line and exits 1, never dies of a signal.
final class DamagedStateTests: XCTestCase {
    /// A home following an mbox, updated once: every table holds rows.
    private func followed() throws -> Sandbox {
        let box = Sandbox()
        let mbox = box.root.appendingPathComponent("kvm.mbox")
        try Data(mboxrd(Mail.series("KVM: x", slug: "x") + [Mail.reply(to: "x-v1-1@example.com", n: 1)]).utf8).write(to: mbox)
        XCTAssertEqual(try box.run(["add", "kvm", mbox.path]).status, 0)
        _ = try box.update(["--since", "2000-01-01"])
        return box
    }

    private func damage(_ box: Sandbox, _ sql: String) throws {
        let queue = try DatabaseQueue(path: box.home + "/state.sqlite")
        try queue.write { db in
            try db.execute(sql: sql)
            XCTAssertGreaterThan(db.changesCount, 0, sql)
        }
    }

    private func assertDamaged(_ box: Sandbox, _ arguments: [String], _ what: String,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try box.run(arguments)
        XCTAssertEqual(r.status, 1, "\(arguments): \(r.stderr)", file: file, line: line)
        let lines = r.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, r.stderr, file: file, line: line)
        XCTAssertTrue(r.stderr.contains("state \(box.home)/state.sqlite is damaged: \(what) ("), r.stderr, file: file, line: line)
    }

    func testListsOnAWronglyTypedValue() throws {
        let box = try followed()
        defer { try? FileManager.default.removeItem(at: box.root) }
        try damage(box, "UPDATE list SET updatedAt = 'yesterday'")
        try assertDamaged(box, ["lists"], "list.updatedAt holds the text 'yesterday', not an integer or NULL")
    }

    func testHistoryOnAWronglyTypedValue() throws {
        let box = try followed()
        defer { try? FileManager.default.removeItem(at: box.root) }
        try damage(box, "UPDATE digest SET number = 'abc'")
        try assertDamaged(box, ["history"], "digest.number holds the text 'abc', not an integer")
        try assertDamaged(box, ["history", "kvm"], "digest.number holds the text 'abc', not an integer")
    }

    func testFeedOnAWronglyTypedValue() throws {
        let box = try followed()
        defer { try? FileManager.default.removeItem(at: box.root) }
        try damage(box, "UPDATE digest SET madeAt = x'0102'")
        try assertDamaged(box, ["feed", "kvm"], "digest.madeAt holds a blob of 2 bytes, not an integer")
        try damage(box, "UPDATE digest SET madeAt = 1763373600, report = '{\"not\": \"a report\"}'")
        try assertDamaged(box, ["feed", "kvm"], "digest.report of kvm holds no digest report")
        try assertDamaged(box, ["show", "kvm"], "digest.report of kvm holds no digest report")
    }

    func testUpdateOnAWronglyTypedValue() throws {
        let box = try followed()
        defer { try? FileManager.default.removeItem(at: box.root) }
        // The mbox is read whole again: its Message-IDs lead to the stored series.
        try damage(box, "UPDATE series SET versionMajor = 'two'")
        try assertDamaged(box, ["update"], "series.versionMajor holds the text 'two', not an integer")
        try damage(box, "UPDATE series SET versionMajor = 1; UPDATE list SET kind = 'ftp'")
        try assertDamaged(box, ["update"], "list.kind holds the text 'ftp', not inbox, lore, mbox, maildir")
        // A series no earlier digest touched: the damage is met where the new lineage is numbered.
        try damage(box, "UPDATE list SET kind = 'mbox'; UPDATE series SET lineage = 'first'")
        try Data(mboxrd(Mail.series("KVM: other", slug: "other", from: "Max M <max@example.net>")).utf8)
            .write(to: box.root.appendingPathComponent("kvm.mbox"))
        try assertDamaged(box, ["update"], "series.lineage holds the text 'first', not an integer")
    }
}

/// mboxrd, as lei and public-inbox write it: each message after a "From " line.
func mboxrd(_ emails: [String]) -> String {
    emails.map { "From mboxrd@z Thu Jan  1 00:00:00 1970\n" + $0 + ($0.hasSuffix("\n") ? "" : "\n") + "\n" }.joined()
}
