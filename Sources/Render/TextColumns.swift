/// Terminal columns of text, and lines wrapped to a width in them: the text digest is read in
/// 80–100 column mail readers and terminals, where a CJK character takes two columns.
public enum TextColumns {
    /// The columns `text` takes: East Asian wide and fullwidth characters and emoji shown as
    /// pictures take 2, combining marks and format characters (ZWJ, variation selectors) 0,
    /// everything else 1 (the text is cleaned of control characters before it is measured).
    public static func width(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    public static func width(_ text: String) -> Int { width(text[...]) }

    static func width(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(v) } ? 2 : 1
    }

    /// Unicode's East Asian Width W and F blocks (UAX #11), by block: Hangul Jamo, CJK radicals
    /// through Yi, Hangul syllables, CJK compatibility, vertical and fullwidth forms, the
    /// supplementary ideographic planes.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
        0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x1B000...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// `words` joined by single spaces into lines: the first of at most `first` columns, the
    /// others of at most `rest`. Greedy, and a word wider than its line is never broken (a
    /// Message-ID, a URL, an address stay whole: such a line is longer than the limit).
    public static func wrap(_ words: [String], first: Int, rest: Int) -> [String] {
        var lines: [String] = []
        var current = "", currentWidth = 0
        for word in words where !word.isEmpty {
            let w = width(word)
            let limit = lines.isEmpty ? first : rest
            if current.isEmpty {
                current = word
                currentWidth = w
            } else if currentWidth + 1 + w <= limit {
                current += " " + word
                currentWidth += 1 + w
            } else {
                lines.append(current)
                current = word
                currentWidth = w
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The words of a one-line text (runs of spaces are one break).
    public static func words(_ text: String) -> [String] {
        text.split(separator: " ").map(String.init)
    }
}
