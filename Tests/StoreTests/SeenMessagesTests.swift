import Foundation
import GRDB
import TestSupport
import XCTest

/// What an update counts as already seen: a message an earlier digest had with the same
/// Message-ID and the same content, and only where it may be read again (an mbox or a Maildir
/// read whole, an epoch re-read after a purge). New content under an old Message-ID is news; a
/// message without a Message-ID, or one that could not be read, is reported once.
final class SeenMessagesTests: XCTestCase {
    /// mboxrd, as lei and public-inbox write it.
    private func mbox(_ emails: [String]) -> Data {
        Data(emails.map { "From mboxrd@z Thu Jan  1 00:00:00 1970\n" + $0 + ($0.hasSuffix("\n") ? "" : "\n") + "\n" }.joined().utf8)
    }

    private func append(_ data: Data, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
    }

    /// A box following an mbox file (`kvm.mbox` in the box) that holds `emails`.
    private func followMbox(_ emails: [String]) throws -> (Sandbox, URL) {
        let box = Sandbox()
        let file = box.root.appendingPathComponent("kvm.mbox")
        try mbox(emails).write(to: file)
        let added = try box.run(["add", "kvm", file.path])
        XCTAssertEqual(added.status, 0, added.stderr)
        return (box, file)
    }

    private func digestCount(_ box: Sandbox) throws -> Int {
        try DatabaseQueue(path: box.home + "/state.sqlite").read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM digest") ?? -1 }
    }

    /// The mails of a posting as `version`, under the Message-IDs of version `reusing`.
    private func repost(_ title: String, slug: String, version: Int, reusing old: Int, day: Int, count: Int = 2) -> [String] {
        Mail.series(title, slug: slug, version: version, count: count, day: day)
            .map { $0.replacingOccurrences(of: "\(slug)-v\(version)-", with: "\(slug)-v\(old)-") }
    }

    /// A public-inbox archive is read once, by its cursors: a v6 posted under v5's Message-IDs is
    /// news to a daily follower, as it is to `report`.
    func testReusedMessageIDsInAnInboxAreNews() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        try box.setEpoch(0, Mail.series("KVM: x86: thing", slug: "x", version: 5))
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])

        try box.append(repost("KVM: x86: thing", slug: "x", version: 6, reusing: 5, day: 18))
        let json = try box.updateJSON()
        XCTAssertEqual(json["messages"] as? Int, 3)
        XCTAssertEqual(seriesOf(json).map { $0["version"] as? String }, ["v6"])
        XCTAssertEqual(seriesOf(json).first?["status"] as? String, "New")

        let report = try box.run(["report", box.inbox.path, "--format", "json"])
        XCTAssertEqual(report.status, 0, report.stderr)
        let whole = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(seriesOf(whole).first { $0["version"] as? String == "v6" }?["status"] as? String, "New")
    }

    /// An mbox is read whole at every update: what it held is left out when its content is the
    /// same, and shown when new content comes under a known Message-ID.
    func testMboxContentUnderAKnownMessageIDIsNews() throws {
        let (box, file) = try followMbox(Mail.series("KVM: arm64: speed", slug: "a"))
        defer { try? FileManager.default.removeItem(at: box.root) }
        XCTAssertEqual(try box.updateJSON(["--since", "2025-11-01"])["messages"] as? Int, 3)

        // Read again unchanged: nothing shown, nothing stored.
        XCTAssertEqual(try box.update(), "")
        XCTAssertEqual(try digestCount(box), 1)

        try append(mbox(repost("KVM: arm64: speed", slug: "a", version: 2, reusing: 1, day: 18)), to: file)
        let json = try box.updateJSON()
        XCTAssertEqual(json["messages"] as? Int, 3)
        XCTAssertEqual(seriesOf(json).map { $0["version"] as? String }, ["v2"])
        XCTAssertEqual(seriesOf(json).first?["status"] as? String, "New")
        XCTAssertEqual(try box.update(), "")
        XCTAssertEqual(try digestCount(box), 2)
    }

    /// A mail client that opens the mbox marks what it shows as read (`Status: RO`): the same
    /// messages, not news.
    func testMboxOpenedInAMailClientIsNotNews() throws {
        let mails = Mail.series("KVM: arm64: speed", slug: "a")
        let (box, file) = try followMbox(mails)
        defer { try? FileManager.default.removeItem(at: box.root) }
        XCTAssertEqual(try box.updateJSON(["--since", "2025-11-01"])["messages"] as? Int, 3)
        try mbox(mails.map { $0.replacingOccurrences(of: "\nMessage-ID:", with: "\nStatus: RO\nX-Status: A\nMessage-ID:") })
            .write(to: file)
        XCTAssertEqual(try box.update(), "")
        XCTAssertEqual(try digestCount(box), 1)
    }

    /// A reply to a-v1-1 without a Message-ID.
    private let anonymous = "From: Bob Reviewer <bob@example.org>\nSubject: Re: [PATCH 1/2] KVM: first: part 1\n"
        + "Date: Mon, 17 Nov 2025 11:00:00 +0000\nIn-Reply-To: <a-v1-1@example.com>\n\nLooks good.\n"

    /// A message without a Message-ID is known by its content: counted once, and an update that
    /// brings nothing stores no digest.
    func testMboxMessageWithoutMessageIDIsCountedOnce() throws {
        let (box, file) = try followMbox(Mail.series("KVM: first", slug: "a") + [anonymous])
        defer { try? FileManager.default.removeItem(at: box.root) }
        let first = try box.updateJSON(["--since", "2025-11-01"])
        XCTAssertEqual(first["messages"] as? Int, 4)
        XCTAssertEqual(first["replies"] as? Int, 1)

        XCTAssertEqual(try box.update(), "")
        XCTAssertEqual(try digestCount(box), 1, "an unchanged mbox stores no digest")

        try append(mbox(Mail.series("KVM: later", slug: "b", day: 18)), to: file)
        let second = try box.updateJSON()
        XCTAssertEqual(second["messages"] as? Int, 3)
        XCTAssertEqual(second["replies"] as? Int, 0)
        XCTAssertEqual(try box.update(), "")
        XCTAssertEqual(try digestCount(box), 2)
    }

    /// A message too large to read (64 MB, the mbox reader's limit) is a skip reported in one
    /// digest, not in every one after it. The file is sparse: the message's bytes are zeros no
    /// disk holds.
    func testOversizedMboxMessageIsReportedOnce() throws {
        let (box, file) = try followMbox(Mail.series("KVM: first", slug: "a"))
        defer { try? FileManager.default.removeItem(at: box.root) }
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: huge\n\n".utf8))
        try handle.seek(toOffset: try handle.offset() + UInt64(65 << 20))
        try handle.write(contentsOf: Data("\n\n".utf8))
        try handle.close()

        let first = try box.updateJSON(["--since", "2025-11-01"])
        XCTAssertEqual(first["messages"] as? Int, 3)
        XCTAssertEqual((first["skipped"] as? [Any])?.count, 1)

        try append(mbox(Mail.series("KVM: later", slug: "b", day: 18)), to: file)
        let second = try box.updateJSON()
        XCTAssertEqual(second["messages"] as? Int, 3)
        XCTAssertEqual((second["skipped"] as? [Any])?.count, 0)
        XCTAssertEqual(try box.update(), "")
        XCTAssertEqual(try digestCount(box), 2)
    }

    /// A Maildir file too large to read is reported once too. Sparse, as above.
    func testOversizedMaildirMessageIsReportedOnce() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let dir = box.root.appendingPathComponent("maildir")
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        func deliver(_ emails: [String], start: Int) throws {
            for (i, email) in emails.enumerated() {
                try Data(email.utf8).write(to: dir.appendingPathComponent("new/\(1_763_370_000 + start + i).M\(i)P1.host"))
            }
        }
        try deliver(Mail.series("KVM: first", slug: "a"), start: 0)
        let huge = dir.appendingPathComponent("new/1763370050.M9P1.host")
        XCTAssertTrue(FileManager.default.createFile(atPath: huge.path, contents: Data("Subject: huge\n\n".utf8)))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: UInt64(65 << 20))
        try handle.close()
        XCTAssertEqual(try box.run(["add", "kvm", dir.path]).status, 0)

        let first = try box.updateJSON(["--since", "2025-11-01"])
        XCTAssertEqual(first["messages"] as? Int, 3)
        XCTAssertEqual((first["skipped"] as? [Any])?.count, 1)
        try deliver(Mail.series("KVM: later", slug: "b", day: 18), start: 100)
        let second = try box.updateJSON()
        XCTAssertEqual(second["messages"] as? Int, 3)
        XCTAssertEqual((second["skipped"] as? [Any])?.count, 0)
        XCTAssertEqual(try box.update(), "")
        XCTAssertEqual(try digestCount(box), 2)
    }

    /// After a purge the epoch is re-read from where the histories fork: what was digested with
    /// the same content is left out; new content under a digested Message-ID is news.
    func testRewrittenHistoryLeavesOutOnlyTheSameContent() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let a = Mail.series("KVM: a", slug: "a", count: 1), b = Mail.series("KVM: b", slug: "b", count: 1)
        let c = Mail.series("KVM: c", slug: "c", count: 1)
        try box.setEpoch(0, a + [anonymous] + b + c)
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])

        // b's cover purged; c's mails replaced by a v2 under c's Message-IDs; d new. The reply
        // without a Message-ID is read again, and known by its content.
        let c2 = repost("KVM: c", slug: "c", version: 2, reusing: 1, day: 18, count: 1)
        let d = Mail.series("KVM: d", slug: "d", count: 2)
        let rewritten = try Fixtures.inbox(a + [anonymous] + [b[1]] + c2 + d)
        defer { try? FileManager.default.removeItem(at: rewritten) }
        let git = "--git-dir=\(box.inbox.path)/git/0.git"
        XCTAssertEqual(try Fixtures.git([git, "fetch", "-q", "--force", "\(rewritten.path)/git/0.git", "+master:master"]).status, 0)

        let r = try box.run(["update", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("kvm: epoch 0 was rewritten"), r.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(Set(seriesOf(json).compactMap { $0["title"] as? String }), ["KVM: c", "KVM: d"])
        XCTAssertEqual(seriesOf(json).series("KVM: c")?["version"] as? String, "v2")
        XCTAssertEqual(json["messages"] as? Int, 2 + 3)
    }

    /// A state kept before content hashes (Message-IDs alone) keeps working: what it knew is
    /// still left out, and once read again it is known by content too.
    func testStateWithoutContentHashesIsUpgraded() throws {
        let (box, file) = try followMbox(Mail.series("KVM: arm64: speed", slug: "a"))
        defer { try? FileManager.default.removeItem(at: box.root) }
        _ = try box.update(["--since", "2025-11-01"])
        // Back to the first schema: one row per Message-ID, no hash.
        let queue = try DatabaseQueue(path: box.home + "/state.sqlite")
        try queue.write { db in
            guard try db.columns(in: "message").contains(where: { $0.name == "contentHash" }) else { return }
            try db.execute(sql: """
                CREATE TABLE old (listId INTEGER NOT NULL REFERENCES list(id) ON DELETE CASCADE, messageId TEXT NOT NULL,
                    digestId INTEGER REFERENCES digest(id) ON DELETE CASCADE,
                    seriesId INTEGER REFERENCES series(id) ON DELETE SET NULL, PRIMARY KEY (listId, messageId)) WITHOUT ROWID;
                INSERT OR IGNORE INTO old SELECT listId, messageId, digestId, seriesId FROM message;
                DROP TABLE message;
                ALTER TABLE old RENAME TO message;
                CREATE INDEX message_series ON message(seriesId);
                DROP TABLE IF EXISTS listSetting;
                DELETE FROM grdb_migrations WHERE identifier <> 'v1';
                """)
        }

        XCTAssertEqual(try box.update(), "")
        XCTAssertEqual(try digestCount(box), 1)
        let unhashed = try queue.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM message WHERE contentHash = ''")
        }
        XCTAssertEqual(unhashed, 0)

        try append(mbox(repost("KVM: arm64: speed", slug: "a", version: 2, reusing: 1, day: 18)), to: file)
        XCTAssertEqual(seriesOf(try box.updateJSON()).map { $0["version"] as? String }, ["v2"])
    }
}
