import Foundation
import Digest

/// The plain-text digest, section for section as the list digests people already read
/// ("<NAME> mailing list update from X to Y").
///
/// With `color`, for a terminal: headings bold and statuses coloured as git colours its own
/// output (New green, Exist yellow, Skip faint, Part cyan). Only the renderer's own words are
/// painted; email-borne text is cleaned as always, so every escape sequence is one of these.
public struct TextRenderer {
    public var top: Int
    public var color: Bool

    public init(top: Int = 15, color: Bool = false) {
        self.top = top
        self.color = color
    }

    static let separator = String(repeating: "-", count: 70)

    public func render(_ report: DigestReport) -> String {
        var out: [String] = []
        out.append("From \(report.from) to \(report.to)")
        out.append(line("\(report.name) mailing list update from \(report.from) to \(report.to)"))
        for note in report.notes ?? [] { out.append("Note: " + line(note)) }
        out.append("")
        out.append(paint("Top \(top) contributor Email domains (Based on Email Body)", .bold))
        out.append("")
        for d in report.domains.top(top) { out.append(count(d.count) + " " + line(d.domain)) }
        out.append("")
        if let organizations = report.organizations {
            out.append(paint("Top \(top) contributor organizations (Based on Email Body)", .bold))
            out.append("")
            for o in organizations.top(top) { out.append(count(o.count) + " " + line(o.organization)) }
            out.append("")
        }
        out.append(paint("Top \(top) contributors (Based on Email Body)", .bold))
        out.append("")
        for c in report.contributors.top(top) {
            out.append(count(c.count) + "  " + line(Person(name: c.name, email: c.email).display))
        }
        out.append("")
        out.append(paint("===== Patch list in this time period =====", .bold))
        out.append("")
        out.append(contentsOf: patchList(report.series))
        out.append("")
        out.append(paint("===== Patch Commit Messages ====", .bold))
        out.append("")
        for series in report.series where series.status == "New" {
            if let cover = series.cover { out.append(contentsOf: entry(cover)) }
            if let first = series.firstPatch { out.append(contentsOf: entry(first)) }
        }
        for series in report.series where series.status == "Exist" || series.status == "Skip" {
            let label = series.status == "Exist" ? paint("Exist:", .status("Exist")) + " " : " " + paint("Skip:", .status("Skip")) + " "
            for mail in [series.cover, series.firstPatch].compactMap({ $0 }) {
                out.append(label + line(mail.subject))
            }
        }
        if !report.pullRequests.isEmpty {
            out.append("")
            out.append(paint("===== Pull requests =====", .bold))
            out.append("")
            for pull in report.pullRequests {
                out.append(line(pull.subject) + " (" + line(pull.author.display) + ")")
            }
        }
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
        case bold, status(String)

        /// The SGR parameters; nil for a status without a colour.
        var code: String? {
            switch self {
            case .bold: return "1"
            case .status("New"): return "32"
            case .status("Exist"): return "33"
            case .status("Skip"): return "2"
            case .status("Part"): return "36"
            case .status: return nil
            }
        }
    }

    /// `text` in the paint's colour when colouring, else as it is.
    private func paint(_ text: String, _ paint: Paint) -> String {
        guard color, let code = paint.code else { return text }
        return "\u{1B}[\(code)m\(text)\u{1B}[m"
    }

    private func patchList(_ series: [SeriesEntry]) -> [String] {
        guard !series.isEmpty else { return ["(no patches)"] }
        let versionWidth = series.map(\.version.count).max() ?? 2
        let countWidth = series.map { "\($0.received)/\($0.total)".count }.max() ?? 3
        return series.map { s in
            let status = paint(s.status, .status(s.status)) + String(repeating: " ", count: max(0, 5 - s.status.count))
            let version = s.version.padding(toLength: versionWidth, withPad: " ", startingAt: 0)
            let counted = "\(s.received)/\(s.total)"
            let received = String(repeating: " ", count: countWidth - counted.count) + counted
            // RFC, RESEND and free tags (kvm-unit-tests, net-next …) say what kind of posting it is.
            let flags = (s.rfc ? ["RFC"] : []) + (s.resend ? ["RESEND"] : []) + s.tags
            let prefix = flags.isEmpty ? "" : "[" + line(flags.joined(separator: " ")) + "] "
            var text = "\(status) \(version) \(received)\(s.hasCover ? "+c" : "  ")  \(prefix)\(line(s.title)) (\(line(s.author.display)))"
            if let reason = s.reason { text += " [\(line(reason))]" }
            return text
        }
    }

    private func entry(_ mail: MailEntry) -> [String] {
        var author = "Author: " + line(mail.author.display)
        if mail.sender.email.lowercased() != mail.author.email.lowercased() {
            author += " (sent by " + line(mail.sender.display) + ")"
        }
        return [paint("New:", .status("New")) + "  " + paint(line(mail.title), .bold), line(mail.subject), author, "",
                TerminalSafe.clean(mail.text), "", TextRenderer.separator, ""]
    }
}
