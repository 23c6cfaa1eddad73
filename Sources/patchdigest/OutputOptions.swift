import ArgumentParser
import Digest
import Foundation
import Render

/// How a digest is printed; shared by every command that prints one.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, markdown, html, email
}

/// `--color`, as git reads it.
enum ColorWhen: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}

struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: OutputFormat = .text

    @Option(help: "How many domains and contributors the tables show.")
    var top: Int = 15

    @Option(help: ArgumentHelp("Links to each message in text, html, markdown and email: URL<message-id>/ (default: the list's own, else https://lore.kernel.org/all/; 'none' for no links).", valueName: "url"))
    var loreBase: String?

    @Option(help: ArgumentHelp("Colour the text digest: auto (on a terminal, unless NO_COLOR is set or TERM is dumb), always, never.",
                               valueName: "when"))
    var color: ColorWhen = .auto

    @OptionGroup(title: "Email")
    var mail: MailOptions

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
        if let loreBase, loreBase != "none", LoreLinks(base: loreBase) == nil {
            throw ValidationError("--lore-base must be an http or https URL (or 'none')")
        }
        if mail.sendmail, format != .email, format != .text {
            throw ValidationError("--sendmail sends the email format; leave out --format \(format.rawValue)")
        }
    }

    /// --sendmail sends the email format whatever --format says (text is only the default).
    var effectiveFormat: OutputFormat { mail.sendmail ? .email : format }

    /// The message links: --lore-base, else the list's own base (`listBase`, as stored or read
    /// from the inbox), else lore's `all`.
    func lore(listBase: String?) -> LoreLinks? { OutputOptions.lore(base: loreBase, listBase: listBase) }

    /// Message links for `--lore-base` over the list's base: lore.kernel.org/all/ when neither
    /// is set, none for "none".
    static func lore(base: String?, listBase: String?) -> LoreLinks? {
        guard let base = base ?? listBase else { return .all }
        return base == "none" ? nil : LoreLinks(base: base) ?? .all
    }

    /// The digest in the chosen format, its links under `listBase` unless --lore-base says
    /// otherwise; JSON on one line with `jsonLines`.
    func render(_ report: DigestReport, listBase: String? = nil, jsonLines: Bool = false) throws -> String {
        let lore = lore(listBase: listBase)
        switch effectiveFormat {
        case .text: return TextRenderer(top: top, color: colors, lore: lore).render(report)
        case .json: return try JSONRenderer(lines: jsonLines).render(report)
        case .markdown: return MarkdownRenderer(top: top, lore: lore).render(report)
        case .html: return HTMLRenderer(top: top, lore: lore).render(report)
        case .email: return EmailRenderer(top: top, lore: lore).render(report, envelope: mail.envelope())
        }
    }

    /// Whether the text digest is coloured: `--color always`, or `auto` with stdout on a terminal,
    /// NO_COLOR unset or empty (no-color.org) and a TERM other than dumb.
    var colors: Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            return isatty(1) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
    }

    /// Prints the digest on stdout, or sends it with --sendmail (a failure to print or to send
    /// is one line on stderr and exit status 1).
    func emit(_ report: DigestReport, listBase: String? = nil) throws {
        do {
            try send(report, listBase: listBase)
        } catch let failure as Sendmail.Failure {
            fail(failure.description)
        } catch let failure as StandardStreams.WriteFailure {
            fail(failure.description)
        }
    }

    /// Prints the digest, or sends it; throws Sendmail.Failure when sending fails,
    /// StandardStreams.WriteFailure when printing does.
    func send(_ report: DigestReport, listBase: String? = nil, jsonLines: Bool = false) throws {
        if effectiveFormat == .json {
            // Written as it is encoded, a chunk at a time: never held whole, as bytes or text.
            try JSONRenderer(lines: jsonLines).write(report) { try StandardStreams.out($0, what: "the digest") }
            return
        }
        let output = try render(report, listBase: listBase, jsonLines: jsonLines)
        if mail.sendmail {
            try Sendmail.send(output)
        } else {
            try StandardStreams.out(output, what: "the digest")
        }
    }
}
