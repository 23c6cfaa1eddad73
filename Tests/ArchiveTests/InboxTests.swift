import Archive
import Foundation
import TestSupport
import XCTest

final class InboxTests: XCTestCase {
    /// Six numbered messages; message i has subject "message i".
    private func emails(_ count: Int = 6) -> [String] {
        (0..<count).map { Fixtures.email(subject: "message \($0)", id: "m\($0)@example.com", body: "body \($0)\n") }
    }

    private func collect(_ inbox: Inbox, _ range: RevisionRange) throws -> (messages: [RawMessage], others: [NonMessage]) {
        var messages: [RawMessage] = [], others: [NonMessage] = []
        try inbox.stream(range) { item in
            switch item {
            case .message(let m): messages.append(m)
            case .nonMessage(let n): others.append(n)
            }
        }
        return (messages, others)
    }

    private func subjects(_ messages: [RawMessage]) -> [String] {
        messages.map { m in
            let text = String(decoding: m.bytes, as: UTF8.self)
            return text.split(separator: "\n").first { $0.hasPrefix("Subject: ") }.map { String($0.dropFirst(9)) } ?? ""
        }
    }

    private func commits(_ gitDir: String) throws -> [String] {
        try Fixtures.git(["--git-dir=\(gitDir)", "rev-list", "--reverse", "HEAD"]).stdout
            .split(separator: "\n").map(String.init)
    }

    func testV2InboxStreamsNewestEpochInArchiveOrderWithExactBytes() throws {
        let all = emails()
        let dir = try Fixtures.inbox(all, options: ["--epochs", "3"])
        let inbox = try Inbox.open(dir.path)
        XCTAssertEqual(inbox.epochs.map(\.number), [0, 1, 2])
        let (messages, others) = try collect(inbox, try inbox.resolveRange(from: nil, to: nil))
        XCTAssertEqual(subjects(messages), ["message 4", "message 5"])
        XCTAssertEqual(messages.map(\.position), [0, 1])
        XCTAssertEqual(messages[1].bytes, Array(all[5].utf8))
        XCTAssertEqual(messages.map(\.epoch), [2, 2])
        XCTAssertTrue(others.isEmpty)
    }

    /// A v1 inbox of one email; the directory of the email is removed.
    private func inbox(_ email: String) throws -> URL {
        let source = Fixtures.temporaryDirectory("emails")
        defer { try? FileManager.default.removeItem(at: source) }
        try Data(email.utf8).write(to: source.appendingPathComponent("001.eml"))
        return try Fixtures.inbox(directory: source.path, options: ["--v1"])
    }

    /// A subject longer than one command-line argument may be (128 KB on Linux) is archived:
    /// the message byte for byte, and the subject as the commit's message.
    func testTwoHundredKilobyteSubjectIsArchived() throws {
        let subject = "[PATCH] " + String(repeating: "long subject ", count: 16_000)
        let email = Fixtures.email(subject: subject, id: "long@example.com", body: "body\n")
        let dir = try inbox(email)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (messages, _) = try collect(try Inbox.open(dir.path), try Inbox.open(dir.path).resolveRange(from: nil, to: nil))
        XCTAssertEqual(messages.map(\.bytes), [Array(email.utf8)])
        let logged = try Fixtures.git(["--git-dir=\(dir.path)", "log", "-1", "--format=%B"]).stdout
        XCTAssertEqual(logged, String(subject.dropLast()) + "\n\n")
    }

    /// A megabyte From header (a quoted name) is archived in moments: the commit's author keeps
    /// the address, and a name cut to what git's environment can carry.
    func testMegabyteFromHeaderIsArchived() throws {
        let name = String(repeating: "a", count: 1 << 20)
        let email = Fixtures.email(from: "\"\(name)\" <jane@example.com>", subject: "[PATCH] huge name",
                                   id: "name@example.com", body: "body\n")
        let dir = try inbox(email)
        defer { try? FileManager.default.removeItem(at: dir) }
        let author = try Fixtures.git(["--git-dir=\(dir.path)", "log", "-1", "--format=%ae %an"]).stdout
        XCTAssertTrue(author.hasPrefix("jane@example.com aaaa"), String(author.prefix(80)))
        XCTAssertLessThan(author.utf8.count, 128 << 10)
    }

    func testAllEpochsWhenSelectingByDate() throws {
        let inbox = try Inbox.open(try Fixtures.inbox(emails(), options: ["--epochs", "3"]).path)
        let (messages, _) = try collect(inbox, try inbox.resolveRange(from: nil, to: nil, allEpochs: true))
        XCTAssertEqual(subjects(messages), (0..<6).map { "message \($0)" })
        XCTAssertEqual(messages.map(\.position), Array(0..<6))
    }

    func testRangeExcludesFromIncludesToAndTakesAbbreviatedHashes() throws {
        let dir = try Fixtures.inbox(emails(), options: ["--v1"])
        let inbox = try Inbox.open(dir.path)
        let hashes = try commits(dir.path)
        let range = try inbox.resolveRange(from: String(hashes[1].prefix(9)), to: String(hashes[3].prefix(7)))
        XCTAssertEqual(range.fromCommit, hashes[1])
        XCTAssertEqual(range.toCommit, hashes[3])
        XCTAssertEqual(subjects(try collect(inbox, range).messages), ["message 2", "message 3"])
        XCTAssertEqual(try inbox.count(range), 2)
    }

    func testRangeAcrossEpochsSpansTheEpochsBetween() throws {
        let dir = try Fixtures.inbox(emails(), options: ["--epochs", "3"])
        let inbox = try Inbox.open(dir.path)
        let first = try commits(inbox.epochs[0].gitDir), last = try commits(inbox.epochs[2].gitDir)
        let range = try inbox.resolveRange(from: first[0], to: last[0])
        XCTAssertEqual(range.segments.count, 3)
        XCTAssertEqual(subjects(try collect(inbox, range).messages), ["message 1", "message 2", "message 3", "message 4"])
        // Only FROM: everything after it, to the newest message.
        let open = try inbox.resolveRange(from: first[1], to: nil)
        XCTAssertEqual(subjects(try collect(inbox, open).messages), ["message 2", "message 3", "message 4", "message 5"])
    }

    func testEpochsSharingObjectsResolveARevInTheEpochWhoseHistoryHoldsIt() throws {
        let dir = try Fixtures.inbox(emails(), options: ["--epochs", "2"])
        defer { try? FileManager.default.removeItem(at: dir) }
        var inbox = try Inbox.open(dir.path)
        // As grokmirror lays out epochs: the newer one reads the older one's objects.
        let shared = inbox.epochs[1].gitDir + "/objects/info/alternates"
        try FileManager.default.createDirectory(atPath: inbox.epochs[1].gitDir + "/objects/info", withIntermediateDirectories: true)
        try Data((inbox.epochs[0].gitDir + "/objects\n").utf8).write(to: URL(fileURLWithPath: shared))
        inbox = try Inbox.open(dir.path)
        let first = try commits(inbox.epochs[0].gitDir)
        XCTAssertEqual(try Fixtures.git(["--git-dir=\(inbox.epochs[1].gitDir)", "cat-file", "-e", first[1]]).status, 0,
                       "epoch 1 reads epoch 0's objects")

        let from = try inbox.resolveRange(from: first[1], to: nil)
        XCTAssertEqual(from.segments.map(\.epoch.number), [0, 1])
        XCTAssertEqual(subjects(try collect(inbox, from).messages), ["message 2", "message 3", "message 4", "message 5"])
        let to = try inbox.resolveRange(from: nil, to: String(first[1].prefix(12)))
        XCTAssertEqual(to.segments.map(\.epoch.number), [0])
        let upTo = try collect(inbox, to).messages
        XCTAssertEqual(subjects(upTo), ["message 0", "message 1"])
        XCTAssertEqual(upTo.map(\.epoch), [0, 0])
    }

    func testRemovalCommitsAreReportedAsRemovals() throws {
        var all = emails(3)
        all.insert("d:" + all[1], at: 2)
        let inbox = try Inbox.open(try Fixtures.inbox(all, options: ["--v1"]).path)
        let (messages, others) = try collect(inbox, try inbox.resolveRange(from: nil, to: nil))
        XCTAssertEqual(messages.count, 3)
        XCTAssertEqual(others.count, 1)
        XCTAssertEqual(others.first?.isRemoval, true)
        XCTAssertEqual(others.first?.position, 2)
    }

    func testBadRevisionsAndPathsGiveClearErrors() throws {
        let dir = try Fixtures.inbox(emails(), options: ["--v1"])
        let inbox = try Inbox.open(dir.path)
        let hashes = try commits(dir.path)
        XCTAssertThrowsError(try inbox.resolveRange(from: "deadbeef", to: nil)) {
            XCTAssertEqual($0 as? ArchiveError, .unknownRevision("deadbeef"))
        }
        XCTAssertThrowsError(try inbox.resolveRange(from: "--all", to: nil)) {
            XCTAssertEqual($0 as? ArchiveError, .unknownRevision("--all"))
        }
        XCTAssertThrowsError(try inbox.resolveRange(from: hashes[4], to: hashes[2])) {
            XCTAssertEqual($0 as? ArchiveError, .notAncestor(from: hashes[4], to: hashes[2]))
        }
        let empty = Fixtures.temporaryDirectory()
        XCTAssertThrowsError(try Inbox.open(empty.path)) { XCTAssertEqual($0 as? ArchiveError, .notAnArchive(empty.path)) }
        XCTAssertThrowsError(try Inbox.open(empty.path + "/missing"))
        // A folder inside some other checkout is not an archive of its own.
        XCTAssertThrowsError(try Inbox.open(Fixtures.path("Sources")))
    }

    func testNonBareCloneAndListName() throws {
        let bare = try Fixtures.inbox(emails(2), options: ["--v1"])
        let parent = Fixtures.temporaryDirectory()
        let clone = parent.appendingPathComponent("kvmarm")
        XCTAssertEqual(try Fixtures.git(["clone", "-q", bare.path, clone.path]).status, 0)
        let inbox = try Inbox.open(clone.path)
        XCTAssertEqual(inbox.name, "kvmarm")
        XCTAssertEqual(try collect(inbox, try inbox.resolveRange(from: nil, to: nil)).messages.count, 2)
        let v2 = try Inbox.open(try Fixtures.inbox(emails(2)).path + "/git/0.git")
        XCTAssertEqual(v2.epochs.count, 1)
    }
}

final class ListNameTests: XCTestCase {
    func testNamesFromTheLayout() throws {
        let base = Fixtures.temporaryDirectory()
        let emails = [Fixtures.email(subject: "x", id: "x@example.com", body: "x\n")]
        let v2 = try Fixtures.inbox(emails)
        let kvm = base.appendingPathComponent("kvm")
        try FileManager.default.moveItem(at: v2, to: kvm)
        XCTAssertEqual(try Inbox.open(kvm.path).name, "kvm")
        XCTAssertEqual(try Inbox.open(kvm.path + "/git/0.git").name, "kvm")
        let v1 = try Fixtures.inbox(emails, options: ["--v1"])
        let bare = base.appendingPathComponent("kvmarm.git")
        try FileManager.default.moveItem(at: v1, to: bare)
        XCTAssertEqual(try Inbox.open(bare.path).name, "kvmarm")
    }
}

final class PurgeTests: XCTestCase {
    /// public-inbox-purge rewrites a message's commit to hold an empty `m`: that is a removal.
    func testEmptyMessageBlobIsARemoval() throws {
        let dir = Fixtures.temporaryDirectory()
        try Data("From: a@example.com\nSubject: kept\n\nx\n".utf8).write(to: dir.appendingPathComponent("001.eml"))
        try Data().write(to: dir.appendingPathComponent("002.eml"))
        let inbox = try Inbox.open(try Fixtures.inbox(directory: dir.path, options: ["--v1"]).path)
        var removals = 0, messages = 0
        try inbox.stream(try inbox.resolveRange(from: nil, to: nil)) { item in
            switch item {
            case .message: messages += 1
            case .nonMessage(let n): if n.isRemoval { removals += 1 }
            }
        }
        XCTAssertEqual(messages, 1)
        XCTAssertEqual(removals, 1)
    }
}
