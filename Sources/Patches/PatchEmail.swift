import Foundation
import Mail

/// A patch email (patch, cover letter or pull request) reduced to what series building and the
/// digest need. The body is split only for mails a digest may print in full (covers, first
/// patches, single patches); the others keep their author (the in-body From), whether they hold
/// a diff, and their text only while it may yet be printed (`heldText`).
///
/// A value type whose fields live in one copy-on-write box: series building copies every patch
/// email into several groupings and sorts them, and a copy is then one reference count instead
/// of one per string and array field.
public struct PatchEmail: Sendable {
    private var box: Box

    /// Archive order.
    public var position: Int { get { box.fields.position } set { fields.position = newValue } }
    public var commit: String { get { box.fields.commit } set { fields.commit = newValue } }
    public var messageID: String { get { box.fields.messageID } set { fields.messageID = newValue } }
    public var inReplyTo: String? { get { box.fields.inReplyTo } set { fields.inReplyTo = newValue } }
    public var references: [String] { get { box.fields.references } set { fields.references = newValue } }
    /// The subject as decoded (unfolded, RFC 2047, whitespace collapsed).
    public var subject: String { get { box.fields.subject } set { fields.subject = newValue } }
    public var tags: SubjectTags { get { box.fields.tags } set { fields.tags = newValue } }
    /// Who sent the mail (From, or X-Original-From when the list rewrote From).
    public var sender: Mailbox { get { box.fields.sender } set { fields.sender = newValue } }
    /// Who wrote the patch: the in-body From when present, else the sender.
    public var author: Mailbox { get { box.fields.author } set { fields.author = newValue } }
    /// The message's own Date; the commit time when it has none.
    public var date: MailDate { get { box.fields.date } set { fields.date = newValue } }
    public var dateFromHeader: Bool { get { box.fields.dateFromHeader } set { fields.dateFromHeader = newValue } }
    /// The split body, for mails that may be printed in full.
    public var body: PatchBody? { get { box.fields.body } set { fields.body = newValue } }
    public var hasDiff: Bool { get { box.fields.hasDiff } set { fields.hasDiff = newValue } }
    /// b4's `change-id:` line (cover letters and single patches).
    public var changeID: String? { get { box.fields.changeID } set { fields.changeID = newValue } }
    /// Message-IDs of earlier versions this mail links ("Link to v1: …/r/<id>", "Supersedes: <id>",
    /// "v2: https://lore.kernel.org/<list>/<id>/"; VersionLinks has the rule).
    public var supersedes: [String] { get { box.fields.supersedes } set { fields.supersedes = newValue } }
    /// For a pull request: the repository and ref it asks to pull, as `git request-pull` writes them.
    public var requestPull: RequestPull? { get { box.fields.requestPull } set { fields.requestPull = newValue } }
    /// For a later patch (n > 1), its text while it may yet be printed: a patch whose cover
    /// letter and first patch are not in the range is printed in full (what a maintainer Cc'd
    /// on patch 3/5 alone needs). The digest releases it once the mail it answers turns up.
    public var heldText: String? { box.fields.heldText }
    /// For a mail with a stable marker that is printed in full: its text cites the upstream
    /// commit (`StableBackport.citesUpstream`).
    public var citesUpstream: Bool { box.fields.citesUpstream }

    /// Forgets the held text: the patch will not be printed.
    public mutating func releaseText() {
        if box.fields.heldText != nil { fields.heldText = nil }
    }

    /// The mail with its body split from the held text, for printing.
    public func withHeldBody() -> PatchEmail {
        guard body == nil, let text = heldText else { return self }
        var mail = self
        mail.fields.body = PatchBody.split(text)
        mail.fields.heldText = nil
        return mail
    }

    public var kind: MailKind { box.fields.tags.kind }

    /// Builds the record from a parsed message. Returns nil for mails that are not patch emails
    /// or pull requests (replies, announcements, plain discussion).
    public init?(message: Message, position: Int, commit: String, commitTime: Int64) {
        let tags = SubjectTags.parse(message.subject)
        guard tags.kind == .patch || tags.kind == .cover || tags.kind == .pullRequest else { return nil }
        self.init(message: message, tags: tags, position: position, commit: commit, commitTime: commitTime)
    }

    /// Builds the record for a mail already classified (also used for naked cover letters).
    public init(message: Message, tags: SubjectTags, position: Int, commit: String, commitTime: Int64) {
        let sender = message.from ?? Mailbox(name: "", address: "unknown")
        var fields = Fields(
            position: position, commit: commit, messageID: message.messageID ?? "commit-\(commit)@archive",
            inReplyTo: message.inReplyTo, references: message.references, subject: message.subject, tags: tags,
            sender: sender, author: sender,
            date: message.date ?? MailDate(seconds: commitTime, offsetMinutes: 0), dateFromHeader: message.date != nil,
            body: nil, hasDiff: false, changeID: nil, supersedes: [], requestPull: nil, heldText: nil)
        let text = PatchEmail.bodyText(of: message)
        // Only covers, first patches and single patches are ever printed: split those fully;
        // for the rest the in-body From (the author) is all the digest needs.
        if tags.kind == .cover || tags.kind == .pullRequest || tags.number <= 1 {
            // A cover's diff is a snippet or an interdiff, never the series' change: no diffstat
            // is counted from it.
            let split = PatchBody.split(text, countingTheDiff: tags.kind != .cover)
            fields.author = split.inBody.from ?? sender
            fields.hasDiff = split.hasDiff
            fields.body = split
            fields.changeID = split.changeID
            fields.supersedes = PatchEmail.supersededIDs(in: text)
            if tags.backport != nil { fields.citesUpstream = StableBackport.citesUpstream(text) }
            if tags.kind == .pullRequest { fields.requestPull = RequestPull.parse(text) }
        } else {
            fields.author = InBodyHeaders.parse(text[...]).headers.from ?? sender
            fields.hasDiff = ByteSearch.contains(text, "diff --git ")
            fields.heldText = text
        }
        box = Box(fields)
    }

    private struct Fields {
        var position: Int
        var commit: String
        var messageID: String
        var inReplyTo: String?
        var references: [String]
        var subject: String
        var tags: SubjectTags
        var sender: Mailbox
        var author: Mailbox
        var date: MailDate
        var dateFromHeader: Bool
        var body: PatchBody?
        var hasDiff: Bool
        var changeID: String?
        var supersedes: [String]
        var requestPull: RequestPull?
        var heldText: String?
        var citesUpstream = false
    }

    /// Mutated only while uniquely referenced (see `fields`), so sharing it between threads is safe.
    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    /// The fields for writing: the box is copied first when another value shares it.
    private var fields: Fields {
        get { box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    /// The text a patch is read from: the first text/plain part, then any text/x-patch or
    /// text/x-diff part (an attached patch) after it.
    static func bodyText(of message: Message) -> String {
        let parts = message.textParts()
        guard let plain = parts.first(where: { $0.mimeType == "text/plain" }) ?? parts.first else { return "" }
        let patches = parts.filter { $0.mimeType == "text/x-patch" || $0.mimeType == "text/x-diff" }
        if patches.isEmpty || patches.contains(where: { $0.text == plain.text }) { return plain.text }
        return ([plain.text] + patches.map(\.text)).joined(separator: "\n")
    }

    /// Message-IDs of earlier versions the text links ("Link to v1: …/r/<id>", "Supersedes: <id>",
    /// "v2: https://lore.kernel.org/<list>/<id>/" …; the rule is VersionLinks').
    static func supersededIDs(in text: String) -> [String] {
        VersionLinks.messageIDs(in: text)
    }
}
