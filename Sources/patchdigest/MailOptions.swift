import ArgumentParser
import Digest
import Foundation
import Render

/// The email format's options: who the digest goes to, and whether to hand it to sendmail.
struct MailOptions: ParsableArguments {
    @Option(name: .customLong("mail-from"), help: ArgumentHelp("Sender of --format email (default: $PATCHDIGEST_MAIL_FROM), e.g. 'Digest <digest@example.org>'.", valueName: "address"))
    var from: String?

    @Option(name: .customLong("mail-to"), help: ArgumentHelp("Recipients of --format email, comma separated (default: $PATCHDIGEST_MAIL_TO).", valueName: "addresses"))
    var to: String?

    @Option(name: .customLong("mail-date"), help: ArgumentHelp("The email's Date (default: now), e.g. @1763370000 or 2025-11-17T10:00Z.", valueName: "date"))
    var date: String?

    @Option(name: .customLong("mail-message-id"), help: ArgumentHelp("The email's Message-ID, without <> (default: a new one).", valueName: "id"))
    var messageId: String?

    @Flag(help: "Send the digest as email: pipe it to `sendmail -t -i`, or to the command in $PATCHDIGEST_SENDMAIL.")
    var sendmail = false

    /// From, To, Date and Message-ID from the options, else the environment, else made up; a
    /// missing or unreadable address stops the run with one line.
    func envelope(environment: [String: String] = ProcessInfo.processInfo.environment) -> MailEnvelope {
        let now = Int64(Date().timeIntervalSince1970)
        let fromText = nonEmpty(from) ?? nonEmpty(environment["PATCHDIGEST_MAIL_FROM"])
        let toText = nonEmpty(to) ?? nonEmpty(environment["PATCHDIGEST_MAIL_TO"])
        guard let fromText else { fail("--format email needs a sender: --mail-from or PATCHDIGEST_MAIL_FROM") }
        guard let toText else { fail("--format email needs recipients: --mail-to or PATCHDIGEST_MAIL_TO") }
        let sender: MailAddress, recipients: [MailAddress]
        do { sender = try MailAddress.parse(fromText) } catch { fail("mail sender: \(error)") }
        do { recipients = try MailAddress.parseList(toText) } catch { fail("mail recipients: \(error)") }
        var when = now
        if let date {
            guard let t = DateText.parse(date, now: now) else { fail("--mail-date: cannot read the date '\(date)'") }
            when = t
        }
        let id = messageId.map { $0.hasPrefix("<") && $0.hasSuffix(">") ? String($0.dropFirst().dropLast()) : $0 }
            ?? "patchdigest.\(when).\(UInt32.random(in: 0...UInt32.max))@\(sender.domain)"
        guard MailEnvelope.isValidMessageId(id) else { fail("--mail-message-id: '\(TerminalSafe.clean(id, singleLine: true))' is not left@right") }
        return MailEnvelope(from: sender, to: recipients, date: when, messageId: id)
    }

    private func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }
}
