@testable import Digest
import Foundation
@testable import Render
import TestSupport
import XCTest

/// Every string from an email is hostile: subjects, names, Message-IDs and bodies holding
/// script, attribute break-outs, javascript: URLs, Markdown links and images, terminal escapes
/// and bidi overrides must come out of every format as the literal text they were.
final class SecurityTests: XCTestCase {
    static let pageTags: Set<String> = ["html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
                                        "h1", "h2", "h3", "p", "span", "b", "ul", "li", "div", "svg", "g", "text", "rect",
                                        "table", "thead", "tbody", "tr", "th", "td", "a", "details", "summary", "code", "pre"]
    static let markdownTags: Set<String> = ["h1", "h2", "h3", "h4", "p", "table", "thead", "tbody", "tr", "th", "td", "a",
                                            "strong", "code", "pre", "ul", "li"]

    /// What a browser would act on in `html`: only the allowed elements, no event handler, no
    /// resource, links only to `hrefPrefixes`; and the hostile text shown, not dropped.
    private func assertInert(html: String, tags: Set<String>, hrefPrefixes: [String], shows: [String],
                             file: StaticString = #filePath, line: UInt = #line) throws {
        assertNoRawControls(html, "html", file: file, line: line)
        let facts = try Python.json("html_facts.py", [try temporaryFile(html, name: "page.html")], file: file, line: line)
        let used = Set((facts["tags"] as? [String: Int] ?? [:]).keys)
        XCTAssertTrue(used.isSubset(of: tags), "unexpected elements \(used.subtracting(tags))", file: file, line: line)
        XCTAssertEqual(facts["handlers"] as? [String], [], file: file, line: line)
        XCTAssertEqual(facts["sources"] as? [String], [], file: file, line: line)
        for href in facts["hrefs"] as? [String] ?? [] {
            XCTAssertTrue(hrefPrefixes.contains { href.hasPrefix($0) }, "link to \(href)", file: file, line: line)
            XCTAssertNil(href.range(of: #"[^A-Za-z0-9\-._~@%/:#]"#, options: .regularExpression),
                         "unencoded character in \(href)", file: file, line: line)
        }
        let text = facts["text"] as? String ?? ""
        for s in shows { XCTAssertTrue(text.contains(s), "the page does not show \(s)", file: file, line: line) }
    }

    private let shown = [Hostile.script, Hostile.attribute, Hostile.jsURL, Hostile.mdLink, Hostile.mdImage,
                         "\\u{1B}[2J", "\\u{1B}]52;c;ZXZpbA==\\u{7}", "\\u{202E}gnp.exe"]

    func testHTMLPrintsHostileStringsAsText() throws {
        let html = HTMLRenderer(lore: .lore(listName: "kvm")).render(Hostile.report())
        try assertInert(html: html, tags: Self.pageTags, hrefPrefixes: ["https://lore.kernel.org/kvm/", "#series-"], shows: shown)
        XCTAssertFalse(html.lowercased().contains("<script"))
        XCTAssertFalse(html.contains("\"><img"))
        // The Message-ID is percent-encoded in the URL and escaped in the text.
        let url = LoreLinks.lore(listName: "kvm").messageURL(Hostile.messageId + "cover")!
        XCTAssertEqual(url, "https://lore.kernel.org/kvm/a%2Fb%3Fc%23d%20%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%27javascript%3Aalert%281%29@evil.examplecover/")
        XCTAssertTrue(html.contains("href=\"\(url)\""))
        XCTAssertTrue(html.contains("b4 am &#39;a/b?c#d &quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#39;\\&#39;&#39;javascript:alert(1)@evil.examplecover&#39;"))
        // The feed's fragment is held to the same rule.
        try assertInert(html: HTMLRenderer(lore: .lore(listName: "kvm")).renderFragment(Hostile.report()), tags: Self.pageTags,
                        hrefPrefixes: ["https://lore.kernel.org/kvm/", "#series-"], shows: shown)
    }

    func testMarkdownRendersAsTextInGitHubsParser() throws {
        let markdown = MarkdownRenderer(lore: .lore(listName: "kvm")).render(Hostile.report())
        assertNoRawControls(markdown, "markdown")
        let html = try cmarkGFM(markdown)
        try assertInert(html: html, tags: Self.markdownTags, hrefPrefixes: ["https://lore.kernel.org/kvm/", "mailto:"], shows: shown)
        // Fences: the text holds runs of 3 and 5 backticks, so its fence has 6.
        XCTAssertTrue(markdown.contains("\n``````text\nBody "))
        XCTAssertTrue(html.contains("<pre><code class=\"language-text\">Body &lt;script&gt;"), html)
        XCTAssertFalse(html.contains("<h1>heading"), "a # line inside the fence stays text")
    }

    func testMarkdownWithoutLinksHasNoLinkAtAll() throws {
        let markdown = MarkdownRenderer(lore: nil).render(Hostile.report())
        let facts = try Python.json("html_facts.py", [try temporaryFile(try cmarkGFM(markdown), name: "md.html")])
        XCTAssertEqual((facts["hrefs"] as? [String])?.filter { !$0.hasPrefix("mailto:") }, [])
        XCTAssertNil(facts["tags"].flatMap { ($0 as? [String: Int])?["img"] })
    }

    func testMarkdownEscapesEveryInlineConstruct() {
        XCTAssertEqual(MarkdownText.inline("![x](http://e) *a* _b_ `c` <d> &amp; | ~e~ $f$ # g"),
                       "\\!\\[x\\](http\\://e) \\*a\\* \\_b\\_ \\`c\\` \\<d\\> \\&amp; \\| \\~e\\~ \\$f\\$ \\# g")
        XCTAssertEqual(MarkdownText.inline("- item"), "\\- item")
        XCTAssertEqual(MarkdownText.inline("12. item"), "12\\. item")
        XCTAssertEqual(MarkdownText.inline("+ item"), "\\+ item")
        XCTAssertEqual(MarkdownText.inline("a\nb"), "a\\\\u{A}b")
        XCTAssertEqual(MarkdownText.inline("see http://evil.example and WWW.evil.example"),
                       "see http\\://evil.example and WWW\\.evil.example")
        XCTAssertEqual(MarkdownText.fenced("a ```` b"), "`````text\na ```` b\n`````")
        XCTAssertEqual(MarkdownText.code("x ` y"), "``x ` y``")
        XCTAssertEqual(MarkdownText.code("`x"), "`` `x ``")
    }

    func testTextDigestIsTerminalSafe() {
        let text = TextRenderer().render(Hostile.report())
        assertNoRawControls(text, "text")
        XCTAssertTrue(text.contains("\\u{1B}[2J"))
        XCTAssertTrue(text.contains("\\u{202E}gnp.exe"))
    }

    func testEmailHeadersAndPartsAreInert() throws {
        let envelope = MailEnvelope(from: MailAddress(name: "Digest", address: "d@example.org"),
                                    to: [MailAddress(name: "Ops \u{202E}", address: "ops@example.org")],
                                    date: 1_763_400_000, messageId: "x@example.org")
        var report = Hostile.report()
        report.name = "kvm " + Hostile.all
        let message = EmailRenderer(lore: .lore(listName: "kvm")).render(report, envelope: envelope)
        XCTAssertTrue(message.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }, "the message is 7-bit with LF line ends")
        let parts = try Python.json("email_parts.py", [try temporaryFile(message, name: "digest.eml")])
        XCTAssertEqual(parts["defects"] as? [String], [])
        let subject = try XCTUnwrap(parts["subject"] as? String)
        assertNoRawControls(subject, "subject")
        XCTAssertTrue(subject.contains(Hostile.script), subject)
        assertNoRawControls(parts["text"] as? String ?? "", "text part")
        try assertInert(html: parts["html"] as? String ?? "", tags: Self.pageTags,
                        hrefPrefixes: ["https://lore.kernel.org/kvm/", "#series-"], shows: shown)
    }

    func testAtomFeedIsWellFormedWithHostileContent() throws {
        let report = Hostile.report()
        let feed = AtomFeed(id: "tag:patchdigest,2025:kvm" + Hostile.attribute, title: "kvm " + Hostile.all,
                            selfLink: "javascript:alert(1)",
                            entries: [.digest(report, id: "tag:patchdigest,2025:kvm/digest/1", created: 1_763_400_000,
                                              lore: .lore(listName: "kvm"), link: "javascript:alert(1)")])
        let xml = AtomRenderer().render(feed)
        assertNoRawControls(xml, "atom")
        let facts = try Python.json("atom_facts.py", [try temporaryFile(xml, name: "feed.atom")])
        XCTAssertEqual(facts["problems"] as? [String], [])
        let entry = try XCTUnwrap((facts["entries"] as? [[String: Any]])?.first)
        XCTAssertEqual((entry["links"] as? [Any])?.count, 0, "a javascript: link is left out")
        XCTAssertEqual(((facts["feed"] as? [String: Any])?["links"] as? [Any])?.count, 0)
        XCTAssertTrue(((facts["feed"] as? [String: Any])?["title"] as? String ?? "").contains(Hostile.script))
        // The entry's HTML, once unescaped by the XML parser, is as inert as the page.
        try assertInert(html: entry["content"] as? String ?? "", tags: Self.pageTags,
                        hrefPrefixes: ["https://lore.kernel.org/kvm/", "#series-"], shows: shown)
    }

    func testLoreBaseMustBeAPlainHTTPURL() {
        XCTAssertNil(LoreLinks(base: "javascript:alert(1)//"))
        XCTAssertNil(LoreLinks(base: "https://lore.kernel.org/kvm/\"onmouseover=x"))
        XCTAssertNil(LoreLinks(base: "https:///kvm/"))
        XCTAssertNil(LoreLinks(base: "ftp://lore.kernel.org/kvm/"))
        XCTAssertEqual(LoreLinks(base: "https://lore.example.org/kvm")?.base, "https://lore.example.org/kvm/")
        XCTAssertEqual(LoreLinks.lore(listName: "KVM ARM").base, "https://lore.kernel.org/kvm%20arm/")
        XCTAssertEqual(LoreLinks.b4Command("20251117-x-v2-0-abc@google.com"), "b4 am 20251117-x-v2-0-abc@google.com")
        XCTAssertEqual(LoreLinks.b4Command("$(rm -rf ~)@x"), "b4 am '$(rm -rf ~)@x'")
        XCTAssertEqual(LoreLinks.b4Command("it's@x"), "b4 am 'it'\\''s@x'")
    }

    /// Emails written into a real inbox, through the command for every format.
    func testHostileEmailsThroughEveryFormat() throws {
        let evilName = "=?UTF-8?B?" + Data(("Eve " + Hostile.all).utf8).base64EncodedString() + "?="
        let emails = [
            Fixtures.email(from: "\(evilName) <eve@evil.example>", subject: "[PATCH 0/1] " + Hostile.script + " " + Hostile.mdLink,
                           id: "cover\(Hostile.attribute)'\(Hostile.jsURL)@evil.example",
                           body: "Cover \(Hostile.all)\n\nEve (1):\n  x\n\n a | 1 +\n 1 file changed, 1 insertion(+)\n"),
            Fixtures.email(from: "\(evilName) <eve@evil.example>", subject: "[PATCH 1/1] " + Hostile.attribute + " " + Hostile.mdImage,
                           id: "one\(Hostile.attribute)@evil.example", date: "Mon, 17 Nov 2025 10:00:01 +0000",
                           inReplyTo: "cover\(Hostile.attribute)'\(Hostile.jsURL)@evil.example",
                           body: "From: \(evilName) <eve@evil.example>\n\nFix \(Hostile.all)\n\nSigned-off-by: Eve <eve@evil.example>\n---\n a | 1 +\n 1 file changed, 1 insertion(+)\n\ndiff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1 +1,2 @@\n x\n+y\n"),
        ]
        let inbox = try Fixtures.inbox(emails).path
        func run(_ args: [String]) throws -> String {
            let r = try Fixtures.patchdigest(["report", inbox, "--name", "evil"] + args + Sample.mailOptions)
            XCTAssertEqual(r.status, 0, r.stderr)
            // JSON is data: it keeps the text as it was, for the renderers to escape.
            if args != ["--format", "json"] { assertNoRawControls(r.stdout, args.joined(separator: " ")) }
            return r.stdout
        }
        let json = try run(["--format", "json"])
        XCTAssertTrue(json.contains("<script>alert(1)</script>"), "the report holds the hostile text the formats must escape")
        let prefixes = ["https://lore.kernel.org/all/", "#series-"]
        try assertInert(html: try run(["--format", "html"]), tags: Self.pageTags, hrefPrefixes: prefixes,
                        shows: [Hostile.script, Hostile.attribute, Hostile.mdLink, Hostile.mdImage, "\\u{1B}[2J"])
        let markdown = try cmarkGFM(try run(["--format", "markdown"]))
        try assertInert(html: markdown, tags: Self.markdownTags, hrefPrefixes: prefixes + ["mailto:"],
                        shows: [Hostile.script, Hostile.attribute, Hostile.mdLink, Hostile.mdImage])
        let parts = try Python.json("email_parts.py", [try temporaryFile(try run(["--format", "email"]), name: "evil.eml")])
        try assertInert(html: parts["html"] as? String ?? "", tags: Self.pageTags, hrefPrefixes: prefixes, shows: [Hostile.script])
        let text = try run([])
        XCTAssertTrue(text.contains("\\u{1B}[2J"))
    }

    /// Markdown to HTML with GitHub's parser (cmark-gfm, with raw HTML allowed so that any escape
    /// that fails shows up as an element).
    private func cmarkGFM(_ markdown: String) throws -> String {
        guard let r = try? Fixtures.run("/usr/bin/env", ["cmark-gfm", "--unsafe", "-e", "table", "-e", "autolink",
                                                          "-e", "strikethrough", "-e", "tagfilter",
                                                          try temporaryFile(markdown, name: "digest.md")]),
              r.status == 0 else {
            throw XCTSkip("cmark-gfm is not installed (scripts/install-deps installs Debian's cmark-gfm)")
        }
        return r.stdout
    }
}
