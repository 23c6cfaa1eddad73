/// RFC 2047 encoded words (`=?charset?Q?...?=`, `=?charset?B?...?=`) in header text.
public enum EncodedWords {
    /// Decodes every well-formed encoded word in `value`; malformed ones stay as
    /// written. Adjacent encoded words separated only by whitespace are joined
    /// without it, and the bytes of adjacent words in the same charset are decoded
    /// together so that a character split across two words survives.
    public static func decode(_ value: String) -> String {
        guard mightContainWord(value) else { return value }
        let bytes = Array(value.utf8)
        var out = ""
        out.reserveCapacity(bytes.count)
        var run: (charset: String, bytes: [UInt8])?
        var literalStart = 0
        var scanner = WordScanner(bytes: bytes)
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == UInt8(ascii: "="), bytes[i + 1] == UInt8(ascii: "?"),
                  let word = scanner.word(at: i) else {
                i += 1
                continue
            }
            let gap = bytes[literalStart..<i]
            let joinsRun = run != nil && gap.allSatisfy(Bytes.isWhitespace)
            if !joinsRun {
                flush(&run, into: &out)
                out += String(decoding: gap, as: UTF8.self)
            }
            if let current = run, current.charset == word.charset {
                run?.bytes.append(contentsOf: word.bytes)
            } else {
                flush(&run, into: &out)
                run = (word.charset, word.bytes)
            }
            i = word.end
            literalStart = i
        }
        flush(&run, into: &out)
        out += String(decoding: bytes[literalStart...], as: UTF8.self)
        return out
    }

    private static func mightContainWord(_ value: String) -> Bool {
        var previous: UInt8 = 0
        for byte in value.utf8 {
            if previous == UInt8(ascii: "="), byte == UInt8(ascii: "?") { return true }
            previous = byte
        }
        return false
    }

    private static func flush(_ run: inout (charset: String, bytes: [UInt8])?, into out: inout String) {
        guard let current = run else { return }
        out += Charset.decode(current.bytes[...], charset: current.charset)
        run = nil
    }
}

/// One decoded encoded word: its charset (normalised) and the bytes it carries.
struct EncodedWord {
    var charset: String
    var bytes: [UInt8]
    /// Index just after the closing `?=`.
    var end: Int
}

/// Finds encoded words in a byte string. It remembers how far a failed search for
/// the closing `?=` got, so a long run of `=?` openers without closers costs
/// linear time rather than quadratic.
struct WordScanner {
    let bytes: [UInt8]
    private var failedFrom = Int.max
    private var failedUntil = Int.min

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func word(at start: Int) -> EncodedWord? {
        let n = bytes.count
        var j = start + 2
        let charsetStart = j
        while j < n, j - charsetStart <= 64, isCharsetByte(bytes[j]) { j += 1 }
        guard j > charsetStart, j + 2 < n, bytes[j] == UInt8(ascii: "?"), bytes[j + 2] == UInt8(ascii: "?") else { return nil }
        let charsetEnd = j
        let encoding = Bytes.lower(bytes[j + 1])
        guard encoding == UInt8(ascii: "q") || encoding == UInt8(ascii: "b") else { return nil }
        let textStart = j + 3
        guard let textEnd = closer(from: textStart) else { return nil }
        let text = bytes[textStart..<textEnd]
        let decoded = encoding == UInt8(ascii: "b") ? Base64.decode(text) : QEncoding.decode(text)
        let charset = Charset.normalise(String(decoding: bytes[charsetStart..<charsetEnd], as: UTF8.self))
        return EncodedWord(charset: charset, bytes: decoded, end: textEnd + 2)
    }

    /// Index of the `?` of the next `?=` on the same line. Encoded text may not hold
    /// whitespace, but mailers do put spaces in it, so only a line break stops it.
    private mutating func closer(from start: Int) -> Int? {
        if start >= failedFrom && start < failedUntil { return nil }
        var k = start
        while k + 1 < bytes.count {
            let c = bytes[k]
            if c == UInt8(ascii: "?"), bytes[k + 1] == UInt8(ascii: "=") { return k }
            if c == Bytes.cr || c == Bytes.lf { break }
            k += 1
        }
        failedFrom = start
        failedUntil = max(k + 1, start + 1)
        return nil
    }

    /// Charset names (with an optional RFC 2231 `*lang`): printable ASCII other
    /// than the RFC 2047 delimiters.
    private func isCharsetByte(_ byte: UInt8) -> Bool {
        byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "?") && byte != UInt8(ascii: "=")
    }
}

/// The "Q" encoding of RFC 2047: quoted-printable where `_` stands for a space.
enum QEncoding {
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == UInt8(ascii: "_") {
                out.append(Bytes.space)
            } else if c == UInt8(ascii: "="), i + 2 < text.endIndex,
                      let hi = Bytes.hexValue(text[i + 1]), let lo = Bytes.hexValue(text[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
