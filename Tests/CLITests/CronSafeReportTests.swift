import Foundation
import TestSupport
import XCTest

/// `report` as a cron job runs it: a quiet day is an empty digest, a mistyped range is a usage
/// error, --since reads only the commits that can hold its messages, skips belong to the digest
/// whose dates hold them, and a repository that is no archive is refused.
final class CronSafeReportTests: XCTestCase {
    /// 2025-11-17T00:00:00Z.
    private let day17: Int64 = 1_763_337_600
    private let day: Int64 = 86_400

    /// One commit of a hand-made history: the files its tree holds (`m`, `d`, or anything else)
    /// and its commit time.
    private struct Commit {
        var files: [String: String]
        var time: Int64
    }

    /// A bare repository whose commits hold `commits`, oldest first, at their times; the hashes.
    @discardableResult
    private func repository(_ commits: [Commit], at gitDir: URL) throws -> [String] {
        let work = Fixtures.temporaryDirectory("work")
        defer { try? FileManager.default.removeItem(at: work) }
        let env = ["GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1",
                   "GIT_AUTHOR_NAME": "inbox", "GIT_AUTHOR_EMAIL": "inbox@example.org",
                   "GIT_COMMITTER_NAME": "inbox", "GIT_COMMITTER_EMAIL": "inbox@example.org"]
        func git(_ args: [String], extra: [String: String] = [:]) throws -> String {
            let r = try Fixtures.run("/usr/bin/env", ["git", "-C", work.path] + args,
                                     environment: env.merging(extra) { $1 })
            guard r.status == 0 else { throw Fixtures.FixtureError.command("git \(args): \(r.stderr)") }
            return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        _ = try git(["init", "-q", "-b", "master"])
        for (i, commit) in commits.enumerated() {
            for name in try FileManager.default.contentsOfDirectory(atPath: work.path) where name != ".git" {
                try FileManager.default.removeItem(at: work.appendingPathComponent(name))
            }
            for (name, content) in commit.files {
                try Data(content.utf8).write(to: work.appendingPathComponent(name))
            }
            _ = try git(["add", "-A"])
            _ = try git(["commit", "-q", "--allow-empty", "-m", "commit \(i)"],
                        extra: ["GIT_COMMITTER_DATE": "@\(commit.time) +0000", "GIT_AUTHOR_DATE": "@\(commit.time) +0000"])
        }
        try FileManager.default.createDirectory(at: gitDir.deletingLastPathComponent(), withIntermediateDirectories: true)
        let cloned = try Fixtures.git(["clone", "-q", "--bare", work.path, gitDir.path])
        XCTAssertEqual(cloned.status, 0, cloned.stderr)
        return try Fixtures.git(["--git-dir=\(gitDir.path)", "rev-list", "--reverse", "master"]).stdout
            .split(separator: "\n").map(String.init)
    }

    /// A patch mail dated `date` (RFC 5322 date text).
    private func patch(_ title: String, date: String, from: String = "Jane Doe <jane@example.com>") -> String {
        Fixtures.email(from: from, subject: "[PATCH] \(title)", id: "\(title.replacingOccurrences(of: " ", with: "-"))@example.com",
                       date: date, body: "\(title).\n\nSigned-off-by: \(from)\n" + Fixtures.oneLineDiff)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    private func titles(_ report: [String: Any]) -> [String] {
        (report["series"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    private func smallInbox() throws -> URL {
        try Fixtures.inbox([
            patch("tidy the thing", date: "Tue, 14 Nov 2023 10:00:00 +0000"),
            Fixtures.email(subject: "Re: [PATCH] tidy the thing", id: "r@example.com", date: "Tue, 14 Nov 2023 11:00:00 +0000",
                           inReplyTo: "tidy-the-thing@example.com", body: "Looks good.\n"),
        ], options: ["--v1"])
    }

    // MARK: - A quiet range, and usage errors

    func testAQuietRangeIsAnEmptyDigestAndExitsZero() throws {
        let dir = try smallInbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try Fixtures.patchdigest(["report", dir.path, "--name", "KVM", "--since", "2030-01-01"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertEqual(text.stderr, "")
        XCTAssertTrue(text.stdout.contains("KVM mailing list update from 2030-01-01 to "), text.stdout)

        let data = try Fixtures.patchdigest(["report", dir.path, "--since", "2030-01-01", "--format", "json"])
        XCTAssertEqual(data.status, 0, data.stderr)
        let report = try json(data.stdout)
        XCTAssertEqual(report["messages"] as? Int, 0)
        XCTAssertEqual((report["series"] as? [Any])?.count, 0)

        // An empty revision range is a quiet range too.
        let tip = try Fixtures.git(["--git-dir=\(dir.path)", "rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let empty = try Fixtures.patchdigest(["report", dir.path, "--from", tip, "--to", tip, "--format", "json"])
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertEqual(try json(empty.stdout)["messages"] as? Int, 0)
    }

    func testSinceNotBeforeUntilAndUnreadableDatesAreUsageErrors() throws {
        let dir = try smallInbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        for command in ["report", "messages"] {
            let reversed = try Fixtures.patchdigest([command, dir.path, "--since", "2025-11-18", "--until", "2025-11-17"])
            XCTAssertEqual(reversed.status, 64, reversed.stderr)
            XCTAssertEqual(reversed.stdout, "")
            XCTAssertTrue(reversed.stderr.contains("--since 2025-11-18 is not before --until 2025-11-17"), reversed.stderr)

            let same = try Fixtures.patchdigest([command, dir.path, "--since", "2025-11-17", "--until", "2025-11-17"])
            XCTAssertEqual(same.status, 64, same.stderr)

            let unreadable = try Fixtures.patchdigest([command, dir.path, "--until", "last tuesday-ish"])
            XCTAssertEqual(unreadable.status, 64, unreadable.stderr)
            XCTAssertTrue(unreadable.stderr.contains("--until: cannot read the date 'last tuesday-ish'"), unreadable.stderr)
        }
        let fine = try Fixtures.patchdigest(["report", dir.path, "--since", "2023-11-14", "--until", "2023-11-15"])
        XCTAssertEqual(fine.status, 0, fine.stderr)
    }

    // MARK: - What --since reads

    /// public-inbox commits a mail when it arrives: commits made more than a day before --since
    /// cannot hold a mail dated after it, and are not read; nor is an older epoch that ends before
    /// then. The mails below dated in the future by a wrong clock, committed long before --since,
    /// show what was read: before, every commit of every epoch was, and they were digested.
    func testSinceReadsOnlyCommitsFromADayBeforeAndOnlyTheEpochsThatReachIt() throws {
        let root = Fixtures.temporaryDirectory("inbox")
        defer { try? FileManager.default.removeItem(at: root) }
        try repository([
            Commit(files: ["m": patch("epoch zero wrong clock", date: "Thu, 20 Nov 2025 10:00:00 +0000")], time: day17 - 10 * day),
            Commit(files: ["m": patch("epoch zero old", date: "Sat, 8 Nov 2025 10:00:00 +0000")], time: day17 - 9 * day),
        ], at: root.appendingPathComponent("git/0.git"))
        let one = try repository([
            Commit(files: ["m": patch("epoch one wrong clock", date: "Tue, 18 Nov 2025 10:00:00 +0000")], time: day17 - 5 * day),
            Commit(files: ["m": patch("two days before", date: "Sat, 15 Nov 2025 00:00:00 +0000")], time: day17 - 2 * day),
            // Within the day of slack: a sender's clock 14 hours fast.
            Commit(files: ["m": patch("fast clock", date: "Mon, 17 Nov 2025 02:00:00 +0000")], time: day17 - 12 * 3600),
            Commit(files: ["m": patch("on the day", date: "Mon, 17 Nov 2025 01:00:00 +0000")], time: day17 + 3600),
        ], at: root.appendingPathComponent("git/1.git"))

        let r = try Fixtures.patchdigest(["report", root.path, "--since", "2025-11-17", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try json(r.stdout)
        XCTAssertEqual(Set(titles(report)), ["fast clock", "on the day"])
        XCTAssertEqual(report["messages"] as? Int, 2)
        XCTAssertEqual(report["from"] as? String, "2025-11-17")
        XCTAssertEqual(report["fromCommit"] as? String, one[1], "the range starts after the newest commit made a day before --since")
        XCTAssertEqual(report["toCommit"] as? String, one[3])

        // With --from the range given is read whole, and the dates select from it.
        let whole = try Fixtures.patchdigest(["report", root.path, "--from", one[0], "--since", "2025-11-17", "--format", "json"])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        XCTAssertEqual(Set(titles(try json(whole.stdout))), ["fast clock", "on the day"])

        // `messages` reads the same commits.
        let listed = try Fixtures.patchdigest(["messages", root.path, "--since", "2025-11-17"])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertEqual(listed.stdout.split(separator: "\n").count, 2, listed.stdout)
    }

    func testALongReportShowsProgressOnATerminalOnly() throws {
        let dir = try smallInbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        let onTerminal = try Fixtures.runOnTerminal(Fixtures.binary, ["report", dir.path, "--name", "KVM", "--format", "json"])
        XCTAssertEqual(onTerminal.status, 0, onTerminal.stdout)
        XCTAssertTrue(onTerminal.stdout.contains("\r\u{1B}[KKVM: reading 1/2 messages, "), onTerminal.stdout)

        let piped = try Fixtures.patchdigest(["report", dir.path, "--name", "KVM", "--format", "json"])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(piped.stderr, "")
    }

    // MARK: - Skips belong to the digest whose dates hold them

    /// A commit that holds no message file, a removal and a commit whose blob is gone are placed
    /// in time by their commits, as unreadable messages are: each is in the digest whose dates
    /// hold its commit, and in no other.
    func testSkipsAndRemovalsAreReportedOnlyInTheDigestWhoseDatesHoldThem() throws {
        let root = Fixtures.temporaryDirectory("inbox")
        defer { try? FileManager.default.removeItem(at: root) }
        let gitDir = root.appendingPathComponent("list.git")
        let c = try repository([
            Commit(files: ["m": patch("old", date: "Fri, 14 Nov 2025 10:00:00 +0000")], time: day17 - 3 * day),
            Commit(files: ["notes.txt": "not a message\n"], time: day17 - 3 * day + 60),
            Commit(files: ["d": patch("old", date: "Fri, 14 Nov 2025 10:00:00 +0000")], time: day17 - 3 * day + 120),
            Commit(files: ["m": patch("new", date: "Mon, 17 Nov 2025 10:00:00 +0000")], time: day17 + 10 * 3600),
            Commit(files: ["m": patch("lost", date: "Mon, 17 Nov 2025 11:00:00 +0000")], time: day17 + 11 * 3600),
        ], at: gitDir)
        // The last commit's message blob goes missing.
        let blob = try Fixtures.git(["--git-dir=\(gitDir.path)", "rev-parse", "\(c[4]):m"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // A local clone keeps objects loose.
        let loose = gitDir.appendingPathComponent("objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        try FileManager.default.removeItem(at: loose)
        XCTAssertEqual(try Fixtures.git(["--git-dir=\(gitDir.path)", "cat-file", "-e", blob]).status, 1, "the blob is gone")

        func digest(_ args: [String]) throws -> [String: Any] {
            let r = try Fixtures.patchdigest(["report", gitDir.path, "--format", "json"] + args)
            XCTAssertEqual(r.status, 0, r.stderr)
            return try json(r.stdout)
        }
        func skips(_ report: [String: Any]) -> [String] {
            (report["skipped"] as? [[String: Any]] ?? []).map { "\(($0["commit"] as? String ?? "").prefix(9)) \($0["reason"] as? String ?? "")" }
        }
        let missing = "\(c[4].prefix(9)) message blob \(blob) is missing from the repository"
        let noMessage = "\(c[1].prefix(9)) commit holds no message file"

        // --from reads every commit; the dates decide.
        let today = try digest(["--from", c[0], "--since", "2025-11-17"])
        XCTAssertEqual(skips(today), [missing])
        XCTAssertEqual(today["removals"] as? Int, 0)
        let before = try digest(["--from", c[0], "--until", "2025-11-17"])
        XCTAssertEqual(skips(before), [noMessage])
        XCTAssertEqual(before["removals"] as? Int, 1)
        let everything = try digest([])
        XCTAssertEqual(Set(skips(everything)), [missing, noMessage])
        // Without --from, --since does not even read the old commits.
        XCTAssertEqual(skips(try digest(["--since", "2025-11-17"])), [missing])
    }

    // MARK: - --top keeps ties

    func testTopKeepsEveryRowTiedWithTheLastOneInEveryFormat() throws {
        let dir = try Fixtures.inbox([
            patch("alice one", date: "Tue, 14 Nov 2023 10:00:00 +0000", from: "Alice Ant <alice@a.org>"),
            patch("alice two", date: "Tue, 14 Nov 2023 10:01:00 +0000", from: "Alice Ant <alice@a.org>"),
            patch("bob one", date: "Tue, 14 Nov 2023 10:02:00 +0000", from: "Bob Bee <bob@b.org>"),
            patch("carol one", date: "Tue, 14 Nov 2023 10:03:00 +0000", from: "Carol Cat <carol@c.org>"),
            patch("dave one", date: "Tue, 14 Nov 2023 10:04:00 +0000", from: "Dave Dog <dave@c.org>"),
        ], options: ["--v1"])
        defer { try? FileManager.default.removeItem(at: dir) }
        func render(_ format: String, top: Int) throws -> String {
            let r = try Fixtures.patchdigest(["report", dir.path, "--format", format, "--top", String(top), "--lore-base", "none"])
            XCTAssertEqual(r.status, 0, r.stderr)
            return r.stdout
        }
        // Contributors: Alice 2, then Bob, Carol and Dave 1 each; domains: a.org 2, c.org 2, b.org 1.
        let two = try render("text", top: 2)
        for row in ["      2  Alice Ant <alice@a.org>", "      1  Bob Bee <bob@b.org>", "      1  Carol Cat <carol@c.org>",
                    "      1  Dave Dog <dave@c.org>"] {
            XCTAssertTrue(two.contains(row), "\(row) in\n\(two)")
        }
        let one = try render("text", top: 1)
        XCTAssertTrue(one.contains("      2 c.org"), one)
        XCTAssertFalse(one.contains("      1 b.org"), one)
        XCTAssertFalse(one.contains("      1  Bob Bee <bob@b.org>"), one)

        let markdown = try render("markdown", top: 1)
        XCTAssertTrue(markdown.contains("| 2 | c.org |"), markdown)
        XCTAssertFalse(markdown.contains("| 1 | b.org |"), markdown)
        let html = try render("html", top: 1)
        XCTAssertTrue(html.contains(">c.org</text>"), html)
        XCTAssertFalse(html.contains(">b.org</text>"), html)
    }

    // MARK: - Not an archive

    func testAGitRepositoryThatIsNoArchiveIsRefusedInOneLine() throws {
        let root = Fixtures.temporaryDirectory("repo")
        defer { try? FileManager.default.removeItem(at: root) }
        let repo = root.appendingPathComponent("project.git")
        try repository([
            Commit(files: ["README": "a project\n"], time: day17),
            Commit(files: ["README": "a project\n", "main.c": "int main(void) { return 0; }\n"], time: day17 + 60),
        ], at: repo)
        for args in [["report", repo.path], ["messages", repo.path]] {
            let r = try Fixtures.patchdigest(args)
            XCTAssertEqual(r.status, 1, r.stdout)
            XCTAssertEqual(r.stdout, "")
            XCTAssertEqual(r.stderr, "patchdigest: \(repo.path): a git repository, but not a public-inbox archive "
                           + "(no commit holds an m or d file)\n")
        }
        let home = root.appendingPathComponent("home")
        let added = try Fixtures.patchdigest(["add", "proj", repo.path, "--home", home.path])
        XCTAssertEqual(added.status, 1, added.stdout)
        XCTAssertTrue(added.stderr.contains("not a public-inbox archive"), added.stderr)
        XCTAssertEqual(added.stderr.split(separator: "\n").count, 1, added.stderr)

        // An archive whose newest commit is a removal is an archive.
        let inbox = try Fixtures.inbox([patch("x", date: "Tue, 14 Nov 2023 10:00:00 +0000"),
                                        "d:" + patch("x", date: "Tue, 14 Nov 2023 10:00:00 +0000")], options: ["--v1"])
        defer { try? FileManager.default.removeItem(at: inbox) }
        let removal = try Fixtures.patchdigest(["report", inbox.path, "--format", "json"])
        XCTAssertEqual(removal.status, 0, removal.stderr)
        XCTAssertEqual(try json(removal.stdout)["removals"] as? Int, 1)
    }
}
