/// The lines of a text, split at LF (the LF is not part of a line; a trailing LF yields a final
/// empty line), read where they stand. A line is named by the offset of its first byte, so
/// nothing is stored per line: a body of 50 MB of blank lines holds 50 million of them, and an
/// array of them would cost 32 bytes each.
///
/// `start` is the first line of this view (a view may begin further down the text), `end` the
/// offset past the last line (the text's byte count + 1, since the last line may be empty and
/// start at the very end).
struct TextLines {
    let text: Substring
    let start: Int
    let end: Int

    init(_ text: Substring) {
        self.text = text
        self.start = 0
        self.end = text.utf8.count + 1
    }

    private init(_ text: Substring, start: Int, end: Int) {
        self.text = text
        self.start = start
        self.end = end
    }

    /// The same lines from the line at `offset` on.
    func from(_ offset: Int) -> TextLines { TextLines(text, start: offset, end: end) }

    /// The string index of a byte offset.
    func index(_ offset: Int) -> String.Index {
        text.utf8.index(text.utf8.startIndex, offsetBy: offset)
    }

    /// The byte offset of a string index of the text.
    func offset(of index: String.Index) -> Int {
        text.utf8.distance(from: text.utf8.startIndex, to: index)
    }

    /// The offset where the line at `offset` ends (its LF, or the end of the text).
    func lineEnd(_ offset: Int) -> Int {
        let bytes = text.utf8
        let count = end - 1
        let found: Int? = bytes.withContiguousStorageIfAvailable { buffer in
            var i = offset
            while i < count, buffer[i] != 0x0A { i += 1 }
            return i
        }
        if let found { return found }
        return bytes[index(offset)...].firstIndex(of: 0x0A).map(self.offset(of:)) ?? count
    }

    /// The line at `offset` (a line's first byte), without its LF.
    func line(_ offset: Int) -> Substring {
        text[index(offset)..<index(lineEnd(offset))]
    }

    /// Whether the line at `offset` is blank (TextScan.isBlank), read from the bytes when they
    /// are ASCII: making a Substring of each line costs more than the test on a body of blank lines.
    func isBlank(_ offset: Int) -> Bool {
        let lineEnd = lineEnd(offset)
        let verdict: Bool?? = text.utf8.withContiguousStorageIfAvailable { buffer -> Bool? in
            for i in offset..<lineEnd {
                switch buffer[i] {
                case 0x20, 0x09, 0x0D, 0x0B, 0x0C: continue
                case ..<0x80: return false
                default: return nil
                }
            }
            return true
        }
        if let verdict, let known = verdict { return known }
        return TextScan.isBlank(line(offset))
    }

    /// Whether the line at `offset` is empty.
    func isEmpty(_ offset: Int) -> Bool { lineEnd(offset) == offset }

    /// The line after the one at `offset`, or `end`.
    func after(_ offset: Int) -> Int {
        lineEnd(offset) + 1
    }

    /// The line before the one at `offset` (which may be `end`), or nil at the first line.
    func before(_ offset: Int) -> Int? {
        guard offset > start else { return nil }
        // The byte before `offset` is the LF that ends the line before (or, at `end`, the end
        // of the text): that line starts after the LF before it.
        let limit = offset - 1
        let bytes = text.utf8
        let found: Int? = bytes.withContiguousStorageIfAvailable { buffer in
            var i = limit
            while i > 0, buffer[i - 1] != 0x0A { i -= 1 }
            return i
        }
        let first = found ?? bytes[bytes.startIndex..<index(limit)].lastIndex(of: 0x0A).map { self.offset(of: $0) + 1 } ?? 0
        return max(first, start)
    }

    /// The text of the lines in `range` as they stand (joined by their LFs).
    func joined(_ range: Range<Int>) -> Substring {
        guard range.lowerBound < range.upperBound, let last = before(range.upperBound) else { return "" }
        return text[index(range.lowerBound)..<index(lineEnd(last))]
    }
}
