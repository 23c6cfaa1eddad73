@testable import Archive
import Foundation
import XCTest

/// Children that stop reading their input early: the write fails, the library says so, and the
/// program using it goes on (no SIGPIPE, no trap in a non-throwing write).
final class ChildProcessTests: XCTestCase {
    /// gzip exits at the bad header of a "manifest.js.gz" that is not gzip, with megabytes unread.
    func testAManifestThatIsNotGzipIsNoManifest() {
        var bytes: [UInt8] = [0x1F, 0x8B, 0xFF]
        bytes += [UInt8](repeating: 0x41, count: 4 << 20)
        XCTAssertNil(Manifest.parse(bytes, listPath: "/kvm"))
    }

    /// git that dies before reading its input: an error with git's reason, not a signal.
    func testGitThatStopsReadingItsInputIsAnError() throws {
        let git = GitCommand(gitDir: "/nonexistent/repository.git")
        let input = [UInt8](repeating: 0x0A, count: 4 << 20)
        XCTAssertThrowsError(try git.run(["cat-file", "--batch-check"], input: input)) { error in
            guard case ArchiveError.gitFailed(let command, let message)? = error as? ArchiveError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(command, "cat-file")
            XCTAssertTrue(message.contains("not a git repository"), message)
        }
    }

    /// A child's end in the words messages use.
    func testAnExitStatusAndASignalAreSaid() throws {
        let failed = try ChildProcess("/bin/sh", ["-c", "exit 3"], stdout: .null, stderr: .null)
        XCTAssertEqual(failed.wait().describe("sh"), "sh exited with status 3")
        let killed = try ChildProcess("/bin/sh", ["-c", "kill -9 $$"], stdout: .null, stderr: .null)
        XCTAssertEqual(killed.wait().describe("sh"), "sh was killed by signal 9")
        XCTAssertFalse(killed.wait().succeeded)
    }

    /// A child that exits without reading its input: the write fails (EPIPE), nothing is killed.
    func testFeedingAChildThatStoppedReadingFailsTheWrite() throws {
        let child = try ChildProcess("/bin/sh", ["-c", "exit 0"], stdin: .pipe, stdout: .null, stderr: .null)
        XCTAssertTrue(child.wait().succeeded)
        XCTAssertEqual(child.feed([UInt8](repeating: 0x41, count: 4 << 20)).wait(), EPIPE)
    }
}
