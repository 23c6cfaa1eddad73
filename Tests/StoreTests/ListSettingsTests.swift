import Foundation
import GRDB
import TestSupport
import XCTest

/// What `add` sets once for a list (heading name, links, identity files) and every later
/// command uses without flags.
final class ListSettingsTests: XCTestCase {
    private let cover = "x-v1-0@example.com"

    private func box() throws -> Sandbox {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: x", slug: "x"))
        return box
    }

    /// `Link:` lines of a text digest.
    private func links(_ text: String) -> [String] {
        text.split(separator: "\n").filter { $0.hasPrefix("Link: ") }.map { String($0.dropFirst(6)) }
    }

    func testLoreBaseGivenAtAddMakesTheLinksOfUpdateShowAndFeed() throws {
        let box = try box()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let added = try box.run(["add", "kvm", box.inbox.path, "--lore-base", "https://mirror.example.org/kvm"])
        XCTAssertEqual(added.status, 0, added.stderr)
        let text = try box.update(["--since", "2000-01-01"])
        XCTAssertEqual(links(text), ["https://mirror.example.org/kvm/\(cover)/"], text)
        XCTAssertEqual(links(try box.run(["show", "kvm"]).stdout), ["https://mirror.example.org/kvm/\(cover)/"])
        XCTAssertTrue(try box.run(["feed", "kvm"]).stdout.contains("https://mirror.example.org/kvm/\(cover)/"))
        // A flag still wins, for that run only.
        XCTAssertEqual(links(try box.run(["show", "kvm", "--lore-base", "https://other.example.org/k"]).stdout),
                       ["https://other.example.org/k/\(cover)/"])
        XCTAssertEqual(links(try box.run(["show", "kvm", "--lore-base", "none"]).stdout), [])
        XCTAssertEqual(links(try box.run(["show", "kvm"]).stdout), ["https://mirror.example.org/kvm/\(cover)/"])
        // A base that is no URL is refused before anything is stored.
        let refused = try box.run(["add", "kvm2", box.inbox.path, "--lore-base", "lore.kernel.org/kvm"])
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertFalse(try box.run(["lists"]).stdout.contains("kvm2"))
    }

    /// A mirror directory's name is no lore list: the links go to lore's `all`, which finds a
    /// message whatever list carried it.
    func testUnknownArchiveLinksToLoreAll() throws {
        let box = try box()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let mirror = box.root.appendingPathComponent("iommu.lists.linux-foundation.org.0")
        try FileManager.default.moveItem(at: box.inbox.appendingPathComponent("git/0.git"), to: mirror)
        let report = try box.run(["report", mirror.path])
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertEqual(links(report.stdout), ["https://lore.kernel.org/all/\(cover)/"], report.stdout)
        XCTAssertEqual(try box.run(["add", "iommu", mirror.path]).status, 0)
        XCTAssertEqual(links(try box.update(["--since", "2000-01-01"])), ["https://lore.kernel.org/all/\(cover)/"])
    }

    /// An inbox that names its address (public-inbox-clone's `inbox.config.example`, or an epoch
    /// cloned from lore) gives the links their base.
    func testInboxThatNamesItsAddressGivesTheLinks() throws {
        let box = try box()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let config = "[publicinbox \"kvm\"]\n\taddress = kvm@vger.kernel.org\n\turl = https://lore.kernel.org/kvm\n"
        try config.write(to: box.inbox.appendingPathComponent("inbox.config.example"), atomically: true, encoding: .utf8)
        XCTAssertEqual(links(try box.run(["report", box.inbox.path]).stdout), ["https://lore.kernel.org/kvm/\(cover)/"])
        try box.add("kvm")
        XCTAssertEqual(links(try box.update(["--since", "2000-01-01"])), ["https://lore.kernel.org/kvm/\(cover)/"])

        try FileManager.default.removeItem(at: box.inbox.appendingPathComponent("inbox.config.example"))
        let origin = try Fixtures.git(["--git-dir=\(box.inbox.path)/git/0.git", "config", "remote.origin.url",
                                       "https://lore.kernel.org/iommu/0"])
        XCTAssertEqual(origin.status, 0, origin.stderr)
        XCTAssertEqual(links(try box.run(["report", box.inbox.path]).stdout), ["https://lore.kernel.org/iommu/\(cover)/"])
    }

    /// A list followed by its lore URL has its links under that URL.
    func testLoreURLListLinksUnderItsURL() throws {
        if let why = PublicInboxServer.unavailableReason { throw XCTSkip(why) }
        let server = try PublicInboxServer(name: "kvm")
        defer { server.stop() }
        try server.deliver(Mail.series("KVM: x", slug: "x"))
        try server.start()
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        XCTAssertEqual(try box.run(["add", "kvm", server.url]).status, 0)
        XCTAssertEqual(links(try box.update(["--since", "2000-01-01"])), ["\(server.url)/\(cover)/"])
        XCTAssertTrue(try box.run(["lists"]).stdout.contains("  links: \(server.url)/<message-id>/\n"))
    }

    /// The inbox's description names the list in headings (report and update); public-inbox's
    /// default descriptions do not; `--name` wins.
    func testInboxDescriptionNamesTheList() throws {
        let box = try box()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let description = box.inbox.appendingPathComponent("description")
        try "public inbox for kvm@vger.kernel.org\n".write(to: description, atomically: true, encoding: .utf8)
        XCTAssertTrue(try box.run(["report", box.inbox.path]).stdout.contains("inbox mailing list update from "))
        try "KVM list\n".write(to: description, atomically: true, encoding: .utf8)
        XCTAssertTrue(try box.run(["report", box.inbox.path]).stdout.contains("KVM list mailing list update from "))
        XCTAssertTrue(try box.run(["report", box.inbox.path, "--name", "kvm"]).stdout.contains("kvm mailing list update from "))

        try box.add("kvm")
        XCTAssertTrue(try box.update(["--since", "2000-01-01"]).contains("KVM list mailing list update from "))
        XCTAssertEqual(try box.run(["add", "x86", box.inbox.path, "--name", "KVM (x86)"]).status, 0)
        XCTAssertTrue(try box.update(["x86", "--since", "2000-01-01"]).contains("KVM (x86) mailing list update from "))
        XCTAssertTrue(try box.run(["show", "x86"]).stdout.contains("KVM (x86) mailing list update from "))
        XCTAssertTrue(try box.run(["feed", "x86"]).stdout.contains("<title>KVM (x86) mailing list digests</title>"))
        XCTAssertEqual(try box.run(["add", "bad", box.inbox.path, "--name", "two\nlines"]).status, 64)
    }

    func testListsPrintsTheSettings() throws {
        let box = try box()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let mailmap = box.root.appendingPathComponent("people.mailmap")
        try "Jane Doe <jane@example.com> <jd@example.com>\n".write(to: mailmap, atomically: true, encoding: .utf8)
        try "KVM list\n".write(to: box.inbox.appendingPathComponent("description"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try box.run(["add", "kvm", box.inbox.path, "--lore-base", "https://lore.kernel.org/kvm",
                                    "--mailmap", mailmap.path]).status, 0)
        try FileManager.default.removeItem(at: box.inbox.appendingPathComponent("description"))
        XCTAssertEqual(try box.run(["add", "plain", box.inbox.path]).status, 0)
        XCTAssertEqual(try box.run(["lists"]).stdout, """
            kvm  inbox  \(box.inbox.path)  (never updated, 0 digests)
              name: KVM list
              links: https://lore.kernel.org/kvm/<message-id>/
              mailmap: \(mailmap.path)
              organization map: the home's domain-map, when there is one
            plain  inbox  \(box.inbox.path)  (never updated, 0 digests)
              name: plain (the list's name)
              links: https://lore.kernel.org/all/<message-id>/ (default)
              mailmap: the home's mailmap, when there is one
              organization map: the home's domain-map, when there is one

            """)
    }

    /// The identity files given at `add` apply to every update without flags; flags given to an
    /// update win for that update.
    func testMailmapAndOrgmapGivenAtAddApplyToUpdates() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let leon = "Leon Romanovsky <leon@kernel.org>", leonro = "Leon Romanovsky <leonro@nvidia.com>"
        try box.setEpoch(0, Mail.series("RDMA: one", slug: "one", count: 2, from: leon))
        let mailmap = box.root.appendingPathComponent("people"), orgmap = box.root.appendingPathComponent("orgs")
        let other = box.root.appendingPathComponent("other-orgs")
        try "Leon Romanovsky <leonro@nvidia.com> <leon@kernel.org>\n".write(to: mailmap, atomically: true, encoding: .utf8)
        try "nvidia.com NVIDIA Corporation\n".write(to: orgmap, atomically: true, encoding: .utf8)
        try "nvidia.com Team Green\n".write(to: other, atomically: true, encoding: .utf8)
        let refused = try box.run(["add", "kvm", box.inbox.path, "--mailmap", "/nonexistent/mailmap"])
        XCTAssertEqual(refused.stderr, "patchdigest: /nonexistent/mailmap: cannot read the file\n")
        // Relative paths are kept absolute: cron runs elsewhere.
        let added = try Fixtures.run(Fixtures.binary, ["add", "kvm", box.inbox.path, "--mailmap", "people", "--orgmap", "orgs"],
                                     environment: ["PATCHDIGEST_HOME": box.home], currentDirectory: box.root.path)
        XCTAssertEqual(added.status, 0, added.stderr)

        let first = try box.updateJSON(["--since", "2000-01-01"])
        let people = (first["contributors"] as? [[String: Any]] ?? []).map { "\($0["email"]!) \($0["count"]!)" }
        XCTAssertEqual(people, ["leonro@nvidia.com 3"])
        let orgs = (first["organizations"] as? [[String: Any]] ?? []).map { "\($0["organization"]!) \($0["count"]!)" }
        XCTAssertEqual(orgs, ["NVIDIA Corporation 3"])

        try box.append(Mail.series("RDMA: two", slug: "two", count: 1, from: leonro))
        let second = try box.updateJSON(["--orgmap", other.path])
        let secondOrgs = (second["organizations"] as? [[String: Any]] ?? []).map { "\($0["organization"]!) \($0["count"]!)" }
        XCTAssertEqual(secondOrgs, ["Team Green 2"])
    }

    /// A setting of the wrong type is one line, as every damaged value is.
    func testDamagedSettingIsOneLine() throws {
        let box = try box()
        defer { try? FileManager.default.removeItem(at: box.root) }
        XCTAssertEqual(try box.run(["add", "kvm", box.inbox.path, "--lore-base", "https://lore.kernel.org/kvm"]).status, 0)
        let queue = try DatabaseQueue(path: box.home + "/state.sqlite")
        try queue.write { db in try db.execute(sql: "UPDATE listSetting SET value = x'FF'") }
        let r = try box.run(["lists"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("is damaged: listSetting.value holds a blob of 1 byte, not text"), r.stderr)
    }

    /// A home made before settings were kept gets their table on its next command, and its
    /// lists the defaults.
    func testAHomeFromBeforeSettingsIsBroughtUpToDate() throws {
        let box = try box()
        defer { try? FileManager.default.removeItem(at: box.root) }
        XCTAssertEqual(try box.run(["add", "kvm", box.inbox.path, "--name", "KVM list"]).status, 0)
        let queue = try DatabaseQueue(path: box.home + "/state.sqlite")
        try queue.write { db in
            try db.execute(sql: "DROP TABLE listSetting; DELETE FROM grdb_migrations WHERE identifier = 'v3 list settings'")
        }
        let lists = try box.run(["lists"])
        XCTAssertEqual(lists.status, 0, lists.stderr)
        XCTAssertTrue(lists.stdout.contains("  name: kvm (the list's name)\n  links: https://lore.kernel.org/all/<message-id>/ (default)\n"),
                      lists.stdout)
        let text = try box.update(["--since", "2000-01-01"])
        XCTAssertTrue(text.contains("kvm mailing list update from "), text)
        XCTAssertEqual(links(text), ["https://lore.kernel.org/all/\(cover)/"])
    }
}
