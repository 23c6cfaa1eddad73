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

    init(options: DigestOptions) { self.options = options }

    /// What one archive item turned out to be.
    enum Outcome: Sendable {
        case outsideDates
        case removal
        case skipped(SkippedMessage)
        case patchEmail(PatchEmail)
        case reply
        /// Neither patch nor reply; a thread starter among them may be a naked cover letter.
        case other(threadStarter: PatchEmail?)
    }

    static func examine(_ item: ArchiveItem, options: DigestOptions) -> Outcome {
        inspect(item, options: options).outcome
    }

    /// The outcome, and the parsed message when there is one (for listings that print every message).
    static func inspect(_ item: ArchiveItem, options: DigestOptions) -> (outcome: Outcome, message: Message?) {
        switch item {
        case .nonMessage(let non):
            if let size = non.oversizedBytes {
                // Never read, so dated by its commit, as an unreadable message is.
                if let time = non.commitTime, !options.selects(time) { return (.outsideDates, nil) }
                let reason = SkipReason.oversized(size, limit: options.maxMessageSize)
                return (.skipped(SkippedMessage(position: non.position, commit: non.commit, reason: reason)), nil)
            }
            return (non.isRemoval ? .removal
                : .skipped(SkippedMessage(position: non.position, commit: non.commit, reason: "commit holds no message file")), nil)
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
            guard options.selects(raw.commitTime) else { return (.outsideDates, nil) }
            let reason = SkipReason.describe(error, limit: options.maxMessageSize)
            return (.skipped(SkippedMessage(position: raw.position, commit: raw.commit, reason: reason)), nil)
        }
        return (classify(message, raw, options: options), message)
    }

    private static func classify(_ message: Message, _ raw: RawMessage, options: DigestOptions) -> Outcome {
        guard options.selects(message.date?.seconds ?? raw.commitTime) else { return .outsideDates }
        let tags = SubjectTags.parse(message.subject)
        switch tags.kind {
        case .patch, .cover, .pullRequest:
            return .patchEmail(PatchEmail(message: message, tags: tags, position: raw.position,
                                          commit: raw.commit, commitTime: raw.commitTime))
        case .reply:
            return .reply
        case .other:
            guard message.inReplyTo == nil && message.references.isEmpty && message.messageID != nil else {
                return .other(threadStarter: nil)
            }
            return .other(threadStarter: PatchEmail(message: message, tags: tags, position: raw.position,
                                                    commit: raw.commit, commitTime: raw.commitTime))
        }
    }

    mutating func record(_ outcome: Outcome) {
        switch outcome {
        case .outsideDates: break
        case .removal: removals += 1
        case .skipped(let skip): skipped.append(skip)
        case .patchEmail(let mail):
            messages += 1
            patchEmails.append(mail)
        case .reply:
            messages += 1
            replies += 1
        case .other(let starter):
            messages += 1
            other += 1
            if let starter { threadStarters[starter.messageID] = starter }
        }
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
