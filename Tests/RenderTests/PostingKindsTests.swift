@testable import Digest
import Series
import Foundation
@testable import Render
import TestSupport
import XCTest

/// The postings that are not a plain series: stable backport batches (a section of their own),
/// a slot rerolled inside its thread, a cover letter that is also a pull request, and late patches
/// (Part) printed from the lowest one received; each shown by every format.
final class PostingKindsTests: XCTestCase {
    private let jane = Person(name: "Jane Doe", email: "jane@example.com")
    private let sasha = Person(name: "Sasha Levin", email: "sashal@kernel.org")
    private let lore = LoreLinks.lore(listName: "kvm")

    private func mail(_ subject: String, title: String, id: String, pull: PullSource? = nil) -> MailEntry {
        MailEntry(subject: subject, title: title, messageId: id, author: jane, sender: jane, date: "2025-11-17T10:00:00+00:00",
                  text: "\(title).\n\nSigned-off-by: Jane Doe <jane@example.com>\n---\n a | 1 +", diffstat: nil, pull: pull)
    }

    private func series(_ status: SeriesStatus, _ title: String, total: Int, received: Int, cover: MailEntry? = nil,
                        first: MailEntry? = nil) -> SeriesEntry {
        SeriesEntry(status: status, title: title, version: "v1", versionNumber: 1, total: total, received: received,
                    hasCover: cover != nil, rfc: false, resend: false, tags: [], author: jane, sender: jane,
                    date: "2025-11-17T10:00:00+00:00", messageIds: [cover, first].compactMap { $0?.messageId },
                    patchEmails: received + (cover == nil ? 0 : 1), supersededBy: nil, reason: nil, cover: cover, firstPatch: first)
    }

    private func report(_ series: [SeriesEntry], backports: [BackportEntry]? = nil) -> DigestReport {
        var report = DigestReport(name: "kvm", from: "4ac921739", to: "0ce085f8c", fromCommit: nil, toCommit: "0ce085f8c",
                                  since: nil, until: nil, messages: 120, patches: 110, replies: 10, otherMessages: 0, removals: 0,
                                  skipped: [], contributors: [Contributor(name: "Jane Doe", email: "jane@example.com", count: 13)],
                                  domains: [DomainCount(domain: "example.com", count: 13)], series: series,
                                  pullRequests: [mail("[GIT PULL] KVM fixes", title: "KVM fixes", id: "pull@x")])
        report.backports = backports
        return report
    }

    private var twoBatches: [BackportEntry] {
        [BackportEntry(tree: "AUTOSEL 6.1", patches: 85, total: 85, sender: sasha, title: "ASoC: codecs: fix the probe error path",
                       messageId: "autosel-6.1-1@kernel.org", messageIds: ["autosel-6.1-1@kernel.org"], date: "2025-03-01T12:00:00-05:00"),
         BackportEntry(tree: "6.6", patches: 12, total: 140, sender: sasha, title: "6.6.80-rc1 review",
                       messageId: "6.6-0@kernel.org", messageIds: ["6.6-0@kernel.org"], date: "2025-03-02T08:00:00+00:00")]
    }

    private func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    // MARK: - Stable backports

    func testBackportsAreCountedAndListedAfterThePullRequests() throws {
        let new = series(.new, "A", total: 1, received: 1, first: mail("[PATCH] A", title: "A", id: "a@x"))
        let r = report([new], backports: twoBatches)
        let view = DigestView(r)
        XCTAssertEqual(view.summary, "120 messages, 110 patch emails, 1 series (1 new), 1 pull request, 2 stable backport batches (97 patches)")
        XCTAssertEqual(view.headline, "1 new series, 110 patch emails, 1 pull request, 2 stable backport batches")

        let text = lines(TextRenderer(lore: lore).render(r))
        XCTAssertEqual(text[2], view.summary)
        let at = try XCTUnwrap(text.firstIndex(of: "===== Stable backports ====="))
        XCTAssertGreaterThan(at, try XCTUnwrap(text.firstIndex(of: "===== Pull requests =====")))
        XCTAssertEqual(Array(text[(at + 1)...]), [
            "",
            "AUTOSEL 6.1: 85 patches, Sasha Levin <sashal@kernel.org>, 2025-03-01",
            "  ASoC: codecs: fix the probe error path",
            "  Link: https://lore.kernel.org/kvm/autosel-6.1-1@kernel.org/",
            "",
            "6.6: 12 of 140 patches, Sasha Levin <sashal@kernel.org>, 2025-03-02",
            "  6.6.80-rc1 review",
            "  Link: https://lore.kernel.org/kvm/6.6-0@kernel.org/",
            ""])
        XCTAssertTrue(TextRenderer().render(r).contains("  6.6.80-rc1 review\n  Message-ID: <6.6-0@kernel.org>\n"))
        // Not a series: the patch list holds the series alone.
        let list = try XCTUnwrap(TextRenderer().render(r).components(separatedBy: "===== Patch Commit Messages").first)
        XCTAssertFalse(list.contains("AUTOSEL"))

        let markdown = MarkdownRenderer(lore: lore).render(r)
        XCTAssertTrue(markdown.contains("\n" + view.summary + ".\n"))
        XCTAssertTrue(markdown.hasSuffix("""
            ## Stable backports

            - AUTOSEL 6.1: 85 patches, Sasha Levin \\<sashal@kernel.org\\>, 2025-03-01: \
            [ASoC: codecs: fix the probe error path](https://lore.kernel.org/kvm/autosel-6.1-1@kernel.org/)
            - 6\\.6: 12 of 140 patches, Sasha Levin \\<sashal@kernel.org\\>, 2025-03-02: \
            [6\\.6.80-rc1 review](https://lore.kernel.org/kvm/6.6-0@kernel.org/)

            """), markdown)

        let email = try emailParts(r)
        for (format, page) in [("html", HTMLRenderer(lore: lore).render(r)), ("email html", email.html),
                               ("feed html", HTMLRenderer(lore: lore).renderFragment(r))] {
            XCTAssertTrue(page.contains("<li><b>2</b><span>stable backport batches</span></li></ul>"), format)
            XCTAssertTrue(page.contains("<section id=\"backports\">\n<h2>Stable backports</h2>\n<ul class=\"older\">\n"
                                        + "<li><span class=\"tag\">AUTOSEL 6.1</span> 85 patches <a href=\"https://lore.kernel.org/kvm/"
                                        + "autosel-6.1-1@kernel.org/\" rel=\"noreferrer\">ASoC: codecs: fix the probe error path</a> "
                                        + "<span class=\"who\">Sasha Levin &lt;sashal@kernel.org&gt; · 2025-03-01</span></li>\n"), format)
            let pulls = try XCTUnwrap(page.range(of: "<section id=\"pull-requests\">"), format)
            XCTAssertLessThan(pulls.lowerBound, try XCTUnwrap(page.range(of: "<section id=\"backports\">")).lowerBound, format)
        }
        XCTAssertTrue(email.text.contains("\n===== Stable backports =====\n\nAUTOSEL 6.1: 85 patches, Sasha Levin <sashal@kernel.org>, 2025-03-01\n"))
        XCTAssertTrue(email.subject.hasSuffix("2 stable backport batches"), email.subject)

        let feed = AtomRenderer().render(AtomFeed(id: "tag:x,2025:kvm", title: "kvm", entries: [
            .digest(r, id: "tag:x,2025:kvm/digest/1", created: 1_763_400_000, lore: lore)]))
        XCTAssertTrue(feed.contains("<title>2025-11-17: 1 new series, 110 patch emails, 1 pull request, 2 stable backport batches</title>"))
        XCTAssertTrue(feed.contains("&lt;h2&gt;Stable backports&lt;/h2&gt;"))
    }

    /// A day of backports alone is still a digest to read (a feed entry).
    func testADigestOfBackportsAloneHasSomethingToRead() {
        var r = report([], backports: [twoBatches[0]])
        r.patches = 0
        r.pullRequests = []
        XCTAssertTrue(DigestView(r).hasPatches)
        XCTAssertEqual(DigestView(r).headline, "1 stable backport batch")
        XCTAssertTrue(DigestView(r).summary.hasSuffix(", 1 stable backport batch (85 patches)"))
    }

    /// None, or an empty list: no section, no count, no word about them.
    func testNoBackportsPrintNothing() throws {
        let new = series(.new, "A", total: 1, received: 1, first: mail("[PATCH] A", title: "A", id: "a@x"))
        for backports in [nil, []] as [[BackportEntry]?] {
            let r = report([new], backports: backports)
            let email = EmailRenderer(lore: lore).render(r, envelope: EveryFormatTests.envelope)
            for output in [TextRenderer().render(r), MarkdownRenderer().render(r), HTMLRenderer().render(r), email] {
                XCTAssertFalse(output.lowercased().contains("backport"))
            }
        }
    }

    func testAHostileBackportIsEscapedInEveryFormat() throws {
        let evil = BackportEntry(tree: "AUTOSEL " + Hostile.all, patches: 1, total: 1, sender: Hostile.person,
                                 title: "title " + Hostile.all, messageId: Hostile.messageId, messageIds: [Hostile.messageId], date: "2025-11-17" + Hostile.clearScreen)
        let r = report([], backports: [evil])
        let text = TextRenderer(lore: lore).render(r), plain = TextRenderer().render(r)
        for output in [text, plain] { assertNoRawControls(output, "text") }
        XCTAssertTrue(text.contains("AUTOSEL <script>alert(1)</script>"))
        XCTAssertTrue(text.contains("\\u{1B}[2J"))
        XCTAssertTrue(text.contains("  Link: " + lore.messageURL(Hostile.messageId)!))
        XCTAssertTrue(plain.contains("  Message-ID: <a/b?c#d \"><img src=x onerror=alert(1)>'javascript:alert(1)@evil.example>"))

        let html = HTMLRenderer(lore: lore).render(r)
        assertNoRawControls(html, "html")
        let section = try XCTUnwrap(html.components(separatedBy: "<section id=\"backports\">").last)
        XCTAssertFalse(section.contains("<script"))
        XCTAssertFalse(section.contains("<img"))
        XCTAssertTrue(section.contains("<span class=\"tag\">AUTOSEL &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img"))
        XCTAssertTrue(section.contains("href=\"" + lore.messageURL(Hostile.messageId)! + "\""))

        let markdown = MarkdownRenderer(lore: lore).render(r)
        assertNoRawControls(markdown, "markdown")
        let item = try XCTUnwrap(lines(markdown).first { $0.hasPrefix("- AUTOSEL") })
        XCTAssertTrue(item.hasPrefix("- AUTOSEL \\<script\\>alert(1)\\</script\\> \"\\>\\<img src=x onerror=alert(1)\\> javascript:alert(1) "
                                     + "\\[x\\](javascript:alert(1)) \\!\\[x\\](http\\://evil.example/p.png)"), item)

        let feed = AtomRenderer().render(AtomFeed(id: "tag:x,2025:kvm", title: "kvm", entries: [
            .digest(r, id: "tag:x,2025:kvm/digest/1", created: 0, lore: lore)]))
        assertNoRawControls(feed, "atom")
        XCTAssertTrue(feed.contains("AUTOSEL &amp;lt;script&amp;gt;"), "escaped for HTML, then for XML")
    }

    // MARK: - Rerolls and pull-request series

    private func rerolledPull() -> SeriesEntry {
        let pull = PullSource(repository: "https://git.kernel.org/pub/scm/virt/kvm/kvm.git", ref: "tags/kvm-x86-fixes-6.19")
        var s = series(.new, "KVM: x86: fixes for 6.19", total: 7, received: 7,
                       cover: mail("[GIT PULL 0/7] KVM: x86: fixes for 6.19", title: "KVM: x86: fixes for 6.19", id: "c@x", pull: pull),
                       first: mail("[PATCH 1/7] KVM: x86: one", title: "KVM: x86: one", id: "p1@x"))
        s.pullRequest = true
        s.rerolls = [Reroll(number: 5, version: "v2", messageId: "p5v2@x", replaces: "p5@x")]
        return s
    }

    func testRerollsAndThePullSourceInTheSeriesSection() throws {
        let r = report([rerolledPull()])
        let text = TextRenderer(lore: lore).render(r)
        XCTAssertTrue(text.contains("New   v1 7/7+c  [GIT PULL] KVM: x86: fixes for 6.19 (Jane Doe <jane@example.com>)\n"), text)
        XCTAssertTrue(text.contains("""
             a | 1 +

            Pull request: git pull https://git.kernel.org/pub/scm/virt/kvm/kvm.git tags/kvm-x86-fixes-6.19
            Patch 5/7 replaced by v2: https://lore.kernel.org/kvm/p5v2@x/

            Link: https://lore.kernel.org/kvm/c@x/
            b4 am c@x

            """), text)
        XCTAssertTrue(TextRenderer().render(r).contains("Patch 5/7 replaced by v2: <p5v2@x>\n\nMessage-ID: <c@x>\n"))

        let markdown = MarkdownRenderer(lore: lore).render(r)
        XCTAssertTrue(markdown.contains("| **New** | v1 | 7/7+c | \\[GIT PULL\\] [KVM: x86: fixes for 6.19]("), markdown)
        XCTAssertTrue(markdown.contains("""
            ### New: \\[GIT PULL\\] KVM: x86: fixes for 6.19

            v1 · 7/7+c patches · Jane Doe \\<jane@example.com\\> · `b4 am c@x`

            Pull request: `git pull https://git.kernel.org/pub/scm/virt/kvm/kvm.git tags/kvm-x86-fixes-6.19`

            - [Patch 5/7 replaced by v2](https://lore.kernel.org/kvm/p5v2@x/)
            """), markdown)

        let email = try emailParts(r)
        for page in [HTMLRenderer(lore: lore).render(r), email.html] {
            XCTAssertTrue(page.contains("<td class=\"title\"><span class=\"tag\">GIT PULL</span><a href=\"#series-1\">"))
            XCTAssertTrue(page.contains("<p class=\"b4\">Pull request: <code>git pull https://git.kernel.org/pub/scm/virt/kvm/kvm.git "
                                        + "tags/kvm-x86-fixes-6.19</code></p>\n<ul class=\"older\"><li><a href=\"https://lore.kernel.org/"
                                        + "kvm/p5v2@x/\" rel=\"noreferrer\">Patch 5/7 replaced by v2</a></li></ul>\n<div class=\"mail\">"))
        }
        XCTAssertTrue(email.text.contains("\nPatch 5/7 replaced by v2: https://lore.kernel.org/kvm/p5v2@x/\n"))
    }

    /// A cover already tagged as a pull request gets no second flag; one whose text names no
    /// repository is still marked.
    func testAPullRequestSeriesIsFlaggedOnce() {
        var s = rerolledPull()
        s.tags = ["GIT PULL"]
        s.cover?.pull = nil
        let text = TextRenderer().render(report([s]))
        XCTAssertTrue(text.contains("[GIT PULL] KVM: x86: fixes for 6.19 (Jane"), text)
        XCTAssertFalse(text.contains("GIT PULL GIT PULL"))
        XCTAssertTrue(text.contains("\nPull request\nPatch 5/7"), text)
    }

    // MARK: - Part

    private func part() -> SeriesEntry {
        var s = series(.partial, "mm: fix the late case", total: 5, received: 2,
                       first: mail("[PATCH 3/5] mm: fix the late case", title: "mm: fix the late case", id: "p3@x"))
        s.messageIds = ["p3@x", "p5@x"]
        return s
    }

    func testPartIsPrintedFromItsLowestPatch() throws {
        let new = series(.new, "A", total: 1, received: 1, first: mail("[PATCH] A", title: "A", id: "a@x"))
        var continued = part()
        continued.continues = PostingReference(version: "v1", title: "mm: fix", messageId: "c0@x", date: "2025-11-14T10:00:00+00:00", digest: 3)
        let r = report([part(), new, continued])
        let text = lines(TextRenderer(lore: lore).render(r))
        let at = try XCTUnwrap(text.firstIndex(of: "Part: mm: fix the late case"))
        XCTAssertEqual(Array(text[at...(at + 13)]), [
            "Part: mm: fix the late case", "[PATCH 3/5] mm: fix the late case", "Author: Jane Doe <jane@example.com>", "",
            "mm: fix the late case.", "", "Signed-off-by: Jane Doe <jane@example.com>", "---", " a | 1 +", "",
            "Late patches: 2 of 5 received; the cover letter and patch 1 are not in this range", "",
            "Link: https://lore.kernel.org/kvm/p3@x/", "b4 am p3@x"])
        XCTAssertLessThan(at, try XCTUnwrap(text.firstIndex(of: "New:  A")), "in the report's order")
        let continuing = try XCTUnwrap(text.firstIndex(of: "Late patches: 2 of 5 received; the cover letter and patch 1 are not in this "
                                                          + "range, continuing v1 of"))
        XCTAssertEqual(text[continuing + 1], "  2025-11-14 (digest 3)", "wrapped at 100 columns")
        let painted = TextRenderer(color: true).render(r)
        XCTAssertTrue(painted.contains("\n\u{1B}[36mPart:\u{1B}[m \u{1B}[1mmm: fix the late case\u{1B}[m\n"))

        let markdown = MarkdownRenderer(lore: lore).render(r)
        XCTAssertTrue(markdown.contains("""
            ### Part: mm: fix the late case

            v1 · 2/5 patches · Jane Doe \\<jane@example.com\\> · `b4 am p3@x`

            Late patches: 2 of 5 received; the cover letter and patch 1 are not in this range

            #### [\\[PATCH 3/5\\] mm: fix the late case](https://lore.kernel.org/kvm/p3@x/)
            """), markdown)

        let email = try emailParts(r)
        let page = HTMLRenderer(lore: lore).render(r)
        XCTAssertTrue(page.contains("<tr><td><span class=\"badge s-part\">Part</span></td><td class=\"ver\">v1</td><td class=\"num\">2/5</td>"
                                    + "<td class=\"title\"><a href=\"#series-1\">mm: fix the late case</a></td>"))
        XCTAssertTrue(page.contains("<details id=\"series-1\">\n<summary><span class=\"badge s-part\">Part</span>"))
        XCTAssertEqual(page.components(separatedBy: "<details").count - 1, 4, "two Part, one New, one pull request")
        XCTAssertFalse(email.html.contains("<details"))
        XCTAssertTrue(email.html.contains("<div class=\"series\" id=\"series-1\">\n<p class=\"series-head\"><span class=\"badge s-part\">Part</span>"))
        for html in [page, email.html] {
            XCTAssertTrue(html.contains("<p class=\"note\">Late patches: 2 of 5 received; the cover letter and patch 1 are not in this range</p>"))
            XCTAssertTrue(html.contains("<h3>[PATCH 3/5] mm: fix the late case</h3>"))
        }
        XCTAssertTrue(email.text.contains("\nPart: mm: fix the late case\n[PATCH 3/5] mm: fix the late case\n"))
    }

    /// Late patches with no mail to print (a report made before the lowest patch was kept) stay
    /// a line of the patch list, as before.
    func testPartWithoutAPatchIsListedOnly() {
        var s = part()
        s.firstPatch = nil
        let r = report([s])
        XCTAssertTrue(DigestView(r).printedSeries.isEmpty)
        let text = TextRenderer().render(r)
        XCTAssertTrue(text.contains("Part  v1 2/5    mm: fix the late case (Jane Doe <jane@example.com>)"))
        XCTAssertFalse(text.contains("Part:"))
        XCTAssertFalse(HTMLRenderer().render(r).contains("href=\"#series-1\""))
        XCTAssertFalse(MarkdownRenderer().render(r).contains("### Part"))
    }

    // MARK: -

    /// The email's subject and its text and HTML parts, decoded by Python's email package.
    private func emailParts(_ report: DigestReport) throws -> (subject: String, text: String, html: String) {
        let message = EmailRenderer(lore: lore).render(report, envelope: EveryFormatTests.envelope)
        let parts = try Python.json("email_parts.py", [try temporaryFile(message, name: "digest.eml")])
        return (try XCTUnwrap(parts["subject"] as? String), try XCTUnwrap(parts["text"] as? String),
                try XCTUnwrap(parts["html"] as? String))
    }
}
