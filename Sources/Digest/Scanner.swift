import Archive
import Mail
import Patches
import Review
import Series

/// Reads every message of a range once and keeps what the digest needs: the patch emails,
/// thread starters that may be naked cover letters, and the tallies.
///
/// `examine` is pure and runs on worker threads; `record` keeps the results in archive order.
struct Scanner {
    var options: DigestOptions
    /// The items a history is asked about, and that `drop` may take out.
    var reread: Reread
    var messages = 0
    var replies = 0
    var other = 0
    var removals = 0
    var skipped: [SkippedMessage] = []
    /// Beside `skipped`, in the same order: what a history keeps of them.
    var skippedReads: [ReadItem] = []
    var patchEmails: [PatchEmail] = []
    var threadStarters: [String: PatchEmail] = [:]
    /// Every counted message with a Message-ID, as the threads know it: what it answers.
    var threads: [MailThreads.Node] = []
    /// What every counted message that answers another says: the review stage's input.
    var replyNotes: [ReplyNote] = []
    /// Later copies of a Message-ID already counted: one message archived twice.
    var duplicates = 0
    private var countedIDs: Set<String> = []
    /// Message-ID and subject of every counted message: a second copy (archived twice, or sent
    /// again later) is the same mail; another subject under the ID is another mail.
    private var copies: Set<MailCopy> = []
    /// Later patches holding their text (`PatchEmail.heldText`), by the Message-ID they answer,
    /// which the range has not shown yet: the index of each in `patchEmails`.
    private var holding: [String: [Int]] = [:]
    /// Every counted message, in archive order, with what it is: what a history records as
    /// read, and what `drop` takes out again.
    var counted: [CountedMessage] = []
    /// Keys of the messages read but outside the dates.
    var passedOver: [MessageKey] = []

    enum Counted { case patchEmail, reply, other }

    struct CountedMessage {
        /// The Message-ID the series know it by (a patch email without one has a made-up one);
        /// nil for other mails without one.
        var id: String?
        var kind: Counted
        var read: ReadItem
    }

    /// Where an item was read, and its key when a history is kept.
    struct ReadItem: Sendable {
        var key: MessageKey?
        var position: Int
        var epoch: Int
    }

    init(options: DigestOptions, reread: Reread = .none) {
        self.options = options
        self.reread = reread
    }

    /// What one archive item turned out to be.
    enum Outcome: Sendable {
        case outsideDates
        case removal
        case skipped(SkippedMessage)
        case patchEmail(PatchEmail)
        case reply(ReplyNote)
        /// Neither patch nor reply; a thread starter among them may be a bare cover letter. One
        /// that answers a mail (a reply without `Re:`) says what a reply says.
        case other(id: String?, parent: String?, threadStarter: PatchEmail?, note: ReplyNote?)
    }

    struct Examined: Sendable {
        var outcome: Outcome
        var read: ReadItem
        /// What tells a second copy of the message from another mail under its Message-ID.
        var copy: MailCopy? = nil
    }

    /// `keyed`: compute the item's `MessageKey` (a hash of its bytes), for a digest that is
    /// judged against a history and kept in it.
    static func examine(_ item: ArchiveItem, options: DigestOptions, keyed: Bool = false) -> Examined {
        let (outcome, message) = inspect(item, options: options)
        let copy = message.flatMap { m in outcome.messageID.map { MailCopy(messageID: $0, subject: m.subject) } }
        return Examined(outcome: outcome, read: read(item, message, keyed: keyed), copy: copy)
    }

    /// A message is known by its Message-ID (none when it could not be parsed) and its bytes; a
    /// commit without one, of which nothing was read, by where it is (an mbox offset, a file
    /// name, a commit) and its size. Removals are not messages.
    static func read(_ item: ArchiveItem, _ message: Message?, keyed: Bool) -> ReadItem {
        switch item {
        case .message(let raw):
            return ReadItem(key: keyed ? MessageKey(messageID: message?.messageID, bytes: raw.bytes) : nil,
                            position: raw.position, epoch: raw.epoch)
        case .nonMessage(let non):
            let place = Array("\(non.commit) \(non.oversizedBytes ?? -1)".utf8)
            return ReadItem(key: keyed && !non.isRemoval ? MessageKey(messageID: nil, bytes: place) : nil,
                            position: non.position, epoch: non.epoch)
        }
    }

    /// The outcome, and the parsed message when there is one (for listings that print every message).
    static func inspect(_ item: ArchiveItem, options: DigestOptions) -> (outcome: Outcome, message: Message?) {
        switch item {
        case .nonMessage(let non):
            // Never read, so placed in time by its commit, as an unreadable message is: a skip
            // or a removal belongs to the digests whose dates hold its commit, and to no other.
            if let time = non.commitTime, !options.selects(time) { return (.outsideDates, nil) }
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
            guard options.selects(raw.commitTime) else { return (.outsideDates, nil) }
            let reason = SkipReason.describe(error, limit: options.maxMessageSize)
            return (.skipped(SkippedMessage(position: raw.position, commit: raw.commit, reason: reason)), nil)
        }
        return (classify(message, raw, options: options), message)
    }

    private static func classify(_ message: Message, _ raw: RawMessage, options: DigestOptions) -> Outcome {
        let date = message.date
        guard options.selects(date?.seconds ?? raw.commitTime) else { return .outsideDates }
        let tags = SubjectTags.parse(message.subject)
        switch tags.kind {
        case .patch, .cover, .pullRequest:
            return .patchEmail(PatchEmail(message: message, tags: tags, position: raw.position,
                                          commit: raw.commit, commitTime: raw.commitTime).mapped(options.identity))
        case .reply:
            return .reply(ReplyReader.read(message, parent: parent(of: message), date: date, position: raw.position,
                                           commitTime: raw.commitTime))
        case .other:
            guard message.inReplyTo == nil && message.references.isEmpty && message.messageID != nil else {
                let parent = parent(of: message)
                let note = parent.map {
                    ReplyReader.read(message, parent: $0, date: date, position: raw.position, commitTime: raw.commitTime)
                }
                return .other(id: message.messageID, parent: parent, threadStarter: nil, note: note)
            }
            return .other(id: message.messageID, parent: nil,
                          threadStarter: PatchEmail(message: message, tags: tags, position: raw.position,
                                                    commit: raw.commit, commitTime: raw.commitTime).mapped(options.identity),
                          note: nil)
        }
    }

    /// A later patch keeps its text only while what it answers is not in the range yet.
    private mutating func hold(_ mail: PatchEmail) -> PatchEmail {
        guard mail.heldText != nil else { return mail }
        var mail = mail
        if let parent = MailThreads.parent(of: mail), !countedIDs.contains(parent) {
            holding[parent, default: []].append(patchEmails.count)
        } else {
            mail.releaseText()
        }
        return mail
    }

    /// What a message answers: its In-Reply-To, else the last References entry.
    private static func parent(of message: Message) -> String? {
        message.inReplyTo ?? message.references.last
    }

    mutating func record(_ examined: Examined) {
        let read = examined.read
        if let copy = examined.copy, !copies.insert(copy).inserted {
            // The same message archived twice: counted once, and not news again later.
            duplicates += 1
            if let key = read.key { passedOver.append(key) }
            return
        }
        if let id = examined.outcome.messageID {
            countedIDs.insert(id)
            // What these patches answer is here: their posting has a head, or a thread above them.
            for i in holding.removeValue(forKey: id) ?? [] { patchEmails[i].releaseText() }
        }
        switch examined.outcome {
        case .outsideDates: if let key = read.key { passedOver.append(key) }
        case .removal: removals += 1
        case .skipped(let skip):
            skipped.append(skip)
            skippedReads.append(read)
        case .patchEmail(let mail):
            messages += 1
            patchEmails.append(hold(mail))
            counted.append(CountedMessage(id: mail.messageID, kind: .patchEmail, read: read))
            threads.append(MailThreads.Node(messageID: mail.messageID, parent: MailThreads.parent(of: mail),
                                            position: read.position))
        case .reply(let note):
            messages += 1
            replies += 1
            counted.append(CountedMessage(id: note.messageID, kind: .reply, read: read))
            if let id = note.messageID { threads.append(MailThreads.Node(messageID: id, parent: note.parent, position: read.position)) }
            replyNotes.append(note)
        case .other(let id, let parent, let starter, let note):
            messages += 1
            other += 1
            counted.append(CountedMessage(id: id, kind: .other, read: read))
            if let id { threads.append(MailThreads.Node(messageID: id, parent: parent, position: read.position)) }
            if let starter { threadStarters[starter.messageID] = starter }
            if let note { replyNotes.append(note) }
        }
    }

    /// The keys to ask a history about: those of the items it may have read before.
    var rereadKeys: [MessageKey] {
        (counted.map(\.read) + skippedReads).compactMap { reread.covers(epoch: $0.epoch) ? $0.key : nil }
    }

    /// Takes out the re-read messages (and skips) a history has already digested, by key;
    /// returns the keys that went.
    mutating func drop(_ seen: Set<MessageKey>) -> [MessageKey] {
        guard !seen.isEmpty else { return [] }
        let reread = self.reread
        func isSeen(_ read: ReadItem) -> Bool {
            guard let key = read.key, reread.covers(epoch: read.epoch) else { return false }
            return seen.contains(key)
        }
        var gone = Set<Int>(), keys: [MessageKey] = []
        for entry in counted where isSeen(entry.read) {
            gone.insert(entry.read.position)
            keys.append(entry.read.key!)
            messages -= 1
            switch entry.kind {
            case .patchEmail: break
            case .reply: replies -= 1
            case .other: other -= 1
            }
        }
        for read in skippedReads where isSeen(read) {
            gone.insert(read.position)
            keys.append(read.key!)
        }
        guard !gone.isEmpty else { return [] }
        counted.removeAll { gone.contains($0.read.position) }
        skipped.removeAll { gone.contains($0.position) }
        skippedReads.removeAll { gone.contains($0.position) }
        patchEmails.removeAll { gone.contains($0.position) }
        threadStarters = threadStarters.filter { !gone.contains($0.value.position) }
        threads.removeAll { gone.contains($0.position) }
        replyNotes.removeAll { gone.contains($0.position) }
        return keys
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

extension Scanner.Outcome {
    /// The Message-ID of a counted message (a patch email without one has a made-up one).
    var messageID: String? {
        switch self {
        case .patchEmail(let mail): return mail.messageID
        case .reply(let note): return note.messageID
        case .other(let id, _, _, _): return id
        case .outsideDates, .removal, .skipped: return nil
        }
    }
}
