/// One `Key: value` line of a commit message's trailer block: `Signed-off-by: Jane <j@x>`.
public struct Trailer: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Keys that make a paragraph count as a trailer block even with some other lines in it: git's own
    /// `Signed-off-by` plus the tags kernel tools add (as a kernel tree configures them for git).
    private static let knownKeys: Set<String> = [
        "signed-off-by", "co-developed-by", "reviewed-by", "acked-by", "tested-by", "reported-by",
        "suggested-by", "reported-and-tested-by", "fixes", "link", "closes",
    ]

    /// The trailers of the last paragraph of `message`, by git's rule: the paragraph is a trailer
    /// block when all its lines are trailers, or when it holds a known trailer (or git's
    /// "(cherry picked from commit" line) and at least a quarter of its lines are trailers. Lines
    /// starting with whitespace continue the line above (a folded value is joined with one space).
    /// Other lines of the block (`[sean: reworded]`) are not returned.
    static func block(_ lines: TextLines, _ message: Range<Int>) -> [Trailer] {
        // The last paragraph: back from the end to a blank line.
        var start = message.upperBound
        while start > message.lowerBound, let line = lines.before(start), !lines.isBlank(line) { start = line }
        var trailers: [Trailer] = []
        var trailerLines = 0, otherLines = 0, known = false
        var previousWasTrailer = false
        var offset = start
        while offset < message.upperBound {
            let line = lines.line(offset)
            offset = lines.after(offset)
            if TextScan.isIndented(line) {
                if previousWasTrailer {
                    let more = TextScan.trimmed(line)
                    let last = trailers.count - 1
                    trailers[last].value += trailers[last].value.isEmpty ? String(more) : " " + more
                }
                continue
            }
            if let trailer = parseLine(line) {
                trailers.append(trailer)
                trailerLines += 1
                if knownKeys.contains(trailer.key.lowercased()) { known = true }
                previousWasTrailer = true
            } else {
                if line.hasPrefix("(cherry picked from commit ") {
                    trailerLines += 1
                    known = true
                } else {
                    otherLines += 1
                }
                previousWasTrailer = false
            }
        }
        let isBlock = trailerLines > 0 && (otherLines == 0 || (known && trailerLines * 3 >= otherLines))
        return isBlock ? trailers : []
    }

    /// `Token-with-dashes: value`: the key is letters, digits and dashes, starting with a letter or a
    /// digit, and the colon follows it directly. A URL (`https://…`) is not a trailer.
    static func parseLine(_ line: Substring) -> Trailer? {
        let bytes = line.utf8
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon != bytes.startIndex else { return nil }
        let key = bytes[bytes.startIndex..<colon]
        guard let first = key.first, isAlphanumeric(first),
              key.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") }) else { return nil }
        let value = TextScan.trimmed(line[bytes.index(after: colon)...])
        if value.hasPrefix("//") { return nil }
        return Trailer(key: String(line[..<colon]), value: String(value))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        TextScan.isDigit(byte) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
