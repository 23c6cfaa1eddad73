import Foundation
import TestSupport
import XCTest

/// `add`, `show`, `history`, `lists`, the data directory, identities and the progress line.
final class CommandTests: XCTestCase {
    private func assertFails(_ box: Sandbox, _ args: [String], _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try box.run(args)
        XCTAssertEqual(r.status, 1, r.stdout, file: file, line: line)
        XCTAssertEqual(r.stdout, "", file: file, line: line)
        XCTAssertEqual(r.stderr, "patchdigest: \(message)\n", file: file, line: line)
    }

    func testAddRefusesWhatItCannotFollow() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        let empty = Fixtures.temporaryDirectory()
        try assertFails(box, ["add", "kvm", empty.path], "\(empty.path): not a public-inbox archive, mbox file or Maildir")
        try assertFails(box, ["add", "kvm", "/nonexistent/inbox"], "/nonexistent/inbox: no such file or directory")
        try assertFails(box, ["add", "../kvm", box.inbox.path],
                        "'../kvm' cannot name a list: use letters, digits, '.', '_' and '-' (at most 64)")
        // Sources that cannot be read are refused before anything is stored.
        let mbox = empty.appendingPathComponent("list.mbox")
        try Data("Subject: not an mbox\n".utf8).write(to: mbox)
        try assertFails(box, ["add", "kvm", mbox.path], "\(mbox.path): not an mbox file: it does not start with a \"From \" line")
        let closed = "http://127.0.0.1:\(try PublicInboxServer.freePort())/kvm"
        let unreachable = try box.run(["add", "kvm", closed])
        XCTAssertEqual(unreachable.status, 1)
        XCTAssertTrue(unreachable.stderr.hasPrefix("patchdigest: \(closed): cannot reach the server"), unreachable.stderr)
        XCTAssertEqual(unreachable.stderr.split(separator: "\n").count, 1, unreachable.stderr)
        XCTAssertEqual(try box.run(["lists"]).stdout, "")

        let added = try box.run(["add", "kvm", box.inbox.path])
        XCTAssertEqual(added.stdout, "added kvm (inbox, 1 epoch): \(box.inbox.path)\n")
        try assertFails(box, ["add", "kvm", box.inbox.path], "a list named 'kvm' is already followed")
    }

    func testRelativeSourcesAreStoredAbsolute() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        let r = try Fixtures.run(Fixtures.binary, ["add", "kvm", "inbox"], environment: ["PATCHDIGEST_HOME": box.home],
                                 currentDirectory: box.root.path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(try box.run(["lists"]).stdout.hasPrefix("kvm  inbox  \(box.inbox.path)  (never updated, 0 digests)\n"))
    }

    func testUnknownListsAndDigests() throws {
        let box = Sandbox()
        try assertFails(box, ["update"], "no lists followed yet (patchdigest add NAME SOURCE)")
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        try box.add()
        try assertFails(box, ["update", "nope"], "no list named 'nope' (patchdigest lists shows them)")
        try assertFails(box, ["show", "kvm"], "kvm: no digest yet")
        _ = try box.update(["--since", "2000-01-01"])
        try assertFails(box, ["show", "kvm", "--digest", "7"], "kvm: no digest number 7")
        try assertFails(box, ["show", "kvm", "--date", "1999-01-01"], "kvm: no digest made on 1999-01-01")
        XCTAssertEqual(try box.run(["show", "kvm", "--date", "17/11/2025"]).status, 64)
        // A date that cannot be read is a usage error, as a malformed --date is.
        let unreadable = try box.run(["update", "--since", "the day before"])
        XCTAssertEqual(unreadable.status, 64, unreadable.stderr)
        XCTAssertTrue(unreadable.stderr.contains("--since: cannot read the date 'the day before'"), unreadable.stderr)
    }

    func testShowHistoryAndListsTellWhatWasDone() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: one", slug: "one"))
        try box.add()
        let firstText = try box.update(["--since", "2000-01-01"])
        try box.append(Mail.series("KVM: two", slug: "two", count: 3))
        let secondText = try box.update()

        XCTAssertEqual(try box.run(["show", "kvm"]).stdout, secondText)
        XCTAssertEqual(try box.run(["show", "kvm", "--digest", "1"]).stdout, firstText)
        let today = try Fixtures.run("/bin/date", ["+%Y-%m-%d"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(try box.run(["show", "kvm", "--date", today]).stdout, secondText)
        XCTAssertTrue(try box.run(["show", "kvm", "--digest", "2", "--top", "1"]).stdout.contains("Top 1 contributors"))
        let json = try box.run(["show", "kvm", "--digest", "2", "--format", "json"]).stdout
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["patches"] as? Int, 4)

        let history = try box.run(["history"]).stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(history.count, 3)
        XCTAssertEqual(history[0].split(separator: " "), ["LIST", "DIGEST", "MADE", "RANGE", "MESSAGES", "PATCHES", "SERIES", "NEW"])
        let commits = try box.commits()
        let second = history[2].split(separator: " ").map(String.init)
        XCTAssertEqual(second[0], "kvm")
        XCTAssertEqual(second[1], "2")
        XCTAssertEqual(second[4], "\(commits[2].prefix(9))..\(commits[6].prefix(9))")
        XCTAssertEqual(Array(second.suffix(4)), ["4", "4", "1", "1"])

        let lists = try box.run(["lists"]).stdout
        XCTAssertTrue(lists.contains("kvm  inbox  \(box.inbox.path)  (updated "), lists)
        XCTAssertTrue(lists.contains(", 2 digests)\n  epoch 0: \(commits[6]) (committed 2023-11-14 "), lists)
    }

    func testRemoveForgetsTheListItsHistoryAndItsMirror() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        try box.add("kvm")
        try box.add("other")
        let first = try box.updateJSON(["--since", "2000-01-01", "kvm"])
        XCTAssertEqual((first["series"] as? [[String: Any]])?.first?["status"] as? String, "New")
        _ = try box.update(["--since", "2000-01-01", "other"])
        // kvm was added first: its rows are the list row id 1 and every row with listId 1.
        let before = try box.state().split(separator: "\n")
        let kvmRows = before.filter { $0.hasPrefix("list [id:1 ") || $0.contains("[listId:1 ") || $0.contains(" listId:1 ") }
        XCTAssertGreaterThan(kvmRows.count, 5)
        // A mirror as an update by URL leaves it (HOME/mirrors/NAME).
        let mirror = box.home + "/mirrors/kvm"
        try FileManager.default.createDirectory(atPath: mirror + "/git/0.git", withIntermediateDirectories: true)

        try assertFails(box, ["remove", "nope"], "no list named 'nope' (patchdigest lists shows them)")
        let removed = try box.run(["remove", "kvm"])
        XCTAssertEqual(removed.status, 0, removed.stderr)
        XCTAssertEqual(removed.stdout, "removed kvm (1 digest forgotten)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: mirror))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: box.home + "/mirrors"), [])
        try assertFails(box, ["show", "kvm"], "no list named 'kvm' (patchdigest lists shows them)")
        XCTAssertFalse(try box.run(["lists"]).stdout.contains("kvm"))
        // Nothing of it is left in any table, and the other list is untouched.
        XCTAssertEqual(try box.state().split(separator: "\n"), before.filter { !kvmRows.contains($0) })
        XCTAssertEqual(try box.integrity(), "ok")

        // Added again, it starts afresh: digest 1, the same series New again.
        try box.add("kvm")
        let again = try box.updateJSON(["--since", "2000-01-01", "kvm"])
        XCTAssertEqual((again["series"] as? [[String: Any]])?.first?["status"] as? String, "New")
        XCTAssertTrue(try box.run(["history", "kvm"]).stdout.split(separator: "\n").count == 2)
    }

    func testRemoveWaitsForARunningUpdate() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        try box.add()
        guard let update = try box.startPaused(at: "store", ["update", "--since", "2000-01-01"]) else { return }
        defer { if update.isRunning { kill(update.processIdentifier, SIGKILL) } }
        let refused = try box.run(["remove", "kvm", "--lock-timeout", "0.3"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertEqual(refused.stderr, "patchdigest: another update is running on \(box.home) (waited 0.3 s)\n")
        XCTAssertTrue(try box.run(["lists"]).stdout.hasPrefix("kvm  "))
    }

    /// From cron: a digest that cannot be mailed is stored anyway; the error says how to send it
    /// again, and the other lists are still updated.
    func testAFailedSendmailSaysHowToSendTheStoredDigestAgain() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        try box.add("kvm")
        try box.add("other")
        let mail = ["PATCHDIGEST_MAIL_FROM": "Digest <d@example.org>", "PATCHDIGEST_MAIL_TO": "r@example.org"]
        let failing = try box.run(["update", "--since", "2000-01-01", "--sendmail"],
                                  environment: mail.merging(["PATCHDIGEST_SENDMAIL": "exit 75"]) { $1 })
        XCTAssertEqual(failing.status, 1)
        XCTAssertEqual(failing.stdout, "")
        XCTAssertEqual(failing.stderr, ["kvm", "other"].map {
            "patchdigest: \($0): --sendmail: $PATCHDIGEST_SENDMAIL exited with status 75 (the digest is stored; "
                + "`patchdigest show \($0) --digest 1 --sendmail` sends it again)\n"
        }.joined())

        let sent = box.root.appendingPathComponent("sent.eml").path
        let again = try box.run(["show", "kvm", "--digest", "1", "--sendmail"],
                                environment: mail.merging(["PATCHDIGEST_SENDMAIL": "cat > '\(sent)'"]) { $1 })
        XCTAssertEqual(again.status, 0, again.stderr)
        let message = try String(contentsOfFile: sent, encoding: .utf8)
        XCTAssertNotNil(message.range(of: "\nSubject: kvm mailing list update [0-9]{4}-[0-9]{2}-[0-9]{2}: 1 new series, ",
                                      options: .regularExpression), message)
        XCTAssertTrue(message.contains("KVM: x"))
    }

    func testTheDataDirectory() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        let xdg = box.root.appendingPathComponent("xdg").path, user = box.root.appendingPathComponent("user").path
        let explicit = box.root.appendingPathComponent("explicit").path
        var env = ["PATCHDIGEST_HOME": "", "XDG_DATA_HOME": xdg, "HOME": user]
        XCTAssertEqual(try box.run(["add", "a", box.inbox.path], environment: env).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: xdg + "/patchdigest/state.sqlite"))
        env["XDG_DATA_HOME"] = ""
        XCTAssertEqual(try box.run(["add", "b", box.inbox.path], environment: env).status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: user + "/.local/share/patchdigest/state.sqlite"))
        XCTAssertEqual(try box.run(["add", "c", box.inbox.path, "--home", explicit], environment: env).status, 0)
        XCTAssertTrue(try box.run(["lists", "--home", explicit]).stdout.hasPrefix("c  inbox"))
        XCTAssertTrue(try box.run(["lists"], environment: ["PATCHDIGEST_HOME": explicit]).stdout.hasPrefix("c  inbox"))
    }

    /// The mailmap merges one person's addresses for the counts and the versions; the
    /// organization map adds a table and buckets personal domains.
    func testMailmapAndOrganizationMap() throws {
        let box = Sandbox()
        let leon = "Leon Romanovsky <leon@kernel.org>", leonro = "Leon Romanovsky <leonro@nvidia.com>"
        try box.setEpoch(0, Mail.series("RDMA: one", slug: "one", count: 2, from: leon)
                         + Mail.series("RDMA: two", slug: "two", count: 1, from: leonro)
                         + Mail.series("KVM: hobby", slug: "hobby", count: 1, from: "Sam <sam@gmail.com>"))
        try box.add()
        let home = URL(fileURLWithPath: box.home)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try "# people\nLeon Romanovsky <leonro@nvidia.com> <leon@kernel.org>\n".write(to: home.appendingPathComponent("mailmap"),
                                                                                       atomically: true, encoding: .utf8)
        let orgmap = box.root.appendingPathComponent("domain-map")
        try "nvidia.com NVIDIA Corporation\n# comment\nkernel.org The Linux Foundation\n".write(to: orgmap, atomically: true, encoding: .utf8)

        let json = try box.updateJSON(["--since", "2000-01-01", "--orgmap", orgmap.path])
        let people = (json["contributors"] as? [[String: Any]] ?? []).map { "\($0["email"]!) \($0["count"]!)" }
        XCTAssertEqual(people, ["leonro@nvidia.com 5", "sam@gmail.com 2"])
        let orgs = (json["organizations"] as? [[String: Any]] ?? []).map { "\($0["organization"]!) \($0["count"]!)" }
        XCTAssertEqual(orgs, ["NVIDIA Corporation 5", "(personal) 2"])
        let text = try box.run(["show", "kvm"]).stdout
        XCTAssertTrue(text.contains("Top 15 contributor organizations (Based on Email Body)\n\n      5 NVIDIA Corporation\n      2 (personal)\n"), text)

        // report takes the same files by option, and without them prints as it always did.
        let mapped = try box.run(["report", box.inbox.path, "--mailmap", home.appendingPathComponent("mailmap").path])
        XCTAssertTrue(mapped.stdout.contains("      5  Leon Romanovsky <leonro@nvidia.com>"), mapped.stdout)
        let plain = try box.run(["report", box.inbox.path])
        XCTAssertTrue(plain.stdout.contains("      3  Leon Romanovsky <leon@kernel.org>"), plain.stdout)
        XCTAssertFalse(plain.stdout.contains("organizations"))
        XCTAssertEqual(try box.run(["report", box.inbox.path, "--mailmap", "/nonexistent/mailmap"]).stderr,
                       "patchdigest: /nonexistent/mailmap: cannot read the file\n")
    }

    /// On a terminal a progress line shows while messages are read; not otherwise, and not with
    /// --quiet.
    func testProgressOnlyOnATerminal() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x", count: 3))
        try box.add()
        let onTerminal = try Fixtures.runOnTerminal(Fixtures.binary, ["update", "--since", "2000-01-01",
                                                                           "--home", box.home, "--format", "json"])
        XCTAssertTrue(onTerminal.stdout.contains("\r\u{1B}[Kkvm: reading 1/4 messages, "), onTerminal.stdout)
        XCTAssertTrue(onTerminal.stdout.contains("/s, ETA 0:0"), onTerminal.stdout)

        try box.append(Mail.series("KVM: y", slug: "y"))
        let quiet = try Fixtures.runOnTerminal(Fixtures.binary, ["update", "--quiet", "--home", box.home, "--format", "json"])
        XCTAssertFalse(quiet.stdout.contains("reading"), quiet.stdout)
        XCTAssertTrue(quiet.stdout.hasPrefix("{"), quiet.stdout)

        try box.append(Mail.series("KVM: z", slug: "z"))
        let piped = try box.run(["update"])
        XCTAssertEqual(piped.stderr, "")
        XCTAssertTrue(piped.stdout.contains("KVM: z"))
    }
}
