/// Makes email-borne text inert on a terminal: control characters (escape sequences, carriage
/// returns that overwrite a line) and bidirectional controls become visible `\u{…}` text.
/// Newlines and tabs stay unless `singleLine`.
public enum TerminalSafe {
    public static func clean(_ text: String, singleLine: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0, singleLine: singleLine) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar, singleLine: singleLine) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
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
