/// What tells a second copy of a mail from another mail under its Message-ID: a message archived
/// twice, or sent again later (another date), has the same Message-ID and subject; a v6 reposted
/// under v5's Message-IDs has another subject and is a mail of its own. Counts (Digest) and
/// postings (Series) take the first copy only.
public struct MailCopy: Hashable, Sendable {
    public var messageID: String
    public var subject: String

    public init(messageID: String, subject: String) {
        self.messageID = messageID
        self.subject = subject
    }
}
