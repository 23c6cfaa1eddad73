import Digest

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

    public func render(_ report: DigestReport) -> String { page(report, counts: .svgCharts) }

    /// The page for an email: mail readers (Gmail, Outlook) drop SVG, so the counts are tables
    /// whose bars are block characters, which every reader shows.
    public func renderForEmail(_ report: DigestReport) -> String { page(report, counts: .tablesWithBars) }

    private func page(_ report: DigestReport, counts: Counts) -> String {
        let title = HTMLText.line(DigestHeading.title(report))
        var out = ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTMLRenderer.contentSecurityPolicy)\">",
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                   "<meta name=\"color-scheme\" content=\"light dark\">",
                   "<meta name=\"generator\" content=\"patchdigest\">",
                   "<title>\(title)</title>", "<style>", HTMLStyle.css, "</style>", "</head>", "<body>", "<main>"]
        out.append(contentsOf: body(report, counts: counts))
        out.append(contentsOf: ["</main>", "</body>", "</html>"])
        return out.joined(separator: "\n") + "\n"
    }

    /// The page's content without the document around it, its style or its charts (the counts
    /// are tables): for a feed entry, where readers drop styles and SVG.
    public func renderFragment(_ report: DigestReport) -> String {
        body(report, counts: .tables).joined(separator: "\n") + "\n"
    }

    /// How the domain and contributor counts are drawn.
    enum Counts { case svgCharts, tables, tablesWithBars }

    private func body(_ report: DigestReport, counts style: Counts) -> [String] {
        var out = header(report)
        out.append(contentsOf: counts(report, style: style))
        out.append(contentsOf: patchList(report.series))
        out.append(contentsOf: newSeries(report.series))
        out.append(contentsOf: older(report.series))
        out.append(contentsOf: pullRequests(report.pullRequests))
        out.append(contentsOf: footer(report))
        return out
    }

    private func header(_ report: DigestReport) -> [String] {
        let c = DigestHeading.Counts(report)
        let stats: [(Int, String, String)] = [(c.messages, "message", "messages"), (c.patchEmails, "patch email", "patch emails"),
                                              (c.series, "series", "series"), (c.newSeries, "new series", "new series"),
                                              (c.pullRequests, "pull request", "pull requests")]
        return ["<header>",
                "<h1>\(HTMLText.line(report.name)) mailing list update</h1>",
                "<p class=\"range\">from \(rangeEnd(report.from, commit: report.fromCommit)) to "
                    + "\(rangeEnd(report.to, commit: report.toCommit))</p>",
                "<ul class=\"stats\">" + stats.map { "<li><b>\($0.0)</b><span>\($0.0 == 1 ? $0.1 : $0.2)</span></li>" }.joined()
                    + "</ul>",
                "</header>"]
    }

    /// A commit in monospace; a date or "the start" as words.
    private func rangeEnd(_ text: String, commit: String?) -> String {
        guard let commit, !text.isEmpty, commit.hasPrefix(text) else { return HTMLText.line(text) }
        return "<span class=\"mono\">\(HTMLText.line(text))</span>"
    }

    private func counts(_ report: DigestReport, style: Counts) -> [String] {
        let charts = style == .svgCharts
        let domains = report.domains.top(top).map { BarChart.Bar(label: $0.domain, count: $0.count) }
        let people = report.contributors.top(top).map {
            BarChart.Bar(label: Person(name: $0.name, email: $0.email).display, count: $0.count)
        }
        let domainTitle = "Top \(top) contributor email domains", peopleTitle = "Top \(top) contributors"
        var out = ["<section id=\"counts\">"]
        if charts { out.append("<div class=\"charts\">") }
        for (id, title, bars) in [("domains", domainTitle, domains), ("contributors", peopleTitle, people)] {
            out.append("<div>")
            out.append("<h2 id=\"\(id)\">\(title)</h2>")
            out.append("<p class=\"note\">Patch emails by author (based on email body)</p>")
            out.append(charts ? BarChart(id: "chart-" + id, title: title, bars: Array(bars)).svg()
                       : countTable(Array(bars), withBars: style == .tablesWithBars))
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

    private func patchList(_ series: [SeriesEntry]) -> [String] {
        var out = ["<section id=\"patch-list\">", "<h2>Patch list in this time period</h2>"]
        guard !series.isEmpty else { return out + ["<p>(no patches)</p>", "</section>"] }
        out.append("<table class=\"patches\"><thead><tr><th>Status</th><th>Version</th><th>Patches</th><th>Series</th>"
                   + "<th>Author</th><th>Note</th></tr></thead><tbody>")
        for (index, s) in series.enumerated() {
            let title = s.status == "New"
                ? "<a href=\"#series-\(index + 1)\">\(HTMLText.line(s.title))</a>"
                : link(HTMLText.line(s.title), DigestHeading.headMessageId(s) ?? "")
            out.append("<tr><td>\(badge(s.status))</td><td class=\"ver\">\(HTMLText.line(s.version))</td>"
                       + "<td class=\"num\">\(DigestHeading.received(s))</td>"
                       + "<td class=\"title\">\(tags(s))\(title)</td>"
                       + "<td class=\"author\">\(HTMLText.line(s.author.display))</td>"
                       + "<td class=\"reason\">\(s.reason.map(HTMLText.line) ?? "")</td></tr>")
        }
        out.append("</tbody></table>")
        out.append("</section>")
        return out
    }

    private func newSeries(_ series: [SeriesEntry]) -> [String] {
        var out = ["<section id=\"series\">", "<h2>New series</h2>"]
        let new = series.enumerated().filter { $0.element.status == "New" }
        if new.isEmpty { out.append("<p>(none)</p>") }
        for (index, s) in new {
            out.append("<details id=\"series-\(index + 1)\">")
            out.append("<summary>\(badge(s.status)) <span class=\"mono\">\(HTMLText.line(s.version)) "
                       + "\(DigestHeading.received(s))</span> \(tags(s))<b>\(HTMLText.line(s.title))</b> "
                       + "<span class=\"who\">\(HTMLText.line(s.author.name.isEmpty ? s.author.email : s.author.name))</span></summary>")
            if lore != nil, let id = DigestHeading.headMessageId(s) {
                out.append("<p class=\"b4\"><code>\(HTMLText.line(LoreLinks.b4Command(id)))</code></p>")
            }
            for mail in [s.cover, s.firstPatch].compactMap({ $0 }) { out.append(contentsOf: mailBlock(mail)) }
            out.append("</details>")
        }
        out.append("</section>")
        return out
    }

    private func mailBlock(_ mail: MailEntry) -> [String] {
        var who = "Author: " + HTMLText.line(mail.author.display)
        if mail.sender.email.lowercased() != mail.author.email.lowercased() {
            who += " (sent by " + HTMLText.line(mail.sender.display) + ")"
        }
        var meta = [who, HTMLText.line(DigestHeading.shortDate(mail.date))]
        if let url = lore?.messageURL(mail.messageId) { meta.append(anchor(url, "lore")) }
        var out = ["<div class=\"mail\">", "<h3>\(HTMLText.line(mail.subject))</h3>",
                   "<p class=\"meta\">" + meta.joined(separator: " · ") + "</p>",
                   "<pre>\(HTMLText.block(mail.text))</pre>"]
        if let d = mail.diffstat {
            out.append("<p class=\"diffstat\">\(DigestHeading.plural(d.files, "file")) changed, "
                       + "<span class=\"ins\">+\(d.insertions)</span> <span class=\"del\">−\(d.deletions)</span></p>")
        }
        out.append("</div>")
        return out
    }

    private func older(_ series: [SeriesEntry]) -> [String] {
        let older = series.filter { $0.status == "Exist" || $0.status == "Skip" }
        guard !older.isEmpty else { return [] }
        var out = ["<section id=\"older\">", "<h2>Older versions and resends</h2>", "<ul class=\"older\">"]
        for s in older {
            for mail in [s.cover, s.firstPatch].compactMap({ $0 }) {
                let reason = s.reason.map { " <span class=\"who\">— \(HTMLText.line($0))</span>" } ?? ""
                out.append("<li>\(badge(s.status)) \(link(HTMLText.line(mail.subject), mail.messageId))\(reason)</li>")
            }
        }
        out.append(contentsOf: ["</ul>", "</section>"])
        return out
    }

    private func pullRequests(_ pulls: [MailEntry]) -> [String] {
        guard !pulls.isEmpty else { return [] }
        var out = ["<section id=\"pull-requests\">", "<h2>Pull requests</h2>"]
        for pull in pulls {
            out.append("<details>")
            out.append("<summary><b>\(HTMLText.line(pull.subject))</b> <span class=\"who\">"
                       + "\(HTMLText.line(pull.author.display))</span></summary>")
            out.append(contentsOf: mailBlock(pull))
            out.append("</details>")
        }
        out.append("</section>")
        return out
    }

    private func footer(_ report: DigestReport) -> [String] {
        var lines = ["Counts are of patch emails (every patch and cover letter in the range, older versions "
                     + "included); the author is the in-body From: line when a patch has one."]
        if !report.skipped.isEmpty {
            lines.append("\(DigestHeading.plural(report.skipped.count, "unreadable message")) skipped (details in --format json).")
        }
        if let toCommit = report.toCommit {
            let range = (report.fromCommit.map { HTMLText.line($0) + ".." } ?? "") + HTMLText.line(toCommit)
            lines.append("Made by patchdigest from <span class=\"mono\">\(range)</span>.")
        } else {
            lines.append("Made by patchdigest.")
        }
        return ["<footer>"] + lines.map { "<p>\($0)</p>" } + ["</footer>"]
    }

    /// A status word as a coloured badge; the class is chosen from a fixed set, never copied.
    private func badge(_ status: String) -> String {
        let known = ["New": "s-new", "Skip": "s-skip", "Exist": "s-exist", "Part": "s-part"]
        return "<span class=\"badge \(known[status] ?? "s-other")\">\(HTMLText.line(status))</span>"
    }

    private func tags(_ s: SeriesEntry) -> String {
        DigestHeading.flags(s).map { "<span class=\"tag\">\(HTMLText.line($0))</span>" }.joined()
    }

    private func link(_ escapedText: String, _ messageId: String) -> String {
        guard let url = lore?.messageURL(messageId) else { return escapedText }
        return anchor(url, escapedText)
    }

    private func anchor(_ url: String, _ escapedText: String) -> String {
        "<a href=\"\(HTMLText.escape(url))\" rel=\"noreferrer\">\(escapedText)</a>"
    }
}
