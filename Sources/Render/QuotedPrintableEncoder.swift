/// Quoted-printable (RFC 2045 §6.7) for the email's UTF-8 bodies: lines of at most 76 characters,
/// soft breaks where a line is longer, trailing blanks encoded. A line that starts with "From "
/// or "." is encoded at its first byte too, so no mbox writer or MTA rewrites it.
enum QuotedPrintableEncoder {
    static let lineLimit = 76

    /// `text`'s lines are separated by LF; the result's too.
    static func encode(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { encodeLine(Array($0.utf8)) }
            .joined(separator: "\n")
    }

    static func encodeLine(_ bytes: [UInt8]) -> String {
        var tokens: [String] = []
        tokens.reserveCapacity(bytes.count)
        let guarded = bytes.starts(with: Array("From ".utf8)) || bytes.first == UInt8(ascii: ".")
        for (i, byte) in bytes.enumerated() {
            let last = i == bytes.count - 1
            let plain = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last)
            tokens.append(plain && !(i == 0 && guarded) ? String(UnicodeScalar(byte)) : "=" + LoreLinks.hex2(byte))
        }
        var lines: [String] = [], line = ""
        for (i, token) in tokens.enumerated() {
            let last = i == tokens.count - 1
            // A soft break takes one column ("="); the line's final token may use the last one.
            if line.count + token.count > (last ? lineLimit : lineLimit - 1) {
                lines.append(line + "=")
                line = ""
            }
            line += token
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
