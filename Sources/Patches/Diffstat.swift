/// The `git diff --stat` block of a patch or cover letter:
///
///      arch/x86/kvm/x86.c | 13 +++++++++++--
///      bin/blob           | Bin 0 -> 12 bytes
///      2 files changed, 11 insertions(+), 2 deletions(-)
///
/// The `create mode …`/`rename …` lines git prints after the summary are not part of it.
///
/// A patch mail without one (a diff pasted by hand, `git diff` output, `--no-stat`), or whose own
/// disagrees with its hunks (edited by hand, cut), gets one computed from its diff, written as git
/// writes it (ComputedDiffstat); `origin` says which it is.
public struct Diffstat: Sendable, Equatable {
    /// Where a diffstat comes from.
    public enum Origin: Sendable, Equatable {
        /// The mail's own block, as written (a piece of the display text).
        case written
        /// Counted from the mail's diff (its lines are not in the display text).
        case computed
    }

    /// The file lines as written, joined by their LFs: one string however many files (a hostile
    /// body may hold millions of file lines, and a string each would cost far more than the text).
    /// A written one is a piece of the display text, which holds the diffstat too, so the text is
    /// not held twice; a computed one a string of its own.
    public var block: Substring
    /// The summary line as written.
    public var summary: Substring
    public var filesChanged: Int
    public var insertions: Int
    public var deletions: Int
    public var origin: Origin

    public init(block: Substring, summary: Substring, filesChanged: Int, insertions: Int, deletions: Int,
                origin: Origin = .written) {
        self.block = block
        self.summary = summary
        self.filesChanged = filesChanged
        self.insertions = insertions
        self.deletions = deletions
        self.origin = origin
    }

    public init(lines: [String], summary: String, filesChanged: Int, insertions: Int, deletions: Int,
                origin: Origin = .written) {
        self.init(block: Substring(lines.joined(separator: "\n")), summary: Substring(summary),
                  filesChanged: filesChanged, insertions: insertions, deletions: deletions, origin: origin)
    }

    /// Whether the counts are the same (the text may differ: widths, a cut path, `Bin` sizes).
    public func sameCounts(as other: Diffstat) -> Bool {
        (filesChanged, insertions, deletions) == (other.filesChanged, other.insertions, other.deletions)
    }

    /// The file lines as written.
    public var lines: [String] {
        block.isEmpty ? [] : block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The path of each file line, trimmed, as written (`.../foo.c`, `a => b`, `{a => b}/c`).
    public var paths: [String] {
        block.split(separator: "\n").compactMap { Diffstat.filePath($0).map(String.init) }
    }

    /// The largest count a summary may hold; a summary with a larger one is not a summary.
    private static let countLimit = 999_999_999

    /// The path of a diffstat file line (` path | 12 ++--`, ` path | Bin 0 -> 12 bytes`,
    /// ` a => b | 0`, ` path | Unmerged`), or nil when the line is not one. The line starts with at
    /// most one space (git writes exactly one; a diff's context lines have two).
    static func filePath(_ line: Substring) -> Substring? {
        var body = line
        if body.utf8.first == 0x20 { body = body.dropFirst() }
        guard let first = body.utf8.first, first != 0x20, first != 0x09,
              let bar = body.utf8.lastIndex(of: UInt8(ascii: "|")) else { return nil }
        let path = TextScan.trimmed(body[..<bar])
        guard !path.isEmpty else { return nil }
        let change = TextScan.trimmed(body[body.utf8.index(after: bar)...])
        if change == "Unmerged" { return path }
        if let bin = TextScan.dropPrefixIgnoringCase(change, "Bin"), bin.isEmpty || bin.first == " " { return path }
        // digits, then optionally a space and a graph of + and -
        let bytes = change.utf8
        guard let afterDigits = bytes.firstIndex(where: { !TextScan.isDigit($0) }) else {
            return bytes.isEmpty ? nil : path
        }
        guard afterDigits != bytes.startIndex, bytes[afterDigits] == 0x20 else { return nil }
        let graph = bytes[bytes.index(after: afterDigits)...]
        guard graph.allSatisfy({ $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) else { return nil }
        return path
    }

    /// The counts of a summary line (` 2 files changed, 11 insertions(+), 2 deletions(-)`; either
    /// count may be missing), or nil. At most one leading space.
    static func summaryCounts(_ line: Substring) -> (files: Int, insertions: Int, deletions: Int)? {
        var rest = TextScan.trimmingTrailing(line)
        if rest.first == " " { rest = rest.dropFirst() }
        guard let files = count(&rest, " file changed", " files changed") else { return nil }
        var insertions = 0, deletions = 0
        if var clause = TextScan.dropPrefixIgnoringCase(rest, ", "), let n = count(&clause, " insertion(+)", " insertions(+)") {
            insertions = n
            rest = clause
        }
        if var clause = TextScan.dropPrefixIgnoringCase(rest, ", "), let n = count(&clause, " deletion(-)", " deletions(-)") {
            deletions = n
            rest = clause
        }
        return rest.isEmpty ? (files, insertions, deletions) : nil
    }

    /// Reads `12 insertions(+)` (a number, then one of the two words) at the start of `text`,
    /// advancing `text` past it.
    private static func count(_ text: inout Substring, _ singular: String, _ plural: String) -> Int? {
        let bytes = text.utf8
        let end = bytes.firstIndex(where: { !TextScan.isDigit($0) }) ?? bytes.endIndex
        guard let value = TextScan.number(bytes[bytes.startIndex..<end], limit: countLimit) else { return nil }
        let words = text[end...]
        guard let after = TextScan.dropPrefixIgnoringCase(words, plural)
                ?? TextScan.dropPrefixIgnoringCase(words, singular) else { return nil }
        text = after
        return value
    }
}
