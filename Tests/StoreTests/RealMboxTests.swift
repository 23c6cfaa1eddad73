import Foundation
import TestSupport
import XCTest

/// The real kvmarm archive (../shared/corpus/kvmarm.bundle) written out as one mboxrd file, as
/// `lei q -o mboxrd:` would, and followed as a list: its digest must count what the digest of
/// the git archive counts. Skipped with a message when the bundle is not beside the project.
final class RealMboxTests: XCTestCase {
    /// Every message of the archive, oldest first, each after a From line dated with its commit
    /// time; lines matching `^>*From ` get one more `>` (mboxrd).
    private static let writer = """
        import re, subprocess, sys, time
        git, out = sys.argv[1], sys.argv[2]
        log = subprocess.run(["git", "--git-dir", git, "log", "--reverse", "--format=%H %ct"],
                             check=True, capture_output=True, text=True).stdout.split()
        commits = list(zip(log[0::2], log[1::2]))
        # The requests from a file, not a pipe: written all at once into a pipe, they would wait
        # for git, which waits for its answers to be read.
        with open(out + ".requests", "w") as requests:
            requests.write("".join(f"{c}:m\\n" for c, _ in commits))
        batch = subprocess.Popen(["git", "--git-dir", git, "cat-file", "--batch"],
                                 stdin=open(out + ".requests"), stdout=subprocess.PIPE)
        quote = re.compile(rb"^(>*From )", re.MULTILINE)
        with open(out, "wb") as f:
            for commit, seconds in commits:
                header = batch.stdout.readline().split()
                if header[-1] == b"missing":
                    continue
                body = batch.stdout.read(int(header[2]))
                batch.stdout.read(1)
                stamp = time.strftime("%a %b %e %H:%M:%S %Y", time.gmtime(int(seconds)))
                f.write(b"From mboxrd@z " + stamp.encode() + b"\\n")
                f.write(quote.sub(rb">\\1", body))
                f.write(b"\\n" if body.endswith(b"\\n") else b"\\n\\n")
        """

    func testTheWholeArchiveAsAnMboxCountsAsTheArchive() throws {
        guard let git = Fixtures.kvmarm else {
            throw XCTSkip("../shared/corpus/kvmarm.bundle is not beside the project: real-data test skipped")
        }
        let box = Sandbox()
        let mbox = box.root.appendingPathComponent("kvmarm.mbox").path
        let written = try Fixtures.run("/usr/bin/env", ["python3", "-c", Self.writer, git, mbox])
        XCTAssertEqual(written.status, 0, written.stderr)
        defer { for path in [mbox, mbox + ".requests"] { try? FileManager.default.removeItem(atPath: path) } }

        let fromGit = try json(try Fixtures.patchdigest(["report", git, "--name", "kvmarm", "--format", "json"]))
        XCTAssertEqual(try box.run(["add", "kvmarm", mbox]).status, 0)
        let fromMbox = try box.updateJSON(["--since", "1970-01-02"])

        for key in ["messages", "patches", "replies", "otherMessages"] {
            XCTAssertEqual(fromMbox[key] as? Int, fromGit[key] as? Int, key)
        }
        XCTAssertGreaterThan(fromGit["patches"] as? Int ?? 0, 9000)
        XCTAssertEqual((fromMbox["skipped"] as? [Any])?.count, (fromGit["skipped"] as? [Any])?.count)
        XCTAssertEqual(counts(fromMbox["contributors"], key: "email"), counts(fromGit["contributors"], key: "email"))
        XCTAssertEqual(counts(fromMbox["domains"], key: "domain"), counts(fromGit["domains"], key: "domain"))
        XCTAssertEqual(messageIDs(fromMbox), messageIDs(fromGit))
        XCTAssertEqual((fromMbox["pullRequests"] as? [Any])?.count, (fromGit["pullRequests"] as? [Any])?.count)
    }

    private func json(_ r: Fixtures.Result) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    private func counts(_ list: Any?, key: String) -> [String: Int] {
        var result: [String: Int] = [:]
        for item in list as? [[String: Any]] ?? [] {
            result[item[key] as? String ?? "", default: 0] += item["count"] as? Int ?? 0
        }
        return result
    }

    /// The Message-IDs of every series' patch emails.
    private func messageIDs(_ report: [String: Any]) -> Set<String> {
        Set((report["series"] as? [[String: Any]] ?? []).flatMap { $0["messageIds"] as? [String] ?? [] })
    }
}
