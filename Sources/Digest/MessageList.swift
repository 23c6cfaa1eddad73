import Archive
import Mail
import Patches

/// One message of a range as the digest sees it: what `patchdigest messages` prints, one per line.
public struct MessageRecord: Codable, Sendable, Equatable {
    /// Index in the range, from 0 (archive order).
    public var position: Int
    public var epoch: Int
    public var commit: String
    /// patch, cover, pullRequest, reply, other, skipped or removal.
    public var kind: String
    public var messageId: String?
    /// Decoded, on one line.
    public var subject: String?
    /// The in-body From of a patch, else the sender.
    public var author: Person?
    /// Who sent the mail (From, or X-Original-From when a list rewrote From).
    public var sender: Person?
    /// The Date header as ISO 8601; nil when it is missing or unreadable.
    public var date: String?
    /// Patches, covers and pull requests: the version (`v2`) and n of N as the subject states or
    /// implies them (1/1 for a single patch).
    public var version: String?
    public var number: Int?
    public var total: Int?
    /// The message it answers (In-Reply-To) and its thread's ancestors (References, oldest
    /// first), as Message-IDs: what a script needs to rebuild threads.
    public var inReplyTo: String?
    public var references: [String]?
    /// Why a skipped message was skipped.
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case position, epoch, commit, kind, messageId, subject, author, sender, date, version
        case number = "n", total = "N"
        case inReplyTo, references, reason
    }
}

/// Every message of a range, classified by the rules the digest counts with (the same Scanner),
/// for scripts and for auditing the classification against other tools.
public enum MessageList {
    /// Streams the records of the range to `body` in archive order; removals, and commits holding
    /// no message, come at the end of their epoch.
    public static func stream(archivePath: String, options: DigestOptions, _ body: (MessageRecord) -> Void) throws {
        let inbox = try Inbox.open(archivePath)
        let range = try inbox.resolveRange(from: options.from, to: options.to,
                                           allEpochs: options.hasDates && options.from == nil && options.to == nil,
                                           since: options.since)
        try inbox.stream(range, workers: DigestBuilder.parallelism, maxMessageSize: options.maxMessageSize,
                         transform: { record($0, options: options) }) { result in
            if let result { body(result) }
        }
    }

    /// The record of one archive item; nil when it is outside the date selection.
    static func record(_ item: ArchiveItem, options: DigestOptions) -> MessageRecord? {
        let (outcome, message) = Scanner.inspect(item, options: options)
        let (position, epoch, commit) = place(item)
        var record = MessageRecord(position: position, epoch: epoch, commit: commit, kind: "other")
        switch outcome {
        case .outsideDates:
            return nil
        case .removal:
            record.kind = "removal"
        case .skipped(let skip):
            record.kind = "skipped"
            record.reason = skip.reason
        case .patchEmail(let mail):
            record.kind = mail.kind.rawValue
            record.messageId = message?.messageID
            record.subject = mail.subject
            record.author = DigestBuilder.person(mail.author)
            record.sender = DigestBuilder.person(mail.sender)
            record.date = mail.dateFromHeader ? DateText.iso(mail.date) : nil
            record.version = mail.tags.version.description
            record.number = mail.tags.number
            record.total = mail.tags.total
            record.inReplyTo = mail.inReplyTo
            record.references = mail.references.isEmpty ? nil : mail.references
        case .reply, .other:
            record.kind = outcome.isReply ? "reply" : "other"
            if let message { describe(message, into: &record) }
        }
        return record
    }

    /// Replies and other mails: the sender is the author (their bodies are not read).
    private static func describe(_ message: Message, into record: inout MessageRecord) {
        record.messageId = message.messageID
        record.subject = message.subject
        let sender = message.from.map(DigestBuilder.person)
        record.author = sender
        record.sender = sender
        record.date = message.date.map(DateText.iso)
        record.inReplyTo = message.inReplyTo
        let references = message.references
        record.references = references.isEmpty ? nil : references
    }

    private static func place(_ item: ArchiveItem) -> (Int, Int, String) {
        switch item {
        case .message(let raw): return (raw.position, raw.epoch, raw.commit)
        case .nonMessage(let non): return (non.position, non.epoch, non.commit)
        }
    }
}

extension Scanner.Outcome {
    var isReply: Bool {
        if case .reply = self { return true }
        return false
    }
}
