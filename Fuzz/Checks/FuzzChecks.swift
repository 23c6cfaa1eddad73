import Archive
import Digest
import Foundation
import Mail
import Patches
import Render
import Series

/// What the fuzz targets run on every input, shared with the regression tests that replay the
/// inputs they once crashed on (Tests/HostileMailTests/Regressions/<target>/).
///
/// Each check runs one stage on arbitrary bytes and returns the promises the result breaks
/// (empty when all hold): a broken promise is a bug as much as a trap is. A fuzz target turns a
/// non-empty answer into a crash so that libFuzzer keeps the input.
public enum FuzzChecks {
    public enum Target: String, CaseIterable, Sendable {
        /// Mail: Message.parse, every accessor, textParts; the header-value decoders.
        case message
        /// Patches: SubjectTags.parse, on the raw text and on its RFC 2047 decoding.
        case subjectTags
        /// Patches: InBodyHeaders.parse and PatchBody.split.
        case patchBody
        /// A few mails through Scanner, PatchEmail, SeriesBuilder, the report and both renderers.
        case pipeline
        /// Archive: MboxReader (the mbox splitter), with a small and the default read buffer.
        case mbox
    }

    public static func run(_ target: Target, _ bytes: [UInt8]) -> [String] {
        switch target {
        case .message: return message(bytes)
        case .subjectTags: return subjectTags(bytes)
        case .patchBody: return patchBody(bytes)
        case .pipeline: return pipeline(bytes)
        case .mbox: return mbox(bytes)
        }
    }

    // MARK: - Mail

    public static func message(_ bytes: [UInt8]) -> [String] {
        var broken: [String] = []
        let text = String(decoding: bytes, as: UTF8.self)
        _ = AddressParser.parseMailbox(text)
        _ = DateParser.parse(text)
        _ = EncodedWords.decode(text)
        let newline = bytes.firstIndex(of: 0x0A) ?? min(bytes.count, 24)
        _ = Charset.decode(bytes[min(newline, bytes.count)...],
                           charset: String(decoding: bytes[..<min(newline, bytes.count)], as: UTF8.self))

        let limit = 1 << 20
        let message: Message
        do {
            message = try Message.parse(bytes, maxSize: limit)
        } catch let error as MailError {
            switch error {
            case .tooLarge(let size) where size != bytes.count || size <= limit:
                broken.append("tooLarge(\(size)) for \(bytes.count) bytes")
            case .empty where bytes.contains(where: { !" \t\r\n".utf8.contains($0) }):
                broken.append("empty, but the message has visible bytes")
            default: break
            }
            if error.reason.isEmpty { broken.append("a MailError without a reason") }
            return broken
        } catch {
            return broken + ["Message.parse threw a non-MailError: \(error)"]
        }

        broken += oneLine(message.subject, "subject")
        for mailbox in [message.sender, message.from].compactMap({ $0 }) {
            if mailbox.address.utf8.contains(0x0A) { broken.append("an address holds a line break") }
            _ = mailbox.key
            _ = mailbox.domain
            _ = mailbox.display
        }
        for id in [message.messageID, message.inReplyTo].compactMap({ $0 }) + message.references {
            if id.isEmpty || id.utf8.contains(where: { " \t\r\n".utf8.contains($0) }) {
                broken.append("message id \(id.debugDescription) is empty or holds whitespace")
            }
        }
        if let date = message.date { _ = DateText.iso(date) }
        _ = message.headers("Received")
        _ = message.header("Content-Type")
        if message.bodyByteCount < 0 || message.bodyByteCount > bytes.count {
            broken.append("bodyByteCount \(message.bodyByteCount) of \(bytes.count) bytes")
        }
        broken += sameWithCRLF(bytes, message)
        for part in message.textParts() {
            // MIME types are ASCII tokens: only their ASCII letters are lower-cased.
            if part.mimeType.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) {
                broken.append("mime type \(part.mimeType) not lower-cased")
            }
            if Bytes.find("\r\n", in: part.text) { broken.append("a text part kept a CRLF") }
        }
        return broken
    }

    /// The same mail with CRLF line ends (as SMTP carries it) reads the same: one of the two
    /// forms every archive mixes. Only for mails without a CR of their own, and not for charsets
    /// whose line ends are not single bytes (an inserted CR would be a different text there).
    private static func sameWithCRLF(_ bytes: [UInt8], _ message: Message) -> [String] {
        let lower = String(decoding: bytes, as: UTF8.self).lowercased()
        guard !bytes.contains(0x0D), bytes.contains(0x0A),
              !["utf-16", "utf16", "utf-32", "utf32", "ucs-", "ucs2", "ucs4", "unicode", "2022"].contains(where: lower.contains)
        else { return [] }
        var crlf: [UInt8] = []
        crlf.reserveCapacity(bytes.count + bytes.count / 16)
        for byte in bytes {
            if byte == 0x0A { crlf.append(0x0D) }
            crlf.append(byte)
        }
        guard let other = try? Message.parse(crlf, maxSize: .max) else { return ["the CRLF form does not parse"] }
        var broken: [String] = []
        func same<T: Equatable>(_ a: T, _ b: T, _ what: String) {
            if a != b { broken.append("with CRLF, \(what) reads \(String(reflecting: b)), not \(String(reflecting: a))") }
        }
        same(message.subject, other.subject, "the subject")
        same(message.from, other.from, "From")
        same(message.messageID, other.messageID, "Message-ID")
        same(message.references, other.references, "References")
        same(message.date, other.date, "Date")
        let parts = message.textParts(), otherParts = other.textParts()
        same(parts.map(\.mimeType), otherParts.map(\.mimeType), "the part types")
        same(parts.map(\.filename), otherParts.map(\.filename), "the file names")
        same(parts.map(\.text), otherParts.map(\.text), "the texts")
        return broken
    }

    // MARK: - Subjects

    public static func subjectTags(_ bytes: [UInt8]) -> [String] {
        let raw = String(decoding: bytes, as: UTF8.self)
        var broken: [String] = []
        for subject in [raw, Bytes.collapse(EncodedWords.decode(raw))] {
            let tags = SubjectTags.parse(subject)
            if tags != SubjectTags.parse(subject) { broken.append("two parses of one subject differ") }
            if tags.title != tags.title.trimmingCharacters(in: .whitespaces) { broken.append("title not trimmed") }
            if tags.titleKey != tags.title.lowercased() { broken.append("titleKey is not the lower-cased title") }
            if tags.counterStated && (tags.total < 1 || tags.number < 0 || !tags.isPatch) {
                broken.append("counter \(tags.number)/\(tags.total) stated on a non-patch or out of range")
            }
            if tags.version.major < 0 { broken.append("negative version") }
            if tags.isReply != (tags.kind == .reply) { broken.append("isReply and kind disagree") }
            // Whitespace is collapsed first: more of it, anywhere, changes nothing.
            let spaced = " \t" + subject.replacingOccurrences(of: " ", with: " \t ") + "  "
            if SubjectTags.parse(spaced) != tags { broken.append("more whitespace reads differently") }
            _ = tags.version.description
        }
        return broken
    }

    // MARK: - Bodies

    public static func patchBody(_ bytes: [UInt8]) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        var broken: [String] = []
        let (headers, rest) = InBodyHeaders.parse(Substring(text))
        if rest.endIndex != text.endIndex { broken.append("the rest after in-body headers is not a suffix") }
        // A dropped block opens with one of git's in-body header names (a From: that is no address
        // still belongs to the block, then read as nil).
        // (Bytes, not characters: a combining mark after the colon joins it into one character.)
        let head = text[..<rest.startIndex].unicodeScalars.drop(while: { $0.properties.isWhitespace })
        let dropped = String(String.UnicodeScalarView(head)).utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        if rest.startIndex != text.startIndex
            && !["from:", "subject:", "date:"].contains(where: { dropped.starts(with: $0.utf8) }) {
            broken.append("text was dropped that is no in-body header block")
        }
        if headers != InBodyHeaders() && rest.startIndex == text.startIndex {
            broken.append("in-body headers read, yet none dropped")
        }
        let body = PatchBody.split(text)
        for (name, part) in [("message", body.message), ("notes", body.notes), ("displayText", body.displayText)]
        where !Bytes.find(part, in: text) {
            broken.append("\(name) is not a piece of the text")
        }
        if let stat = body.diffstat, stat.filesChanged < 0 || stat.insertions < 0 || stat.deletions < 0 {
            broken.append("negative diffstat counts")
        }
        for line in [body.changeID, body.baseCommit].compactMap({ $0 }) where line.utf8.contains(0x0A) {
            broken.append("change-id or base-commit spans lines")
        }
        _ = body.trailers.map { ($0.key, $0.value) }
        return broken
    }

    // MARK: - The whole pipeline

    /// Messages are separated by a line `%%%%`; a message that is just `d` is a removal. At most
    /// eight messages; those over 16 KB are skipped as oversized.
    public static func pipeline(_ bytes: [UInt8]) -> [String] {
        let chunks = Bytes.split(bytes, separator: Array("\n%%%%\n".utf8)).prefix(8)
        var items: [ArchiveItem] = []
        for (i, chunk) in chunks.enumerated() {
            let commit = String(repeating: String(i, radix: 16), count: 40)
            if chunk == [UInt8(ascii: "d")] {
                items.append(.nonMessage(NonMessage(commit: commit, epoch: 0, position: i, isRemoval: true)))
            } else {
                items.append(.message(RawMessage(bytes: chunk, commit: commit, epoch: 0, position: i,
                                                 commitTime: 1_700_000_000 + Int64(i) * 60)))
            }
        }
        let options = DigestOptions(maxMessageSize: 16 << 10)
        let report = DigestBuilder.make(items: items, options: options, name: "fuzz")
        var broken: [String] = []
        let copies = report.duplicates ?? 0
        if report.messages + report.skipped.count + report.removals + copies != items.count {
            broken.append("messages \(report.messages) + skipped \(report.skipped.count) + removals "
                          + "\(report.removals) + copies \(copies) != \(items.count) items")
        }
        let patchMails = report.series.reduce(0) { $0 + $1.patchEmails }
        if report.contributors.reduce(0, { $0 + $1.count }) != report.patches
            || report.domains.reduce(0, { $0 + $1.count }) != report.patches || patchMails != report.patches {
            broken.append("contributors, domains and series do not add up to \(report.patches) patches")
        }
        if report.patches + report.pullRequests.count + report.replies + report.otherMessages != report.messages {
            broken.append("patches, pull requests, replies and others do not add up to \(report.messages) messages")
        }
        // Counts do not depend on the order the mails arrive in.
        let backwards: [ArchiveItem] = items.reversed().enumerated().map { position, item in
            switch item {
            case .message(var raw): raw.position = position; return .message(raw)
            case .nonMessage(var non): non.position = position; return .nonMessage(non)
            }
        }
        let reversed = DigestBuilder.make(items: backwards, options: options, name: "fuzz")
        // Which copy of a Message-ID counts is the first to come: with copies, the order matters.
        if copies == 0, reversed.patches != report.patches || reversed.contributors.sorted(by: { $0.email < $1.email })
            .map({ "\($0.email) \($0.count)" }) != report.contributors.sorted(by: { $0.email < $1.email }).map({ "\($0.email) \($0.count)" })
            || reversed.messages != report.messages || reversed.replies != report.replies {
            broken.append("the counts change when the mails come in the other order")
        }
        for series in report.series {
            if series.supersededBy != nil && series.status != .skip && series.status != .exist {
                broken.append("a superseded series has status \(series.status)")
            }
            if series.received > series.patchEmails { broken.append("more patches received than patch mails") }
        }
        let text = TextRenderer().render(report)
        if let bad = text.unicodeScalars.first(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value) }) {
            broken.append("the text digest prints control character U+\(String(bad.value, radix: 16))")
        }
        do {
            let json = try JSONRenderer().render(report)
            let back = try JSONDecoder().decode(DigestReport.self, from: Data(json.utf8))
            if back != report { broken.append("the JSON digest does not read back as the same report") }
        } catch {
            broken.append("JSON digest: \(error)")
        }
        return broken
    }

    private static func oneLine(_ text: String, _ what: String) -> [String] {
        var broken: [String] = []
        if text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" }) {
            broken.append("\(what) spans lines")
        }
        if let first = text.unicodeScalars.first, first.properties.isWhitespace { broken.append("\(what) not trimmed") }
        if let last = text.unicodeScalars.last, last.properties.isWhitespace { broken.append("\(what) not trimmed") }
        return broken
    }
}

/// Byte helpers for the checks.
enum Bytes {
    /// Whitespace runs to one space, trimmed: how a subject is made one line.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.value == 0 } })
            .joined(separator: " ")
    }

    /// Whether `needle`'s UTF-8 occurs in `haystack`'s (bytes, not characters: a line cut before
    /// the LF of a CRLF is still a piece of the text).
    static func find(_ needle: String, in haystack: String) -> Bool {
        let n = Array(needle.utf8), h = Array(haystack.utf8)
        guard !n.isEmpty else { return true }
        // Knuth–Morris–Pratt: linear, whatever the input looks like.
        var failure = [Int](repeating: 0, count: n.count)
        var k = 0
        for i in 1..<max(n.count, 1) {
            while k > 0 && n[i] != n[k] { k = failure[k - 1] }
            if n[i] == n[k] { k += 1 }
            failure[i] = k
        }
        k = 0
        for byte in h {
            while k > 0 && byte != n[k] { k = failure[k - 1] }
            if byte == n[k] { k += 1 }
            if k == n.count { return true }
        }
        return false
    }

    static func split(_ bytes: [UInt8], separator: [UInt8]) -> [[UInt8]] {
        var chunks: [[UInt8]] = []
        var start = 0, i = 0
        while i + separator.count <= bytes.count {
            if bytes[i] == separator[0], bytes[i..<(i + separator.count)].elementsEqual(separator) {
                chunks.append(Array(bytes[start..<i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        chunks.append(Array(bytes[start...]))
        return chunks
    }
}
