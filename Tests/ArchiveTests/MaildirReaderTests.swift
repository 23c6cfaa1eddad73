import Archive
import Foundation
import TestSupport
import XCTest

final class MaildirReaderTests: XCTestCase {
    private func maildir() throws -> URL {
        let dir = Fixtures.temporaryDirectory("maildir")
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        return dir
    }

    @discardableResult
    private func put(_ dir: URL, _ relative: String, id: String, mtime: Int? = nil) throws -> String {
        let email = Fixtures.email(subject: "about \(id)", id: id, body: "body of \(id)\n")
        let url = dir.appendingPathComponent(relative)
        try Data(email.utf8).write(to: url)
        if let mtime {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: TimeInterval(mtime))],
                                                  ofItemAtPath: url.path)
        }
        return email
    }

    func testOrderIsDeliveryTimeThenNameAcrossCurAndNew() throws {
        let dir = try maildir()
        try put(dir, "cur/1700000300.M3P3.host:2,S", id: "c@example.com")
        let first = try put(dir, "new/1700000100.M1P1.host", id: "a@example.com")
        try put(dir, "cur/1700000200.M2P2.host:2,", id: "b@example.com")
        // Numeric, not textual: a nine-digit time is older than a ten-digit one.
        try put(dir, "new/999999999.M0P0.host", id: "oldest@example.com")
        // Same second: by name.
        try put(dir, "cur/1700000200.M1P9.host:2,", id: "b0@example.com")
        // lei names files by blob hash: no time in the name, the file's mtime orders it.
        try put(dir, "cur/3f6a1c0de2b4a5e6f708192a3b4c5d6e7f801234:2,S", id: "hashed@example.com", mtime: 1_700_000_150)

        let (messages, others) = try Sources.collect { try MaildirReader.stream(path: dir.path, $0) }
        XCTAssertTrue(others.isEmpty)
        XCTAssertEqual(messages.map { Sources.messageID($0.bytes) },
                       ["oldest@example.com", "a@example.com", "hashed@example.com", "b0@example.com", "b@example.com", "c@example.com"])
        XCTAssertEqual(messages.map(\.position), Array(0..<6))
        XCTAssertEqual(messages.map(\.commitTime), [999_999_999, 1_700_000_100, 1_700_000_150, 1_700_000_200, 1_700_000_200, 1_700_000_300])
        XCTAssertEqual(messages[1].commit, "maildir:new/1700000100.M1P1.host")
        XCTAssertEqual(messages[2].commit, "maildir:cur/3f6a1c0de2b4a5e6f708192a3b4c5d6e7f801234:2,S")
        XCTAssertEqual(messages[1].bytes, Array(first.utf8))
    }

    func testTmpDotfilesAndSubdirectoriesAreIgnored() throws {
        let dir = try maildir()
        try put(dir, "new/1700000100.M1P1.host", id: "kept@example.com")
        try put(dir, "tmp/1700000000.M0P0.host", id: "unfinished@example.com")
        try put(dir, "cur/.hidden", id: "hidden@example.com")
        try put(dir, "new/.1700000050.M5P5.host", id: "dotted@example.com")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("cur/1700000001.subdir"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("cur/1700000002.link").path,
                                                   withDestinationPath: "/etc/hostname")
        let (messages, others) = try Sources.collect { try MaildirReader.stream(path: dir.path, $0) }
        XCTAssertEqual(messages.map { Sources.messageID($0.bytes) }, ["kept@example.com"])
        XCTAssertTrue(others.isEmpty)
    }

    func testAnEmptyMaildirHasNoMessagesAndBadPathsAreErrors() throws {
        let dir = try maildir()
        XCTAssertTrue(try Sources.collect { try MaildirReader.stream(path: dir.path, $0) }.messages.isEmpty)
        let plain = Fixtures.temporaryDirectory().path
        XCTAssertThrowsError(try MaildirReader.stream(path: plain) { _ in }) {
            XCTAssertEqual($0 as? ArchiveError, .unknownSource(plain))
        }
        XCTAssertThrowsError(try MaildirReader.stream(path: plain + "/missing") { _ in }) {
            XCTAssertEqual($0 as? ArchiveError, .noSuchSource(plain + "/missing"))
        }
    }

    func testUnreadableFileIsACountedSkip() throws {
        guard getuid() != 0 else {
            // root reads any file: make the file unreadable another way, a FIFO is not regular.
            let dir = try maildir()
            try put(dir, "new/1700000100.M1P1.host", id: "kept@example.com")
            XCTAssertEqual(mkfifo(dir.appendingPathComponent("new/1700000200.M2P2.host").path, 0o644), 0)
            let (messages, others) = try Sources.collect { try MaildirReader.stream(path: dir.path, $0) }
            // Not a regular file: not a message at all.
            XCTAssertEqual(messages.count, 1)
            XCTAssertTrue(others.isEmpty)
            return
        }
        let dir = try maildir()
        try put(dir, "new/1700000100.M1P1.host", id: "kept@example.com")
        let locked = try put(dir, "new/1700000200.M2P2.host", id: "locked@example.com")
        XCTAssertFalse(locked.isEmpty)
        chmod(dir.appendingPathComponent("new/1700000200.M2P2.host").path, 0)
        let (messages, others) = try Sources.collect { try MaildirReader.stream(path: dir.path, $0) }
        XCTAssertEqual(messages.count, 1)
        XCTAssertEqual(others.map(\.commit), ["maildir:new/1700000200.M2P2.host"])
    }
}
