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
}
