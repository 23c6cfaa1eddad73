import Archive
import Foundation
import TestSupport
import XCTest

/// Following an archive across updates: new commits, a new epoch, history rewritten by a purge.
/// Archives are built with scripts/make-inbox and grown with git plumbing, as public-inbox does
/// (one commit per message, the file `m`).
final class IncrementalRangeTests: XCTestCase {
    private func email(_ n: Int) -> String {
        Fixtures.email(subject: "message \(n)", id: "m\(n)@example.com", body: "body \(n)\n")
    }

    /// Appends one commit holding `m` = the email onto `parent` (default: master's tip) and
    /// points master at it; returns its hash.
    @discardableResult
    private func append(_ gitDir: String, _ email: String, onto parent: String? = nil) throws -> String {
        let file = try Sources.file(email, name: "message.eml")
        let blob = try git(gitDir, ["hash-object", "-w", "--no-filters", file])
        let listing = try Sources.file("100644 blob \(blob)\tm\n", name: "tree")
        let tree = try git(gitDir, ["mktree"], stdin: listing)
        let parent = try parent ?? git(gitDir, ["rev-parse", "--verify", "-q", "refs/heads/master"])
        let commit = try git(gitDir, ["commit-tree", tree, "-p", parent, "-m", "message"])
        _ = try git(gitDir, ["update-ref", "refs/heads/master", commit])
        return commit
    }

    private func git(_ gitDir: String, _ arguments: [String], stdin: String = "/dev/null") throws -> String {
        let env = ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.com",
                   "GIT_COMMITTER_NAME": "c", "GIT_COMMITTER_EMAIL": "c@example.com"]
        let result = try Fixtures.run("/bin/sh", ["-c", "exec git --git-dir=\"$0\" \"$@\" < \"\(stdin)\"", gitDir] + arguments,
                                      environment: env)
        guard result.status == 0 else { throw Fixtures.FixtureError.command("git \(arguments): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func ids(_ inbox: Inbox, _ range: RevisionRange?) throws -> [String] {
        guard let range else { return [] }
        return try Sources.collect { try inbox.stream(range, $0) }.messages.map { Sources.messageID($0.bytes) }
    }

    func testOnlyCommitsAfterTheCursorAreStreamed() throws {
        let dir = try Fixtures.inbox((0..<4).map(email), options: ["--epochs", "2"])
        var inbox = try Inbox.open(dir.path)
        let cursor = try inbox.tips()
        XCTAssertEqual(cursor.keys.sorted(), [0, 1])

        let nothing = try inbox.resolveIncrementalRange(after: cursor)
        XCTAssertNil(nothing.range)
        XCTAssertEqual(nothing.tips, cursor)

        try append(inbox.epochs[1].gitDir, email(4))
        let tip = try append(inbox.epochs[1].gitDir, email(5))
        inbox = try Inbox.open(dir.path)
        let update = try inbox.resolveIncrementalRange(after: cursor)
        XCTAssertEqual(try ids(inbox, update.range), ["m4@example.com", "m5@example.com"])
        XCTAssertEqual(update.rewritten, [])
        XCTAssertEqual(update.added, [])
        XCTAssertEqual(update.tips, [0: cursor[0]!, 1: tip])
        XCTAssertEqual(update.range?.fromCommit, cursor[1])
        XCTAssertEqual(update.range?.toCommit, tip)
    }

    func testANewEpochIsReadWhole() throws {
        let dir = try Fixtures.inbox((0..<4).map(email), options: ["--epochs", "2"])
        let cursor = try Inbox.open(dir.path).tips()
        // Rollover: the old epoch gets one last message, then git/2.git starts.
        try append(dir.path + "/git/1.git", email(4))
        let next = try Fixtures.inbox([email(5), email(6)])
        try FileManager.default.moveItem(atPath: next.path + "/git/0.git", toPath: dir.path + "/git/2.git")

        let inbox = try Inbox.open(dir.path)
        let update = try inbox.resolveIncrementalRange(after: cursor)
        XCTAssertEqual(update.added, [2])
        XCTAssertEqual(update.rewritten, [])
        XCTAssertEqual(try ids(inbox, update.range), ["m4@example.com", "m5@example.com", "m6@example.com"])
        XCTAssertEqual(update.range?.segments.map(\.epoch.number), [1, 2])
        XCTAssertEqual(Set(update.tips.keys), [0, 1, 2])
        // Next time the new epoch is followed like the others.
        XCTAssertNil(try inbox.resolveIncrementalRange(after: update.tips).range)
    }

    func testRewrittenHistoryIsReportedAndReadFromWhereItForked() throws {
        let dir = try Fixtures.inbox((0..<5).map(email))
        let gitDir = dir.path + "/git/0.git"
        let inbox = try Inbox.open(dir.path)
        let cursor = try inbox.tips()
        let hashes = try git(gitDir, ["rev-list", "--reverse", "HEAD"]).split(separator: "\n").map(String.init)
        // A purge of message 2: messages 3 and 4 are committed again on top of message 1, then a new one arrives.
        try append(gitDir, email(3), onto: hashes[1])
        try append(gitDir, email(4))
        try append(gitDir, email(5))

        let update = try inbox.resolveIncrementalRange(after: cursor)
        XCTAssertEqual(update.rewritten, [0])
        XCTAssertFalse(try inbox.isAncestor(cursor[0]!, of: update.tips[0]!, in: inbox.epochs[0]))
        // From the fork: what was re-committed (already known by Message-ID) and what is new.
        XCTAssertEqual(update.range?.segments.first?.exclude, hashes[1])
        XCTAssertEqual(try ids(inbox, update.range), ["m3@example.com", "m4@example.com", "m5@example.com"])
    }

    func testRewrittenHistoryWithTheOldCommitGoneIsReadWhole() throws {
        let dir = try Fixtures.inbox((0..<3).map(email))
        let inbox = try Inbox.open(dir.path)
        // A cursor from a mirror whose old objects were pruned: a commit this repository never had.
        let gone = String(repeating: "ab", count: 20)
        let update = try inbox.resolveIncrementalRange(after: [0: gone])
        XCTAssertEqual(update.rewritten, [0])
        XCTAssertNil(update.range?.segments.first?.exclude)
        XCTAssertEqual(try ids(inbox, update.range), ["m0@example.com", "m1@example.com", "m2@example.com"])
        XCTAssertFalse(try inbox.isAncestor(gone, of: update.tips[0]!, in: inbox.epochs[0]))
        XCTAssertFalse(try inbox.isAncestor("--all", of: update.tips[0]!, in: inbox.epochs[0]))
    }

    func testEpochsOlderThanTheCursorAreNotFollowedAndAnEmptyCursorReadsAll() throws {
        let dir = try Fixtures.inbox((0..<6).map(email), options: ["--epochs", "3"])
        let inbox = try Inbox.open(dir.path)
        let tips = try inbox.tips()
        // Followed from epoch 1 on: epoch 0's history is before the list was added.
        try append(inbox.epochs[0].gitDir, email(90))
        try append(inbox.epochs[2].gitDir, email(6))
        let update = try inbox.resolveIncrementalRange(after: [1: tips[1]!, 2: tips[2]!])
        XCTAssertEqual(try ids(inbox, update.range), ["m6@example.com"])
        XCTAssertEqual(Set(update.tips.keys), [1, 2])

        let everything = try inbox.resolveIncrementalRange(after: [:])
        XCTAssertEqual(everything.added, [0, 1, 2])
        XCTAssertEqual(try ids(inbox, everything.range).count, 8)
    }

    func testACursorNamingAVanishedEpochIsAClearError() throws {
        let dir = try Fixtures.inbox((0..<4).map(email), options: ["--epochs", "2"])
        var cursor = try Inbox.open(dir.path).tips()
        cursor[2] = cursor[1]
        XCTAssertThrowsError(try Inbox.open(dir.path).resolveIncrementalRange(after: cursor)) {
            XCTAssertEqual($0 as? ArchiveError, .missingEpoch(number: 2, path: dir.path))
        }
        try FileManager.default.removeItem(atPath: dir.path + "/git/0.git")
        XCTAssertThrowsError(try Inbox.open(dir.path).resolveIncrementalRange(after: [0: cursor[0]!, 1: cursor[1]!])) {
            XCTAssertEqual($0 as? ArchiveError, .missingEpoch(number: 0, path: dir.path))
            XCTAssertTrue(String(describing: $0).contains("epoch 0 is missing"))
        }
    }
}
