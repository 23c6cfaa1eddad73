import Foundation
import Digest
import Series

/// The plain-text digest, section for section as the list digests people already read
/// ("<NAME> mailing list update from X to Y").
///
/// With `color`, for a terminal: headings bold and statuses coloured as git colours its own
/// output (New green, Exist yellow, Skip faint, Part cyan). Only the renderer's own words are
/// painted; email-borne text is cleaned as always, so every escape sequence is one of these.
public struct TextRenderer {
    public var top: Int
    public var color: Bool
    /// Where each printed series' link points (and whether a `b4 am` line follows it); without
    /// links a series ends with its lead mail's Message-ID.
    public var lore: LoreLinks?

    public init(top: Int = 15, color: Bool = false, lore: LoreLinks? = nil) {
        self.top = top
        self.color = color
        self.lore = lore
    }

    /// The columns the renderer's own lines (patch list, status lines, headings of each mail,
    /// pull requests) are wrapped to; mail text is printed as it was written.
    public static let width = 100

    static let separator = String(repeating: "-", count: 70)

    public func render(_ report: DigestReport) -> String {
        let view = DigestView(report, top: top)
        var out: [String] = []
        out.append("From \(report.from) to \(report.to)")
        out.append(line(view.title))
        out.append(line(view.summary))
        for note in view.notes { out.append("Note: " + line(note)) }
        out.append("")
        out.append(paint("Top \(top) contributor Email domains (Based on Email Body)", .bold))
        out.append("")
        for d in view.domains { out.append(count(d.count) + " " + line(d.label)) }
        out.append("")
        if let organizations = view.organizations {
            out.append(paint("Top \(top) contributor organizations (Based on Email Body)", .bold))
            out.append("")
            for o in organizations { out.append(count(o.count) + " " + line(o.label)) }
            out.append("")
        }
        out.append(paint("Top \(top) contributors (Based on Email Body)", .bold))
        out.append("")
        for c in view.contributors { out.append(count(c.count) + "  " + line(c.label)) }
        out.append("")
        out.append(paint("===== Patch list in this time period =====", .bold))
        out.append("")
        out.append(contentsOf: patchList(view.series))
        out.append("")
        out.append(paint("===== Patch Commit Messages ====", .bold))
        out.append("")
        out.append(contentsOf: commitMessages(view.series))
        out.append(contentsOf: section("Pull requests", view.pullRequests.map(pullRequest), after: out.last))
        out.append(contentsOf: section("Stable backports", view.backports.map(backportLines), after: out.last))
        if !report.skipped.isEmpty {
            out.append("")
            out.append("\(report.skipped.count) unreadable message\(report.skipped.count == 1 ? "" : "s") skipped (details in --format json)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `uniq -c` style, as the seeds print counts.
    private func count(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: " ", count: max(0, 7 - s.count)) + s
    }

    private func line(_ s: String) -> String { TerminalSafe.clean(s, singleLine: true) }

    enum Paint {
        case bold, status(SeriesStatus), nak

        /// The SGR parameters; nil for a status without a colour.
        var code: String? {
            switch self {
            case .bold: return "1"
            case .status(.new): return "32"
            case .status(.exist): return "33"
            case .status(.skip): return "2"
            case .status(.partial): return "36"
            case .nak: return "1;31"
            }
        }
    }

    /// `text` in the paint's colour when colouring, else as it is.
    private func paint(_ text: String, _ paint: Paint) -> String {
        guard color, let code = paint.code else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[m"
    }

    /// `label` (painted, `labelWidth` columns) then `words` wrapped to the width, the following
    /// lines indented by `indent` columns; each piece of text painted with `textPaint`.
    private func wrapped(_ label: String, labelWidth: Int, _ words: [String], indent: Int, textPaint: Paint? = nil) -> [String] {
        let lines = TextColumns.wrap(words, first: TextRenderer.width - labelWidth, rest: TextRenderer.width - indent)
        return lines.enumerated().map { i, text in
            (i == 0 ? label : String(repeating: " ", count: indent)) + (textPaint.map { paint(text, $0) } ?? text)
        }
    }

    /// One line per series; a line too long for the width goes on under the title's column. The
    /// author stays in one piece when it fits a line.
    private func patchList(_ series: [SeriesView]) -> [String] {
        guard !series.isEmpty else { return ["(no patches)"] }
        let versionWidth = series.map { TextColumns.width(line($0.version)) }.max() ?? 2
        let countWidth = series.map(\.count.count).max() ?? 3
        return series.flatMap { s in
            let pad = String(repeating: " ", count: max(0, 5 - TextColumns.width(line(s.status.rawValue))))
            let version = line(s.version) + String(repeating: " ", count: versionWidth - TextColumns.width(line(s.version)))
            let received = String(repeating: " ", count: countWidth - s.count.count) + s.count
            let columns = " \(version) \(received)\(s.hasCover ? "+c" : "  ")  "
            // RFC, RESEND and free tags (kvm-unit-tests, net-next …) say what kind of posting it is.
            var words = s.flags.isEmpty ? [] : TextColumns.words("[" + line(s.flags.joined(separator: " ")) + "]")
            words += TextColumns.words(line(s.entry.title))
            words.append("(" + line(s.author) + ")")
            let labelWidth = TextColumns.width(line(s.status.rawValue)) + pad.count + TextColumns.width(columns)
            if let reason = s.entry.reason {
                // Whole on a line of its own when it fits one: "(digest" then "1)" reads badly.
                let bracketed = "[" + line(reason) + "]"
                words += TextColumns.width(bracketed) <= TextRenderer.width - labelWidth ? [bracketed] : TextColumns.words(bracketed)
            }
            return wrapped(paint(line(s.status.rawValue), .status(s.status)) + pad + columns, labelWidth: labelWidth, words,
                           indent: labelWidth)
        }
    }

    /// Each printed series (New, and Part with a patch) in full, and right after it the older
    /// postings it replaced, as the seeds place them; Exist and Skip postings whose replacement is
    /// not printed here (an earlier digest reported it) come last, in order.
    private func commitMessages(_ series: [SeriesView]) -> [String] {
        var printedBy: [String: Int] = [:]
        for (i, s) in series.enumerated() where s.isPrinted {
            for id in s.entry.messageIds where printedBy[id] == nil { printedBy[id] = i }
        }
        var replaced: [Int: [SeriesView]] = [:], unplaced: [SeriesView] = []
        for s in series where s.isOlder {
            if let id = s.entry.supersededBy?.messageId, let by = printedBy[id] { replaced[by, default: []].append(s) } else { unplaced.append(s) }
        }
        var out: [String] = []
        for (i, s) in series.enumerated() where s.isPrinted {
            out.append(contentsOf: printedSeries(s))
            for old in replaced[i] ?? [] { out.append(contentsOf: statusLines(old)) }
        }
        for old in unplaced { out.append(contentsOf: statusLines(old)) }
        return out
    }

    /// The cover letter, then the first patch (for Part, the lowest received), the series' link
    /// after the last of them; before the link, a Part's meaning, what a pull request asks to
    /// pull and the slots replaced in the thread.
    private func printedSeries(_ series: SeriesView) -> [String] {
        var out: [String] = []
        for (k, mail) in series.mails.enumerated() {
            out.append(contentsOf: entry(mail, status: series.status))
            if k == series.mails.count - 1 {
                out.append(contentsOf: seriesNotes(series))
                out.append(contentsOf: threadLines(series.headMessageId))
            }
            out.append(contentsOf: [TextRenderer.separator, ""])
        }
        return out
    }

    /// The review line, `Late patches: …`, `Pull request: git pull …`, `Patch 5/7 replaced by v2:
    /// <link>`, then a blank line; nothing when the series has none of them.
    private func seriesNotes(_ series: SeriesView) -> [String] {
        var out: [String] = []
        if let review = series.review { out += reviewLines(review) }
        if let note = series.partNote { out += wrapped("", labelWidth: 0, TextColumns.words(line(note)), indent: 2) }
        if series.isPullRequest { out.append("Pull request" + (series.pullCommand.map { ": " + line($0) } ?? "")) }
        for reroll in series.rerolls {
            let target = lore?.messageURL(reroll.messageId) ?? "<" + line(reroll.messageId) + ">"
            out.append(line(reroll.label) + ": " + target)
        }
        return out.isEmpty ? [] : out + [""]
    }

    /// `Reviewed-by: A, B (4/5) · NAK: D · 9 replies, 5 people`, wrapped between its pieces (inside
    /// one only when it is wider than a line); a NAK in red.
    private func reviewLines(_ review: ReviewView) -> [String] {
        let words = review.pieces.enumerated().flatMap { i, piece -> [String] in
            let text = line(piece.text) + (i < review.pieces.count - 1 ? " ·" : "")
            return TextColumns.width(text) <= TextRenderer.width - 2 ? [text] : TextColumns.words(text)
        }
        let lines = wrapped("", labelWidth: 0, words, indent: 2)
        guard color, review.pieces.contains(where: \.isNak) else { return lines }
        // Painted after wrapping, so the escape sequences take no columns.
        return lines.map { $0.replacingOccurrences(of: "NAK:", with: paint("NAK:", .nak)) }
    }

    /// `AUTOSEL 6.1: 85 patches, Name <address>, 2025-03-01`, its title and its link.
    /// A `===== Title =====` section of entries parted by blank lines; nothing when there are none.
    private func section(_ title: String, _ entries: [[String]], after last: String?) -> [String] {
        guard !entries.isEmpty else { return [] }
        var out = last == "" ? [] : [""]
        out.append(paint("===== \(title) =====", .bold))
        for entry in entries { out += [""] + entry }
        return out
    }

    private func backportLines(_ backport: BackportView) -> [String] {
        var out = wrapped("", labelWidth: 0, TextColumns.words(line(backport.summary)), indent: 2)
        out += wrapped("  ", labelWidth: 2, TextColumns.words(line(backport.entry.title)), indent: 2)
        if let url = lore?.messageURL(backport.entry.messageId) {
            out.append("  Link: " + url)
        } else if !backport.entry.messageId.isEmpty {
            out.append("  Message-ID: <" + line(backport.entry.messageId) + ">")
        }
        return out
    }

    /// `Link: <lore URL>` and `b4 am <id>`, then a blank line; the Message-ID alone without links.
    private func threadLines(_ messageId: String?) -> [String] {
        guard let id = messageId, !id.isEmpty else { return [] }
        guard let url = lore?.messageURL(id) else { return ["Message-ID: <" + line(id) + ">", ""] }
        return ["Link: " + url, LoreLinks.b4Command(id), ""]
    }

    /// `New:  TITLE` (`Part: TITLE` for late patches), the subject, the author, the text.
    private func entry(_ mail: MailView, status: SeriesStatus) -> [String] {
        let label = status == .partial ? paint("Part:", .status(.partial)) + " " : paint("New:", .status(.new)) + "  "
        var out = wrapped(label, labelWidth: 6, TextColumns.words(line(mail.entry.title)), indent: 6,
                          textPaint: .bold)
        // A long subject goes on under its title, after the [PATCH …] tags.
        let subject = line(mail.subject), title = line(mail.entry.title)
        let tagsWidth = subject.hasSuffix(title) && !title.isEmpty ? TextColumns.width(String(subject.dropLast(title.count))) : 4
        out += wrapped("", labelWidth: 0, TextColumns.words(subject), indent: tagsWidth <= 40 ? tagsWidth : 4)
        out += wrapped("Author: ", labelWidth: 8, TextColumns.words(line(mail.authorAndSender)), indent: 8)
        return out + ["", TerminalSafe.clean(mail.entry.text), ""]
    }

    /// ` Skip: [PATCH 0/3] …` / `Exist: [PATCH] …` for the cover letter and the first patch; for
    /// a posting that has neither (later patches only), its version, count and title.
    private func statusLines(_ series: SeriesView) -> [String] {
        let label = series.status == .exist ? paint("Exist:", .status(.exist)) + " " : " " + paint("Skip:", .status(.skip)) + " "
        guard !series.mails.isEmpty else {
            let words = [line(series.version), series.received]
                + (series.flags.isEmpty ? [] : TextColumns.words("[" + line(series.flags.joined(separator: " ")) + "]"))
                + TextColumns.words(line(series.entry.title))
            return wrapped(label, labelWidth: 7, words, indent: 7)
        }
        return series.mails.flatMap { wrapped(label, labelWidth: 7, TextColumns.words(line($0.subject)), indent: 7) }
    }

    /// The subject, who sent it, the `git pull` line of what it asks to pull, its diffstat
    /// summary and its link.
    private func pullRequest(_ view: MailView) -> [String] {
        let pull = view.entry
        var out = wrapped("", labelWidth: 0, TextColumns.words(line(pull.subject)), indent: 4)
        out += wrapped("  From: ", labelWidth: 8, TextColumns.words(line(view.authorAndSender)), indent: 8)
        // One line whatever its width: it is there to be pasted into a shell.
        if let command = view.pullCommand { out.append("  " + line(command)) }
        if let d = pull.diffstat { out.append("  " + TextRenderer.diffstatSummary(d)) }
        if let url = lore?.messageURL(pull.messageId) {
            out.append("  Link: " + url)
        } else if !pull.messageId.isEmpty {
            out.append("  Message-ID: <" + line(pull.messageId) + ">")
        }
        return out
    }

    /// git's wording: "3 files changed, 15 insertions(+), 6 deletions(-)" (a zero count left out).
    static func diffstatSummary(_ d: DiffstatSummary) -> String {
        var parts = [DigestHeading.plural(d.files, "file") + " changed"]
        if d.insertions > 0 { parts.append(DigestHeading.plural(d.insertions, "insertion") + "(+)") }
        if d.deletions > 0 { parts.append(DigestHeading.plural(d.deletions, "deletion") + "(-)") }
        return parts.joined(separator: ", ")
    }
}
