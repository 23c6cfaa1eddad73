import Foundation
import TestSupport
import XCTest

/// `add` and `update` as a cron user runs them: exactly what arrived since the last update,
/// nothing twice, nothing lost.
final class UpdateTests: XCTestCase {
    func testUpdatesDigestExactlyWhatArrived() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x86: first thing", slug: "first") + [Mail.reply(to: "first-v1-1@example.com", n: 1)])
        try box.add()
        let first = try box.updateJSON(["--since", "2000-01-01"])
        XCTAssertEqual(first["messages"] as? Int, 4)
        XCTAssertEqual(first["patches"] as? Int, 3)
        XCTAssertEqual(seriesOf(first).map { $0["title"] as? String }, ["KVM: x86: first thing"])

        // Nothing new: nothing printed, nothing on stderr, exit 0 (what cron wants).
        let idle = try box.run(["update"])
        XCTAssertEqual(idle.status, 0, idle.stderr)
        XCTAssertEqual(idle.stdout, "")
        XCTAssertEqual(idle.stderr, "")

        try box.append(Mail.series("KVM: x86: second thing", slug: "second", count: 3) + [Mail.reply(to: "second-v1-2@example.com", n: 2)])
        let second = try box.updateJSON()
        XCTAssertEqual(second["messages"] as? Int, 5)
        XCTAssertEqual(second["patches"] as? Int, 4)
        XCTAssertEqual(second["replies"] as? Int, 1)
        XCTAssertEqual(seriesOf(second).map { $0["title"] as? String }, ["KVM: x86: second thing"])
        let commits = try box.commits()
        XCTAssertEqual(second["fromCommit"] as? String, commits[3])
        XCTAssertEqual(second["toCommit"] as? String, commits.last)
        XCTAssertEqual(try box.run(["update"]).stdout, "")
    }

    func testFirstUpdateDigestsTheLastDayOnly() throws {
        let box = Sandbox()
        // Fixture commits are made in November 2023; nothing is from the last day.
        try box.setEpoch(0, Mail.series("KVM: old news", slug: "old"))
        try box.add()
        let r = try box.run(["update"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        // The cursor is set all the same: what arrives next is digested, the old news never is.
        try box.append(Mail.series("KVM: fresh", slug: "fresh"))
        let json = try box.updateJSON()
        XCTAssertEqual(seriesOf(json).map { $0["title"] as? String }, ["KVM: fresh"])
        XCTAssertEqual(json["messages"] as? Int, 3)
    }

    func testSinceSelectsByDateOnTheFirstUpdate() throws {
        let box = Sandbox()
        // Dated before their commits (2023-11-14T22:13Z on), as mails are before they arrive.
        try box.setEpoch(0, Mail.series("KVM: monday", slug: "mon", day: 13, year: 2023)
                         + Mail.series("KVM: tuesday", slug: "tue", day: 14, hour: 20, year: 2023))
        try box.add()
        let json = try box.updateJSON(["--since", "2023-11-14"])
        XCTAssertEqual(seriesOf(json).map { $0["title"] as? String }, ["KVM: tuesday"])
        XCTAssertEqual(json["since"] as? String, "2023-11-14")
        XCTAssertEqual(json["messages"] as? Int, 3)
    }

    func testEpochRolloverIsFollowed() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: in epoch zero", slug: "zero"))
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])
        try box.append(Mail.series("KVM: late in epoch zero", slug: "late", count: 1))
        try box.setEpoch(1, Mail.series("KVM: in epoch one", slug: "one", count: 3))
        let json = try box.updateJSON()
        XCTAssertEqual(seriesOf(json).map { $0["title"] as? String }, ["KVM: late in epoch zero", "KVM: in epoch one"])
        XCTAssertEqual(json["messages"] as? Int, 2 + 4)
        let lists = try box.run(["lists"]).stdout
        XCTAssertTrue(lists.contains("epoch 0: \(try box.commits(0).last!)"), lists)
        XCTAssertTrue(lists.contains("epoch 1: \(try box.commits(1).last!)"), lists)
        XCTAssertEqual(try box.run(["update"]).stdout, "")
    }

    /// A purge rewrites an epoch's history: the old cursor is no longer an ancestor. The update
    /// re-reads from where the histories fork and leaves out what was digested.
    func testRewrittenHistoryIsRecoveredByMessageID() throws {
        let box = Sandbox()
        let a = Mail.series("KVM: a", slug: "a", count: 1), b = Mail.series("KVM: b", slug: "b", count: 1)
        let c = Mail.series("KVM: c", slug: "c", count: 1)
        try box.setEpoch(0, a + b + c)
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])
        let oldTip = try box.commits().last!

        // Purge b's cover, add d: built beside, fetched over the old history (old objects stay).
        let d = Mail.series("KVM: d", slug: "d", count: 2)
        let rewritten = try Fixtures.inbox(a + [b[1]] + c + d)
        let git = "--git-dir=\(box.inbox.path)/git/0.git"
        XCTAssertEqual(try Fixtures.git([git, "fetch", "-q", "--force", "\(rewritten.path)/git/0.git", "+master:master"]).status, 0)
        XCTAssertNotEqual(try Fixtures.git([git, "merge-base", "--is-ancestor", oldTip, "master"]).status, 0)

        let r = try box.run(["update", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("kvm: epoch 0 was rewritten"), r.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(seriesOf(json).map { $0["title"] as? String }, ["KVM: d"])
        XCTAssertEqual(json["messages"] as? Int, 3)
        XCTAssertTrue((json["notes"] as? [String] ?? []).first?.contains("re-read from \(try box.commits()[1].prefix(9))") ?? false,
                      "\(json["notes"] ?? "no notes")")

        XCTAssertTrue(try box.run(["show", "kvm"]).stdout.contains("\nNote: epoch 0 was rewritten (its last digested commit \(oldTip.prefix(9)) "))

        // --quiet keeps the note out of stderr; the next update is quiet again.
        try box.append([Mail.reply(to: "d-v1-1@example.com", n: 9)])
        let quiet = try box.run(["update", "--quiet"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertEqual(quiet.stderr, "")
    }

    /// When the old commit is gone too (garbage-collected), the epoch is re-read from a day
    /// before the cursor's commit time; Message-IDs still keep everything from coming twice.
    func testRewrittenHistoryWithTheOldCommitGone() throws {
        let box = Sandbox()
        let a = Mail.series("KVM: a", slug: "a", count: 1), b = Mail.series("KVM: b", slug: "b", count: 1)
        try box.setEpoch(0, a + b)
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])
        try box.setEpoch(0, [a[0]] + b + Mail.series("KVM: e", slug: "e", count: 1))   // a's patch purged
        let r = try box.run(["update", "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(seriesOf(json).map { $0["title"] as? String }, ["KVM: e"])
        XCTAssertEqual(json["messages"] as? Int, 2)
        XCTAssertTrue((json["notes"] as? [String] ?? []).first?.contains("re-read from its start") ?? false)
    }

    func testSeveralListsAndNames() throws {
        let one = Sandbox(), two = Sandbox()
        try one.setEpoch(0, Mail.series("KVM: one", slug: "one"))
        try two.setEpoch(0, Mail.series("KVM: two", slug: "two"))
        try one.add("alpha")
        XCTAssertEqual(try one.run(["add", "beta", two.inbox.path]).status, 0)
        let both = try one.update(["--since", "2000-01-01"])
        XCTAssertTrue(both.contains("alpha mailing list update"))
        XCTAssertTrue(both.contains("beta mailing list update"))
        try one.append(Mail.series("KVM: one more", slug: "more"))
        try two.append(Mail.series("KVM: two more", slug: "twomore"))
        let onlyBeta = try one.update(["beta"])
        XCTAssertTrue(onlyBeta.contains("KVM: two more"))
        XCTAssertFalse(onlyBeta.contains("KVM: one more"))
        XCTAssertTrue(try one.update(["alpha"]).contains("KVM: one more"))
    }

    func testUpdateWithOnlyRepliesPrintsNothingButStoresTheDigest() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        try box.add()
        _ = try box.update(["--since", "2000-01-01"])
        try box.append([Mail.reply(to: "x-v1-1@example.com", n: 1), Mail.reply(to: "x-v1-2@example.com", n: 2)])
        let r = try box.run(["update"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        let history = try box.run(["history", "kvm"]).stdout.split(separator: "\n")
        XCTAssertEqual(history.count, 3, history.joined(separator: "\n"))   // header + 2 digests
        XCTAssertTrue(history[2].contains("  2  "), String(history[2]))
        let shown = try box.run(["show", "kvm", "--format", "json"])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["replies"] as? Int, 2)
    }
}
