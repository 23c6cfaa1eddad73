@testable import Archive
import Foundation
import TestSupport
import XCTest

/// The network path for real: an inbox written by public-inbox's own tools, served by
/// public-inbox-httpd on 127.0.0.1, mirrored over HTTP by `LoreMirror`, followed by `Inbox`.
final class LoreMirrorTests: XCTestCase {
    private var server: PublicInboxServer!

    override func setUpWithError() throws {
        if let reason = PublicInboxServer.unavailableReason { throw XCTSkip(reason) }
        server = try PublicInboxServer(name: "demo")
    }

    override func tearDown() {
        server?.stop()
        server = nil
    }

    private func email(_ n: Int) -> String {
        Fixtures.email(subject: "[PATCH] change \(n)", id: "change\(n)@example.com",
                       date: "Mon, 17 Nov 2025 1\(n % 10):00:00 +0000", body: "diff for change \(n)\n")
    }

    private func ids(_ inbox: Inbox, _ range: RevisionRange?) throws -> [String] {
        guard let range else { return [] }
        return try Sources.collect { try inbox.stream(range, $0) }.messages.map { Sources.messageID($0.bytes) }
    }

    private func serverTip(_ epoch: Int) throws -> String {
        try Fixtures.git(["--git-dir=\(server.inboxDirectory)/git/\(epoch).git", "rev-parse", "HEAD"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func testMirrorThenFollowExactlyTheNewMessages() throws {
        try server.deliver([email(1), email(2), email(3)])
        try server.start()
        let local = Fixtures.temporaryDirectory("mirror").appendingPathComponent("demo").path
        let mirror = LoreMirror(url: server.url + "/", directory: local)
        XCTAssertEqual(mirror.url, server.url)
        XCTAssertEqual(try mirror.remoteEpochs(), [0])

        let first = try mirror.sync()
        XCTAssertEqual(first, [EpochChange(epoch: 0, before: nil, after: try serverTip(0), cloned: true)])
        var inbox = try Inbox.open(local)
        XCTAssertEqual(try ids(inbox, try inbox.resolveRange(from: nil, to: nil)),
                       ["change1@example.com", "change2@example.com", "change3@example.com"])
        let cursor = try inbox.tips()
        XCTAssertEqual(cursor, [0: try serverTip(0)])

        // Nothing new: the manifest's fingerprint matches, no fetch at all.
        var lines: [String] = []
        XCTAssertEqual(try mirror.sync { lines.append($0) },
                       [EpochChange(epoch: 0, before: cursor[0], after: cursor[0], cloned: false)])
        XCTAssertEqual(lines, ["epoch 0: unchanged"])

        try server.deliver([email(4), email(5)])
        lines = []
        let second = try mirror.sync { lines.append($0) }
        XCTAssertEqual(second, [EpochChange(epoch: 0, before: cursor[0], after: try serverTip(0), cloned: false)])
        XCTAssertFalse(lines.contains("epoch 0: unchanged"))
        XCTAssertEqual(lines.first, "epoch 0: fetching \(server.url)/0")
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("epoch 0: ") && !$0.contains("\r") && !$0.hasSuffix(" ") }, "\(lines)")
        inbox = try Inbox.open(local)
        XCTAssertTrue(try inbox.isAncestor(cursor[0]!, of: try serverTip(0), in: inbox.epochs[0]))
        XCTAssertEqual(try ids(inbox, try inbox.resolveRange(from: cursor[0], to: nil)),
                       ["change4@example.com", "change5@example.com"])
        XCTAssertEqual(try inbox.tips(), [0: try serverTip(0)])
    }

    func testRolloverAndPurgeOnTheServerAreFollowed() throws {
        try server.deliver([email(1), email(2), email(3)])
        try server.start()
        let local = Fixtures.temporaryDirectory("mirror").appendingPathComponent("demo").path
        let mirror = LoreMirror(url: server.url, directory: local)
        _ = try mirror.sync()
        let cursor = try Inbox.open(local).tips()

        // public-inbox opens git/1.git: the manifest names it, the mirror clones it.
        try server.deliverInNewEpoch([email(4), email(5)])
        XCTAssertEqual(server.epochDirectories.count, 2)
        XCTAssertEqual(try mirror.remoteEpochs(), [0, 1])
        let rolled = try mirror.sync()
        XCTAssertEqual(rolled, [EpochChange(epoch: 0, before: cursor[0], after: cursor[0], cloned: false),
                                EpochChange(epoch: 1, before: nil, after: try serverTip(1), cloned: true)])
        var inbox = try Inbox.open(local)
        let afterRollover = try inbox.resolveRange(from: cursor[0], to: nil)
        XCTAssertEqual(afterRollover.toCommit, try serverTip(1))
        XCTAssertEqual(try ids(inbox, afterRollover), ["change4@example.com", "change5@example.com"])

        // public-inbox-purge rewrites epoch 0 from message 2 on; the mirror follows (forced update).
        try server.purge(email(2))
        let purged = try mirror.sync()
        XCTAssertEqual(purged.first?.after, try serverTip(0))
        XCTAssertNotEqual(purged.first?.after, cursor[0])
        inbox = try Inbox.open(local)
        let epoch = inbox.epochs[0], tip = try XCTUnwrap(try inbox.tips()[0])
        XCTAssertFalse(try inbox.isAncestor(cursor[0]!, of: tip, in: epoch))
        // Read from where the histories fork, the rewritten part holds only what was seen before;
        // the purged message is not in it (its commit remains, with an empty `m`: no Message-ID).
        let fork = try inbox.mergeBase(cursor[0]!, tip, in: epoch)
        let segment = RangeSegment(in: epoch, after: fork, through: tip)
        let recovered = RevisionRange(joining: [segment], fromCommit: fork, toCommit: tip)
        let again = try ids(inbox, recovered)
        XCTAssertFalse(again.contains("change2@example.com"))
        XCTAssertTrue(Set(again.filter { !$0.isEmpty }).isSubset(of: ["change1@example.com", "change3@example.com"]),
                      "unexpected messages after the purge: \(again)")
        XCTAssertTrue(again.contains("change3@example.com"))
    }

    func testEpochsAreFoundByProbingWithoutAManifest() throws {
        try server.deliver([email(1)])
        try server.deliverInNewEpoch([email(2)])
        try server.start()
        var mirror = LoreMirror(url: server.url, directory: Fixtures.temporaryDirectory("mirror").path)
        mirror.discovery = .probeOnly
        XCTAssertEqual(try mirror.remoteEpochs(), [0, 1])
        let changes = try mirror.sync()
        XCTAssertEqual(changes.map(\.epoch), [0, 1])
        XCTAssertEqual(changes.map(\.after), [try serverTip(0), try serverTip(1)])
    }

    func testTheServersManifestsNameTheEpochs() throws {
        try server.deliver([email(1)])
        try server.start()
        for manifestURL in [server.baseURL + "/manifest.js.gz", server.url + "/manifest.js.gz"] {
            let bytes = try XCTUnwrap(fetch(manifestURL))
            let manifest = try XCTUnwrap(Manifest.parse(bytes, listPath: "/demo"), manifestURL)
            XCTAssertEqual(manifest.entries.map(\.epoch), [0])
            // public-inbox's fingerprint is the SHA-1 of `git show-ref`: the mirror computes the same.
            let showRef = try Fixtures.git(["--git-dir=\(server.inboxDirectory)/git/0.git", "show-ref"]).stdout
            XCTAssertEqual(manifest.entries[0].fingerprint, Manifest.fingerprint(showRef: Array(showRef.utf8)))
        }
    }

    func testAURLWithoutAnInboxAndAnUnreachableServerAreClearErrors() throws {
        try server.deliver([email(1)])
        try server.start()
        let directory = Fixtures.temporaryDirectory("mirror").appendingPathComponent("x").path
        let nowhere = LoreMirror(url: server.baseURL + "/no-such-list", directory: directory)
        XCTAssertThrowsError(try nowhere.sync()) { error in
            XCTAssertEqual(error as? ArchiveError, .noInboxAtURL(server.baseURL + "/no-such-list"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/git/0.git"))

        let port = try PublicInboxServer.freePort()
        let closed = LoreMirror(url: "http://127.0.0.1:\(port)/demo", directory: directory)
        XCTAssertThrowsError(try closed.remoteEpochs()) { error in
            guard case .unreachable(let url, let message)? = error as? ArchiveError else {
                return XCTFail("not unreachable: \(error)")
            }
            XCTAssertEqual(url, "http://127.0.0.1:\(port)/demo")
            XCTAssertTrue(message.contains("127.0.0.1"), message)
            XCTAssertFalse(String(describing: error).contains("\n"))
        }
        XCTAssertThrowsError(try closed.sync())
        var probing = closed
        probing.discovery = .probeOnly
        XCTAssertThrowsError(try probing.remoteEpochs()) { error in
            guard case .unreachable? = error as? ArchiveError else { return XCTFail("not unreachable: \(error)") }
        }
        var probingNowhere = nowhere
        probingNowhere.discovery = .probeOnly
        XCTAssertThrowsError(try probingNowhere.remoteEpochs()) {
            XCTAssertEqual($0 as? ArchiveError, .noInboxAtURL(server.baseURL + "/no-such-list"))
        }

        // The server goes away after the first sync: the next one says so, the mirror stays.
        let local = Fixtures.temporaryDirectory("mirror").path
        let mirror = LoreMirror(url: server.url, directory: local)
        let tip = try mirror.sync()[0].after
        try server.deliver([email(2)])
        server.stop()
        XCTAssertThrowsError(try mirror.sync()) { error in
            guard case .unreachable? = error as? ArchiveError else { return XCTFail("not unreachable: \(error)") }
        }
        XCTAssertEqual(try Inbox.open(local).tips(), [0: tip!])
    }

    func testAKilledCloneLeavesNothingBehind() throws {
        try server.deliver([email(1)])
        try server.start()
        let local = Fixtures.temporaryDirectory("mirror").path
        // What a clone killed before its rename leaves: a half-made repository under a temporary name.
        let partial = local + "/git/0.git\(LoreMirror.partialMarker)4242"
        try FileManager.default.createDirectory(atPath: partial + "/objects", withIntermediateDirectories: true)
        XCTAssertThrowsError(try Inbox.open(local))
        _ = try LoreMirror(url: server.url, directory: local).sync()
        XCTAssertFalse(FileManager.default.fileExists(atPath: partial))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: local + "/git"), ["0.git"])
        XCTAssertEqual(try Inbox.open(local).tips(), [0: try serverTip(0)])
    }

    private func fetch(_ url: String) throws -> [UInt8]? {
        let path = Fixtures.temporaryDirectory("download").appendingPathComponent("file").path
        // git's own HTTP client is not for plain files; python3 is an install-deps tool already.
        let result = try Fixtures.run("/usr/bin/env", ["python3", "-c",
            "import sys, urllib.request; open(sys.argv[2], 'wb').write(urllib.request.urlopen(sys.argv[1]).read())", url, path])
        guard result.status == 0 else { return nil }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
