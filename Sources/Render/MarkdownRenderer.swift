import Digest

/// The digest as GitHub-flavoured Markdown: the text digest's sections, the counts and the patch
/// list as tables, a heading per new series with each mail's text in a fenced block. Every string
/// from an email is escaped (MarkdownText), so it reads as the literal text it was.
public struct MarkdownRenderer {
    public var top: Int
    /// Links to each message and `b4 am` lines; none when nil.
    public var lore: LoreLinks?

    public init(top: Int = 15, lore: LoreLinks? = nil) {
        self.top = top
        self.lore = lore
    }

    public func render(_ report: DigestReport) -> String {
        var out: [String] = []
        out.append("# " + MarkdownText.inline(DigestHeading.title(report)))
        out.append("")
        out.append(MarkdownText.inline(DigestHeading.summary(report)) + ".")
        out.append("")
        out.append("## Top \(top) contributor email domains (based on email body)")
        out.append("")
        out.append(contentsOf: table(["Patch emails", "Domain"], right: [0],
                                     report.domains.top(top).map { [String($0.count), MarkdownText.inline($0.domain)] }))
        out.append("")
        out.append("## Top \(top) contributors (based on email body)")
        out.append("")
        out.append(contentsOf: table(["Patch emails", "Contributor"], right: [0], report.contributors.top(top).map {
            [String($0.count), MarkdownText.inline(Person(name: $0.name, email: $0.email).display)]
        }))
        out.append("")
        out.append("## Patch list in this time period")
        out.append("")
        out.append(contentsOf: patchList(report.series))
        out.append("")
        out.append("## Patch commit messages")
        for series in report.series where series.status == "New" {
            out.append("")
            out.append(contentsOf: newSeries(series))
        }
        let older = report.series.filter { $0.status == "Exist" || $0.status == "Skip" }
        if !older.isEmpty {
            out.append("")
            out.append("## Older versions and resends")
            out.append("")
            for series in older {
                for mail in [series.cover, series.firstPatch].compactMap({ $0 }) {
                    out.append("- \(series.status): " + linked(MarkdownText.inline(mail.subject), mail.messageId))
                }
            }
        }
        if !report.pullRequests.isEmpty {
            out.append("")
            out.append("## Pull requests")
            out.append("")
            for pull in report.pullRequests {
                out.append("- " + linked(MarkdownText.inline(pull.subject), pull.messageId)
                           + " (" + MarkdownText.inline(pull.author.display) + ")")
            }
        }
        if !report.skipped.isEmpty {
            out.append("")
            out.append("\(DigestHeading.plural(report.skipped.count, "unreadable message")) skipped (details in `--format json`).")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Cells are already escaped (a `|` in them is `\|`).
    private func table(_ header: [String], right: Set<Int>, _ rows: [[String]]) -> [String] {
        guard !rows.isEmpty else { return ["(none)"] }
        let rule = header.indices.map { right.contains($0) ? "---:" : "---" }
        return (["| " + header.joined(separator: " | ") + " |", "| " + rule.joined(separator: " | ") + " |"]
                + rows.map { "| " + $0.joined(separator: " | ") + " |" })
    }

    private func patchList(_ series: [SeriesEntry]) -> [String] {
        guard !series.isEmpty else { return ["(no patches)"] }
        return table(["Status", "Version", "Patches", "Series", "Author", "Note"], right: [2], series.map { s in
            let flags = DigestHeading.flags(s)
            let prefix = flags.isEmpty ? "" : "\\[" + MarkdownText.inline(flags.joined(separator: " ")) + "\\] "
            let title = prefix + linked(MarkdownText.inline(s.title), DigestHeading.headMessageId(s) ?? "")
            return [s.status == "New" ? "**New**" : MarkdownText.inline(s.status), MarkdownText.inline(s.version),
                    DigestHeading.received(s), title, MarkdownText.inline(s.author.display),
                    s.reason.map(MarkdownText.inline) ?? ""]
        })
    }

    private func newSeries(_ series: SeriesEntry) -> [String] {
        var out = ["### New: " + MarkdownText.inline(series.title), ""]
        var facts = [MarkdownText.inline(series.version), DigestHeading.received(series) + " patches",
                     MarkdownText.inline(series.author.display)]
        if let id = DigestHeading.headMessageId(series), lore != nil {
            facts.append(MarkdownText.code(LoreLinks.b4Command(id)))
        }
        out.append(facts.joined(separator: " · "))
        for mail in [series.cover, series.firstPatch].compactMap({ $0 }) {
            out.append("")
            out.append("#### " + linked(MarkdownText.inline(mail.subject), mail.messageId))
            out.append("")
            var author = "Author: " + MarkdownText.inline(mail.author.display)
            if mail.sender.email.lowercased() != mail.author.email.lowercased() {
                author += " (sent by " + MarkdownText.inline(mail.sender.display) + ")"
            }
            out.append(author + " · " + MarkdownText.inline(DigestHeading.shortDate(mail.date)))
            out.append("")
            out.append(MarkdownText.fenced(mail.text))
        }
        return out
    }

    /// `[text](url)` to the message on lore; the text alone without links or an id. The URL is
    /// the checked base and a percent-encoded id: no space, parenthesis or bracket can end it.
    private func linked(_ escapedText: String, _ messageId: String) -> String {
        guard let url = lore?.messageURL(messageId) else { return escapedText }
        return "[" + escapedText + "](" + url + ")"
    }
}
