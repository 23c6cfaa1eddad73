/// Makes email-borne text inert on a terminal: control characters (escape sequences, carriage
/// returns that overwrite a line) and bidirectional controls become visible `\u{…}` text.
/// Newlines and tabs stay unless `singleLine`.
public enum TerminalSafe {
    public static func clean(_ text: String, singleLine: Bool = false) -> String {
        // Counted first, then written once straight into the String, byte by byte: a body of
        // megabytes of control characters is linear, and held once.
        var size = 0, escapes = 0
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, singleLine: singleLine) {
                size += escape(scalar.value, into: nil)
                escapes += 1
            } else {
                size += UTF8.width(scalar)
            }
        }
        guard escapes > 0 else { return text }
        return String(unsafeUninitializedCapacity: size) { out in
            var n = 0
            for scalar in text.unicodeScalars {
                if needsEscape(scalar, singleLine: singleLine) {
                    n += escape(scalar.value, into: UnsafeMutableBufferPointer(rebasing: out[n...]))
                } else {
                    for byte in UTF8.encode(scalar)! {
                        out[n] = byte
                        n += 1
                    }
                }
            }
            return n
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Writes `\u{HEX}` (upper-case digits, no leading zeros) into `out` when given; returns
    /// its length either way.
    private static func escape(_ value: UInt32, into out: UnsafeMutableBufferPointer<UInt8>?) -> Int {
        var shift: UInt32 = 28
        while shift > 0, (value >> shift) & 0xF == 0 { shift -= 4 }
        let length = 4 + Int(shift / 4) + 1
        guard let out else { return length }
        out[0] = UInt8(ascii: "\\"); out[1] = UInt8(ascii: "u"); out[2] = UInt8(ascii: "{")
        var n = 3
        while true {
            out[n] = hexDigits[Int((value >> shift) & 0xF)]
            n += 1
            if shift == 0 { break }
            shift -= 4
        }
        out[n] = UInt8(ascii: "}")
        return length
    }

    static func needsEscape(_ s: Unicode.Scalar, singleLine: Bool) -> Bool {
        switch s.value {
        case 0x0A, 0x09: return singleLine
        case 0x00...0x1F, 0x7F...0x9F: return true
        default: return isBidiControl(s.value)
        }
    }

    /// Unicode's Bidi_Control characters: the marks (ARABIC LETTER MARK U+061C, LRM, RLM), the
    /// embeddings and overrides (U+202A–U+202E) and the isolates (U+2066–U+2069). Any of them
    /// can make shown text read otherwise than it is.
    static func isBidiControl(_ value: UInt32) -> Bool {
        switch value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
