import Digest
import Series

/// The digest as one self-contained HTML page: inline CSS, no external resources, no script.
/// The counts as SVG bar charts, the patch list as a table, each new series a `<details>` with
/// its cover letter and first patch, links to lore and a `b4 am` line. Every email-borne string
/// goes through HTMLText; the only hrefs are the page's own anchors and LoreLinks URLs (an http(s)
/// base and a percent-encoded Message-ID).
public struct HTMLRenderer {
    public var top: Int
    /// Links to each message and `b4 am` lines; none when nil.
    public var lore: LoreLinks?

    public init(top: Int = 15, lore: LoreLinks? = nil) {
        self.top = top
        self.lore = lore
    }

    /// Nothing may load or run: the page needs only its own inline style.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

    public func render(_ report: DigestReport) -> String { page(report, for: .page) }

    /// The page for an email: mail readers (Gmail, Outlook) drop SVG, so the counts are tables
    /// whose bars are block characters, which every reader shows; many drop `<details>` too, so
    /// every series is shown open.
    public func renderForEmail(_ report: DigestReport) -> String { page(report, for: .email) }

    private func page(_ report: DigestReport, for medium: Medium) -> String {
        let view = DigestView(report, top: top)
        let title = HTMLText.line(view.title)
        var out = ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTMLRenderer.contentSecurityPolicy)\">",
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                   "<meta name=\"color-scheme\" content=\"light dark\">",
                   "<meta name=\"generator\" content=\"patchdigest\">",
                   "<title>\(title)</title>", "<style>", HTMLStyle.css, "</style>", "</head>", "<body>", "<main>"]
        out.append(contentsOf: body(view, for: medium))
        out.append(contentsOf: ["</main>", "</body>", "</html>"])
        return out.joined(separator: "\n") + "\n"
    }

    /// The page's content without the document around it, its style or its charts (the counts
    /// are tables): for a feed entry, where readers drop styles and SVG.
    public func renderFragment(_ report: DigestReport) -> String {
        body(DigestView(report, top: top), for: .feed).joined(separator: "\n") + "\n"
    }

    /// Where the HTML is read, which decides how the counts are drawn and whether a series can
    /// be folded.
    enum Medium {
        /// A browser: SVG charts, each series a `<details>`.
        case page
        /// A feed reader: plain count tables (no style, no SVG), `<details>` kept.
        case feed
        /// A mail reader: count tables with text bars, every series shown open.
        case email

        var counts: Counts {
            switch self {
            case .page: return .svgCharts
            case .feed: return .tables
            case .email: return .tablesWithBars
            }
        }

        /// Whether series and pull requests are `<details>` a reader opens.
        var collapsible: Bool { self != .email }
    }

    /// How the domain and contributor counts are drawn.
    enum Counts { case svgCharts, tables, tablesWithBars }

    private func body(_ view: DigestView, for medium: Medium) -> [String] {
        var out = header(view)
        out.append(contentsOf: counts(view, style: medium.counts))
        out.append(contentsOf: patchList(view.series))
        out.append(contentsOf: printedSeries(view.printedSeries, collapsible: medium.collapsible))
        out.append(contentsOf: older(view.olderSeries))
        out.append(contentsOf: pullRequests(view.pullRequests, collapsible: medium.collapsible))
        out.append(contentsOf: backports(view.backports))
        out.append(contentsOf: footer(view))
        return out
    }

    private func header(_ view: DigestView) -> [String] {
        let c = view.counts, report = view.report
        var stats: [(Int, String, String)] = [(c.messages, "message", "messages"), (c.patchEmails, "patch email", "patch emails"),
                                              (c.series, "series", "series"), (c.newSeries, "new series", "new series"),
                                              (c.pullRequests, "pull request", "pull requests")]
        if c.backportBatches > 0 { stats.append((c.backportBatches, "stable backport batch", "stable backport batches")) }
        return ["<header>",
                "<h1>\(HTMLText.line(report.name)) mailing list update</h1>",
                "<p class=\"range\">from \(rangeEnd(report.from, commit: report.fromCommit)) to "
                    + "\(rangeEnd(report.to, commit: report.toCommit))</p>",
                "<ul class=\"stats\">" + stats.map { "<li><b>\($0.0)</b><span>\($0.0 == 1 ? $0.1 : $0.2)</span></li>" }.joined()
                    + "</ul>"]
            + view.notes.map { "<p class=\"notice\"><b>Note:</b> \(HTMLText.line($0))</p>" }
            + ["</header>"]
    }

    /// A commit in monospace; a date or "the start" as words.
    private func rangeEnd(_ text: String, commit: String?) -> String {
        guard let commit, !text.isEmpty, commit.hasPrefix(text) else { return HTMLText.line(text) }
        return "<span class=\"mono\">\(HTMLText.line(text))</span>"
    }

    private func counts(_ view: DigestView, style: Counts) -> [String] {
        let charts = style == .svgCharts
        let bars = { (rows: [DigestView.Row]) in rows.map { BarChart.Bar(label: $0.label, count: $0.count) } }
        var tables = [("domains", "Top \(top) contributor email domains", bars(view.domains))]
        if let organizations = view.organizations {
            tables.append(("organizations", "Top \(top) contributor organizations", bars(organizations)))
        }
        tables.append(("contributors", "Top \(top) contributors", bars(view.contributors)))
        var out = ["<section id=\"counts\">"]
        if charts { out.append("<div class=\"charts\">") }
        for (id, title, bars) in tables {
            out.append("<div>")
            out.append("<h2 id=\"\(id)\">\(title)</h2>")
            out.append("<p class=\"note\">Patch emails by author (based on email body)</p>")
            out.append(charts ? BarChart(id: "chart-" + id, title: title, bars: bars).svg()
                       : countTable(bars, withBars: style == .tablesWithBars))
            out.append("</div>")
        }
        if charts { out.append("</div>") }
        out.append("</section>")
        return out
    }

    private func countTable(_ bars: [BarChart.Bar], withBars: Bool) -> String {
        guard !bars.isEmpty else { return "<p>(none)</p>" }
        let most = max(bars.map(\.count).max() ?? 1, 1)
        return "<table>" + bars.map { bar in
            // Up to 20 full blocks, at least one: a text bar, proportional to the largest count.
            let blocks = max(1, (bar.count * 20 + most / 2) / most)
            let drawn = withBars ? "<td class=\"text-bar\" aria-hidden=\"true\">\(String(repeating: "\u{2588}", count: blocks))</td>" : ""
            let label = withBars ? "<td class=\"bar-label\">" : "<td>"
            return "<tr><td class=\"num\">\(bar.count)</td>\(drawn)\(label)\(HTMLText.line(bar.label))</td></tr>"
        }.joined() + "</table>"
    }

    private func patchList(_ series: [SeriesView]) -> [String] {
        var out = ["<section id=\"patch-list\">", "<h2>Patch list in this time period</h2>"]
        guard !series.isEmpty else { return out + ["<p>(no patches)</p>", "</section>"] }
        out.append("<table class=\"patches\"><thead><tr><th>Status</th><th>Version</th><th>Patches</th><th>Series</th>"
                   + "<th>Author</th><th>Note</th></tr></thead><tbody>")
        for s in series {
            let title = s.isPrinted
                ? "<a href=\"#series-\(s.position)\">\(HTMLText.line(s.entry.title))</a>"
                : link(HTMLText.line(s.entry.title), s.headMessageId ?? "")
            out.append("<tr><td>\(badge(s.status))</td><td class=\"ver\">\(HTMLText.line(s.version))</td>"
                       + "<td class=\"num\">\(s.received)</td>"
                       + "<td class=\"title\">\(tags(s))\(title)</td>"
                       + "<td class=\"author\">\(HTMLText.line(s.author))</td>"
                       + "<td class=\"reason\">\(s.entry.reason.map(HTMLText.line) ?? "")</td></tr>")
        }
        out.append("</tbody></table>")
        out.append("</section>")
        return out
    }

    /// New series, and Part series with a patch to print (its lowest received).
    private func printedSeries(_ printed: [SeriesView], collapsible: Bool) -> [String] {
        var out = ["<section id=\"series\">", "<h2>New series</h2>"]
        if printed.isEmpty { out.append("<p>(none)</p>") }
        for s in printed {
            let head = "\(badge(s.status)) <span class=\"mono\">\(HTMLText.line(s.version)) "
                + "\(s.received)</span> \(tags(s))<b>\(HTMLText.line(s.entry.title))</b> "
                + "<span class=\"who\">\(HTMLText.line(s.authorName))</span>"
            var content: [String] = []
            if lore != nil, let id = s.headMessageId {
                content.append("<p class=\"b4\"><code>\(HTMLText.line(LoreLinks.b4Command(id)))</code></p>")
            }
            content.append(contentsOf: seriesNotes(s))
            for mail in s.mails { content.append(contentsOf: mailBlock(mail)) }
            out.append(contentsOf: fold(id: "series-\(s.position)", head: head, content, collapsible: collapsible))
        }
        out.append("</section>")
        return out
    }

    /// The review line (a NAK in red), a Part's meaning, a pull request's `git pull` line, the
    /// slots replaced in the thread.
    private func seriesNotes(_ s: SeriesView) -> [String] {
        var out: [String] = []
        if let review = s.review {
            let pieces = review.pieces.map { $0.isNak ? "<span class=\"nak\">\(HTMLText.line($0.text))</span>" : HTMLText.line($0.text) }
            out.append("<p class=\"note\">" + pieces.joined(separator: " · ") + "</p>")
        }
        if let note = s.partNote { out.append("<p class=\"note\">\(HTMLText.line(note))</p>") }
        if s.isPullRequest {
            out.append("<p class=\"b4\">Pull request" + (s.pullCommand.map { ": <code>\(HTMLText.line($0))</code>" } ?? "") + "</p>")
        }
        if !s.rerolls.isEmpty {
            out.append("<ul class=\"older\">" + s.rerolls.map { "<li>" + link(HTMLText.line($0.label), $0.messageId) + "</li>" }.joined()
                       + "</ul>")
        }
        return out
    }

    /// A `<details>` whose summary is `head`; shown open (a box with the head as its first line)
    /// where `<details>` may not work.
    private func fold(id: String?, head: String, _ content: [String], collapsible: Bool) -> [String] {
        let idAttribute = id.map { " id=\"\($0)\"" } ?? ""
        if collapsible {
            return ["<details\(idAttribute)>", "<summary>\(head)</summary>"] + content + ["</details>"]
        }
        return ["<div class=\"series\"\(idAttribute)>", "<p class=\"series-head\">\(head)</p>"] + content + ["</div>"]
    }

    private func mailBlock(_ mail: MailView) -> [String] {
        var who = "Author: " + HTMLText.line(mail.author)
        if let sender = mail.sentBy { who += " (sent by " + HTMLText.line(sender) + ")" }
        var meta = [who, HTMLText.line(mail.date)]
        if let url = lore?.messageURL(mail.entry.messageId) { meta.append(anchor(url, "lore")) }
        var out = ["<div class=\"mail\">", "<h3>\(HTMLText.line(mail.subject))</h3>",
                   "<p class=\"meta\">" + meta.joined(separator: " · ") + "</p>",
                   "<pre>\(HTMLText.block(mail.entry.text))</pre>"]
        if let d = mail.entry.diffstat {
            out.append("<p class=\"diffstat\">\(DigestHeading.plural(d.files, "file")) changed, "
                       + "<span class=\"ins\">+\(d.insertions)</span> <span class=\"del\">−\(d.deletions)</span></p>")
        }
        out.append("</div>")
        return out
    }

    private func older(_ older: [SeriesView]) -> [String] {
        guard !older.isEmpty else { return [] }
        var out = ["<section id=\"older\">", "<h2>Older versions and resends</h2>", "<ul class=\"older\">"]
        for s in older {
            for mail in s.mails {
                let reason = s.entry.reason.map { " <span class=\"who\">— \(HTMLText.line($0))</span>" } ?? ""
                out.append("<li>\(badge(s.status)) \(link(HTMLText.line(mail.subject), mail.entry.messageId))\(reason)</li>")
            }
        }
        out.append(contentsOf: ["</ul>", "</section>"])
        return out
    }

    private func pullRequests(_ pulls: [MailView], collapsible: Bool) -> [String] {
        guard !pulls.isEmpty else { return [] }
        var out = ["<section id=\"pull-requests\">", "<h2>Pull requests</h2>"]
        for pull in pulls {
            let head = "<b>\(HTMLText.line(pull.subject))</b> <span class=\"who\">\(HTMLText.line(pull.author))</span>"
            out.append(contentsOf: fold(id: nil, head: head, mailBlock(pull), collapsible: collapsible))
        }
        out.append("</section>")
        return out
    }

    /// One line per posting: the tree, how many patches, who sent it and when, its title linked.
    private func backports(_ backports: [BackportView]) -> [String] {
        guard !backports.isEmpty else { return [] }
        var out = ["<section id=\"backports\">", "<h2>Stable backports</h2>", "<ul class=\"older\">"]
        for b in backports {
            out.append("<li><span class=\"tag\">\(HTMLText.line(b.tree))</span> \(HTMLText.line(b.patches)) "
                       + "\(link(HTMLText.line(b.entry.title), b.entry.messageId)) "
                       + "<span class=\"who\">\(HTMLText.line(b.sender)) · \(HTMLText.line(b.day))</span></li>")
        }
        out.append(contentsOf: ["</ul>", "</section>"])
        return out
    }

    private func footer(_ view: DigestView) -> [String] {
        var lines = ["Counts are of patch emails (every patch and cover letter in the range, older versions "
                     + "included); the author is the in-body From: line when a patch has one."]
        if view.counts.unreadable > 0 {
            lines.append("\(DigestHeading.plural(view.counts.unreadable, "unreadable message")) skipped (details in --format json).")
        }
        if let toCommit = view.report.toCommit {
            let range = (view.report.fromCommit.map { HTMLText.line($0) + ".." } ?? "") + HTMLText.line(toCommit)
            lines.append("Made by patchdigest from <span class=\"mono\">\(range)</span>.")
        } else {
            lines.append("Made by patchdigest.")
        }
        return ["<footer>"] + lines.map { "<p>\($0)</p>" } + ["</footer>"]
    }

    /// A status word as a coloured badge; the class is chosen from a fixed set, never copied.
    private func badge(_ status: SeriesStatus) -> String {
        let style: String
        switch status {
        case .new: style = "s-new"
        case .skip: style = "s-skip"
        case .exist: style = "s-exist"
        case .partial: style = "s-part"
        }
        return "<span class=\"badge \(style)\">\(status.rawValue)</span>"
    }

    private func tags(_ s: SeriesView) -> String {
        s.flags.map { "<span class=\"tag\">\(HTMLText.line($0))</span>" }.joined()
    }

    private func link(_ escapedText: String, _ messageId: String) -> String {
        guard let url = lore?.messageURL(messageId) else { return escapedText }
        return anchor(url, escapedText)
    }

    private func anchor(_ url: String, _ escapedText: String) -> String {
        "<a href=\"\(HTMLText.escape(url))\" rel=\"noreferrer\">\(escapedText)</a>"
    }
}
