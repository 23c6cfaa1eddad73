import Foundation
import TestSupport
import XCTest

/// An archive whose repository is damaged: each unreadable message is skipped with what is wrong
/// with it (missing, corrupt, truncated; its blob or its tree), and the run goes on to the next.
final class DamagedArchiveTests: XCTestCase {
    /// Three patches; the second one's objects are the ones damaged. Bodies of 2 KB, so that a
    /// damage in the middle of the compressed object lies past git's header line.
    private func inbox() throws -> (dir: URL, gitDir: String) {
        let body = (0..<40).map { "line \($0) of a patch that says something different on each line\n" }.joined()
        let dir = try Fixtures.inbox((1...3).map {
            Fixtures.email(subject: "[PATCH] KVM: change \($0)", id: "p\($0)@example.com", body: body)
        })
        return (dir, dir.path + "/git/0.git")
    }

    private func git(_ gitDir: String, _ args: [String]) throws -> String {
        let r = try Fixtures.git(["--git-dir=\(gitDir)"] + args)
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The loose object file of `rev`, writable.
    private func looseObject(_ gitDir: String, _ rev: String) throws -> String {
        let oid = try git(gitDir, ["rev-parse", rev])
        let path = "\(gitDir)/objects/\(oid.prefix(2))/\(oid.dropFirst(2))"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        return path
    }

    private func overwrite(_ path: String, at offset: Int, count: Int) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for i in offset..<(offset + count) { bytes[i] ^= 0xFF }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Damages the second message with `damage`, then reports: exit 0, two messages counted, the
    /// second skipped with a reason that holds `expected`. Returns the reason.
    @discardableResult
    private func assertSkipped(_ expected: String, file: StaticString = #filePath, line: UInt = #line,
                               damage: (_ gitDir: String, _ commit: String) throws -> Void) throws -> String {
        let (dir, gitDir) = try inbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        let commit = try git(gitDir, ["rev-list", "--reverse", "master"]).split(separator: "\n").map(String.init)[1]
        try damage(gitDir, commit)
        let r = try Fixtures.runAsAShellWould(Fixtures.binary, ["report", dir.path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr, "", file: file, line: line)
        let json = try XCTUnwrap(try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stdout,
                                 file: file, line: line)
        XCTAssertEqual(json["messages"] as? Int, 2, file: file, line: line)
        XCTAssertEqual(json["patches"] as? Int, 2, file: file, line: line)
        let skipped = try XCTUnwrap(json["skipped"] as? [[String: Any]], file: file, line: line)
        XCTAssertEqual(skipped.count, 1, file: file, line: line)
        XCTAssertEqual(skipped.first?["commit"] as? String, commit, file: file, line: line)
        let reason = skipped.first?["reason"] as? String ?? ""
        XCTAssertTrue(reason.contains(expected), reason, file: file, line: line)
        XCTAssertFalse(reason.contains("holds no message file"), reason, file: file, line: line)
        return reason
    }

    /// git dies in the middle of the object (after its header line): the next git goes on.
    func testACorruptBlobIsSkippedAndTheRunGoesOn() throws {
        let reason = try assertSkipped("is corrupt: inflate: data stream error") { gitDir, commit in
            let path = try self.looseObject(gitDir, commit + ":m")
            let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            try self.overwrite(path, at: size / 2, count: 8)
        }
        XCTAssertTrue(reason.hasPrefix("message blob "), reason)
    }

    /// git cannot even read the object's header: it answers "missing", and says why on stderr.
    func testABlobWithACorruptHeaderIsCorruptNotMissing() throws {
        try assertSkipped("is corrupt: ") { gitDir, commit in
            try self.overwrite(try self.looseObject(gitDir, commit + ":m"), at: 2, count: 8)
        }
    }

    func testATruncatedBlobIsSkippedAsTruncated() throws {
        try assertSkipped("is truncated: git gave 0 of ") { gitDir, commit in
            let path = try self.looseObject(gitDir, commit + ":m")
            let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
            let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            try handle.truncate(atOffset: UInt64(size / 2))
            try handle.close()
        }
    }

    func testAMissingBlobIsSkippedAsMissing() throws {
        var blob = ""
        let reason = try assertSkipped("is missing from the repository") { gitDir, commit in
            blob = try self.git(gitDir, ["rev-parse", commit + ":m"])
            try FileManager.default.removeItem(atPath: try self.looseObject(gitDir, commit + ":m"))
        }
        XCTAssertEqual(reason, "message blob \(blob) is missing from the repository")
    }

    func testAMissingTreeIsSkippedAsAMissingTree() throws {
        var tree = ""
        let reason = try assertSkipped("is missing from the repository") { gitDir, commit in
            tree = try self.git(gitDir, ["rev-parse", commit + "^{tree}"])
            try FileManager.default.removeItem(atPath: try self.looseObject(gitDir, commit + "^{tree}"))
        }
        XCTAssertEqual(reason, "tree \(tree) is missing from the repository")
    }

    /// git dies resolving `commit:m`, before naming any object: its words name the tree.
    func testACorruptTreeIsSkippedWithGitsWords() throws {
        var tree = ""
        let reason = try assertSkipped("is corrupt") { gitDir, commit in
            tree = try self.git(gitDir, ["rev-parse", commit + "^{tree}"])
            try self.overwrite(try self.looseObject(gitDir, commit + "^{tree}"), at: 2, count: 8)
        }
        XCTAssertTrue(reason.contains(tree), reason)
    }

    /// A missing blob is told from a commit that has no message file at all (public-inbox never
    /// writes one, but its reason stays what it was).
    func testAMissingBlobIsToldFromACommitWithoutAMessageFile() throws {
        let (dir, gitDir) = try inbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        let second = try git(gitDir, ["rev-list", "--reverse", "master"]).split(separator: "\n").map(String.init)[1]
        let blob = try git(gitDir, ["rev-parse", second + ":m"])
        try FileManager.default.removeItem(atPath: try looseObject(gitDir, blob))
        let empty = try git(gitDir, ["mktree"])
        let head = try git(gitDir, ["rev-parse", "master"])
        let commit = try Fixtures.run("/usr/bin/env", ["git", "--git-dir=\(gitDir)", "commit-tree", empty, "-p", head, "-m", "x"],
                                      environment: ["GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.com",
                                                    "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.com"])
        XCTAssertEqual(commit.status, 0, commit.stderr)
        _ = try git(gitDir, ["update-ref", "refs/heads/master", commit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        let r = try Fixtures.patchdigest(["messages", dir.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let reasons = r.stdout.split(separator: "\n").compactMap { line -> String? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["reason"] as? String
        }
        XCTAssertEqual(reasons, ["message blob \(blob) is missing from the repository", "commit holds no message file"])
    }

    /// git dies on a corrupt object while thousands of names are still to be written to it: the
    /// write fails (no SIGPIPE), the object is skipped, a new git reads the rest.
    func testGitDyingWithNamesUnreadKillsNothing() throws {
        let root = Fixtures.temporaryDirectory("damaged")
        defer { try? FileManager.default.removeItem(at: root) }
        let gitDir = root.path + "/git/0.git"
        XCTAssertEqual(try Fixtures.git(["init", "-q", "--bare", gitDir]).status, 0)
        // The first message alone in its own loose object; the 3000 after it share one blob.
        let first = root.appendingPathComponent("first.eml")
        let body = (0..<40).map { "line \($0) of the first message, different on each line\n" }.joined()
        try Data(Fixtures.email(subject: "[PATCH] first", id: "first@example.com", body: body).utf8).write(to: first)
        let blob = try git(gitDir, ["hash-object", "-w", first.path])
        let note = Fixtures.email(subject: "a note", id: "note@example.com", body: "hello\n")
        var stream = "blob\nmark :1\ndata \(note.utf8.count)\n\(note)\n"
        for i in 0..<3001 {
            stream += "commit refs/heads/master\ncommitter C <c@example.com> \(1_700_000_000 + i) +0000\ndata 1\nm\n"
            stream += i == 0 ? "M 100644 \(blob) m\n\n" : "M 100644 :1 m\n\n"
        }
        let streamFile = root.appendingPathComponent("stream").path
        try Data(stream.utf8).write(to: URL(fileURLWithPath: streamFile))
        let imported = try Fixtures.run("/bin/sh", ["-c", "git --git-dir='\(gitDir)' fast-import --quiet < '\(streamFile)'"])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let path = try looseObject(gitDir, blob)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        try overwrite(path, at: size / 2, count: 8)

        let r = try Fixtures.runAsAShellWould(Fixtures.binary, ["report", root.path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stderr)
        // The 3000 commits after the first hold one message: read every one, counted once.
        XCTAssertEqual(json["messages"] as? Int, 1)
        XCTAssertEqual(json["duplicates"] as? Int, 2999)
        XCTAssertEqual(json["notes"] as? [String], ["2999 messages were archived twice under one Message-ID; each is counted once"])
        let skipped = try XCTUnwrap(json["skipped"] as? [[String: Any]])
        XCTAssertEqual(skipped.count, 1)
        XCTAssertTrue((skipped.first?["reason"] as? String ?? "").hasPrefix("message blob \(blob) is corrupt: "), "\(skipped)")
    }
}
