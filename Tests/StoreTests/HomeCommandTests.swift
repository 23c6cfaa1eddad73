import Foundation
import TestSupport
import XCTest

/// The data directory as the commands meet it: missing, named empty, and left with a mirror a
/// killed `remove` had moved aside.
final class HomeCommandTests: XCTestCase {
    func testReadingCommandsOnAMissingHomeSaySoAndCreateNothing() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        for arguments in [["lists"], ["history"], ["history", "kvm"], ["show", "kvm"], ["feed", "kvm"]] {
            let r = try box.run(arguments)
            XCTAssertEqual(r.status, 1, "\(arguments)")
            XCTAssertEqual(r.stdout, "", "\(arguments)")
            XCTAssertEqual(r.stderr, "patchdigest: no patchdigest home at \(box.home): nothing is followed yet (patchdigest add NAME SOURCE)\n")
            XCTAssertFalse(FileManager.default.fileExists(atPath: box.home), "\(arguments) created the home")
        }
    }

    func testAnEmptyHomeIsAUsageError() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        for command in [["lists"], ["history"], ["show", "kvm"], ["feed", "kvm"], ["update"], ["remove", "kvm"], ["add", "kvm", box.root.path]] {
            let r = try box.run(command + ["--home", ""])
            XCTAssertEqual(r.status, 64, "\(command): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("Error: --home must name a directory\n"), r.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: box.home))
    }

    /// `remove` moves a mirror aside, forgets the list, then deletes the aside: killed before
    /// the deletion, the aside is deleted by the next command that takes the lock.
    func testAMirrorAKilledRemoveLeftAsideIsDeletedByTheNextUpdate() throws {
        let box = Sandbox()
        defer { try? FileManager.default.removeItem(at: box.root) }
        let mbox = box.root.appendingPathComponent("kvm.mbox")
        try Data(mboxrd(Mail.series("KVM: x", slug: "x")).utf8).write(to: mbox)
        XCTAssertEqual(try box.run(["add", "kvm", mbox.path]).status, 0)
        let mirrors = box.home + "/mirrors"
        for path in [mirrors + "/.removed-lkml-4242/git/0.git/objects", mirrors + "/kvm/git/0.git/objects"] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Data("pack".utf8).write(to: URL(fileURLWithPath: path + "/pack"))
        }
        XCTAssertEqual(try box.run(["lists"]).status, 0)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mirrors).sorted(), [".removed-lkml-4242", "kvm"],
                       "a command that does not take the lock leaves it")
        _ = try box.update(["--since", "2000-01-01"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mirrors), ["kvm"])
    }
}
