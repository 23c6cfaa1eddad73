import Archive
import Mail
import Patches

/// Reads every message of a range once and keeps what the digest needs: the patch emails,
/// thread starters that may be naked cover letters, and the tallies.
///
/// `examine` is pure and runs on worker threads; `record` keeps the results in archive order.
struct Scanner {
    var options: DigestOptions
    var messages = 0
    var replies = 0
    var other = 0
    var removals = 0
    var skipped: [SkippedMessage] = []
    var patchEmails: [PatchEmail] = []
    var threadStarters: [String: PatchEmail] = [:]
    /// The Message-ID of every counted message that has one, in archive order, with what it is:
    /// what a history records as seen, and what `drop` takes out again.
    var counted: [(id: String, kind: Counted)] = []
    /// Message-IDs read but outside the dates.
    var passedOver: [String] = []

    enum Counted { case patchEmail, reply, other }

    init(options: DigestOptions) { self.options = options }

    /// What one archive item turned out to be.
    enum Outcome: Sendable {
        case outsideDates(id: String?)
        case removal
        case skipped(SkippedMessage)
        case patchEmail(PatchEmail)
        case reply(id: String?)
        /// Neither patch nor reply; a thread starter among them may be a naked cover letter.
        case other(id: String?, threadStarter: PatchEmail?)
    }

    static func examine(_ item: ArchiveItem, options: DigestOptions) -> Outcome {
        inspect(item, options: options).outcome
    }

    /// The outcome, and the parsed message when there is one (for listings that print every message).
    static func inspect(_ item: ArchiveItem, options: DigestOptions) -> (outcome: Outcome, message: Message?) {
        switch item {
        case .nonMessage(let non):
            // Never read, so placed in time by its commit, as an unreadable message is: a skip
            // or a removal belongs to the digests whose dates hold its commit, and to no other.
            if let time = non.commitTime, !options.selects(time) { return (.outsideDates(id: nil), nil) }
            if non.isRemoval { return (.removal, nil) }
            let reason = non.oversizedBytes.map { SkipReason.oversized($0, limit: options.maxMessageSize) }
                ?? non.damage?.description ?? "commit holds no message file"
            return (.skipped(SkippedMessage(position: non.position, commit: non.commit, reason: reason)), nil)
        case .message(let raw):
            return examine(raw, options: options)
        }
    }

    private static func examine(_ raw: RawMessage, options: DigestOptions) -> (outcome: Outcome, message: Message?) {
        let message: Message
        do {
            message = try Message.parse(raw.bytes, maxSize: options.maxMessageSize)
        } catch {
            // An unreadable message is placed in time by its commit.
            guard options.selects(raw.commitTime) else { return (.outsideDates(id: nil), nil) }
            let reason = SkipReason.describe(error, limit: options.maxMessageSize)
            return (.skipped(SkippedMessage(position: raw.position, commit: raw.commit, reason: reason)), nil)
        }
        return (classify(message, raw, options: options), message)
    }

    private static func classify(_ message: Message, _ raw: RawMessage, options: DigestOptions) -> Outcome {
        guard options.selects(message.date?.seconds ?? raw.commitTime) else { return .outsideDates(id: message.messageID) }
        let tags = SubjectTags.parse(message.subject)
        switch tags.kind {
        case .patch, .cover, .pullRequest:
            return .patchEmail(PatchEmail(message: message, tags: tags, position: raw.position,
                                          commit: raw.commit, commitTime: raw.commitTime).mapped(options.identity))
        case .reply:
            return .reply(id: message.messageID)
        case .other:
            guard message.inReplyTo == nil && message.references.isEmpty && message.messageID != nil else {
                return .other(id: message.messageID, threadStarter: nil)
            }
            return .other(id: message.messageID,
                          threadStarter: PatchEmail(message: message, tags: tags, position: raw.position,
                                                    commit: raw.commit, commitTime: raw.commitTime).mapped(options.identity))
        }
    }

    mutating func record(_ outcome: Outcome) {
        switch outcome {
        case .outsideDates(let id): if let id { passedOver.append(id) }
        case .removal: removals += 1
        case .skipped(let skip): skipped.append(skip)
        case .patchEmail(let mail):
            messages += 1
            patchEmails.append(mail)
            counted.append((mail.messageID, .patchEmail))
        case .reply(let id):
            messages += 1
            replies += 1
            if let id { counted.append((id, .reply)) }
        case .other(let id, let starter):
            messages += 1
            other += 1
            if let id { counted.append((id, .other)) }
            if let starter { threadStarters[starter.messageID] = starter }
        }
    }

    /// Takes out the messages a history has already digested; returns how many went.
    mutating func drop(_ seen: Set<String>) -> Int {
        guard !seen.isEmpty else { return 0 }
        var dropped = 0
        for entry in counted where seen.contains(entry.id) {
            dropped += 1
            messages -= 1
            switch entry.kind {
            case .patchEmail: break
            case .reply: replies -= 1
            case .other: other -= 1
            }
        }
        guard dropped > 0 else { return 0 }
        counted.removeAll { seen.contains($0.id) }
        patchEmails.removeAll { seen.contains($0.messageID) }
        threadStarters = threadStarters.filter { !seen.contains($0.key) }
        return dropped
    }
}

extension PatchEmail {
    /// The mail with its author and sender as the mailmap names them: one person, one key,
    /// for the counts, the series and the versions alike.
    func mapped(_ identity: Identity) -> PatchEmail {
        guard !identity.mailmap.isEmpty else { return self }
        var mail = self
        mail.author = identity.mailmap.canonical(author)
        mail.sender = identity.mailmap.canonical(sender)
        return mail
    }
}

extension DigestOptions {
    /// Whether a message dated `seconds` is inside --since/--until.
    func selects(_ seconds: Int64) -> Bool {
        if let since, seconds < since { return false }
        if let until, seconds >= until { return false }
        return true
    }
}

/// Why a message was skipped, in the words the report prints.
enum SkipReason {
    static func oversized(_ size: Int, limit: Int) -> String {
        "message of \(size) bytes is over the \(limit)-byte limit"
    }

    static func describe(_ error: Error, limit: Int) -> String {
        switch error as? MailError {
        case .tooLarge(let size): return oversized(size, limit: limit)
        case let mailError?: return mailError.reason
        case nil: return "\(error)"
        }
    }
}
