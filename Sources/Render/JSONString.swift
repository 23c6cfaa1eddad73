/// The one way patchdigest writes a string in JSON (`--format json`, `messages`).
///
/// `"` and `\` escaped; `\b \f \n \r \t`; and as `\uXXXX` every other character a terminal or a
/// text viewer would act on rather than show — C0 and C1 controls, DEL, the bidirectional
/// controls (`TerminalSafe.isBidiControl`) and U+2028/U+2029 (line breaks to JavaScript). A JSON
/// reader gets the exact string back; raw JSON shown on a terminal runs no escape sequence and
/// reorders no text. Everything else (every other non-ASCII character, `/`) is written as it is.
public enum JSONString {
    /// Appends `text`, quoted, as UTF-8.
    public static func write(_ text: String, into out: inout [UInt8]) {
        write(text, into: &out, spill: { _ in })
    }

    /// The same, handing `out` to `spill` whenever it holds a chunk (`spill` empties it): a
    /// string of megabytes goes out a chunk at a time, never whole in the buffer.
    static func write(_ text: String, into out: inout [UInt8], spill: (inout [UInt8]) throws -> Void) rethrows {
        out.append(UInt8(ascii: "\""))
        var text = text
        try text.withUTF8 { bytes in
            var start = 0, i = 0
            while i < bytes.count {
                guard let (scalar, length) = escaped(bytes, at: i) else {
                    i += 1
                    continue
                }
                try append(UnsafeBufferPointer(rebasing: bytes[start..<i]), into: &out, spill: spill)
                writeEscape(scalar, into: &out)
                if out.count >= chunk { try spill(&out) }
                i += length
                start = i
            }
            try append(UnsafeBufferPointer(rebasing: bytes[start...]), into: &out, spill: spill)
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The size of buffer at which a spilling write hands it on.
    static let chunk = 1 << 20

    private static func append(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8],
                               spill: (inout [UInt8]) throws -> Void) rethrows {
        var start = 0
        while bytes.count - start > chunk {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(start + chunk)]))
            try spill(&out)
            start += chunk
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    /// `text` quoted, as a String.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        write(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The character starting at `i` and its UTF-8 length, when it is written escaped. Only
    /// lead bytes of escaped characters are looked at further, so ASCII text and most of the rest
    /// pass at one comparison a byte. The bytes are valid UTF-8 (a String's).
    private static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int)? {
        let byte = bytes[i]
        switch byte {
        case 0x00..<0x20, 0x22, 0x5C, 0x7F:
            return (UInt32(byte), 1)
        case 0xC2, 0xD8, 0xE2:
            let length = byte == 0xE2 ? 3 : 2
            guard i + length <= bytes.count else { return nil }
            var scalar = UInt32(byte & (length == 2 ? 0x1F : 0x0F))
            for k in 1..<length { scalar = scalar << 6 | UInt32(bytes[i + k] & 0x3F) }
            return isEscapedAbove(scalar) ? (scalar, length) : nil
        default:
            return nil
        }
    }

    /// The escaped characters outside ASCII.
    private static func isEscapedAbove(_ scalar: UInt32) -> Bool {
        (0x80...0x9F).contains(scalar) || scalar == 0x2028 || scalar == 0x2029 || TerminalSafe.isBidiControl(scalar)
    }

    private static func writeEscape(_ scalar: UInt32, into out: inout [UInt8]) {
        switch scalar {
        case 0x22: out += #"\""#.utf8
        case 0x5C: out += #"\\"#.utf8
        case 0x08: out += #"\b"#.utf8
        case 0x0C: out += #"\f"#.utf8
        case 0x0A: out += #"\n"#.utf8
        case 0x0D: out += #"\r"#.utf8
        case 0x09: out += #"\t"#.utf8
        default:
            let hex = Array("0123456789abcdef".utf8)
            out += #"\u"#.utf8
            out += [hex[Int(scalar >> 12 & 0xF)], hex[Int(scalar >> 8 & 0xF)], hex[Int(scalar >> 4 & 0xF)], hex[Int(scalar & 0xF)]]
        }
    }
}
