@testable import Digest
import Series
import Foundation
@testable import Render
import TestSupport
import XCTest

/// What one format shows, every format shows: the organization table, the notes, the heading, the
/// counts and each series' fields, all read from one DigestView.
final class EveryFormatTests: XCTestCase {
    static let note = "epoch 1 was rewritten; the digest starts from its new history"
    static let envelope = MailEnvelope(from: MailAddress(name: "patchdigest", address: "digest@example.org"),
                                       to: [MailAddress(name: "", address: "kvmarm@lists.example.org")],
                                       date: 1_763_400_000, messageId: "digest.1@example.org")

    /// The sample's digest with an organization map's counts, a note, and a patch sent by someone
    /// other than its author.
    private func report() throws -> DigestReport {
        var report = try Sample.decoded()
        report.organizations = [OrganizationCount(organization: "Google", count: 8),
                                OrganizationCount(organization: "Arm Limited", count: 5)]
        report.notes = [Self.note]
        let index = try XCTUnwrap(report.series.firstIndex { $0.status == .new && $0.cover == nil })
        report.series[index].firstPatch?.sender = Person(name: "Oskar Lund", email: "oskar.lund@kernel.org")
        return report
    }

    /// The email's text and HTML parts, decoded by Python's email package.
    private func emailParts(_ report: DigestReport) throws -> (text: String, html: String) {
        let message = EmailRenderer(lore: .lore(listName: "kvmarm")).render(report, envelope: Self.envelope)
        let parts = try Python.json("email_parts.py", [try temporaryFile(message, name: "digest.eml")])
        return (try XCTUnwrap(parts["text"] as? String), try XCTUnwrap(parts["html"] as? String))
    }

    func testOrganizationsAndNotesInEveryFormat() throws {
        let report = try report()
        let lore = LoreLinks.lore(listName: "kvmarm")
        let email = try emailParts(report)
        let html = [("html", HTMLRenderer(lore: lore).render(report)), ("email html", email.html),
                    ("feed html", HTMLRenderer(lore: lore).renderFragment(report))]
        for (format, page) in html {
            XCTAssertTrue(page.contains("<h2 id=\"organizations\">Top 15 contributor organizations</h2>"), format)
            XCTAssertTrue(page.contains("Arm Limited"), format)
            XCTAssertTrue(page.contains("<p class=\"notice\"><b>Note:</b> \(Self.note)</p>"), format)
        }
        XCTAssertTrue(email.html.contains("<td class=\"num\">5</td><td class=\"text-bar\" aria-hidden=\"true\">"
                                          + String(repeating: "\u{2588}", count: 13) + "</td><td class=\"bar-label\">Arm Limited</td>"))
        let markdown = MarkdownRenderer(lore: lore).render(report)
        XCTAssertTrue(markdown.contains("""
            ## Top 15 contributor organizations (based on email body)

            | Patch emails | Organization |
            | ---: | --- |
            | 8 | Google |
            | 5 | Arm Limited |
            """))
        XCTAssertTrue(markdown.contains("\n**Note:** \(Self.note)\n"))
        for text in [TextRenderer(lore: lore).render(report), email.text] {
            XCTAssertTrue(text.contains("Top 15 contributor organizations (Based on Email Body)\n\n      8 Google\n      5 Arm Limited\n"))
            XCTAssertTrue(text.contains("\nNote: \(Self.note)\n"))
        }
    }

    /// The heading, the counts, and each series' status, version, count and author (and who sent
    /// a mail for its author) read the same in every format.
    func testHeadingSummaryAndSeriesFieldsAgree() throws {
        let report = try report()
        let view = DigestView(report)
        let lore = LoreLinks.lore(listName: "kvmarm")
        let text = TextRenderer(lore: lore).render(report), markdown = MarkdownRenderer(lore: lore).render(report)
        let html = HTMLRenderer(lore: lore).render(report), email = try emailParts(report)
        XCTAssertEqual(view.title, "kvmarm mailing list update from the start to 232f362c0")
        XCTAssertEqual(view.summary, "47 messages, 27 patch emails, 13 series (10 new), 1 pull request")
        for (format, out) in [("text", text), ("email text", email.text)] {
            XCTAssertTrue(out.contains("\n\(view.title)\n\(view.summary)\n"), format)
        }
        XCTAssertTrue(markdown.hasPrefix("# \(view.title)\n\n\(view.summary).\n"))
        for page in [html, email.html] {
            XCTAssertTrue(page.contains("<title>\(view.title)</title>"))
            let c = view.counts
            XCTAssertTrue(page.contains("<ul class=\"stats\"><li><b>\(c.messages)</b><span>messages</span></li>"
                                        + "<li><b>\(c.patchEmails)</b><span>patch emails</span></li>"
                                        + "<li><b>\(c.series)</b><span>series</span></li>"
                                        + "<li><b>\(c.newSeries)</b><span>new series</span></li>"
                                        + "<li><b>\(c.pullRequests)</b><span>pull request</span></li></ul>"))
        }
        // The patch list's rows, each with its continuation lines joined back on.
        let list = try XCTUnwrap(text.components(separatedBy: "===== Patch list in this time period =====").last?
            .components(separatedBy: "===== Patch Commit Messages").first)
        let textLines = list.replacingOccurrences(of: "\n +", with: " ", options: .regularExpression)
            .split(separator: "\n").map(String.init)
        for s in view.series {
            let row = try XCTUnwrap(textLines.first { $0.hasPrefix(s.status.rawValue) && $0.contains(s.author) && $0.contains(s.count) },
                                    "text row of \(s.entry.title)")
            XCTAssertTrue(row.contains(" \(s.version) ") && row.contains(s.received), row)
            let status = s.isNew ? "**New**" : s.status.rawValue
            XCTAssertTrue(markdown.contains("| \(status) | \(s.version) | \(s.received) | "), s.entry.title)
            XCTAssertTrue(markdown.contains(" | \(MarkdownText.inline(s.author)) | "), s.entry.title)
            for page in [html, email.html] {
                XCTAssertTrue(page.contains("\">\(s.status.rawValue)</span></td><td class=\"ver\">\(s.version)</td>"
                                            + "<td class=\"num\">\(s.received)</td>"), s.entry.title)
                XCTAssertTrue(page.contains("<td class=\"author\">\(HTMLText.line(s.author))</td>"), s.entry.title)
            }
        }
        let sent = try XCTUnwrap(view.series.flatMap(\.mails).first { $0.sentBy != nil })
        XCTAssertEqual(sent.sentBy, "Oskar Lund <oskar.lund@kernel.org>")
        XCTAssertTrue(text.contains("Author: \(sent.author) (sent by Oskar Lund <oskar.lund@kernel.org>)\n"))
        XCTAssertTrue(markdown.contains("Author: \(MarkdownText.inline(sent.author)) (sent by Oskar Lund \\<oskar.lund@kernel.org\\>) · "))
        for page in [html, email.html] {
            XCTAssertTrue(page.contains("Author: \(HTMLText.line(sent.author)) (sent by Oskar Lund &lt;oskar.lund@kernel.org&gt;) · "))
        }
    }

    /// Many mail readers drop `<details>`: the email's HTML shows every series and pull request
    /// open; the page keeps them folded.
    func testEmailHTMLShowsSeriesWithoutDetails() throws {
        let report = try report()
        let email = try emailParts(report)
        XCTAssertFalse(email.html.contains("<details"))
        XCTAssertFalse(email.html.contains("<summary"))
        // New series, and Part series with a patch to print.
        let new = DigestView(report).printedSeries
        for s in new {
            XCTAssertTrue(email.html.contains("<div class=\"series\" id=\"series-\(s.position)\">"))
        }
        XCTAssertEqual(email.html.components(separatedBy: "<p class=\"series-head\">").count - 1, new.count + report.pullRequests.count)
        let page = HTMLRenderer().render(report)
        XCTAssertEqual(page.components(separatedBy: "<details").count - 1, new.count + report.pullRequests.count)
        XCTAssertFalse(page.contains("<div class=\"series\""))
    }

    func testEmailSubjectCarriesTheCounts() throws {
        var report = try report()
        let message = EmailRenderer().render(report, envelope: Self.envelope)
        XCTAssertTrue(message.contains("\nSubject: kvmarm mailing list update 2025-11-17: 10 new series, 27 patch\n emails, 1 pull request\n"))
        // A digest of a date range is named by the range's end; a quiet one says so.
        report.until = "2025-11-16"
        report.patches = 0
        report.series = []
        report.pullRequests = []
        XCTAssertTrue(EmailRenderer().render(report, envelope: Self.envelope)
            .contains("\nSubject: kvmarm mailing list update 2025-11-16: no patches\n"))
    }

    func testHeadline() {
        func counts(new: Int, patches: Int, pulls: Int) -> DigestHeading.Counts {
            var c = DigestHeading.Counts(DigestReport(name: "kvm", from: "a", to: "b", fromCommit: nil, toCommit: "b",
                                                      since: nil, until: nil, messages: 0, patches: 0, replies: 0,
                                                      otherMessages: 0, removals: 0, skipped: [], contributors: [],
                                                      domains: [], series: [], pullRequests: []))
            c.newSeries = new
            c.patchEmails = patches
            c.pullRequests = pulls
            return c
        }
        XCTAssertEqual(DigestHeading.headline(counts(new: 7, patches: 12, pulls: 1)), "7 new series, 12 patch emails, 1 pull request")
        XCTAssertEqual(DigestHeading.headline(counts(new: 1, patches: 1, pulls: 0)), "1 new series, 1 patch email")
        XCTAssertEqual(DigestHeading.headline(counts(new: 0, patches: 3, pulls: 2)), "3 patch emails, 2 pull requests")
        XCTAssertEqual(DigestHeading.headline(counts(new: 0, patches: 0, pulls: 0)), "no patches")
    }
}
