/// Address fields (RFC 5322 §3.4) as they appear in practice.
public enum AddressParser {
    /// The first mailbox of a From-like field value (raw, possibly folded, possibly
    /// holding RFC 2047 words). Groups are entered, and an unquoted comma inside a
    /// display name (`Last, First <a@b>`) is kept in the name. Nil when no address
    /// can be found.
    public static func parseMailbox(_ value: String) -> Mailbox? {
        let bytes = Array(value.utf8)
        if let mailbox = firstMailbox(AddressTokenizer.tokens(bytes)) { return mailbox }
        return fallbackMailbox(bytes)
    }

    private static func firstMailbox(_ tokens: [AddressToken]) -> Mailbox? {
        var phrase: [AddressToken] = []
        var phraseHasAt = false   // kept as we go: rescanning at each comma would be quadratic
        var comments: [String] = []
        func reset() {
            phrase = []
            phraseHasAt = false
            comments = []
        }
        for token in tokens {
            switch token.kind {
            case .angle(let address):
                let name = phrase.isEmpty ? comments.joined(separator: " ") : phraseText(phrase)
                let cleaned = cleanAngleAddress(address)
                if !cleaned.isEmpty { return Mailbox(name: displayName(name), address: cleaned) }
                reset()
            case .comment(let text):
                comments.append(text)
            case .special(UInt8(ascii: ":")) where !phraseHasAt:
                // A group's display name: what follows are its members.
                reset()
            case .special(UInt8(ascii: ",")), .special(UInt8(ascii: ";")):
                if phraseHasAt || token.isSemicolon {
                    if let mailbox = bareMailbox(phrase, comments) { return mailbox }
                    reset()
                } else if !phrase.isEmpty {
                    // No address yet: an unquoted comma in a display name.
                    phrase.append(token)
                }
            case .special(UInt8(ascii: "@")):
                phraseHasAt = true
                phrase.append(token)
            default:
                phrase.append(token)
            }
        }
        return bareMailbox(phrase, comments)
    }

    /// A mailbox written without angle brackets: `a@b`, `a@b (Name)`, or the
    /// malformed `Some Name a@b`.
    private static func bareMailbox(_ phrase: [AddressToken], _ comments: [String]) -> Mailbox? {
        let words = glueWords(phrase)
        guard !words.isEmpty else { return nil }
        let comment = displayName(comments.joined(separator: " "))
        if words.count == 1 {
            // A lone quoted string that swallowed the rest is not an address.
            guard isPlausibleAddress(words[0]) else { return nil }
            return Mailbox(name: comment, address: words[0])
        }
        guard let addressIndex = words.lastIndex(where: { $0.contains("@") }) else { return nil }
        var rest = words
        rest.remove(at: addressIndex)
        let name = comment.isEmpty ? displayName(rest.joined(separator: " ")) : comment
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
        }
        return out
    }

    private static func displayName(_ raw: String) -> String {
        Bytes.collapsingWhitespace(EncodedWords.decode(raw))
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
    private static func fallbackMailbox(_ bytes: [UInt8]) -> Mailbox? {
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
enum AddressTokenizer {
    static func tokens(_ b: [UInt8]) -> [AddressToken] {
        var tokens: [AddressToken] = []
        var i = 0
        var space = false
        while i < b.count {
            let c = b[i]
            switch c {
            case _ where Bytes.isWhitespace(c):
                space = true
                i += 1
                continue
            case UInt8(ascii: "\""):
                let (text, next) = Bytes.quotedString(b, from: i + 1)
                tokens.append(AddressToken(kind: .quoted(String(decoding: text, as: UTF8.self)), spaceBefore: space))
                i = next
            case UInt8(ascii: "("):
                let (text, next) = comment(b, from: i + 1)
                tokens.append(AddressToken(kind: .comment(text), spaceBefore: space))
                i = next
            case UInt8(ascii: "<"):
                let (text, next) = angle(b, from: i + 1)
                tokens.append(AddressToken(kind: .angle(text), spaceBefore: space))
                i = next
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "@"):
                tokens.append(AddressToken(kind: .special(c), spaceBefore: space))
                i += 1
            default:
                let start = i
                while i < b.count, !Bytes.isWhitespace(b[i]), !isDelimiter(b[i]) { i += 1 }
                if i == start { i += 1 }   // a stray `)` or `>`: skip it
                else { tokens.append(AddressToken(kind: .word(String(decoding: b[start..<i], as: UTF8.self)), spaceBefore: space)) }
            }
            space = false
        }
        return tokens
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
    /// find its end, one to write it straight into the String, so that a field of a million
    /// nested parentheses costs the comment itself and nothing more.
    private static func comment(_ b: [UInt8], from start: Int) -> (String, Int) {
        let (end, count) = commentExtent(b, from: start)
        let text = String(unsafeUninitializedCapacity: count) { out in
            var i = start, n = 0
            while i < end {
                if b[i] == UInt8(ascii: "\\"), i + 1 < b.count { i += 1 }
                out[n] = b[i]
                n += 1
                i += 1
            }
            return n
        }
        return (text, end < b.count ? end + 1 : end)
    }

    /// Where a comment starting at `start` ends (its closing `)`, or the end of the field) and how
    /// many bytes its content holds once backslashes are dropped.
    private static func commentExtent(_ b: [UInt8], from start: Int) -> (end: Int, count: Int) {
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
    private static func angle(_ b: [UInt8], from start: Int) -> (String, Int) {
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
