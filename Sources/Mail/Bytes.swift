import Glibc

/// Small byte-level helpers shared by the parsers.
enum Bytes {
    /// A quoted string's content (RFC 5322 quoted-string: backslash escapes undone) starting
    /// after the opening quote; returns the index after the closing quote, or the end when it
    /// never closes (a broken header keeps what it has). At most `keep` bytes of the content are
    /// returned.
    static func quotedString<C: RandomAccessCollection>(_ b: C, from start: Int, keep: Int = .max) -> ([UInt8], Int)
    where C.Element == UInt8, C.Index == Int {
        // Measured first, then copied once at its size: a quoted name of megabytes is not grown
        // by doubling into twice its size.
        var end = start, count = 0
        while end < b.count, b[end] != UInt8(ascii: "\"") {
            end += b[end] == UInt8(ascii: "\\") && end + 1 < b.count ? 2 : 1
            count += 1
        }
        guard count < end - start else {
            return (Array(b[start..<(start + min(count, keep))]), min(end + 1, b.count))
        }
        var out: [UInt8] = []
        out.reserveCapacity(min(count, keep))
        var i = start
        while i < end, out.count < keep {
            if b[i] == UInt8(ascii: "\\"), i + 1 < b.count { i += 1 }
            out.append(b[i])
            i += 1
        }
        return (out, min(end + 1, b.count))
    }

    /// `bytes` as text, cut to its first `limit` bytes when it is longer — back to the start of a
    /// character, so that none is split — with "…" marking the cut.
    static func capped<C: BidirectionalCollection>(_ bytes: C, limit: Int) -> String where C.Element == UInt8 {
        guard let cut = bytes.index(bytes.startIndex, offsetBy: limit, limitedBy: bytes.endIndex),
              cut != bytes.endIndex else { return String(decoding: bytes, as: UTF8.self) }
        var end = cut, back = 0
        // UTF-8 continuation bytes are 10xxxxxx; a character has at most three of them.
        while back < 3, end != bytes.startIndex, bytes[end] & 0xC0 == 0x80 {
            bytes.formIndex(before: &end)
            back += 1
        }
        return String(decoding: bytes[..<end], as: UTF8.self) + "…"
    }

    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09

    @inline(__always)
    static func isWSP(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == lf || byte == cr
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    @inline(__always)
    static func isAlpha(_ byte: UInt8) -> Bool { let l = byte | 0x20; return l >= 0x61 && l <= 0x7A }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte &- 0x30
        case 0x41...0x46: return byte &- 0x41 &+ 10
        case 0x61...0x66: return byte &- 0x61 &+ 10
        default: return nil
        }
    }

    /// Index of the next LF in `base[from..<end]`, or `end`. memchr keeps header
    /// scanning at memory speed.
    @inline(__always)
    static func nextLF(_ base: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        guard from < end, let hit = memchr(base + from, Int32(lf), end - from) else { return end }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// Trims spaces, tabs, CR and LF from both ends of a range.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int> {
        var s = start
        var e = end
        while s < e, isWhitespace(bytes[s]) { s += 1 }
        while e > s, isWhitespace(bytes[e - 1]) { e -= 1 }
        return s..<e
    }

    /// Lower-cased ASCII bytes of a String (header names, parameter names).
    static func lowercased(_ text: String) -> [UInt8] {
        text.utf8.map(lower)
    }

    /// ASCII lower-casing of a String, leaving other characters alone.
    static func asciiLowercased(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(decoding: text.utf8.map(lower), as: UTF8.self)
    }

    /// Collapses every run of whitespace (Unicode whitespace included) to one space
    /// and trims the ends.
    static func collapsingWhitespace(_ text: String) -> String {
        if isCollapsedASCII(text) { return text }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.value == 0 {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The common case: plain ASCII with single spaces and nothing to trim.
    private static func isCollapsedASCII(_ text: String) -> Bool {
        var previous: UInt8 = space
        for byte in text.utf8 {
            if byte >= 0x80 || byte < 0x20 || (byte == space && previous == space) { return false }
            previous = byte
        }
        return previous != space || text.isEmpty
    }
}

/// Header text as the later stages need it again (a subject given to SubjectTags by a caller).
public enum HeaderText {
    /// Every run of whitespace (Unicode whitespace and NUL) as one space, the ends trimmed: how a
    /// header value becomes one line. Message's subject and names are already so.
    public static func collapsingWhitespace(_ text: String) -> String { Bytes.collapsingWhitespace(text) }
}
