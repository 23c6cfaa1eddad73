/// The parts of a patch mail's text (already decoded, LF line ends):
///
///     From: Jane Doe <jane@example.org>        in-body headers (the author)
///
///     commit message …                         message
///
///     Signed-off-by: Jane Doe <jane@example.org>   trailers (last paragraph)
///     ---
///     v2: rebased                              notes
///
///      arch/x86/kvm/x86.c | 2 +-               diffstat
///      1 file changed, 1 insertion(+), 1 deletion(-)
///
///     diff --git a/arch/x86/kvm/x86.c …        the diff (hasDiff)
///
/// Split rules, after `git mailinfo` with guards against false splits:
/// - A scissors line (`-- >8 --`) above the split that is followed by an in-body header block drops
///   everything above it (git's `--scissors`, limited to the unambiguous use: a patch inlined in a reply;
///   `8<` lines framing a code sample in a commit message are left alone).
/// - A diff line is `diff --git`, `diff -…` followed by `--- `, `--- x` followed by `+++ y`, or `Index: x`
///   followed by `====`, outside an `Interdiff …:`/`Range-diff …:` section (a cover's diff of versions).
///   A diffstat is a run of file lines closed by a summary line, each starting with at most one space
///   (so a diff's context lines never make one).
/// - The first `---` line (plus only whitespace) splits message from notes when it stands above every
///   diff line and a diffstat or a diff follows it. The diffstat is then the first one below it (diffs
///   before it, such as a snippet for another tree, stay in the notes) and the patch's diff the first
///   diff line below the diffstat.
/// - Without such a line the message ends at the first diffstat (a `git format-patch` cover letter,
///   whose shortlog then goes to `notes`; a diff above it was a snippet in the text), or at the first
///   diff, or at a `-- ` signature or a mailing list footer.
/// - `hasDiff` is true when there is any diff line, snippets included.
public struct PatchBody: Sendable, Equatable {
    public var inBody: InBodyHeaders
    /// The commit message: text above the split point, in-body headers removed, leading and trailing
    /// blank lines removed.
    public var message: String
    /// The trailers of the message's last paragraph.
    public var trailers: [Trailer]
    /// Between the `---` line and the diffstat (or the diff), without leading/trailing blank lines and
    /// without a closing `---` line (b4 writes one). For a cover letter without `---`, its shortlog.
    public var notes: String
    public var diffstat: Diffstat?
    public var hasDiff: Bool
    /// What a digest prints: from the message's first line through the diffstat summary line, or, with
    /// no diffstat, through the notes (cut before the diff). Lines exactly as written; trailing blank
    /// lines removed.
    public var displayText: String
    /// b4's `change-id:` line (a series' identity across versions), anywhere below the display text.
    public var changeID: String?
    /// The `base-commit:` line, anywhere below the display text.
    public var baseCommit: String?

    public init(inBody: InBodyHeaders = InBodyHeaders(), message: String = "", trailers: [Trailer] = [],
                notes: String = "", diffstat: Diffstat? = nil, hasDiff: Bool = false, displayText: String = "",
                changeID: String? = nil, baseCommit: String? = nil) {
        self.inBody = inBody
        self.message = message
        self.trailers = trailers
        self.notes = notes
        self.diffstat = diffstat
        self.hasDiff = hasDiff
        self.displayText = displayText
        self.changeID = changeID
        self.baseCommit = baseCommit
    }

    public static func split(_ text: String) -> PatchBody {
        let whole = Substring(text)
        let all = TextScan.lines(whole)

        // Scissors, then the in-body header block.
        let top = scissorsCut(all, whole) ?? 0
        let (headers, rest) = InBodyHeaders.parse(whole[all[top].startIndex...])
        var first = top
        while first < all.count, all[first].startIndex < rest.startIndex || TextScan.isBlank(all[first]) { first += 1 }
        let lines = all[first...]

        // The split point.
        let survey = survey(lines)
        let layout = survey.layout()
        var body = PatchBody(inBody: headers, hasDiff: !survey.diffStarts.isEmpty)
        let messageEnd: Int
        var notes: Range<Int>?
        if let dashes = layout.dashes {
            messageEnd = dashes
            notes = (dashes + 1)..<(layout.stat?.lines.lowerBound ?? layout.diff ?? dashes + 1)
        } else if let stat = layout.stat {
            let shortlog = shortlogStart(lines, before: stat.lines.lowerBound)
            messageEnd = shortlog ?? stat.lines.lowerBound
            notes = shortlog.map { $0..<stat.lines.lowerBound }
        } else if let diff = layout.diff {
            messageEnd = diff
        } else {
            messageEnd = lines.indices.first { isSignature(lines[$0]) || isListFooter(lines, $0) } ?? lines.endIndex
        }
        let displayEnd = layout.stat.map { $0.summary + 1 } ?? layout.diff ?? messageEnd

        let message = trimmedRange(lines, first..<messageEnd)
        body.message = joined(lines, message)
        body.trailers = Trailer.block(lines[message])
        if let notes { body.notes = joined(lines, trimmedRange(lines, notes, closingDashes: true)) }
        body.displayText = joined(lines, trimmedRange(lines, first..<displayEnd))
        if let stat = layout.stat {
            let fileLines = lines[stat.lines]
            body.diffstat = Diffstat(
                lines: fileLines.map(String.init), summary: String(lines[stat.summary]),
                filesChanged: stat.counts.files, insertions: stat.counts.insertions, deletions: stat.counts.deletions,
                paths: fileLines.compactMap { Diffstat.filePath($0).map(String.init) })
        }
        for line in lines[displayEnd...] {
            guard let first = line.utf8.first, first == UInt8(ascii: "c") || first == UInt8(ascii: "b") else { continue }
            if body.changeID == nil, TextScan.starts(line, with: "change-id: ") {
                body.changeID = String(TextScan.trimmed(line.dropFirst("change-id: ".count)))
            } else if body.baseCommit == nil, TextScan.starts(line, with: "base-commit: ") {
                body.baseCommit = String(TextScan.trimmed(line.dropFirst("base-commit: ".count)))
            }
        }
        return body
    }

    // MARK: - Finding the parts

    private struct Stat {
        var lines: Range<Int>
        var summary: Int
        var counts: (files: Int, insertions: Int, deletions: Int)
    }

    /// The landmarks of a body, found in one pass.
    private struct Survey {
        /// The first `---` line.
        var dashes: Int?
        /// Every diffstat (a run of file lines closed by a summary line).
        var stats: [Stat] = []
        /// Every line that starts a diff, except inside an `Interdiff …:`/`Range-diff …:` section.
        var diffStarts: [Int] = []

        /// Where the parts are: the `---` split (when valid), the diffstat, the patch's diff.
        func layout() -> (dashes: Int?, stat: Stat?, diff: Int?) {
            // A "---" splits when it stands above every diff line (a "---" in a diff is a removed
            // "--" line) and a diffstat or a diff follows it. Diffs between it and the diffstat are
            // part of the notes (a snippet for another tree, an interdiff).
            if let dashes, diffStarts.first.map({ $0 > dashes }) ?? true {
                if let stat = stats.first(where: { $0.lines.lowerBound > dashes }) {
                    return (dashes, stat, diffStarts.first { $0 > stat.summary })
                }
                if let diff = diffStarts.first {
                    return (dashes, nil, diff)
                }
            }
            // No split line. A diff above the first diffstat was inline in the text (a cover letter's
            // snippet): the patch's diff is the one below the diffstat.
            if let stat = stats.first {
                return (nil, stat, diffStarts.first { $0 > stat.summary })
            }
            return (nil, nil, diffStarts.first)
        }
    }

    /// Finds the `---` line, the diffstats and the diff lines. Stops at the first diff line below a
    /// diffstat (nothing below it matters); without a diffstat it reads to the end.
    private static func survey(_ lines: ArraySlice<Substring>) -> Survey {
        var survey = Survey()
        var run = 0
        var inDiffOfDiff = false
        for i in lines.indices {
            let line = lines[i]
            guard let first = line.utf8.first else {
                run = 0
                continue
            }
            if run > 0, first == 0x20 || TextScan.isDigit(first), let counts = Diffstat.summaryCounts(line) {
                survey.stats.append(Stat(lines: (i - run)..<i, summary: i, counts: counts))
                run = 0
                inDiffOfDiff = false
                continue
            }
            let diffLine = first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
            run = !diffLine && Diffstat.filePath(line) != nil ? run + 1 : 0
            if first == UInt8(ascii: "-"), survey.dashes == nil, isDashes(line) {
                survey.dashes = i
            } else if first == UInt8(ascii: "I") || first == UInt8(ascii: "R"), isDiffOfDiffHeader(line) {
                inDiffOfDiff = true
            } else if !inDiffOfDiff, isDiffStart(lines, i) {
                survey.diffStarts.append(i)
                if let stat = survey.stats.first, stat.summary < i { break }
            }
        }
        return survey
    }

    /// `-- `, the line above an email signature.
    private static func isSignature(_ line: Substring) -> Bool {
        line.utf8.elementsEqual("-- ".utf8)
    }

    /// The footer Mailman appends to a plain-text mail: a rule of underscores, then "… mailing list".
    private static func isListFooter(_ lines: ArraySlice<Substring>, _ i: Int) -> Bool {
        guard lines[i].utf8.first == UInt8(ascii: "_") else { return false }
        let rule = TextScan.trimmingTrailing(lines[i])
        guard rule.utf8.count >= 20, rule.utf8.allSatisfy({ $0 == UInt8(ascii: "_") }), i + 1 < lines.endIndex else {
            return false
        }
        return TextScan.trimmingTrailing(lines[i + 1]).hasSuffix("mailing list")
    }

    /// `Interdiff against v1:`, `Interdiff:`, `Range-diff against v2:`, `Range-diff:`.
    private static func isDiffOfDiffHeader(_ line: Substring) -> Bool {
        (TextScan.starts(line, with: "Interdiff") || TextScan.starts(line, with: "Range-diff"))
            && TextScan.trimmingTrailing(line).hasSuffix(":")
    }

    /// `---`, maybe followed by whitespace.
    static func isDashes(_ line: Substring) -> Bool {
        TextScan.starts(line, with: "---") && TextScan.isBlank(line.dropFirst(3))
    }

    /// The first line of a diff: `diff --git`, `diff -…` then `--- `, `--- x` then `+++ `, `Index: x` then `====`.
    static func isDiffStart(_ lines: ArraySlice<Substring>, _ i: Int) -> Bool {
        let line = lines[i]
        guard let first = line.utf8.first, first == UInt8(ascii: "d") || first == UInt8(ascii: "-") || first == UInt8(ascii: "I")
        else { return false }
        let next = i + 1 < lines.endIndex ? lines[i + 1] : ""
        if ["diff --git ", "diff --cc ", "diff --combined "].contains(where: { TextScan.starts(line, with: $0) }) { return true }
        if TextScan.starts(line, with: "diff -") {
            return lines[(i + 1)..<min(i + 4, lines.endIndex)].contains { TextScan.starts($0, with: "--- ") }
        }
        if TextScan.starts(line, with: "--- "), let c = line.dropFirst(4).first, !c.isWhitespace {
            return TextScan.starts(next, with: "+++ ")
        }
        if TextScan.starts(line, with: "Index: ") { return TextScan.starts(next, with: "====") }
        return false
    }

    /// The first line of a `git shortlog` that ends right above line `end` (blank lines between
    /// allowed): blocks of `Name (N):` followed by indented titles, separated by blank lines.
    private static func shortlogStart(_ lines: ArraySlice<Substring>, before end: Int) -> Int? {
        var start: Int?
        var j = end - 1
        while true {
            while j >= lines.startIndex, TextScan.isBlank(lines[j]) { j -= 1 }
            var k = j
            while k >= lines.startIndex, TextScan.isIndented(lines[k]), !TextScan.isBlank(lines[k]) { k -= 1 }
            guard k < j, k >= lines.startIndex, isShortlogHeader(lines[k]) else { return start }
            start = k
            j = k - 1
        }
    }

    /// `Jane Doe (3):`
    private static func isShortlogHeader(_ line: Substring) -> Bool {
        let text = TextScan.trimmingTrailing(line)
        guard !TextScan.isIndented(text), text.hasSuffix("):"),
              let open = text.lastIndex(of: "("), open > text.startIndex else { return false }
        let count = text[text.index(after: open)..<text.index(text.endIndex, offsetBy: -2)]
        return !count.isEmpty && count.utf8.allSatisfy(TextScan.isDigit)
    }

    // MARK: - Scissors

    /// The index of the line after which the text starts: the last scissors line above the split that is
    /// followed by an in-body header block. Nil when there is none.
    private static func scissorsCut(_ lines: [Substring], _ whole: Substring) -> Int? {
        var candidates: [Int] = []
        for i in lines.indices {
            if isDashes(lines[i]) || isDiffStart(lines[...], i) { break }
            if isScissors(lines[i]) { candidates.append(i) }
        }
        for i in candidates.reversed() where i + 1 < lines.count {
            if InBodyHeaders.parse(whole[lines[i + 1].startIndex...]).headers != InBodyHeaders() { return i + 1 }
        }
        return nil
    }

    /// git's scissors rule: a line holding `>8`, `8<`, `>%` or `%<` among dashes (`-- >8 --`,
    /// `---8<---`), at least 8 characters wide, whose perforation (dashes, scissors and the spaces
    /// among them) is more than a third of its width and mostly not spaces.
    static func isScissors(_ line: Substring) -> Bool {
        guard line.utf8.contains(UInt8(ascii: "8")) || line.utf8.contains(UInt8(ascii: "%")) else { return false }
        let bytes = Array(line.utf8)
        var scissors = 0, perforation = 0, gap = 0
        var inPerforation = false
        var firstVisible: Int?, lastVisible = 0
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                if inPerforation {
                    perforation += 1
                    gap += 1
                }
                i += 1
                continue
            }
            if firstVisible == nil { firstVisible = i }
            lastVisible = i
            if byte == UInt8(ascii: "-") {
                inPerforation = true
                perforation += 1
            } else if i + 1 < bytes.count, isScissorsMark(byte, bytes[i + 1]) {
                inPerforation = true
                perforation += 2
                scissors += 2
                lastVisible = i + 1
                i += 1
            } else {
                inPerforation = false
            }
            i += 1
        }
        guard let firstVisible, scissors > 0 else { return false }
        let visible = lastVisible - firstVisible + 1
        return visible >= 8 && visible < perforation * 3 && gap * 2 < perforation
    }

    private static func isScissorsMark(_ a: UInt8, _ b: UInt8) -> Bool {
        let gt = UInt8(ascii: ">"), lt = UInt8(ascii: "<"), eight = UInt8(ascii: "8"), percent = UInt8(ascii: "%")
        return (a == gt && (b == eight || b == percent)) || ((a == eight || a == percent) && b == lt)
    }

    // MARK: - Text

    /// `range` without leading and trailing blank lines (and, for notes, without closing `---` lines).
    private static func trimmedRange(_ lines: ArraySlice<Substring>, _ range: Range<Int>,
                                     closingDashes: Bool = false) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, TextScan.isBlank(lines[lower]) { lower += 1 }
        while upper > lower, TextScan.isBlank(lines[upper - 1]) || (closingDashes && isDashes(lines[upper - 1])) { upper -= 1 }
        return lower..<upper
    }

    /// The lines of `range` as they stand in the text (joined by their LFs).
    private static func joined(_ lines: ArraySlice<Substring>, _ range: Range<Int>) -> String {
        guard let last = range.last else { return "" }
        let firstLine = lines[range.lowerBound]
        return String(firstLine.base[firstLine.startIndex..<lines[last].endIndex])
    }
}
