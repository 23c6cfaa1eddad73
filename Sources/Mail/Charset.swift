import Glibc

/// Turns bytes in a declared charset into a String without ever losing the text.
///
/// The charsets that make up nearly all mail (ASCII, UTF-8, Latin-1, windows-1252)
/// are decoded here directly; everything else goes through glibc's iconv. Any
/// failure ends in a byte-to-character mapping that cannot fail (windows-1252),
/// so a mislabelled body still reads as something close to what was sent.
public enum Charset {
    public static func decode(_ bytes: ArraySlice<UInt8>, charset: String?) -> String {
        switch classify(charset) {
        case .utf8:
            return utf8OrWindows1252(bytes)
        case .windows1252:
            return windows1252(bytes)
        case .iconv(let name):
            if let text = IconvDecoder.decode(bytes, from: name) { return text }
            return utf8OrWindows1252(bytes)
        }
    }

    /// Header text and undeclared bodies: UTF-8 when the bytes are valid UTF-8,
    /// otherwise windows-1252 (the usual culprit for raw 8-bit headers).
    static func utf8OrWindows1252<C: Collection<UInt8>>(_ bytes: C) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return windows1252(bytes)
    }

    /// windows-1252, with its five unassigned bytes mapped to the C1 controls of the
    /// same value (as WHATWG does) so that every byte yields a character.
    static func windows1252<C: Collection<UInt8>>(_ bytes: C) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 2)
        for byte in bytes {
            appendWindows1252(byte, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the UTF-8 encoding of one windows-1252 byte.
    static func appendWindows1252(_ byte: UInt8, to out: inout [UInt8]) {
        if byte < 0x80 {
            out.append(byte)
            return
        }
        let scalar: UInt32 = byte < 0xA0 ? UInt32(windows1252High[Int(byte) - 0x80]) : UInt32(byte)
        appendUTF8(scalar, to: &out)
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            // Only the BMP is reachable from the tables here.
            out.append(UInt8(0xE0 | ((scalar >> 12) & 0x0F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Code points of windows-1252 bytes 0x80...0x9F.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    enum Kind: Equatable {
        case utf8
        case windows1252
        case iconv(String)
    }

    /// Normalises a charset label and picks the decoder for it.
    static func classify(_ label: String?) -> Kind {
        guard let label else { return .utf8 }
        let name = normalise(label)
        switch name {
        case "", "us-ascii", "ascii", "ansi_x3.4-1968", "us", "utf-8", "utf8", "unicode-1-1-utf-8",
             "x-unknown", "unknown", "unknown-8bit", "x-user-defined", "default", "charset", "8bit", "7bit":
            return .utf8
        // Mail labelled Latin-1 that contains 0x80...0x9F is windows-1252 in practice
        // (curly quotes, dashes); C1 controls are never what the sender meant.
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso-8859-1:1987", "iso_8859-1:1987", "latin1", "latin-1",
             "l1", "iso-ir-100", "cp819", "ibm819", "windows-1252", "cp1252", "x-cp1252", "win-1252", "ms-ansi":
            return .windows1252
        default:
            guard isPlausibleName(name) else { return .utf8 }
            return .iconv(iconvAliases[name] ?? name)
        }
    }

    /// Lower-cased, unquoted, trimmed, with an RFC 2231 `*language` suffix removed.
    static func normalise(_ label: String) -> String {
        var bytes = Array(label.utf8.prefix(256))
        if let star = bytes.firstIndex(of: UInt8(ascii: "*")) { bytes.removeSubrange(star...) }
        var start = 0
        var end = bytes.count
        while start < end, isTrimmable(bytes[start]) { start += 1 }
        while end > start, isTrimmable(bytes[end - 1]) { end -= 1 }
        var out = [UInt8]()
        out.reserveCapacity(end - start)
        for byte in bytes[start..<end] {
            out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isTrimmable(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == 0x22 || byte == 0x27
    }

    /// iconv gives meaning to `/` (conversion suffixes) and has no charset with
    /// exotic characters or very long names: anything else is not worth an open.
    private static func isPlausibleName(_ name: String) -> Bool {
        guard name.utf8.count <= 40 else { return false }
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"):
                continue
            default:
                return false
            }
        }
        return true
    }

    /// Labels whose common real-world content is a superset of the named charset,
    /// or that glibc does not know under that spelling.
    private static let iconvAliases: [String: String] = [
        "gb2312": "GB18030", "gbk": "GB18030", "x-gbk": "GB18030", "cp936": "GB18030",
        "euc-cn": "GB18030", "x-euc-cn": "GB18030", "gb_2312-80": "GB18030",
        "shift_jis": "CP932", "shift-jis": "CP932", "sjis": "CP932", "x-sjis": "CP932",
        "ms_kanji": "CP932", "windows-31j": "CP932",
        "euc-kr": "CP949", "ks_c_5601-1987": "CP949", "ks_c_5601": "CP949", "x-windows-949": "CP949",
        "big5": "CP950", "x-big5": "CP950", "big5-hkscs": "BIG5-HKSCS",
        "iso-2022-jp": "ISO-2022-JP-3", "csiso2022jp": "ISO-2022-JP-3",
        "x-mac-roman": "MACINTOSH", "macintosh": "MACINTOSH", "mac": "MACINTOSH",
        "koi8r": "KOI8-R", "koi8u": "KOI8-U",
        "tis-620": "TIS-620", "windows-874": "CP874",
        "iso-8859-8-i": "ISO-8859-8", "iso-8859-6-i": "ISO-8859-6",
        "utf-16": "UTF-16", "utf-16le": "UTF-16LE", "utf-16be": "UTF-16BE",
    ]
}

/// One-shot conversions through glibc iconv. A conversion descriptor is opened and
/// closed per call: descriptors carry shift state and must not be shared between
/// threads, and glibc caches the loaded conversion modules itself.
enum IconvDecoder {
    static func decode(_ bytes: ArraySlice<UInt8>, from charset: String) -> String? {
        guard let cd = iconv_open("UTF-8", charset), cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = Array(bytes)
        var output = [UInt8]()
        output.reserveCapacity(input.count * 2 + 16)
        var chunk = [UInt8](repeating: 0, count: max(4096, min(input.count * 3 + 16, 1 << 20)))
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuf -> Bool in
            guard let inBase = inBuf.baseAddress else { return true }
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            return chunk.withUnsafeMutableBufferPointer { outBuf -> Bool in
                guard let outBase = outBuf.baseAddress else { return false }
                let outStart = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
                // Each round either consumes input or skips a bad byte, so this ends.
                while inLeft > 0 {
                    var outPtr: UnsafeMutablePointer<CChar>? = outStart
                    var outLeft = outBuf.count
                    let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let err = errno
                    output.append(contentsOf: outBuf[0..<(outBuf.count - outLeft)])
                    if result != -1 { break }
                    switch err {
                    case E2BIG:
                        continue
                    case EILSEQ, EINVAL:
                        // Keep the offending byte as windows-1252 rather than dropping it.
                        guard let bad = inPtr, inLeft > 0 else { return true }
                        Charset.appendWindows1252(UInt8(truncatingIfNeeded: bad.pointee), to: &output)
                        inPtr = bad.advanced(by: 1)
                        inLeft -= 1
                    default:
                        return false
                    }
                }
                // Return to the initial shift state (ISO-2022-JP and friends).
                var outPtr: UnsafeMutablePointer<CChar>? = outStart
                var outLeft = outBuf.count
                _ = iconv(cd, nil, nil, &outPtr, &outLeft)
                output.append(contentsOf: outBuf[0..<(outBuf.count - outLeft)])
                return true
            }
        }
        guard ok else { return nil }
        return String(decoding: output, as: UTF8.self)
    }
}
