import Foundation
import Mail

/// A patch email (patch, cover letter or pull request) reduced to what series building and the
/// digest need. The body is split only for mails a digest may print in full (covers, first
/// patches, single patches); for the others only the diffstat paths are kept.
public struct PatchEmail: Sendable {
    /// Archive order.
    public var position: Int
    public var commit: String
    public var messageID: String
    public var inReplyTo: String?
    public var references: [String]
    /// The subject as decoded (unfolded, RFC 2047, whitespace collapsed).
    public var subject: String
    public var tags: SubjectTags
    /// Who sent the mail (From, or X-Original-From when the list rewrote From).
    public var sender: Mailbox
    /// Who wrote the patch: the in-body From when present, else the sender.
    public var author: Mailbox
    /// The message's own Date; the commit time when it has none.
    public var date: MailDate
    public var dateFromHeader: Bool
    /// The split body, for mails that may be printed in full.
    public var body: PatchBody?
    public var hasDiff: Bool
    /// b4's `change-id:` line (cover letters and single patches).
    public var changeID: String?
    /// Message-IDs this mail says it supersedes ("Link to v1: …/r/<id>", "Supersedes: <id>").
    public var supersedes: [String]

    public var kind: MailKind { tags.kind }

    /// Builds the record from a parsed message. Returns nil for mails that are not patch emails
    /// or pull requests (replies, announcements, plain discussion).
    public init?(message: Message, position: Int, commit: String, commitTime: Int64) {
        let tags = SubjectTags.parse(message.subject)
        guard tags.kind == .patch || tags.kind == .cover || tags.kind == .pullRequest else { return nil }
        self.init(message: message, tags: tags, position: position, commit: commit, commitTime: commitTime)
    }

    /// Builds the record for a mail already classified (also used for naked cover letters).
    public init(message: Message, tags: SubjectTags, position: Int, commit: String, commitTime: Int64) {
        self.position = position
        self.commit = commit
        self.messageID = message.messageID ?? "commit-\(commit)@archive"
        self.inReplyTo = message.inReplyTo
        self.references = message.references
        self.subject = message.subject
        self.tags = tags
        let sender = message.from ?? Mailbox(name: "", address: "unknown")
        self.sender = sender
        if let date = message.date {
            self.date = date
            self.dateFromHeader = true
        } else {
            self.date = MailDate(seconds: commitTime, offsetMinutes: 0)
            self.dateFromHeader = false
        }
        let text = PatchEmail.bodyText(of: message)
        // Only covers, first patches and single patches are ever printed: split those fully;
        // for the rest the in-body From (the author) is all the digest needs.
        if tags.kind == .cover || tags.kind == .pullRequest || tags.number <= 1 {
            let split = PatchBody.split(text)
            self.author = split.inBody.from ?? sender
            self.hasDiff = split.hasDiff
            self.body = split
            self.changeID = split.changeID
            self.supersedes = PatchEmail.supersededIDs(in: text)
        } else {
            self.author = InBodyHeaders.parse(text[...]).headers.from ?? sender
            self.hasDiff = ByteSearch.contains(text, "diff --git ")
            self.body = nil
            self.changeID = nil
            self.supersedes = []
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

    /// Message-IDs named by "Link to vN: https://…/<id>" (b4) and "Supersedes: <id>" lines.
    static func supersededIDs(in text: String) -> [String] {
        var ids: [String] = []
        var utf8 = text.utf8[...]
        // Byte scan: only lines that open with one of the two markers become Strings.
        while !utf8.isEmpty {
            let end = utf8.firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            var line = utf8[utf8.startIndex..<end]
            while let c = line.first, c == UInt8(ascii: " ") || c == UInt8(ascii: "-") || c == UInt8(ascii: "*") || c == 9 {
                line = line.dropFirst()
            }
            if startsCaseInsensitive(line, "link to v") || startsCaseInsensitive(line, "supersedes:"),
               let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                let value = String(decoding: line[line.index(after: colon)...], as: UTF8.self)
                if let id = messageID(inLink: value.trimmingCharacters(in: .whitespaces)) { ids.append(id) }
            }
            utf8 = end == utf8.endIndex ? utf8[end...] : utf8[utf8.index(after: end)...]
        }
        return ids
    }

    private static func startsCaseInsensitive(_ line: Substring.UTF8View.SubSequence, _ prefix: StaticString) -> Bool {
        var i = line.startIndex
        for p in UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount) {
            guard i < line.endIndex else { return false }
            let c = line[i]
            let lower = c >= 65 && c <= 90 ? c | 0x20 : c
            if lower != p { return false }
            i = line.index(after: i)
        }
        return true
    }

    /// `<id>`, or the last path component holding an `@` of a lore URL.
    static func messageID(inLink value: String) -> String? {
        if value.hasPrefix("<"), let end = value.firstIndex(of: ">") {
            let id = value[value.index(after: value.startIndex)..<end]
            return id.contains("@") ? String(id) : nil
        }
        let parts = value.split(separator: "/")
        guard let part = parts.last(where: { $0.contains("@") }) else { return nil }
        return part.removingPercentEncoding ?? String(part)
    }
}
