import Foundation
import TestSupport
import XCTest

/// `--sendmail` with a real program on the other end of the pipe: a script the test writes
/// that keeps its arguments and standard input.
final class SendmailTests: XCTestCase {
    /// A fake sendmail: writes its arguments to ARGS and its input to MAIL, exits with STATUS.
    private func fakeSendmail(status: Int = 0, readsInput: Bool = true) throws -> (dir: URL, args: String, mail: String) {
        let dir = Fixtures.temporaryDirectory("sendmail")
        let args = dir.appendingPathComponent("args").path, mail = dir.appendingPathComponent("mail").path
        let script = dir.appendingPathComponent("sendmail")
        try Data("""
            #!/bin/sh
            printf '%s\\n' "$@" > '\(args)'
            \(readsInput ? "cat > '\(mail)'" : ": > '\(mail)'")
            exit \(status)

            """.utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (dir, args, mail)
    }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func testPipesTheEmailToSendmailOnPath() throws {
        let fake = try fakeSendmail()
        let r = try Fixtures.patchdigest(["report", try Sample.inbox.get(), "--name", "kvmarm", "--sendmail"] + Sample.mailOptions,
                                         environment: ["PATH": fake.dir.path + ":/usr/bin:/bin", "PATCHDIGEST_SENDMAIL": ""])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "", "the message goes to sendmail, not stdout")
        XCTAssertEqual(try read(fake.args), "-t\n-i\n")
        XCTAssertEqual(try read(fake.mail), try Sample.report(["--format", "email"] + Sample.mailOptions))
    }

    func testRunsTheCommandInPATCHDIGEST_SENDMAIL() throws {
        let fake = try fakeSendmail()
        let command = "'\(fake.dir.appendingPathComponent("sendmail").path)' -t --read-envelope-from"
        let r = try Fixtures.patchdigest(["report", try Sample.inbox.get(), "--name", "kvmarm", "--format", "email", "--sendmail"] + Sample.mailOptions,
                                         environment: ["PATCHDIGEST_SENDMAIL": command])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try read(fake.args), "-t\n--read-envelope-from\n")
        let mail = try read(fake.mail)
        XCTAssertTrue(mail.hasPrefix("From: patchdigest <digest@example.org>\nTo: KVM ARM list <kvmarm@lists.example.org>\n"))
        XCTAssertTrue(mail.hasSuffix("--=_patchdigest_alternative--\n"))
    }

    func testAFailingSendmailIsOneLineAndExitOne() throws {
        for readsInput in [true, false] {
            let fake = try fakeSendmail(status: 75, readsInput: readsInput)
            let r = try Fixtures.patchdigest(["report", try Sample.inbox.get(), "--name", "kvmarm", "--sendmail"] + Sample.mailOptions,
                                             environment: ["PATCHDIGEST_SENDMAIL": fake.dir.appendingPathComponent("sendmail").path])
            XCTAssertEqual(r.status, 1)
            XCTAssertEqual(r.stderr, "patchdigest: --sendmail: $PATCHDIGEST_SENDMAIL exited with status 75\n")
        }
    }

    func testNoSendmailAnywhere() throws {
        guard !["/usr/sbin/sendmail", "/usr/lib/sendmail", "/sbin/sendmail"].contains(where: FileManager.default.fileExists) else {
            throw XCTSkip("this machine has a sendmail in /usr/sbin, /usr/lib or /sbin")
        }
        let empty = Fixtures.temporaryDirectory("nopath")
        let r = try Fixtures.patchdigest(["report", try Sample.inbox.get(), "--name", "kvmarm", "--sendmail"] + Sample.mailOptions,
                                         environment: ["PATH": empty.path, "PATCHDIGEST_SENDMAIL": ""])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("patchdigest: --sendmail: no sendmail found"), r.stderr)
        XCTAssertEqual(r.stderr.filter { $0 == "\n" }.count, 1)
    }

    func testSendmailOnlySendsTheEmailFormat() throws {
        let r = try Fixtures.patchdigest(["report", try Sample.inbox.get(), "--name", "kvmarm", "--sendmail", "--format", "json"] + Sample.mailOptions)
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--sendmail sends the email format"), r.stderr)
    }
}
