/// Address fields (RFC 5322 §3.4) as they appear in practice.
public enum AddressParser {
    /// The first mailbox of a From-like field value (raw, possibly folded, possibly
    /// holding RFC 2047 words). Groups are entered, and an unquoted comma inside a
    /// display name (`Last, First <a@b>`) is kept in the name. Nil when no address
    /// can be found.
    public static func parseMailbox(_ value: String) -> Mailbox? { parseMailbox(value[...]) }

    /// The same, read in place from part of a text (an in-body `From:` line).
    public static func parseMailbox(_ value: Substring) -> Mailbox? {
        // Read where it stands: a field of megabytes is not copied into an array first.
        if let mailbox = value.utf8.withContiguousStorageIfAvailable({ mailbox(in: $0) }) { return mailbox }
        return Array(value.utf8).withUnsafeBufferPointer { mailbox(in: $0) }
    }

    private static func mailbox(in bytes: UnsafeBufferPointer<UInt8>) -> Mailbox? {
        firstMailbox(AddressTokenizer.tokens(bytes)) ?? fallbackMailbox(bytes)
    }

    private static func firstMailbox(_ tokens: AddressTokenizer.Tokens) -> Mailbox? {
        var phrase = Phrase()
        var comments = Phrase.Comments()
        func reset() {
            phrase = Phrase()
            comments = Phrase.Comments()
        }
        for token in tokens {
            switch token.kind {
            case .angle(let address):
                let name = phrase.isEmpty ? joined(comments.texts) : phraseText(phrase.tokens)
                let cleaned = cleanAngleAddress(address)
                if !cleaned.isEmpty { return Mailbox(name: displayName(name), address: cleaned) }
                reset()
            case .comment(let text):
                comments.append(text)
            case .special(UInt8(ascii: ":")) where !phrase.hasAt:
                // A group's display name: what follows are its members.
                reset()
            case .special(UInt8(ascii: ",")), .special(UInt8(ascii: ";")):
                if phrase.hasAt || token.isSemicolon {
                    if let mailbox = bareMailbox(phrase.tokens, comments.texts) { return mailbox }
                    reset()
                } else if !phrase.isEmpty {
                    // No address yet: an unquoted comma in a display name.
                    phrase.append(token)
                }
            default:
                phrase.append(token)
            }
        }
        return bareMailbox(phrase.tokens, comments.texts)
    }

    /// A mailbox written without angle brackets: `a@b`, `a@b (Name)`, or the
    /// malformed `Some Name a@b`.
    private static func bareMailbox(_ phrase: [AddressToken], _ comments: [String]) -> Mailbox? {
        let words = glueWords(phrase)
        guard !words.isEmpty else { return nil }
        let comment = displayName(joined(comments))
        if words.count == 1 {
            // A lone quoted string that swallowed the rest is not an address.
            guard isPlausibleAddress(words[0]) else { return nil }
            return Mailbox(name: comment, address: words[0])
        }
        guard let addressIndex = words.lastIndex(where: { $0.contains("@") }) else { return nil }
        var rest = words
        rest.remove(at: addressIndex)
        let name = comment.isEmpty ? displayName(joined(rest)) : comment
        return Mailbox(name: name, address: words[addressIndex])
    }

    private static func isPlausibleAddress(_ word: String) -> Bool {
        !word.utf8.contains { Bytes.isWhitespace($0) || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }
    }

    /// Joins tokens into whitespace-separated words; `@` glues its neighbours so
    /// that `a @ b` is still one address.
    private static func glueWords(_ tokens: [AddressToken]) -> [String] {
        var words: [String] = []
        var glueNext = false
        for token in tokens {
            let text: String
            switch token.kind {
            case .word(let w), .quoted(let w): text = w
            case .special(let c): text = String(UnicodeScalar(c))
            default: continue
            }
            let isAt = text == "@"
            if let last = words.indices.last, !token.spaceBefore || glueNext || isAt {
                words[last] += text
            } else {
                words.append(text)
            }
            glueNext = isAt
        }
        return words
    }

    /// The display name as written: words separated by single spaces, quoted
    /// strings already unquoted; tokens with no space before them stay attached.
    private static func phraseText(_ tokens: [AddressToken]) -> String {
        // The usual name, one quoted string, is handed on as it is: a name of megabytes is not
        // copied once more.
        if tokens.count == 1, case .quoted(let name) = tokens[0].kind { return name }
        var out = ""
        for token in tokens {
            let text: String
            switch token.kind {
            case .word(let w), .quoted(let w): text = w
            case .special(let c): text = String(UnicodeScalar(c))
            default: continue
            }
            if !out.isEmpty, token.spaceBefore { out += " " }
            out += text
            if out.utf8.count > AddressTokenizer.limit { break }   // cut by displayName anyway
        }
        return out
    }

    /// `parts` joined by spaces, stopping once past what one token keeps: a name of a million
    /// words is cut as a name of one huge word is.
    private static func joined(_ parts: [String]) -> String {
        var out = ""
        for part in parts {
            if !out.isEmpty { out += " " }
            out += part
            if out.utf8.count > AddressTokenizer.limit { break }
        }
        return out
    }

    /// The name as shown: RFC 2047 words decoded, whitespace collapsed, cut to
    /// `Mailbox.nameLimit`.
    private static func displayName(_ raw: String) -> String {
        Mailbox.capped(Bytes.collapsingWhitespace(EncodedWords.decode(raw)))
    }

    /// The inside of `<...>` without whitespace, an obsolete source route
    /// (`@relay:`), or a `mailto:` some clients put there.
    private static func cleanAngleAddress(_ raw: String) -> String {
        var bytes = Array(raw.utf8).filter { !Bytes.isWhitespace($0) }
        if bytes.first == UInt8(ascii: "@"), let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            bytes.removeSubrange(...colon)
        }
        let mailto = Array("mailto:".utf8)
        if bytes.count > mailto.count, bytes[..<mailto.count].map(Bytes.lower).elementsEqual(mailto) {
            bytes.removeSubrange(..<mailto.count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Last resort for values the grammar cannot make sense of (an unclosed
    /// quote swallowing the address, say): the first `<...@...>`, else the first
    /// whitespace-separated word with an `@`.
    private static func fallbackMailbox(_ bytes: UnsafeBufferPointer<UInt8>) -> Mailbox? {
        var i = 0
        while let open = bytes[i...].firstIndex(of: UInt8(ascii: "<")) {
            guard let close = bytes[open...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let inner = bytes[(open + 1)..<close]
            if inner.contains(UInt8(ascii: "@")) {
                return Mailbox(name: "", address: cleanAngleAddress(String(decoding: inner, as: UTF8.self)))
            }
            i = close + 1
        }
        let separators: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0A, 0x22, 0x3C, 0x3E, 0x28, 0x29, 0x2C, 0x3B]
        for word in bytes.split(whereSeparator: { separators.contains($0) }) where word.contains(UInt8(ascii: "@")) {
            return Mailbox(name: "", address: String(decoding: word, as: UTF8.self))
        }
        return nil
    }
}

/// The tokens of a mailbox before its address, bounded. A name keeps its first tokens — more
/// than a name of `Mailbox.nameLimit` bytes can show — and a bare address (`Some Name a@b`)
/// stands among the last: the tokens between are dropped, so that a field of a million words
/// costs a few kilobytes, not a token (24 bytes and more) per word.
struct Phrase {
    static let head = Mailbox.nameLimit + 1, tail = 64

    private var first: [AddressToken] = []
    private var last: [AddressToken] = []
    /// Whether an `@` was seen: kept as we go, rescanning at each comma would be quadratic.
    private(set) var hasAt = false

    var isEmpty: Bool { first.isEmpty }
    var tokens: [AddressToken] { first + last.suffix(Phrase.tail) }

    mutating func append(_ token: AddressToken) {
        if case .special(UInt8(ascii: "@")) = token.kind { hasAt = true }
        guard first.count == Phrase.head else { return first.append(token) }
        last.append(token)
        if last.count == 2 * Phrase.tail { last.removeFirst(Phrase.tail) }
    }

    /// Comments, which name a bare address: only joined, so only as many as a name can show.
    struct Comments {
        private(set) var texts: [String] = []
        private var bytes = 0

        mutating func append(_ text: String) {
            guard bytes <= AddressTokenizer.limit else { return }
            texts.append(text)
            bytes += text.utf8.count + 1
        }
    }
}

struct AddressToken {
    enum Kind {
        case word(String)
        case quoted(String)
        case comment(String)
        case angle(String)
        case special(UInt8)
    }

    var kind: Kind
    var spaceBefore: Bool

    var isSemicolon: Bool {
        if case .special(UInt8(ascii: ";")) = kind { return true }
        return false
    }
}

/// Splits an address field into atoms, quoted strings, comments, `<...>` and the
/// specials that matter for finding the first mailbox. Everything is linear and
/// unclosed constructs simply run to the end.
///
/// Words, quoted strings and comments keep at most `limit` bytes, "…" marking a cut: they become
/// display names, which keep less (`Mailbox.nameLimit`), and a token of megabytes would be copied
/// whole by each step before that cut. The limit leaves room for RFC 2047 words, whose text is
/// longer than what they decode to.
enum AddressTokenizer {
    static let limit = 4 * Mailbox.nameLimit

    /// The tokens of `b`, one at a time: a field of a million words is never held as a million
    /// tokens.
    static func tokens(_ b: UnsafeBufferPointer<UInt8>) -> Tokens { Tokens(b: b) }

    struct Tokens: Sequence, IteratorProtocol {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        mutating func next() -> AddressToken? {
            var space = false
            while i < b.count {
                let c = b[i]
                switch c {
                case _ where Bytes.isWhitespace(c):
                    space = true
                    i += 1
                case UInt8(ascii: "\""):
                    let (text, next) = Bytes.quotedString(b, from: i + 1, keep: limit + 1)
                    i = next
                    return AddressToken(kind: .quoted(Bytes.capped(text, limit: limit)), spaceBefore: space)
                case UInt8(ascii: "("):
                    let (text, next) = comment(b, from: i + 1)
                    i = next
                    return AddressToken(kind: .comment(text), spaceBefore: space)
                case UInt8(ascii: "<"):
                    let (text, next) = angle(b, from: i + 1)
                    i = next
                    return AddressToken(kind: .angle(text), spaceBefore: space)
                case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "@"):
                    i += 1
                    return AddressToken(kind: .special(c), spaceBefore: space)
                default:
                    let start = i
                    while i < b.count, !Bytes.isWhitespace(b[i]), !isDelimiter(b[i]) { i += 1 }
                    if i != start { return AddressToken(kind: .word(Bytes.capped(b[start..<i], limit: limit)), spaceBefore: space) }
                    i += 1   // a stray `)` or `>`: skipped
                    space = false
                }
            }
            return nil
        }
    }

    private static func isDelimiter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "@"):
            return true
        default:
            return false
        }
    }

    /// A comment's content (nested comments included, outer parentheses removed): one pass to
    /// find its end, one to write its first bytes straight into the String, so that a field of a
    /// million nested parentheses costs no copy of its own.
    private static func comment(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (String, Int) {
        let (end, count) = commentExtent(b, from: start)
        let keep = min(count, limit + 1)
        let text = String(unsafeUninitializedCapacity: keep) { out in
            var i = start, n = 0
            while i < end, n < keep {
                if b[i] == UInt8(ascii: "\\"), i + 1 < b.count { i += 1 }
                out[n] = b[i]
                n += 1
                i += 1
            }
            return n
        }
        return (count > limit ? Bytes.capped(text.utf8, limit: limit) : text, end < b.count ? end + 1 : end)
    }

    /// Where a comment starting at `start` ends (its closing `)`, or the end of the field) and how
    /// many bytes its content holds once backslashes are dropped.
    private static func commentExtent(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, count: Int) {
        var depth = 1, count = 0, i = start
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\\"), i + 1 < b.count {
                count += 1
                i += 2
                continue
            }
            if c == UInt8(ascii: "(") { depth += 1 }
            if c == UInt8(ascii: ")") {
                depth -= 1
                if depth == 0 { return (i, count) }
            }
            count += 1
            i += 1
        }
        return (b.count, count)
    }

    /// The inside of `<...>`; a quoted local part may hold `>`.
    private static func angle(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (String, Int) {
        var i = start
        var inQuote = false
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\\"), inQuote { i += 2; continue }
            if c == UInt8(ascii: "\"") { inQuote.toggle() }
            if c == UInt8(ascii: ">"), !inQuote {
                return (String(decoding: b[start..<i], as: UTF8.self), i + 1)
            }
            i += 1
        }
        return (String(decoding: b[start..<min(i, b.count)], as: UTF8.self), b.count)
    }
}
