@testable import Digest
import Series
import Foundation
import TestSupport
import XCTest

/// The sample archive (Fixtures/sample, named kvmarm as in the README), built once per test process.
enum Sample {
    /// The sample inbox, naming its address as a cloned public-inbox does: its links are lore's
    /// kvmarm pages.
    static let inbox: Result<String, Error> = Result {
        let inbox = try Fixtures.inbox(directory: Fixtures.path("Fixtures/sample"), options: ["--name", "kvmarm"])
        try "[publicinbox \"kvmarm\"]\n\turl = https://lore.kernel.org/kvmarm\n"
            .write(to: inbox.appendingPathComponent("inbox.config.example"), atomically: true, encoding: .utf8)
        return inbox.path
    }

    /// A fixed sender, recipients, date and Message-ID, so the email format is the same every run.
    static let mailOptions = ["--mail-from", "patchdigest <digest@example.org>",
                              "--mail-to", "KVM ARM list <kvmarm@lists.example.org>",
                              "--mail-date", "@1763400000", "--mail-message-id", "digest.kvmarm.1@example.org"]

    /// `patchdigest report SAMPLE --name kvmarm ARGS`, which must succeed (a later --name wins).
    static func report(_ arguments: [String], environment: [String: String] = [:],
                       file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try Fixtures.patchdigest(["report", try inbox.get(), "--name", "kvmarm"] + arguments, environment: environment)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        XCTAssertEqual(r.stderr, "", file: file, line: line)
        return r.stdout
    }

    /// The sample's report as data, read back from `--format json`.
    static func decoded() throws -> DigestReport {
        try JSONDecoder().decode(DigestReport.self, from: Data(report(["--format", "json"]).utf8))
    }
}

/// The Python checkers in Tests/RenderTests/Scripts, run with the python3 on PATH.
enum Python {
    static func script(_ name: String) -> String { Fixtures.path("Tests/RenderTests/Scripts/\(name)") }

    static func available() -> Bool {
        (try? Fixtures.run("/usr/bin/env", ["python3", "-c", "import json, email, xml.etree.ElementTree"]))?.status == 0
    }

    /// The script's JSON output; skips the test when there is no python3.
    static func json(_ name: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        guard available() else { throw XCTSkip("python3 is not installed (scripts/install-deps installs it)") }
        let r = try Fixtures.run("/usr/bin/env", ["python3", script(name)] + arguments)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
                             "\(name) printed \(r.stdout) \(r.stderr)", file: file, line: line)
    }
}

/// Writes text to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String) throws -> String {
    let url = Fixtures.temporaryDirectory("render").appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// Strings an attacker puts into subjects, names, Message-IDs and bodies.
enum Hostile {
    static let script = "<script>alert(1)</script>"
    static let attribute = "\"><img src=x onerror=alert(1)>"
    static let jsURL = "javascript:alert(1)"
    static let mdLink = "[x](javascript:alert(1))"
    static let mdImage = "![x](http://evil.example/p.png)"
    static let clearScreen = "\u{1B}[2J"
    static let clipboard = "\u{1B}]52;c;ZXZpbA==\u{07}"
    static let rtl = "\u{202E}gnp.exe"
    static let all = [script, attribute, jsURL, mdLink, mdImage, clearScreen, clipboard, rtl].joined(separator: " ")

    /// Every scalar that must never reach any output raw.
    static let forbiddenScalars: Set<UInt32> = [0x1B, 0x07, 0x202E, 0x0D, 0x00]

    static let person = Person(name: "Eve " + all, email: "eve\(attribute)@evil.example")
    static let messageId = "a/b?c#d \(attribute)'\(jsURL)@evil.example"

    static func mail(_ kind: String) -> MailEntry {
        MailEntry(subject: "[PATCH] \(kind) " + all, title: "\(kind) " + all, messageId: messageId + kind,
                  author: person, sender: Person(name: "Mallory " + script, email: "m@evil.example"),
                  date: "2025-11-17T10:00:00+00:00",
                  text: "Body \(all)\n```\n````` fence\n<!-- comment -->\n# heading\n---\n a | 1 +\n",
                  diffstat: DiffstatSummary(files: 1, insertions: 1, deletions: 0))
    }

    /// A report whose every email-borne string is hostile, built by hand.
    static func report() -> DigestReport {
        var series = SeriesEntry(status: .new, title: "title " + all, version: "v2", versionNumber: 2, total: 2, received: 2,
                                 hasCover: true, rfc: true, resend: false, tags: ["tag" + attribute], author: person,
                                 sender: person, date: "2025-11-17T10:00:00+00:00", messageIds: [messageId + "cover"],
                                 patchEmails: 3, supersededBy: nil, reason: nil, cover: mail("cover"), firstPatch: mail("first"))
        // A cover that is also a pull request, and a slot replaced by a newer patch in the thread.
        series.pullRequest = true
        series.cover?.pull = PullSource(repository: "https://git.example/" + all, ref: "tag" + attribute)
        series.rerolls = [Reroll(number: 2, version: "v3" + script, messageId: messageId + "reroll", replaces: messageId + "first")]
        var older = series
        older.status = .skip
        older.reason = "superseded by v3 " + all
        older.pullRequest = nil
        older.rerolls = nil
        // Late patches a maintainer was Cc'd on: the lowest one is printed.
        var part = series
        part.status = .partial
        part.hasCover = false
        part.cover = nil
        part.firstPatch = mail("part")
        part.pullRequest = nil
        part.rerolls = nil
        var report = DigestReport(name: "kvm", from: "abc", to: "def", fromCommit: nil, toCommit: String(repeating: "d", count: 40),
                                  since: nil, until: nil, messages: 4, patches: 3, replies: 1, otherMessages: 0, removals: 0,
                                  skipped: [], contributors: [Contributor(name: person.name, email: person.email, count: 3)],
                                  domains: [DomainCount(domain: "evil.example" + script, count: 3)],
                                  series: [older, series, part], pullRequests: [mail("pull")])
        report.backports = [BackportEntry(tree: "AUTOSEL " + all, patches: 2, total: 3, sender: person, title: "backport " + all,
                                          messageId: messageId + "backport", messageIds: [messageId + "backport"], date: "2025-11-17T10:00:00+00:00")]
        // An organization map's names and the notes are shown by every format too.
        report.organizations = [OrganizationCount(organization: "Evil Corp " + all, count: 3)]
        report.notes = ["note " + all]
        return report
    }
}

/// Asserts that no forbidden control or bidi character is in `text`.
func assertNoRawControls(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    let found = text.unicodeScalars.filter { Hostile.forbiddenScalars.contains($0.value) }
    XCTAssertTrue(found.isEmpty, "\(what) holds raw \(found.map { String($0.value, radix: 16) })", file: file, line: line)
}
