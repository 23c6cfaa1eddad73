@testable import Digest
import Series
import Render
import XCTest

final class TextRendererTests: XCTestCase {
    private func mail(_ subject: String, title: String, author: Person, sender: Person? = nil, text: String = "Body.\n---\n a | 1 +",
                      id: String? = nil) -> MailEntry {
        MailEntry(subject: subject, title: title, messageId: id ?? "\(title.hashValue)@x", author: author, sender: sender ?? author,
                  date: "2025-11-17T10:00:00+00:00", text: text, diffstat: DiffstatSummary(files: 1, insertions: 1, deletions: 0))
    }

    private func series(_ status: SeriesStatus, _ title: String, version: String = "v1", total: Int = 1, received: Int = 1,
                        author: Person, cover: MailEntry? = nil, first: MailEntry? = nil, reason: String? = nil,
                        replacedBy: SeriesEntry? = nil) -> SeriesEntry {
        SeriesEntry(status: status, title: title, version: version, versionNumber: Int(version.dropFirst()) ?? 1, total: total,
                    received: received, hasCover: cover != nil, rfc: false, resend: false, tags: [], author: author, sender: author,
                    date: "2025-11-17T10:00:00+00:00", messageIds: [cover, first].compactMap { $0?.messageId },
                    patchEmails: received + (cover == nil ? 0 : 1),
                    supersededBy: replacedBy.map { Superseder(version: $0.version, title: $0.title, messageId: $0.messageIds[0], date: $0.date) },
                    reason: reason, cover: cover, firstPatch: first)
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

    func testSectionsInTheSeedsOrderAndLayout() throws {
        let cover = mail("[PATCH v2 0/2] KVM: x86: tidy", title: "KVM: x86: tidy", author: jane)
        let first = mail("[PATCH v2 1/2] KVM: x86: tidy one", title: "KVM: x86: tidy one", author: fred, sender: jane)
        let text = TextRenderer().render(report(series: [
            series(.skip, "KVM: x86: tidy", total: 2, received: 2, author: jane,
                   cover: mail("[PATCH 0/2] KVM: x86: tidy", title: "KVM: x86: tidy", author: jane), reason: "superseded by v2 (same title and author)"),
            series(.new, "KVM: x86: tidy", version: "v2", total: 2, received: 2, author: jane, cover: cover, first: first),
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
        // 104 columns: the reason goes on under the title, whole.
        let skipAt = try XCTUnwrap(lines.firstIndex(of: "Skip  v1 2/2+c  KVM: x86: tidy (Jane Doe <jane@example.com>)"), text)
        XCTAssertEqual(lines[skipAt + 1], "                [superseded by v2 (same title and author)]")
        XCTAssertTrue(lines.contains("New   v2 2/2+c  KVM: x86: tidy (Jane Doe <jane@example.com>)"))
        // Cover first, then the first patch; the author of a patch sent by someone else is named with its sender.
        let coverAt = lines.firstIndex(of: "[PATCH v2 0/2] KVM: x86: tidy")!
        XCTAssertEqual(lines[coverAt - 1], "New:  KVM: x86: tidy")
        XCTAssertEqual(lines[coverAt + 1], "Author: Jane Doe <jane@example.com>")
        let firstAt = lines.firstIndex(of: "[PATCH v2 1/2] KVM: x86: tidy one")!
        XCTAssertGreaterThan(firstAt, coverAt)
        XCTAssertEqual(lines[firstAt + 1], "Author: Fred <fred@example.org> (sent by Jane Doe <jane@example.com>)")
        XCTAssertTrue(lines.contains(" Skip: [PATCH 0/2] KVM: x86: tidy"))
        let pullAt = try XCTUnwrap(lines.firstIndex(of: "[GIT PULL] KVM fixes"))
        XCTAssertEqual(lines[pullAt + 1], "  From: Jane Doe <jane@example.com>")
    }

    func testPatchListNamesTheKindOfPosting() {
        var entry = series(.new, "arm64: pmu: overflow", version: "v2", total: 2, received: 2, author: jane)
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
        let text = TextRenderer().render(report(series: [series(.new, "x\u{1B}[2J\ry", author: evil, first: entry)]))
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x0D || $0.value == 0 || $0.value == 0x202E })
        XCTAssertTrue(text.contains("x\\u{1B}[2J\\u{D}y"))
        XCTAssertTrue(text.contains("\tindented"), "tabs and newlines of a commit message stay")
    }

    func testTerminalSafeLeavesOrdinaryTextAlone() {
        XCTAssertEqual(TerminalSafe.clean("Michał Winiarski — 日本語\n\tok"), "Michał Winiarski — 日本語\n\tok")
        XCTAssertEqual(TerminalSafe.clean("a\nb", singleLine: true), "a\\u{A}b")
    }

    // MARK: - The seeds' layout, links, width, pull requests

    /// Two lineages: each older posting stands right after the New block that replaced it, before
    /// the next series; one whose replacement is not printed comes last.
    func testExistAndSkipStandRightAfterTheNewBlockTheyBelongTo() {
        let a2 = series(.new, "A", version: "v2", total: 2, received: 2, author: jane,
                        cover: mail("[PATCH v2 0/2] A", title: "A", author: jane, id: "a2-0@x"),
                        first: mail("[PATCH v2 1/2] A one", title: "A one", author: jane, id: "a2-1@x"))
        let a1 = series(.skip, "A", total: 2, received: 2, author: jane,
                        cover: mail("[PATCH 0/2] A", title: "A", author: jane, id: "a1-0@x"),
                        first: mail("[PATCH 1/2] A one", title: "A one", author: jane, id: "a1-1@x"), replacedBy: a2)
        let b2 = series(.new, "B", author: fred, first: mail("[PATCH RESEND] B", title: "B", author: fred, id: "b2@x"))
        let b1 = series(.exist, "B", author: fred, first: mail("[PATCH] B", title: "B", author: fred, id: "b1@x"), replacedBy: b2)
        let c = series(.exist, "C", author: fred, first: mail("[PATCH v4] C", title: "C", author: fred, id: "c@x"))
        let text = TextRenderer().render(report(series: [a1, b1, c, a2, b2]))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let statusLines = lines.enumerated().filter { $0.element.hasPrefix("New:") || $0.element.hasPrefix("Exist:") || $0.element.hasPrefix(" Skip:") }
        XCTAssertEqual(statusLines.map(\.element), ["New:  A", "New:  A one", " Skip: [PATCH 0/2] A", " Skip: [PATCH 1/2] A one",
                                                    "New:  B", "Exist: [PATCH] B", "Exist: [PATCH v4] C"])
        // As the seeds: the separator of the New block, a blank line, the older postings, the next New.
        let skipAt = lines.firstIndex(of: " Skip: [PATCH 0/2] A")!
        XCTAssertEqual(Array(lines[(skipAt - 2)...(skipAt + 2)]),
                       [TextRendererTests.separator, "", " Skip: [PATCH 0/2] A", " Skip: [PATCH 1/2] A one", "New:  B"])
        let existAt = lines.firstIndex(of: "Exist: [PATCH] B")!
        XCTAssertEqual(Array(lines[(existAt - 2)...(existAt + 1)]), [TextRendererTests.separator, "", "Exist: [PATCH] B", "Exist: [PATCH v4] C"])
    }

    static let separator = String(repeating: "-", count: 70)

    /// A resend of which only later patches came has no subject to print: its version, count and
    /// title stand for it, so no older posting is left out of the section.
    func testAnOlderPostingWithoutItsFirstMailsIsStillListed() {
        let new = series(.new, "C", version: "v2", total: 3, received: 3, author: jane,
                         first: mail("[PATCH v2 1/3] C", title: "C", author: jane, id: "c2@x"))
        var late = series(.exist, "C", version: "v2", total: 3, received: 1, author: jane, replacedBy: new)
        late.tags = ["AUTOSEL 6.14"]
        late.messageIds = ["c2-3@x"]
        let lines = TextRenderer().render(report(series: [late, new])).split(separator: "\n").map(String.init)
        let at = lines.firstIndex(of: "Exist: v2 1/3 [AUTOSEL 6.14] C")
        XCTAssertNotNil(at)
        XCTAssertEqual(at.map { lines[$0 - 1] }, TextRendererTests.separator, "after the series that replaced it")
    }

    /// The summary under the heading is the Markdown one, and the numbers the HTML header shows.
    func testSummaryLineUnderTheHeading() {
        let new = series(.new, "A", author: jane, first: mail("[PATCH] A", title: "A", author: jane, id: "a@x"))
        let old = series(.skip, "A", author: jane, first: mail("[PATCH] A", title: "A", author: jane, id: "a0@x"))
        var r = report(series: [old, new], pulls: [mail("[GIT PULL] fixes", title: "fixes", author: jane, id: "p@x")])
        r.skipped = [SkippedMessage(position: 1, commit: "c", reason: "no header block")]
        let lines = TextRenderer().render(r).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines[2], "10 messages, 4 patch emails, 2 series (1 new), 1 pull request, 1 unreadable")
        XCTAssertEqual(lines[3], "")
        XCTAssertTrue(MarkdownRenderer().render(r).contains("\n" + lines[2] + ".\n"))
        let html = HTMLRenderer().render(r)
        for stat in ["<b>10</b><span>messages", "<b>4</b><span>patch emails", "<b>2</b><span>series", "<b>1</b><span>new series",
                     "<b>1</b><span>pull request<"] {
            XCTAssertTrue(html.contains(stat), stat)
        }
    }

    /// With links: the lore URL of the lead mail (the cover letter) and `b4 am`, at the end of the
    /// series, before its separator. Without: the Message-ID, and no b4 line.
    func testEachSeriesEndsWithItsLinkAndB4Line() throws {
        let new = series(.new, "A", version: "v2", total: 2, received: 2, author: jane,
                         cover: mail("[PATCH v2 0/2] A", title: "A", author: jane, id: "cover.1765@example.com"),
                         first: mail("[PATCH v2 1/2] A one", title: "A one", author: jane, id: "a2-1@x"))
        let linked = TextRenderer(lore: try XCTUnwrap(LoreLinks(base: "https://lore.kernel.org/kvm"))).render(report(series: [new]))
        XCTAssertTrue(linked.contains("""
             a | 1 +

            Link: https://lore.kernel.org/kvm/cover.1765@example.com/
            b4 am cover.1765@example.com

            \(TextRendererTests.separator)
            """), linked)
        XCTAssertEqual(linked.components(separatedBy: "Link: ").count, 2, "one link per series, after its last mail")
        let bare = TextRenderer().render(report(series: [new]))
        XCTAssertTrue(bare.contains(" a | 1 +\n\nMessage-ID: <cover.1765@example.com>\n\n\(TextRendererTests.separator)"), bare)
        XCTAssertFalse(bare.contains("b4 am"))
        XCTAssertFalse(bare.contains("Link:"))
    }

    /// Lines of the renderer's own stay within 100 columns; continuation lines stand under the
    /// title; no word is cut, so a Message-ID longer than a line is whole on its own line.
    func testLongTitlesWrapWithinOneHundredColumns() {
        let title = "KVM: x86: " + Array(repeating: "make the emulator handle one more corner case", count: 4).joined(separator: " and ")
        let id = String(repeating: "long-message-id-", count: 8) + "@example.com"
        let entry = series(.new, title + " " + id, author: jane, first: mail("[PATCH] " + title + " " + id, title: title + " " + id, author: jane, id: "w@x"),
                           reason: "supersedes v5 of 2025-11-17 (digest 3)")
        let text = TextRenderer().render(report(series: [entry]))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let listed = Array(lines.drop { !$0.hasPrefix("New   v1 1/1    KVM: x86:") }.prefix { !$0.isEmpty })
        XCTAssertGreaterThan(listed.count, 2)
        for line in listed.dropFirst() { XCTAssertTrue(line.hasPrefix(String(repeating: " ", count: 16)) && line.dropFirst(16).first != " ", line) }
        for line in listed where !line.contains(id) { XCTAssertLessThanOrEqual(TextColumns.width(line), 100, line) }
        XCTAssertTrue(listed.contains(String(repeating: " ", count: 16) + id), "the id is whole, alone on its line")
        let words = listed.joined(separator: " ").split(separator: " ").map(String.init)
        XCTAssertEqual(words, ["New", "v1", "1/1"] + (title + " " + id + " (Jane Doe <jane@example.com>) [supersedes v5 of 2025-11-17 (digest 3)]")
            .split(separator: " ").map(String.init))
        // The mail's own headings wrap too: the subject under its title, after the tags.
        let subjectAt = lines.firstIndex { $0.hasPrefix("[PATCH] KVM: x86:") }!
        XCTAssertLessThanOrEqual(TextColumns.width(lines[subjectAt]), 100)
        XCTAssertTrue(lines[subjectAt + 1].hasPrefix(String(repeating: " ", count: 8)) && lines[subjectAt + 1].dropFirst(8).first != " ",
                      lines[subjectAt + 1])
    }

    /// Wide characters take two columns: a CJK title wraps at 100 columns, not 100 characters.
    func testWideCharacterTitleWrapsByColumns() {
        XCTAssertEqual(TextColumns.width("日本語"), 6)
        XCTAssertEqual(TextColumns.width("Michał"), 6)
        XCTAssertEqual(TextColumns.width("e\u{301}"), 1, "a combining accent takes no column")
        XCTAssertEqual(TextColumns.width("\u{1F600}"), 2)
        let title = Array(repeating: "内存管理の修正", count: 12).joined(separator: " ")
        let entry = series(.new, title, author: jane)
        let lines = TextRenderer().render(report(series: [entry])).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let listed = Array(lines.drop { !$0.hasPrefix("New   v1 1/1    内存") }.prefix { !$0.isEmpty })
        XCTAssertGreaterThan(listed.count, 2)
        for line in listed { XCTAssertLessThanOrEqual(TextColumns.width(line), 100, line) }
        // By characters the first line would take more than twice as many.
        XCTAssertLessThan(listed[0].count, 70)
        XCTAssertGreaterThan(TextColumns.width(listed[0]), 85)
    }
}
