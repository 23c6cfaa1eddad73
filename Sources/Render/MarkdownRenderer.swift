import Digest
import Series

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
        let view = DigestView(report, top: top)
        var out: [String] = []
        out.append("# " + MarkdownText.inline(view.title))
        out.append("")
        out.append(MarkdownText.inline(view.summary) + ".")
        out.append("")
        for note in view.notes {
            out.append("**Note:** " + MarkdownText.inline(note))
            out.append("")
        }
        out.append("## Top \(top) contributor email domains (based on email body)")
        out.append("")
        out.append(contentsOf: counts("Domain", view.domains))
        out.append("")
        if let organizations = view.organizations {
            out.append("## Top \(top) contributor organizations (based on email body)")
            out.append("")
            out.append(contentsOf: counts("Organization", organizations))
            out.append("")
        }
        out.append("## Top \(top) contributors (based on email body)")
        out.append("")
        out.append(contentsOf: counts("Contributor", view.contributors))
        out.append("")
        out.append("## Patch list in this time period")
        out.append("")
        out.append(contentsOf: patchList(view.series))
        out.append("")
        out.append("## Patch commit messages")
        for series in view.printedSeries {
            out.append("")
            out.append(contentsOf: printedSeries(series))
        }
        if !view.olderSeries.isEmpty {
            out.append("")
            out.append("## Older versions and resends")
            out.append("")
            for series in view.olderSeries {
                for mail in series.mails {
                    out.append("- \(series.status.rawValue): " + linked(MarkdownText.inline(mail.subject), mail.entry.messageId))
                }
            }
        }
        if !view.pullRequests.isEmpty {
            out.append("")
            out.append("## Pull requests")
            out.append("")
            for pull in view.pullRequests {
                out.append("- " + linked(MarkdownText.inline(pull.subject), pull.entry.messageId)
                           + " (" + MarkdownText.inline(pull.author) + ")")
            }
        }
        if !view.backports.isEmpty {
            out.append("")
            out.append("## Stable backports")
            out.append("")
            for backport in view.backports {
                out.append("- " + MarkdownText.inline(backport.summary) + ": "
                           + linked(MarkdownText.inline(backport.entry.title), backport.entry.messageId))
            }
        }
        if view.counts.unreadable > 0 {
            out.append("")
            out.append("\(DigestHeading.plural(view.counts.unreadable, "unreadable message")) skipped (details in `--format json`).")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func counts(_ what: String, _ rows: [DigestView.Row]) -> [String] {
        table(["Patch emails", what], right: [0], rows.map { [String($0.count), MarkdownText.inline($0.label)] })
    }

    /// Cells are already escaped (a `|` in them is `\|`).
    private func table(_ header: [String], right: Set<Int>, _ rows: [[String]]) -> [String] {
        guard !rows.isEmpty else { return ["(none)"] }
        let rule = header.indices.map { right.contains($0) ? "---:" : "---" }
        return (["| " + header.joined(separator: " | ") + " |", "| " + rule.joined(separator: " | ") + " |"]
                + rows.map { "| " + $0.joined(separator: " | ") + " |" })
    }

    private func patchList(_ series: [SeriesView]) -> [String] {
        guard !series.isEmpty else { return ["(no patches)"] }
        return table(["Status", "Version", "Patches", "Series", "Author", "Note"], right: [2], series.map { s in
            let prefix = s.flags.isEmpty ? "" : "\\[" + MarkdownText.inline(s.flags.joined(separator: " ")) + "\\] "
            let title = prefix + linked(MarkdownText.inline(s.entry.title), s.headMessageId ?? "")
            return [s.isNew ? "**New**" : MarkdownText.inline(s.status.rawValue), MarkdownText.inline(s.version),
                    s.received, title, MarkdownText.inline(s.author), s.entry.reason.map(MarkdownText.inline) ?? ""]
        })
    }

    /// A heading, the facts line, a Part's meaning, a pull request's `git pull`, the replaced
    /// slots, then the cover letter and the first patch (for Part, the lowest received).
    private func printedSeries(_ series: SeriesView) -> [String] {
        let pull = series.isPullRequest ? "\\[GIT PULL\\] " : ""
        var out = ["### \(series.isPartial ? "Part" : "New"): " + pull + MarkdownText.inline(series.entry.title), ""]
        var facts = [MarkdownText.inline(series.version), series.received + " patches", MarkdownText.inline(series.author)]
        if let id = series.headMessageId, lore != nil {
            facts.append(MarkdownText.code(LoreLinks.b4Command(id)))
        }
        out.append(facts.joined(separator: " · "))
        if let review = series.review {
            out.append("")
            out.append(MarkdownText.inline(review.line))
        }
        if let note = series.partNote {
            out.append("")
            out.append(MarkdownText.inline(note))
        }
        if series.isPullRequest {
            out.append("")
            out.append("Pull request" + (series.pullCommand.map { ": " + MarkdownText.code($0) } ?? ""))
        }
        if !series.rerolls.isEmpty { out.append("") }
        for reroll in series.rerolls {
            out.append("- " + linked(MarkdownText.inline(reroll.label), reroll.messageId))
        }
        for mail in series.mails {
            out.append("")
            out.append("#### " + linked(MarkdownText.inline(mail.subject), mail.entry.messageId))
            out.append("")
            var author = "Author: " + MarkdownText.inline(mail.author)
            if let sender = mail.sentBy { author += " (sent by " + MarkdownText.inline(sender) + ")" }
            out.append(author + " · " + MarkdownText.inline(mail.date))
            out.append("")
            out.append(MarkdownText.fenced(mail.entry.text))
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
