import Digest

/// Who a digest email goes to, when it is dated, and its Message-ID (without angle brackets).
public struct MailEnvelope: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    /// Unix seconds; the Date header is printed in UTC.
    public var date: Int64
    public var messageId: String

    public init(from: MailAddress, to: [MailAddress], date: Int64, messageId: String) {
        self.from = from
        self.to = to
        self.date = date
        self.messageId = messageId
    }

    /// A Message-ID printed between `<` and `>`: `left@right`, printable ASCII, no brackets or spaces.
    public static func isValidMessageId(_ id: String) -> Bool {
        MailAddress.isAddress(id)
    }
}

/// The digest as an RFC 5322 message: multipart/alternative with the text digest and the HTML
/// page, both UTF-8 in quoted-printable; headers in RFC 2047 encoded words where they are not
/// ASCII, folded at 78 columns. Lines end in LF (what stdout and `sendmail -t` expect).
public struct EmailRenderer {
    public var top: Int
    public var lore: LoreLinks?

    public init(top: Int = 15, lore: LoreLinks? = nil) {
        self.top = top
        self.lore = lore
    }

    /// Quoted-printable never writes "=_" except as "=" at a line's end, so a boundary starting
    /// with it cannot occur in either part.
    static let boundary = "=_patchdigest_alternative"

    public func render(_ report: DigestReport, envelope: MailEnvelope) -> String {
        let subject = TerminalSafe.clean(DigestView(report, top: top).subject(made: envelope.date), singleLine: true)
        let headers = [
            MailHeaderEncoding.addresses("From", [envelope.from]),
            MailHeaderEncoding.addresses("To", envelope.to),
            MailHeaderEncoding.unstructured("Subject", subject),
            "Date: " + TimeText.rfc5322(envelope.date),
            "Message-ID: <" + envelope.messageId + ">",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(EmailRenderer.boundary)\"",
            // RFC 3834: vacation responders and the like should not answer a digest.
            "Auto-Submitted: auto-generated",
        ]
        let parts = [
            part("text/plain", TextRenderer(top: top, lore: lore).render(report)),
            part("text/html", HTMLRenderer(top: top, lore: lore).renderForEmail(report)),
        ]
        var out = headers.joined(separator: "\n") + "\n\n"
        out += "This is a digest in MIME format: a plain text part and an HTML part.\n"
        for p in parts { out += "\n--" + EmailRenderer.boundary + "\n" + p }
        out += "\n--" + EmailRenderer.boundary + "--\n"
        return out
    }

    private func part(_ type: String, _ body: String) -> String {
        "Content-Type: \(type); charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            + QuotedPrintableEncoder.encode(body)
    }
}
