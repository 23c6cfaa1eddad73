import Foundation
import GRDB
import TestSupport
import XCTest

/// A home and an inbox that grows between updates, as a list does from day to day.
///
/// Epochs are built with scripts/make-inbox, which is deterministic: rebuilding an epoch from the
/// same emails plus new ones extends the same history (the old commits keep their hashes), just
/// as public-inbox appends to a list's archive.
final class Sandbox {
    let root = Fixtures.temporaryDirectory("store")
    var home: String { root.appendingPathComponent("home").path }
    var inbox: URL { root.appendingPathComponent("inbox") }
    private(set) var epochs: [Int: [String]] = [:]

    /// Sets epoch `n` to hold `emails`, replacing what it held.
    func setEpoch(_ n: Int, _ emails: [String]) throws {
        let built = try Fixtures.inbox(emails)
        defer { try? FileManager.default.removeItem(at: built) }
        let target = inbox.appendingPathComponent("git/\(n).git")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: built.appendingPathComponent("git/0.git"), to: target)
        epochs[n] = emails
    }

    /// Appends emails to epoch `n`.
    func append(_ emails: [String], epoch n: Int = 0) throws { try setEpoch(n, (epochs[n] ?? []) + emails) }

    /// The commits of epoch `n`, oldest first.
    func commits(_ n: Int = 0) throws -> [String] {
        try Fixtures.git(["--git-dir=\(inbox.path)/git/\(n).git", "rev-list", "--reverse", "master"]).stdout
            .split(separator: "\n").map(String.init)
    }

    /// Runs patchdigest with this home.
    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Fixtures.Result {
        var env = environment
        if env["PATCHDIGEST_HOME"] == nil { env["PATCHDIGEST_HOME"] = home }
        return try Fixtures.patchdigest(arguments, environment: env)
    }

    /// `add NAME inbox`, which must succeed.
    func add(_ name: String = "kvm") throws {
        let r = try run(["add", name, inbox.path])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    /// An update that must succeed; its stdout.
    func update(_ arguments: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try run(["update"] + arguments)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return r.stdout
    }

    /// An update as JSON.
    func updateJSON(_ arguments: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let out = try update(arguments + ["--format", "json"], file: file, line: line)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any], out, file: file, line: line)
    }

    /// Every row of every table, as text: "the state" when comparing before and after.
    func state(of home: String? = nil) throws -> String {
        let queue = try DatabaseQueue(path: (home ?? self.home) + "/state.sqlite")
        return try queue.read { db in
            var out = ""
            for table in ["list", "cursor", "digest", "series", "message"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2") { out += "\(table) \(row)\n" }
            }
            return out
        }
    }

    /// SQLite's own check of the database file.
    func integrity(of home: String? = nil) throws -> String {
        let queue = try DatabaseQueue(path: (home ?? self.home) + "/state.sqlite")
        return try queue.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// Starts patchdigest and returns once it says it stopped at the test pause `point`
    /// (PATCHDIGEST_TEST_PAUSE_AT); nil, with a failure, when it ended without stopping there.
    func startPaused(at point: String, _ arguments: [String], home: String? = nil,
                     file: StaticString = #filePath, line: UInt = #line) throws -> Process? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Fixtures.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PATCHDIGEST_HOME"] = home ?? self.home
        env["PATCHDIGEST_TEST_PAUSE_AT"] = point
        process.environment = env
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var said = ""
        while !said.contains("test pause at \(point)") {
            let data = err.fileHandleForReading.availableData
            if data.isEmpty {
                process.waitUntilExit()
                XCTFail("ended (status \(process.terminationStatus)) without pausing at \(point): \(said)", file: file, line: line)
                return nil
            }
            said += String(decoding: data, as: UTF8.self)
        }
        return process
    }

    /// Copies the home: the same state, to run another update on.
    func cloneHome() throws -> String {
        let copy = root.appendingPathComponent("home-\(UUID().uuidString.prefix(6))").path
        try FileManager.default.copyItem(atPath: home, toPath: copy)
        return copy
    }
}

/// Emails of patch series, written for the tests.
enum Mail {
    static let diff = Fixtures.oneLineDiff

    /// A cover letter and `count` patches of one posting. Message-IDs are `<slug>-v<N>-<k>@…`.
    static func series(_ title: String, slug: String, version: Int = 1, count: Int = 2,
                       from: String = "Jane Doe <jane@example.com>", day: Int = 17, hour: Int = 10, year: Int = 2025,
                       changeID: String? = nil, only: [Int]? = nil, coverID: String? = nil) -> [String] {
        let v = version == 1 ? "" : " v\(version)"
        let cover = coverID ?? "\(slug)-v\(version)-0@example.com"
        let date = String(format: "%02d Nov %04d %02d:00:00 +0000", day, year, hour)
        var mails: [String] = []
        for k in 0...count where only?.contains(k) ?? true {
            let subject = "[PATCH\(v) \(k)/\(count)] \(k == 0 ? title : "\(title): part \(k)")"
            var body = k == 0 ? "This series does \(title).\n" : "Part \(k) of \(title).\n\nSigned-off-by: \(from)\n" + diff
            if k == 0, let changeID {
                // As b4 writes it: a diffstat, then base-commit and change-id.
                body += "\n---\n arch/x86/kvm/x86.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n---\n"
                    + "base-commit: 0123456789abcdef0123456789abcdef01234567\nchange-id: \(changeID)\n"
            }
            mails.append(Fixtures.email(from: from, subject: subject, id: k == 0 ? cover : "\(slug)-v\(version)-\(k)@example.com",
                                        date: date, inReplyTo: k == 0 ? nil : cover, body: body))
        }
        return mails
    }

    static func reply(to id: String, n: Int, day: Int = 17) -> String {
        Fixtures.email(from: "Bob Reviewer <bob@example.org>", subject: "Re: review", id: "reply-\(n)-\(id)",
                       date: String(format: "Tue, %02d Nov 2025 12:00:00 +0000", day), inReplyTo: id,
                       body: "Reviewed-by: Bob Reviewer <bob@example.org>\n")
    }
}

extension Array where Element == [String: Any] {
    /// A series entry by title.
    func series(_ title: String) -> [String: Any]? { first { $0["title"] as? String == title } }
}

func seriesOf(_ json: [String: Any]) -> [[String: Any]] { json["series"] as? [[String: Any]] ?? [] }
