import Digest

/// One stored digest as a feed entry.
public struct AtomEntry: Sendable {
    /// A stable IRI that never changes for this digest, e.g. `tag:patchdigest,2025:kvm/digest/17`
    /// (AtomRenderer.tagURI makes one).
    public var id: String
    public var report: DigestReport
    /// When the digest was made (Unix seconds): the entry's `updated` and `published`.
    public var created: Int64
    public var content: Content
    /// A page for the entry (`rel="alternate"`), http(s) only.
    public var link: String?

    public enum Content: Sendable, Equatable {
        /// HTML (e.g. HTMLRenderer.renderFragment), escaped into the element as Atom's `type="html"` asks.
        case html(String)
        case text(String)
    }

    public init(id: String, report: DigestReport, created: Int64, content: Content, link: String? = nil) {
        self.id = id
        self.report = report
        self.created = created
        self.content = content
        self.link = link
    }

    /// An entry whose content is the digest's HTML fragment (counts as tables, no style, no SVG:
    /// what feed readers keep).
    public static func digest(_ report: DigestReport, id: String, created: Int64, top: Int = 15,
                              lore: LoreLinks? = nil, link: String? = nil) -> AtomEntry {
        AtomEntry(id: id, report: report, created: created,
                  content: .html(HTMLRenderer(top: top, lore: lore).renderFragment(report)), link: link)
    }
}

/// The feed around the entries (RFC 4287 §4.1.1).
public struct AtomFeed: Sendable {
    public var id: String
    public var title: String
    /// Unix seconds; nil: the newest entry's `created` (or 0 for an empty feed).
    public var updated: Int64?
    /// The feed's own URL (`rel="self"`), http(s) only.
    public var selfLink: String?
    public var author: String
    public var entries: [AtomEntry]

    public init(id: String, title: String, updated: Int64? = nil, selfLink: String? = nil,
                author: String = "patchdigest", entries: [AtomEntry]) {
        self.id = id
        self.title = title
        self.updated = updated
        self.selfLink = selfLink
        self.author = author
        self.entries = entries
    }
}

/// Stored digests as an Atom feed (RFC 4287): one entry per digest that has patches or pull
/// requests (a quiet day is nothing to read), newest first, titled by its day and counts, with the
/// required elements (feed id/title/updated/author, entry id/title/updated/content). Every string
/// is XML-escaped and stripped of what XML 1.0 cannot hold.
public struct AtomRenderer {
    public init() {}

    public func render(_ feed: AtomFeed) -> String {
        // Newest first; entries made in the same second keep the order they were given in.
        let entries = feed.entries.enumerated().sorted { a, b in
            a.element.created != b.element.created ? a.element.created > b.element.created : a.offset < b.offset
        }.map(\.element).filter { DigestView($0.report).hasPatches }
        let updated = feed.updated ?? entries.map(\.created).max() ?? 0
        var out = ["<?xml version=\"1.0\" encoding=\"utf-8\"?>",
                   "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                   "  <id>\(XMLText.escape(feed.id))</id>",
                   "  <title>\(XMLText.escape(feed.title))</title>",
                   "  <updated>\(TimeText.rfc3339(updated))</updated>",
                   "  <author><name>\(XMLText.escape(feed.author))</name></author>",
                   "  <generator>patchdigest</generator>"]
        if let link = feed.selfLink.flatMap(XMLText.httpURL) {
            out.append("  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(XMLText.escape(link))\"/>")
        }
        for entry in entries { out.append(contentsOf: render(entry)) }
        out.append("</feed>")
        return out.joined(separator: "\n") + "\n"
    }

    private func render(_ entry: AtomEntry) -> [String] {
        let when = TimeText.rfc3339(entry.created), view = DigestView(entry.report)
        var out = ["  <entry>",
                   "    <id>\(XMLText.escape(entry.id))</id>",
                   "    <title>\(XMLText.escape(view.entryTitle(made: entry.created)))</title>",
                   "    <updated>\(when)</updated>",
                   "    <published>\(when)</published>",
                   "    <summary>\(XMLText.escape(view.summary))</summary>"]
        if let link = entry.link.flatMap(XMLText.httpURL) {
            out.append("    <link rel=\"alternate\" type=\"text/html\" href=\"\(XMLText.escape(link))\"/>")
        }
        switch entry.content {
        case .html(let html): out.append("    <content type=\"html\">\(XMLText.escape(html))</content>")
        case .text(let text): out.append("    <content type=\"text\">\(XMLText.escape(text))</content>")
        }
        out.append("  </entry>")
        return out
    }

    /// `tag:AUTHORITY,YEAR:SPECIFIC` (RFC 4151), the specific part percent-encoded where it is
    /// not a plain path: e.g. `tagURI(year: 2025, specific: "kvm/digest/17")`.
    public static func tagURI(authority: String = "patchdigest", year: Int, specific: String) -> String {
        let path = specific.split(separator: "/", omittingEmptySubsequences: false)
            .map { LoreLinks.percentEncode(String($0)) }.joined(separator: "/")
        return "tag:\(authority),\(year):\(path)"
    }
}

/// Text for XML 1.0 element content and double-quoted attributes.
enum XMLText {
    /// `& < > " '` as entities; characters XML 1.0 cannot hold (C0 controls but tab and newline,
    /// U+FFFE, U+FFFF) and the other ones a reader should not act on (C1, bidi overrides) become
    /// visible `\u{…}` text, as on a terminal.
    static func escape(_ text: String) -> String {
        var clean = ""
        for scalar in TerminalSafe.clean(text).unicodeScalars {
            if scalar == "\u{FFFE}" || scalar == "\u{FFFF}" {
                clean += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                clean.unicodeScalars.append(scalar)
            }
        }
        return HTMLText.escape(clean) // its entities are XML's too (&#39; for ')
    }

    /// The URL when it is http(s) and has no character that would need escaping to mean itself.
    static func httpURL(_ text: String) -> String? {
        LoreLinks(base: text) != nil ? text : nil
    }
}
