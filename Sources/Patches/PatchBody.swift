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
/// - The diffstat is computed from the patch's diff (from its first diff line to the end) when
///   there is no diffstat block, or when the block's counts disagree with the hunks
///   (Diffstat.computed); the display text keeps what the mail wrote.
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
    /// The mail's diffstat; counted from the diff when the mail has none or its own disagrees with
    /// the hunks (`origin` says which).
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

    /// `countingTheDiff`: whether a diffstat is counted from the diff (see the type's rules); not
    /// for a cover letter, whose diff is a snippet.
    public static func split(_ text: String, countingTheDiff: Bool = true) -> PatchBody {
        let whole = Substring(text)
        let all = TextLines(whole)

        // Scissors, then the in-body header block.
        let top = scissorsCut(all) ?? all.start
        let (headers, rest) = InBodyHeaders.parse(whole[all.index(top)...])
        let restStart = all.offset(of: rest.startIndex)
        var first = top
        while first < all.end, first < restStart || all.isBlank(first) { first = all.after(first) }
        let lines = all.from(first)

        // The split point.
        let survey = survey(lines)
        let layout = survey.layout()
        var body = PatchBody(inBody: headers, hasDiff: survey.firstDiff != nil)
        let messageEnd: Int
        var notes: Range<Int>?
        if let dashes = layout.dashes {
            messageEnd = dashes
            let afterDashes = lines.after(dashes)
            notes = afterDashes..<(layout.stat?.lines.lowerBound ?? layout.diff ?? afterDashes)
        } else if let stat = layout.stat {
            let shortlog = shortlogStart(lines, before: stat.lines.lowerBound)
            messageEnd = shortlog ?? stat.lines.lowerBound
            notes = shortlog.map { $0..<stat.lines.lowerBound }
        } else if let diff = layout.diff {
            messageEnd = diff
        } else {
            messageEnd = textEnd(lines)
        }
        let displayEnd = layout.stat.map { lines.after($0.summary) } ?? layout.diff ?? messageEnd

        let message = trimmedRange(lines, first..<messageEnd)
        body.message = String(lines.joined(message))
        body.trailers = Trailer.block(lines, message)
        if let notes { body.notes = String(lines.joined(trimmedRange(lines, notes, closingDashes: true))) }
        let display = trimmedRange(lines, first..<displayEnd)
        // One string when the two are the same text (a body without a split): a huge body is
        // then held once.
        body.displayText = display == message ? body.message : String(lines.joined(display))
        if let stat = layout.stat {
            // The diffstat stands inside the display text (which runs through its summary line).
            let displayed = lines.joined(display)
            let block = lines.joined(stat.lines), summary = lines.line(stat.summary)
            body.diffstat = Diffstat(
                block: piece(of: body.displayText, at: block, in: displayed),
                summary: piece(of: body.displayText, at: summary, in: displayed),
                filesChanged: stat.counts.files, insertions: stat.counts.insertions, deletions: stat.counts.deletions)
        }
        if countingTheDiff, let diff = layout.diff { body.useComputedDiffstat(lines.text, diff: diff) }
        var offset = displayEnd
        while offset < lines.end, body.changeID == nil || body.baseCommit == nil {
            let line = lines.line(offset)
            offset = lines.after(offset)
            guard let first = line.utf8.first, first == UInt8(ascii: "c") || first == UInt8(ascii: "b") else { continue }
            if body.changeID == nil, TextScan.starts(line, with: "change-id: ") {
                body.changeID = String(TextScan.trimmed(line.dropFirst("change-id: ".count)))
            } else if body.baseCommit == nil, TextScan.starts(line, with: "base-commit: ") {
                body.baseCommit = String(TextScan.trimmed(line.dropFirst("base-commit: ".count)))
            }
        }
        return body
    }

    /// The diffstat counted from the diff at offset `diff` when the mail has none, or when its own
    /// disagrees with the hunks.
    private mutating func useComputedDiffstat(_ text: Substring, diff: Int) {
        guard let computed = Diffstat.computed(text, from: diff) else { return }
        if let written = diffstat, written.sameCounts(as: computed) { return }
        diffstat = computed
    }

    // MARK: - Finding the parts

    /// Lines are named by their offsets (see TextLines), so ranges of lines are ranges of offsets.
    private struct Stat {
        var lines: Range<Int>
        var summary: Int
        var counts: (files: Int, insertions: Int, deletions: Int)
    }

    /// The landmarks of a body, found in one pass; what the layout needs and nothing per line.
    private struct Survey {
        /// The first `---` line.
        var dashes: Int?
        /// The first diffstat (a run of file lines closed by a summary line).
        var firstStat: Stat?
        /// The first diffstat below the `---` line.
        var statBelowDashes: Stat?
        /// The first line that starts a diff, except inside an `Interdiff …:`/`Range-diff …:` section.
        var firstDiff: Int?
        /// The last such line read. The survey stops at the first diff line below the first
        /// diffstat, so every diff line above that one is above the first diffstat's summary.
        var lastDiff: Int?

        /// The first diff line below line `line` (which is at or below the first diffstat's summary).
        func diff(below line: Int) -> Int? {
            lastDiff.flatMap { $0 > line ? $0 : nil }
        }

        /// Where the parts are: the `---` split (when valid), the diffstat, the patch's diff.
        func layout() -> (dashes: Int?, stat: Stat?, diff: Int?) {
            // A "---" splits when it stands above every diff line (a "---" in a diff is a removed
            // "--" line) and a diffstat or a diff follows it. Diffs between it and the diffstat are
            // part of the notes (a snippet for another tree, an interdiff).
            if let dashes, firstDiff.map({ $0 > dashes }) ?? true {
                if let stat = statBelowDashes {
                    return (dashes, stat, diff(below: stat.summary))
                }
                if let diff = firstDiff {
                    return (dashes, nil, diff)
                }
            }
            // No split line. A diff above the first diffstat was inline in the text (a cover letter's
            // snippet): the patch's diff is the one below the diffstat.
            if let stat = firstStat {
                return (nil, stat, diff(below: stat.summary))
            }
            return (nil, nil, firstDiff)
        }
    }

    /// Finds the `---` line, the diffstats and the diff lines. Stops at the first diff line below a
    /// diffstat (nothing below it matters); without a diffstat it reads to the end.
    private static func survey(_ lines: TextLines) -> Survey {
        var survey = Survey()
        var run = 0, runStart = lines.start
        var inDiffOfDiff = false
        var i = lines.start
        while i < lines.end {
            defer { i = lines.after(i) }
            guard !lines.isEmpty(i) else {
                run = 0
                continue
            }
            let line = lines.line(i)
            let first = line.utf8.first!
            if run > 0, first == 0x20 || TextScan.isDigit(first), let counts = Diffstat.summaryCounts(line) {
                let stat = Stat(lines: runStart..<i, summary: i, counts: counts)
                if survey.firstStat == nil { survey.firstStat = stat }
                if survey.statBelowDashes == nil, let dashes = survey.dashes, runStart > dashes { survey.statBelowDashes = stat }
                run = 0
                inDiffOfDiff = false
                continue
            }
            let diffLine = first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "@")
            if !diffLine && Diffstat.filePath(line) != nil {
                if run == 0 { runStart = i }
                run += 1
            } else {
                run = 0
            }
            if first == UInt8(ascii: "-"), survey.dashes == nil, isDashes(line) {
                survey.dashes = i
            } else if first == UInt8(ascii: "I") || first == UInt8(ascii: "R"), isDiffOfDiffHeader(line) {
                inDiffOfDiff = true
            } else if !inDiffOfDiff, isDiffStart(lines, i) {
                if survey.firstDiff == nil { survey.firstDiff = i }
                survey.lastDiff = i
                if let stat = survey.firstStat, stat.summary < i { break }
            }
        }
        return survey
    }

    /// Where a text without a diffstat or diff ends: at a `-- ` signature or a mailing list footer.
    private static func textEnd(_ lines: TextLines) -> Int {
        var i = lines.start
        while i < lines.end {
            if !lines.isEmpty(i), isSignature(lines.line(i)) || isListFooter(lines, i) { return i }
            i = lines.after(i)
        }
        return lines.end
    }

    /// `-- `, the line above an email signature.
    private static func isSignature(_ line: Substring) -> Bool {
        line.utf8.elementsEqual("-- ".utf8)
    }

    /// The footer Mailman appends to a plain-text mail: a rule of underscores, then "… mailing list".
    private static func isListFooter(_ lines: TextLines, _ i: Int) -> Bool {
        let line = lines.line(i)
        guard line.utf8.first == UInt8(ascii: "_") else { return false }
        let rule = TextScan.trimmingTrailing(line)
        let next = lines.after(i)
        guard rule.utf8.count >= 20, rule.utf8.allSatisfy({ $0 == UInt8(ascii: "_") }), next < lines.end else {
            return false
        }
        return TextScan.trimmingTrailing(lines.line(next)).hasSuffix("mailing list")
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
    static func isDiffStart(_ lines: TextLines, _ i: Int) -> Bool {
        guard !lines.isEmpty(i) else { return false }
        let line = lines.line(i)
        guard let first = line.utf8.first, first == UInt8(ascii: "d") || first == UInt8(ascii: "-") || first == UInt8(ascii: "I")
        else { return false }
        let nextStart = lines.after(i)
        let next = nextStart < lines.end ? lines.line(nextStart) : ""
        if ["diff --git ", "diff --cc ", "diff --combined "].contains(where: { TextScan.starts(line, with: $0) }) { return true }
        if TextScan.starts(line, with: "diff -") {
            // One of the next three lines.
            var j = nextStart
            for _ in 0..<3 where j < lines.end {
                if TextScan.starts(lines.line(j), with: "--- ") { return true }
                j = lines.after(j)
            }
            return false
        }
        if TextScan.starts(line, with: "--- "), let c = line.dropFirst(4).first, !c.isWhitespace {
            return TextScan.starts(next, with: "+++ ")
        }
        if TextScan.starts(line, with: "Index: ") { return TextScan.starts(next, with: "====") }
        return false
    }

    /// The first line of a `git shortlog` that ends right above line `end` (blank lines between
    /// allowed): blocks of `Name (N):` followed by indented titles, separated by blank lines.
    private static func shortlogStart(_ lines: TextLines, before end: Int) -> Int? {
        var start: Int?
        var j = lines.before(end)
        while true {
            while let line = j, lines.isBlank(line) { j = lines.before(line) }
            var k = j
            while let line = k, !lines.isEmpty(line), TextScan.isIndented(lines.line(line)), !lines.isBlank(line) {
                k = lines.before(line)
            }
            guard let header = k, let titles = j, header < titles, isShortlogHeader(lines.line(header)) else { return start }
            start = header
            j = lines.before(header)
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

    /// The line after which the text starts: the last scissors line above the split that is
    /// followed by an in-body header block. Nil when there is none.
    private static func scissorsCut(_ lines: TextLines) -> Int? {
        // The split: the first `---` or diff line; scissors count only above it.
        var stop = lines.start
        while stop < lines.end, lines.isEmpty(stop) || (!isDashes(lines.line(stop)) && !isDiffStart(lines, stop)) {
            stop = lines.after(stop)
        }
        // From the last scissors line up (nothing is stored per line).
        var i = lines.before(stop)
        while let line = i {
            let next = lines.after(line)
            if next < lines.end, !lines.isEmpty(line), isScissors(lines.line(line)),
               InBodyHeaders.parse(lines.text[lines.index(next)...]).headers != InBodyHeaders() {
                return next
            }
            i = lines.before(line)
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

    /// The piece of `copy` (a String made of `original`) that stands where `part` stands in `original`.
    private static func piece(of copy: String, at part: Substring, in original: Substring) -> Substring {
        let from = original.utf8.distance(from: original.startIndex, to: part.startIndex)
        let count = part.utf8.count
        let start = copy.utf8.index(copy.utf8.startIndex, offsetBy: from)
        return copy[start..<copy.utf8.index(start, offsetBy: count)]
    }

    /// `range` without leading and trailing blank lines (and, for notes, without closing `---` lines).
    private static func trimmedRange(_ lines: TextLines, _ range: Range<Int>, closingDashes: Bool = false) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, lines.isBlank(lower) { lower = lines.after(lower) }
        while upper > lower, let last = lines.before(upper),
              lines.isBlank(last) || (closingDashes && isDashes(lines.line(last))) {
            upper = last
        }
        return lower..<upper
    }
}
