#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Mail

/// Reads what a reply says: its sender, date, what it answers, and the trailers it gives.
///
/// A trailer counts when the reply's sender wrote it on a line of its own: not in quoted text
/// (`>`), not below the signature (`-- `), not in a patch or message the reply carries (from a
/// `---` line on: a patch's notes and diff, `-----Original Message-----`, a forwarded message;
/// from a `diff --git` line on). The body is scanned as bytes; only the lines that are trailers
/// become Strings, so the thousands of replies without one cost a byte scan each.
public enum ReplyReader {
    /// The longest line looked at as a trailer: a real one is a name and an address.
    static let maxTrailerLine = 1024
    /// The most trailers one reply gives: a real one gives a handful; a mail of thousands of
    /// trailer lines must not multiply by every patch of a series.
    static let maxTrailers = 64

    /// `date`: the message's Date when the caller has parsed it already, else nil (it is parsed).
    public static func read(_ message: Message, parent: String?, date: MailDate? = nil, position: Int,
                            commitTime: Int64) -> ReplyNote {
        let sender = message.from ?? Mailbox(name: "", address: "")
        let given = message.withPlainText { text, charset in Self.trailers(in: text, charset: charset, sender: sender) } ?? []
        return ReplyNote(messageID: message.messageID, parent: parent, sender: sender,
                         date: date ?? message.date ?? MailDate(seconds: commitTime, offsetMinutes: 0),
                         position: position, trailers: given)
    }

    /// The trailers of a reply's text (in `charset`), in order, as `sender` gives them. Lines are
    /// ranges of the buffer; only a line that is a trailer, and the line above it, are copied.
    static func trailers(in text: UnsafeBufferPointer<UInt8>, charset: String?, sender: Mailbox) -> [GivenTrailer] {
        var found: [GivenTrailer] = []
        // The last line of the reply's own words above the trailers: "For patches 1-3:".
        var above: Range<Int>? = nil
        var lines = LineCursor(text)
        while found.count < maxTrailers, let line = lines.next() {
            if isSignature(text, line) { break }
            let words = lines.trimmed(line)
            guard !words.isEmpty else { continue }
            switch text[words.lowerBound] {
            case UInt8(ascii: ">"):
                above = nil
                continue
            case UInt8(ascii: "-") where lines.starts(words, with: "---"): return found
            case UInt8(ascii: "d") where lines.starts(words, with: "diff --git "): return found
            default: break
            }
            guard words.count <= maxTrailerLine, isCandidate(text, words),
                  var trailer = trailer(ArraySlice(text[words]), lines: &lines, sender: sender, charset: charset) else {
                above = words
                continue
            }
            if trailer.only == nil, let above { trailer.only = PatchNumbers.parse(ArraySlice(text[above])) }
            found.append(trailer)
        }
        return found
    }

    /// `-- ` alone on its line: the signature follows.
    static func isSignature(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        var end = line.upperBound
        if end > line.lowerBound, text[end - 1] == 0x0D { end -= 1 }
        return end - line.lowerBound == 3 && text[line.lowerBound] == UInt8(ascii: "-")
            && text[line.lowerBound + 1] == UInt8(ascii: "-") && text[line.lowerBound + 2] == UInt8(ascii: " ")
    }

    /// Whether a line may be a trailer, without copying it: `NAK`-sized, or a key of a kind
    /// before a colon.
    static func isCandidate(_ text: UnsafeBufferPointer<UInt8>, _ words: Range<Int>) -> Bool {
        if words.count <= 6 { return true }
        let keyEnd = min(words.upperBound, words.lowerBound + 12)
        guard let colon = text[words.lowerBound..<keyEnd].firstIndex(of: UInt8(ascii: ":")) else { return false }
        return TrailerKind.named(text[words.lowerBound..<colon]) != nil
    }

    /// The trailer a line gives, reading on to the next line for an address wrapped onto it;
    /// nil when the line is not one.
    static func trailer(_ words: ArraySlice<UInt8>, lines: inout LineCursor, sender: Mailbox,
                        charset: String?) -> GivenTrailer? {
        if isBareNak(words) {
            return GivenTrailer(kind: .nackedBy, name: sender.name, email: sender.address, senderMatches: true)
        }
        guard let colon = words.firstIndex(of: UInt8(ascii: ":")), let kind = TrailerKind.named(words[..<colon]) else {
            return nil
        }
        var value = ASCII.trimmed(words[(colon + 1)...])
        if !value.contains(UInt8(ascii: "@")), let next = lines.peek().map(lines.trimmed), let first = next.first,
           lines.text[first] == UInt8(ascii: "<"), lines.text[next.upperBound - 1] == UInt8(ascii: ">") {
            // "Reviewed-by: A Long Name" with "<address>" wrapped onto the next line.
            _ = lines.next()
            value = ArraySlice(value + [UInt8(ascii: " ")] + lines.text[next])
        }
        guard let person = TrailerPerson(value) else { return nil }
        let name = Charset.decode(person.name, charset: charset)
        let email = Charset.decode(person.email, charset: charset)
        return GivenTrailer(kind: kind, name: name, email: email,
                            senderMatches: matches(sender, name: name, email: email),
                            only: PatchNumbers.parse(person.rest))
    }

    /// As b4 has it: the address is the sender's, or the name is.
    static func matches(_ sender: Mailbox, name: String, email: String) -> Bool {
        if email.lowercased() == sender.key { return true }
        return !name.isEmpty && name.lowercased() == sender.name.lowercased()
    }

    /// `NAK`, `Nack`, `NACK.` alone on a line.
    static func isBareNak(_ words: ArraySlice<UInt8>) -> Bool {
        var word = words
        while let last = word.last, last == UInt8(ascii: ".") || last == UInt8(ascii: "!") { word = word.dropLast() }
        guard word.count == 3 || word.count == 4 else { return false }
        let lower = String(decoding: word.map(ASCII.lower), as: UTF8.self)
        return lower == "nak" || lower == "nack"
    }
}

/// The person of a trailer's value: `Name <address>`, `"Name" <address>` or a bare address, and
/// what follows it (`# for 1-3`). The address must look like one (`x@y.z`), as b4 asks.
struct TrailerPerson {
    var name: ArraySlice<UInt8>
    var email: ArraySlice<UInt8>
    var rest: ArraySlice<UInt8>

    init?(_ value: ArraySlice<UInt8>) {
        if let open = value.firstIndex(of: UInt8(ascii: "<")) {
            let close = value[open...].firstIndex(of: UInt8(ascii: ">")) ?? value.endIndex
            name = Self.unquoted(ASCII.trimmed(value[..<open]))
            email = ASCII.trimmed(value[(open + 1)..<close])
            rest = close < value.endIndex ? value[(close + 1)...] : []
        } else {
            // A bare address: the first word holding an `@`; the words before it are the name.
            guard let at = value.firstIndex(of: UInt8(ascii: "@")) else { return nil }
            var start = at, end = at
            while start > value.startIndex, !ASCII.isSpace(value[start - 1]) { start -= 1 }
            while end < value.endIndex, !ASCII.isSpace(value[end]) { end += 1 }
            name = Self.unquoted(ASCII.trimmed(value[..<start]))
            email = value[start..<end]
            rest = value[end...]
        }
        guard Self.looksLikeAddress(email) else { return nil }
    }

    static func unquoted(_ name: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard name.count >= 2, name.first == UInt8(ascii: "\""), name.last == UInt8(ascii: "\"") else { return name }
        return name.dropFirst().dropLast()
    }

    static func looksLikeAddress(_ email: ArraySlice<UInt8>) -> Bool {
        guard let at = email.firstIndex(of: UInt8(ascii: "@")), at > email.startIndex,
              !email.contains(where: ASCII.isSpace) else { return false }
        let domain = email[(at + 1)...]
        guard let dot = domain.firstIndex(of: UInt8(ascii: ".")) else { return false }
        return dot > domain.startIndex && dot < email.endIndex - 1
    }
}

/// The lines of a text as ranges, each without its LF.
struct LineCursor {
    let text: UnsafeBufferPointer<UInt8>
    var at = 0

    init(_ text: UnsafeBufferPointer<UInt8>) { self.text = text }

    mutating func next() -> Range<Int>? {
        guard let line = peek() else { return nil }
        at = line.upperBound + 1
        return line
    }

    func peek() -> Range<Int>? {
        guard at < text.count, let base = text.baseAddress else { return nil }
        guard let lf = memchr(base + at, 0x0A, text.count - at) else { return at..<text.count }
        return at..<(base.distance(to: lf.assumingMemoryBound(to: UInt8.self)))
    }

    /// The line without leading and trailing spaces, tabs and CRs.
    func trimmed(_ line: Range<Int>) -> Range<Int> {
        var lo = line.lowerBound, hi = line.upperBound
        while lo < hi, ASCII.isSpace(text[lo]) { lo += 1 }
        while hi > lo, ASCII.isSpace(text[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    /// Whether the bytes at `words` start with `prefix`, ignoring ASCII case.
    func starts(_ words: Range<Int>, with prefix: StaticString) -> Bool {
        guard words.count >= prefix.utf8CodeUnitCount else { return false }
        return (0..<prefix.utf8CodeUnitCount).allSatisfy { ASCII.lower(text[words.lowerBound + $0]) == ASCII.lower(prefix.utf8Start[$0]) }
    }
}
