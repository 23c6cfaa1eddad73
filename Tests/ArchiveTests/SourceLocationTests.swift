import Archive
import Foundation
import TestSupport
import XCTest

final class SourceLocationTests: XCTestCase {
    private let emails = [Fixtures.email(subject: "one", id: "1@example.com", body: "one\n")]

    func testURLsAreLoreMirrors() throws {
        XCTAssertEqual(try SourceLocation.detect("https://lore.kernel.org/kvm/"), .lore(url: "https://lore.kernel.org/kvm"))
        XCTAssertEqual(try SourceLocation.detect("http://127.0.0.1:8080/list"), .lore(url: "http://127.0.0.1:8080/list"))
        XCTAssertEqual(try SourceLocation.detect("HTTPS://lore.kernel.org/all"), .lore(url: "https://lore.kernel.org/all"))
        XCTAssertEqual(try SourceLocation.detect("HtTp://EXAMPLE/kvm/"), .lore(url: "http://EXAMPLE/kvm"))
        for other in ["ftp://example.org/list", "git://example.org/list", "imaps://example.org/INBOX"] {
            XCTAssertThrowsError(try SourceLocation.detect(other)) { XCTAssertEqual($0 as? ArchiveError, .unknownSource(other)) }
        }
    }

    func testAnUpperCaseSchemeIsMirroredAsAURL() throws {
        // Nothing listens on the port: the mirror goes to the network (and finds no server)
        // instead of refusing the scheme.
        let port = try PublicInboxServer.freePort()
        let mirror = LoreMirror(url: "HTTP://127.0.0.1:\(port)/kvm", directory: Fixtures.temporaryDirectory("mirror").path)
        defer { try? FileManager.default.removeItem(atPath: mirror.directory) }
        XCTAssertEqual(mirror.url, "http://127.0.0.1:\(port)/kvm")
        XCTAssertThrowsError(try mirror.remoteEpochs()) { error in
            guard case .unreachable? = error as? ArchiveError else { return XCTFail("not unreachable: \(error)") }
        }
    }

    func testDirectoriesAreMaildirsOrInboxes() throws {
        let maildir = Fixtures.temporaryDirectory("maildir")
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        XCTAssertEqual(try SourceLocation.detect(maildir.path), .maildir(path: maildir.path))
        // cur/ and new/ suffice; lei leaves tmp/ too but older tools may not.
        try FileManager.default.removeItem(at: maildir.appendingPathComponent("tmp"))
        XCTAssertEqual(try SourceLocation.detect(maildir.path + "/"), .maildir(path: maildir.path))

        let v2 = try Fixtures.inbox(emails)
        XCTAssertEqual(try SourceLocation.detect(v2.path), .inbox(path: v2.path))
        XCTAssertEqual(try SourceLocation.detect(v2.path + "/git/0.git"), .inbox(path: v2.path + "/git/0.git"))
        let v1 = try Fixtures.inbox(emails, options: ["--v1"])
        XCTAssertEqual(try SourceLocation.detect(v1.path), .inbox(path: v1.path))

        let empty = Fixtures.temporaryDirectory().path
        XCTAssertThrowsError(try SourceLocation.detect(empty)) { XCTAssertEqual($0 as? ArchiveError, .unknownSource(empty)) }
    }

    func testFilesAreMboxesAndPathsBecomeAbsolute() throws {
        let dir = Fixtures.temporaryDirectory("mboxes")
        let file = dir.appendingPathComponent("list.mbox")
        try Data("From x Thu Jan  1 00:00:00 1970\n\n".utf8).write(to: file)
        XCTAssertEqual(try SourceLocation.detect(file.path), .mbox(path: file.path))
        // Relative to the current directory: stored absolute, so cron finds it from anywhere.
        let previous = FileManager.default.currentDirectoryPath
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(dir.path))
        guard case .mbox(let path) = try SourceLocation.detect("./list.mbox") else { return XCTFail("not an mbox") }
        XCTAssertTrue(path.hasPrefix("/"))
        XCTAssertEqual(URL(fileURLWithPath: path).resolvingSymlinksInPath(), file.resolvingSymlinksInPath())
    }

    func testMissingAndSpecialPathsAreClearErrors() throws {
        let missing = Fixtures.temporaryDirectory().path + "/nothing-here"
        XCTAssertThrowsError(try SourceLocation.detect(missing)) {
            XCTAssertEqual($0 as? ArchiveError, .noSuchSource(missing))
            XCTAssertEqual(String(describing: $0), "\(missing): no such file or directory")
        }
        XCTAssertThrowsError(try SourceLocation.detect("")) { XCTAssertEqual($0 as? ArchiveError, .noSuchSource("")) }
        XCTAssertThrowsError(try SourceLocation.detect("/dev/null")) { XCTAssertEqual($0 as? ArchiveError, .unknownSource("/dev/null")) }
    }

    func testLocationsRoundTripThroughJSON() throws {
        let all: [SourceLocation] = [.inbox(path: "/a"), .lore(url: "https://lore.kernel.org/kvm"), .mbox(path: "/b.mbox"),
                                     .maildir(path: "/c")]
        let data = try JSONEncoder().encode(all)
        XCTAssertEqual(try JSONDecoder().decode([SourceLocation].self, from: data), all)
        XCTAssertEqual(all.map(\.summary), ["public-inbox /a", "lore https://lore.kernel.org/kvm", "mbox /b.mbox", "maildir /c"])
    }
}
