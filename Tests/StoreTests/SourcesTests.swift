import Archive
import Digest
import Foundation
import Store
import TestSupport
import XCTest

/// The two shapes of source beside a local inbox, through the library: a mirror brought up to
/// date before each update (as lore lists are), and a source read whole each time (mbox, Maildir).
final class SourcesTests: XCTestCase {
    private func updater(_ store: StateStore, since: Int64 = 0) -> Updater {
        Updater(store: store, identity: Identity(), firstSince: since, progress: ProgressLine(enabled: false), now: 1_763_400_000)
    }

    private func titles(_ update: ListUpdate) -> [String] { update.report?.series.map(\.title) ?? [] }

    /// `git clone --mirror` each epoch the first time, `git fetch` it afterwards.
    private func sync(_ upstream: URL, into mirror: String) throws {
        let epochs = try FileManager.default.contentsOfDirectory(atPath: upstream.path + "/git").sorted()
        for name in epochs {
            let target = "\(mirror)/git/\(name)"
            let r = FileManager.default.fileExists(atPath: target)
                ? try Fixtures.git(["--git-dir=\(target)", "fetch", "-q", "--prune"])
                : try Fixtures.git(["clone", "-q", "--mirror", "\(upstream.path)/git/\(name)", target])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
    }

    func testAURLIsAURLWhateverTheCaseOfItsScheme() throws {
        XCTAssertEqual(try ListSource.classify("HTTPS://EXAMPLE"), ListSource(kind: .lore, location: "https://EXAMPLE"))
        XCTAssertEqual(try ListSource.classify("Https://lore.example.org/kvm/"),
                       ListSource(kind: .lore, location: "https://lore.example.org/kvm"))
    }

    func testAMirrorIsSyncedThenFollowedEpochByEpoch() throws {
        let upstream = Sandbox()
        try upstream.setEpoch(0, Mail.series("KVM: one", slug: "one"))
        let store = try StateStore(home: Home(path: upstream.home))
        let list = try store.add(name: "kvm", source: ListSource(kind: .lore, location: "https://lore.example/kvm"), now: 0)
        let mirror = upstream.root.appendingPathComponent("mirror").path
        let source = MirroredSource(directory: mirror) { try self.sync(upstream.inbox, into: mirror) }

        XCTAssertEqual(titles(try updater(store).update(list, source: source)), ["KVM: one"])
        try upstream.append(Mail.series("KVM: two", slug: "two"))
        try upstream.setEpoch(1, Mail.series("KVM: three", slug: "three"))
        let second = try updater(store).update(list, source: source)
        XCTAssertEqual(titles(second), ["KVM: two", "KVM: three"])
        XCTAssertEqual(second.report?.messages, 6)
        XCTAssertEqual(try store.cursors(of: list).map(\.epoch), [0, 1])
        XCTAssertNil(try updater(store).update(list, source: source).report)
    }

    func testASourceReadWholeGivesOnlyWhatIsNew() throws {
        let box = Sandbox()
        try box.setEpoch(0, Mail.series("KVM: early", slug: "early", day: 10) + Mail.series("KVM: recent", slug: "recent", day: 17))
        let store = try StateStore(home: Home(path: box.home))
        let list = try store.add(name: "mbox", source: ListSource(kind: .mbox, location: "/dev/null"), now: 0)
        // Stands in for MboxReader.stream(path:_:): every message, each time.
        let source = WholeSource { body in
            let inbox = try Inbox.open(box.inbox.path)
            try inbox.stream(try inbox.resolveRange(from: nil, to: nil), body)
        }
        let since = try XCTUnwrap(DateText.parse("2025-11-15", now: 0))
        let first = try updater(store, since: since).update(list, source: source)
        XCTAssertEqual(titles(first), ["KVM: recent"])
        XCTAssertEqual(first.report?.since, "2025-11-15")

        try box.append(Mail.series("KVM: newer", slug: "newer", day: 18))
        let second = try updater(store, since: since).update(list, source: source)
        // "early" was never digested (before --since) and is not now: only what arrived is.
        XCTAssertEqual(titles(second), ["KVM: newer"])
        XCTAssertEqual(second.report?.messages, 3)
        XCTAssertNil(try updater(store, since: since).update(list, source: source).report)
    }
}
