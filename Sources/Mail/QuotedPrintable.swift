/// Lenient quoted-printable (RFC 2045 §6.7). `=XX` (either case) becomes a byte,
/// `=` at the end of a line (trailing blanks allowed) is a soft line break, and an
/// `=` that starts neither is kept as it is rather than dropped.
enum QuotedPrintable {
    static func decode(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        let end = text.endIndex
        var i = text.startIndex
        while i < end {
            let c = text[i]
            guard c == UInt8(ascii: "=") else {
                out.append(c)
                i += 1
                continue
            }
            if i + 2 < end, let hi = Bytes.hexValue(text[i + 1]), let lo = Bytes.hexValue(text[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else if let next = softBreakEnd(text, after: i) {
                i = next
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }

    /// Where the text continues after a soft line break starting with the `=` at
    /// `index`, or nil when that `=` is not one. The end of the text counts as a
    /// line end (a truncated body).
    private static func softBreakEnd(_ text: ArraySlice<UInt8>, after index: Int) -> Int? {
        var j = index + 1
        while j < text.endIndex, Bytes.isWSP(text[j]) { j += 1 }
        if j == text.endIndex { return j }
        if text[j] == Bytes.lf { return j + 1 }
        if text[j] == Bytes.cr {
            return j + 1 < text.endIndex && text[j + 1] == Bytes.lf ? j + 2 : j + 1
        }
        return nil
    }
}
