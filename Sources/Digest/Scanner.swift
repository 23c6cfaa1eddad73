import Archive
import Mail
import Patches

/// Reads every message of a range once and keeps what the digest needs: the patch emails,
/// thread starters that may be naked cover letters, and the tallies.
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

    /// Whether a message dated `seconds` is inside --since/--until.
    private func selected(_ seconds: Int64) -> Bool {
        if let since = options.since, seconds < since { return false }
        if let until = options.until, seconds >= until { return false }
        return true
    }

    mutating func consume(_ item: ArchiveItem) {
        switch item {
        case .nonMessage(let non):
            if non.isRemoval {
                removals += 1
            } else {
                skipped.append(SkippedMessage(position: non.position, commit: non.commit,
                                              reason: "commit holds no message file"))
            }
        case .message(let raw):
            consume(raw)
        }
    }

    private mutating func consume(_ raw: RawMessage) {
        let message: Message
        do {
            message = try Message.parse(raw.bytes, maxSize: options.maxMessageSize)
        } catch {
            // An unreadable message is placed in time by its commit.
            if selected(raw.commitTime) {
                let reason = (error as? MailError)?.reason ?? "\(error)"
                skipped.append(SkippedMessage(position: raw.position, commit: raw.commit, reason: reason))
            }
            return
        }
        guard selected(message.date?.seconds ?? raw.commitTime) else { return }
        messages += 1
        let tags = SubjectTags.parse(message.subject)
        switch tags.kind {
        case .patch, .cover, .pullRequest:
            patchEmails.append(PatchEmail(message: message, tags: tags, position: raw.position,
                                          commit: raw.commit, commitTime: raw.commitTime))
        case .reply:
            replies += 1
        case .other:
            other += 1
            // A thread starter that is no patch may be a cover letter sent without [PATCH 0/N].
            if message.inReplyTo == nil && message.references.isEmpty, let id = message.messageID {
                threadStarters[id] = PatchEmail(message: message, tags: tags, position: raw.position,
                                                commit: raw.commit, commitTime: raw.commitTime)
            }
        }
    }
}
