@testable import Digest
import Render
import XCTest

final class TextRendererTests: XCTestCase {
    private func mail(_ subject: String, title: String, author: Person, sender: Person? = nil, text: String = "Body.\n---\n a | 1 +") -> MailEntry {
        MailEntry(subject: subject, title: title, messageId: "\(title.hashValue)@x", author: author, sender: sender ?? author,
                  date: "2025-11-17T10:00:00+00:00", text: text, diffstat: DiffstatSummary(files: 1, insertions: 1, deletions: 0))
    }

    private func series(_ status: String, _ title: String, version: String = "v1", total: Int = 1, received: Int = 1,
                        author: Person, cover: MailEntry? = nil, first: MailEntry? = nil, reason: String? = nil) -> SeriesEntry {
        SeriesEntry(status: status, title: title, version: version, versionNumber: Int(version.dropFirst()) ?? 1, total: total,
                    received: received, hasCover: cover != nil, rfc: false, resend: false, tags: [], author: author, sender: author,
                    date: "2025-11-17T10:00:00+00:00", messageIds: [], patchEmails: received + (cover == nil ? 0 : 1),
                    supersededBy: nil, reason: reason, cover: cover, firstPatch: first)
    }

    private let jane = Person(name: "Jane Doe", email: "jane@example.com")
    private let fred = Person(name: "Fred", email: "fred@example.org")

    private func report(series: [SeriesEntry], pulls: [MailEntry] = []) -> DigestReport {
        DigestReport(name: "KVM", from: "4ac921739", to: "0ce085f8c", fromCommit: nil, toCommit: "0ce085f8c", since: nil,
                     until: nil, messages: 10, patches: 4, replies: 6, otherMessages: 0, removals: 0, skipped: [],
                     contributors: [Contributor(name: "Jane Doe", email: "jane@example.com", count: 3),
                                    Contributor(name: "Fred", email: "fred@example.org", count: 1)],
                     domains: [DomainCount(domain: "example.com", count: 3), DomainCount(domain: "example.org", count: 1)],
                     series: series, pullRequests: pulls)
    }

    func testSectionsInTheSeedsOrderAndLayout() {
        let cover = mail("[PATCH v2 0/2] KVM: x86: tidy", title: "KVM: x86: tidy", author: jane)
        let first = mail("[PATCH v2 1/2] KVM: x86: tidy one", title: "KVM: x86: tidy one", author: fred, sender: jane)
        let text = TextRenderer().render(report(series: [
            series("Skip", "KVM: x86: tidy", total: 2, received: 2, author: jane,
                   cover: mail("[PATCH 0/2] KVM: x86: tidy", title: "KVM: x86: tidy", author: jane), reason: "superseded by v2 (same title and author)"),
            series("New", "KVM: x86: tidy", version: "v2", total: 2, received: 2, author: jane, cover: cover, first: first),
        ], pulls: [mail("[GIT PULL] KVM fixes", title: "KVM fixes", author: jane)]))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(Array(lines[0...1]), ["From 4ac921739 to 0ce085f8c", "KVM mailing list update from 4ac921739 to 0ce085f8c"])
        XCTAssertTrue(lines.contains("      3 example.com"))
        XCTAssertTrue(lines.contains("      3  Jane Doe <jane@example.com>"))
        let order = ["Top 15 contributor Email domains (Based on Email Body)", "Top 15 contributors (Based on Email Body)",
                     "===== Patch list in this time period =====", "===== Patch Commit Messages ====", "===== Pull requests ====="]
        let positions = order.map { lines.firstIndex(of: $0) ?? -1 }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertFalse(positions.contains(-1))
        XCTAssertTrue(lines.contains("Skip  v1 2/2+c  KVM: x86: tidy (Jane Doe <jane@example.com>) [superseded by v2 (same title and author)]"))
        XCTAssertTrue(lines.contains("New   v2 2/2+c  KVM: x86: tidy (Jane Doe <jane@example.com>)"))
        // Cover first, then the first patch; the author of a patch sent by someone else is named with its sender.
        let coverAt = lines.firstIndex(of: "[PATCH v2 0/2] KVM: x86: tidy")!
        XCTAssertEqual(lines[coverAt - 1], "New:  KVM: x86: tidy")
        XCTAssertEqual(lines[coverAt + 1], "Author: Jane Doe <jane@example.com>")
        let firstAt = lines.firstIndex(of: "[PATCH v2 1/2] KVM: x86: tidy one")!
        XCTAssertGreaterThan(firstAt, coverAt)
        XCTAssertEqual(lines[firstAt + 1], "Author: Fred <fred@example.org> (sent by Jane Doe <jane@example.com>)")
        XCTAssertTrue(lines.contains(" Skip: [PATCH 0/2] KVM: x86: tidy"))
        XCTAssertTrue(lines.contains("[GIT PULL] KVM fixes (Jane Doe <jane@example.com>)"))
    }

    func testPatchListNamesTheKindOfPosting() {
        var entry = series("New", "arm64: pmu: overflow", version: "v2", total: 2, received: 2, author: jane)
        entry.rfc = true
        entry.tags = ["kvm-unit-tests"]
        let text = TextRenderer().render(report(series: [entry]))
        XCTAssertTrue(text.contains("New   v2 2/2    [RFC kvm-unit-tests] arm64: pmu: overflow (Jane Doe <jane@example.com>)"), text)
    }

    func testTopLimitsTheTables() {
        let text = TextRenderer(top: 1).render(report(series: []))
        XCTAssertTrue(text.contains("Top 1 contributors (Based on Email Body)"))
        XCTAssertTrue(text.contains("Jane Doe <jane@example.com>"))
        XCTAssertFalse(text.contains("Fred <fred@example.org>"))
        XCTAssertTrue(text.contains("(no patches)"))
    }

    func testEmailBorneTextCannotDriveTheTerminal() {
        let evil = Person(name: "Evil\u{1B}]0;owned\u{07} \u{202E}gnp.exe", email: "e@x.org")
        let entry = mail("[PATCH] x\u{1B}[2J\ry", title: "x\u{1B}[2J\ry", author: evil, text: "line\u{1B}[31m red\n\tindented\u{0}")
        let text = TextRenderer().render(report(series: [series("New", "x\u{1B}[2J\ry", author: evil, first: entry)]))
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D || $0.value == 0 || $0.value == 0x202E })
        XCTAssertTrue(text.contains("x\\u{1B}[2J\\u{D}y"))
        XCTAssertTrue(text.contains("\tindented"), "tabs and newlines of a commit message stay")
    }

    func testTerminalSafeLeavesOrdinaryTextAlone() {
        XCTAssertEqual(TerminalSafe.clean("Michał Winiarski — 日本語\n\tok"), "Michał Winiarski — 日本語\n\tok")
        XCTAssertEqual(TerminalSafe.clean("a\nb", singleLine: true), "a\\u{A}b")
    }
}
