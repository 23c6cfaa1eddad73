import Archive
import Digest
import Foundation
import Store
import TestSupport
import XCTest

/// What an update of a local inbox plans after its cursors: new commits, a new epoch, an epoch
/// that appears below the newest, history rewritten by a purge, an epoch gone. Archives are built
/// with scripts/make-inbox and grown with git plumbing, as public-inbox does (one commit per
/// message, the file `m`).
final class InboxSourceTests: XCTestCase {
    private func email(_ n: Int) -> String {
        Fixtures.email(subject: "message \(n)", id: "m\(n)@example.com", body: "body \(n)\n")
    }

    /// Appends one commit holding `m` = the email onto `parent` (default: master's tip) and
    /// points master at it; returns its hash.
    @discardableResult
    private func append(_ gitDir: String, _ email: String, onto parent: String? = nil) throws -> String {
        let directory = Fixtures.temporaryDirectory("append")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("message.eml").path
        let listing = directory.appendingPathComponent("tree").path
        try Data(email.utf8).write(to: URL(fileURLWithPath: file))
        let blob = try git(gitDir, ["hash-object", "-w", "--no-filters", file])
        try Data("100644 blob \(blob)\tm\n".utf8).write(to: URL(fileURLWithPath: listing))
        let tree = try git(gitDir, ["mktree"], stdin: listing)
        let parent = try parent ?? git(gitDir, ["rev-parse", "--verify", "-q", "refs/heads/master"])
        let commit = try git(gitDir, ["commit-tree", tree, "-p", parent, "-m", "message"])
        _ = try git(gitDir, ["update-ref", "refs/heads/master", commit])
        return commit
    }

    private func git(_ gitDir: String, _ arguments: [String], stdin: String = "/dev/null") throws -> String {
        let env = ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.com",
                   "GIT_COMMITTER_NAME": "c", "GIT_COMMITTER_EMAIL": "c@example.com"]
        let script = "exec git --git-dir=\"$0\" \"$@\" < \"\(stdin)\""
        let result = try Fixtures.run("/bin/sh", ["-c", script, gitDir] + arguments, environment: env)
        guard result.status == 0 else { throw Fixtures.FixtureError.command("git \(arguments): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func plan(_ path: String, after cursors: [EpochCursor]) throws -> UpdatePlan {
        try InboxSource(path: path).plan(after: cursors, firstSince: 0, name: "kvm")
    }

    /// The cursors of an inbox read to its end: every epoch's tip.
    private func cursors(_ path: String) throws -> [EpochCursor] {
        try plan(path, after: []).cursors
    }

    private func range(_ plan: UpdatePlan) -> RevisionRange? {
        (plan.feed as? InboxRangeFeed)?.range
    }

    /// The Message-IDs the plan's feed hands over, in order.
    private func ids(_ plan: UpdatePlan) throws -> [String] {
        var ids: [String] = []
        try plan.feed?.stream(workers: 1, transform: { $0 }) { item in
            guard case .message(let message) = item else { return }
            let header = String(decoding: message.bytes, as: UTF8.self).split(separator: "\n")
                .first { $0.lowercased().hasPrefix("message-id:") } ?? ""
            ids.append(header.dropFirst(11).trimmingCharacters(in: CharacterSet(charactersIn: " <>")))
        }
        return ids
    }

    func testOnlyCommitsAfterTheCursorAreRead() throws {
        let dir = try Fixtures.inbox((0..<4).map(email), options: ["--epochs", "2"])
        let cursors = try cursors(dir.path)
        XCTAssertEqual(cursors.map(\.epoch), [0, 1])

        let nothing = try plan(dir.path, after: cursors)
        XCTAssertNil(nothing.feed)
        XCTAssertEqual(nothing.cursors, cursors)

        try append(dir.path + "/git/1.git", email(4))
        let tip = try append(dir.path + "/git/1.git", email(5))
        let update = try plan(dir.path, after: cursors)
        XCTAssertEqual(try ids(update), ["m4@example.com", "m5@example.com"])
        XCTAssertEqual(update.reread, .none)
        XCTAssertEqual(update.notes, [])
        XCTAssertEqual(update.cursors.map(\.commit), [cursors[0].commit, tip])
        XCTAssertEqual(range(update)?.fromCommit, cursors[1].commit)
        XCTAssertEqual(range(update)?.toCommit, tip)
    }

    func testANewEpochIsReadWhole() throws {
        let dir = try Fixtures.inbox((0..<4).map(email), options: ["--epochs", "2"])
        let cursors = try cursors(dir.path)
        // Rollover: the old epoch gets one last message, then git/2.git starts.
        try append(dir.path + "/git/1.git", email(4))
        let next = try Fixtures.inbox([email(5), email(6)])
        try FileManager.default.moveItem(atPath: next.path + "/git/0.git", toPath: dir.path + "/git/2.git")

        let update = try plan(dir.path, after: cursors)
        XCTAssertEqual(update.info, ["kvm: epoch 2 is new; reading it from its start"])
        XCTAssertEqual(try ids(update), ["m4@example.com", "m5@example.com", "m6@example.com"])
        XCTAssertEqual(range(update)?.segments.map(\.epoch.number), [1, 2])
        XCTAssertEqual(update.cursors.map(\.epoch), [0, 1, 2])
        // Next time the new epoch is followed like the others.
        XCTAssertNil(try plan(dir.path, after: update.cursors).feed)
    }

    /// An epoch with no cursor below the newest one (restored from a backup, or one that had no
    /// commits when last read) is taken as read: its commits are not news.
    func testAnEpochAppearingBelowTheNewestIsTakenAsRead() throws {
        let dir = try Fixtures.inbox((0..<6).map(email), options: ["--epochs", "3"])
        let tips = try cursors(dir.path)
        try append(dir.path + "/git/0.git", email(90))
        try append(dir.path + "/git/2.git", email(6))
        let update = try plan(dir.path, after: [tips[1], tips[2]])
        XCTAssertEqual(try ids(update), ["m6@example.com"])
        XCTAssertEqual(update.info, ["kvm: epoch 0 appeared below the newest one; taken as already read"])
        XCTAssertEqual(update.cursors.map(\.epoch), [0, 1, 2])
    }

    func testRewrittenHistoryIsReportedAndReadFromWhereItForked() throws {
        let dir = try Fixtures.inbox((0..<5).map(email))
        let gitDir = dir.path + "/git/0.git"
        let cursors = try cursors(dir.path)
        let hashes = try git(gitDir, ["rev-list", "--reverse", "HEAD"]).split(separator: "\n").map(String.init)
        // A purge of message 2: messages 3 and 4 are committed again on top of message 1, then a new one arrives.
        try append(gitDir, email(3), onto: hashes[1])
        try append(gitDir, email(4))
        try append(gitDir, email(5))

        let update = try plan(dir.path, after: cursors)
        XCTAssertEqual(update.reread, .epochs([0]))
        XCTAssertTrue(update.notes.first?.hasPrefix("epoch 0 was rewritten") ?? false, "\(update.notes)")
        // From the fork: what was re-committed (left out later by Message-ID) and what is new.
        XCTAssertEqual(range(update)?.segments.first?.exclude, hashes[1])
        XCTAssertEqual(try ids(update), ["m3@example.com", "m4@example.com", "m5@example.com"])
    }

    func testRewrittenHistoryWithTheOldCommitGoneIsReadWhole() throws {
        let dir = try Fixtures.inbox((0..<3).map(email))
        // A cursor from a mirror whose old objects were pruned: a commit this repository never
        // had; and one that git would read as an option.
        for gone in [String(repeating: "ab", count: 20), "--all"] {
            let update = try plan(dir.path, after: [EpochCursor(epoch: 0, commit: gone, commitTime: 0)])
            XCTAssertEqual(update.reread, .epochs([0]))
            XCTAssertNil(range(update)?.segments.first?.exclude)
            XCTAssertTrue(update.notes.first?.contains("re-read from its start") ?? false, "\(update.notes)")
            XCTAssertEqual(try ids(update), ["m0@example.com", "m1@example.com", "m2@example.com"])
        }
    }

    func testACursorNamingAVanishedEpochIsAClearError() throws {
        let dir = try Fixtures.inbox((0..<4).map(email), options: ["--epochs", "2"])
        var cursors = try cursors(dir.path)
        cursors.append(EpochCursor(epoch: 2, commit: cursors[1].commit, commitTime: cursors[1].commitTime))
        XCTAssertThrowsError(try plan(dir.path, after: cursors)) {
            XCTAssertEqual($0 as? StoreError, .epochMissing(epoch: 2, path: dir.path))
        }
        try FileManager.default.removeItem(atPath: dir.path + "/git/0.git")
        XCTAssertThrowsError(try plan(dir.path, after: Array(cursors.prefix(2)))) {
            XCTAssertEqual($0 as? StoreError, .epochMissing(epoch: 0, path: dir.path))
            XCTAssertTrue(String(describing: $0).contains("epoch 0 is missing"))
        }
    }
}
