import Glibc

extension Diffstat {
    /// The diffstat of the diff that starts at byte `offset` of `text` and runs to its end, in
    /// git's format (` path | 3 ++-` lines, then the summary), or nil when it holds no file.
    ///
    /// Counting, as `git apply --stat` does:
    /// - A file starts at a `diff --git` line, or at a `--- x` line followed by `+++ y` outside a
    ///   git file's header (a diff made without git); its path is the `+++ b/…` one (`--- a/…` for a
    ///   deleted file), `rename from`/`rename to` as `old => new`, else the `diff --git` line's.
    /// - A hunk holds exactly the lines its `@@ -a,b +c,d @@` header counts: b old and d new lines.
    ///   So a `+++` or `-- ` line inside a hunk is an added or removed line, and the `-- ` signature
    ///   and `2.43.0` after the last hunk, a list footer or a blank line, are nothing. A context line
    ///   whose space a mailer removed (an empty line) counts as context. A line that cannot be in the
    ///   hunk ends it.
    /// - A binary file (`GIT binary patch`, `Binary files … differ`) is `Bin`, with no lines.
    /// - Only a whole diff is counted: nil when a hunk is cut short (a truncated mail, a hunk edited
    ///   by hand without its header) or a file shows no change (no hunk, binary, mode, rename or
    ///   copy line): the mail's own diffstat, if any, then says more than the diff.
    /// Linear in the diff: one pass over its bytes, and a record of a few integers per file.
    static func computed(_ text: Substring, from offset: Int) -> Diffstat? {
        let files: [FileCount]?? = text.utf8.withContiguousStorageIfAvailable { buffer in
            var counter = DiffCounter(buffer)
            counter.count(from: offset)
            return counter.isWhole ? counter.files : nil
        }
        guard let found = files, let files = found, !files.isEmpty else { return nil }
        return render(files, in: text)
    }

    /// One file of a diff: where its paths stand in the text, and its counts.
    struct FileCount {
        var path: Range<Int>
        /// The old path of a rename (`old => new`).
        var renamedFrom: Range<Int>?
        var insertions = 0
        var deletions = 0
        var binary = false
        /// A hunk, a binary patch, or a mode, rename or copy line says what changed.
        var described = false
    }

    // MARK: - Writing it as git does

    /// The width git gives a patch mail's diffstat (format-patch's `--stat` for mail).
    private static let mailWidth = 72

    /// git's `show_stats` layout: names padded to the longest (cut to `.../tail` when too long for
    /// the width), counts right-aligned, a graph scaled when the largest change does not fit.
    private static func render(_ files: [FileCount], in text: Substring) -> Diffstat {
        let utf8 = text.utf8
        func name(_ file: FileCount) -> String {
            func piece(_ range: Range<Int>) -> String {
                String(decoding: utf8[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)], as: UTF8.self)
            }
            return file.renamedFrom.map { piece($0) + " => " + piece(file.path) } ?? piece(file.path)
        }
        var insertions = 0, deletions = 0, maxChange = 0, nameWidth = 0, binary = false
        var names: [String] = []
        names.reserveCapacity(files.count)
        for file in files {
            insertions += file.insertions
            deletions += file.deletions
            maxChange = max(maxChange, file.insertions + file.deletions)
            binary = binary || file.binary
            let written = name(file)
            nameWidth = max(nameWidth, written.count)
            names.append(written)
        }
        var numberWidth = String(maxChange).count
        if binary { numberWidth = max(numberWidth, 3) }
        var graphWidth = maxChange
        if nameWidth + numberWidth + 6 + graphWidth > mailWidth {
            if graphWidth > mailWidth * 3 / 8 - numberWidth - 6 {
                graphWidth = max(mailWidth * 3 / 8 - numberWidth - 6, 6)
            }
            if nameWidth > mailWidth - numberWidth - 6 - graphWidth {
                nameWidth = mailWidth - numberWidth - 6 - graphWidth
            } else {
                graphWidth = mailWidth - numberWidth - 6 - nameWidth
            }
        }
        var out = ""
        for (file, written) in zip(files, names) {
            out += " " + fitted(written, nameWidth) + " | "
            if file.binary {
                out += padded("Bin", numberWidth, left: true)
            } else {
                let total = file.insertions + file.deletions
                out += padded(String(total), numberWidth, left: true)
                let (plus, minus) = graph(file.insertions, file.deletions, graphWidth, maxChange)
                if plus + minus > 0 { out += " " + String(repeating: "+", count: plus) + String(repeating: "-", count: minus) }
            }
            out += "\n"
        }
        let blockLength = out.utf8.count - 1
        out += summaryLine(files: files.count, insertions: insertions, deletions: deletions)
        let blockEnd = out.utf8.index(out.utf8.startIndex, offsetBy: blockLength)
        return Diffstat(block: out[..<blockEnd], summary: out[out.utf8.index(after: blockEnd)...], filesChanged: files.count,
                        insertions: insertions, deletions: deletions, origin: .computed)
    }

    /// git's summary line: ` 2 files changed, 3 insertions(+), 1 deletion(-)`; a zero count is left
    /// out unless both are zero.
    static func summaryLine(files: Int, insertions: Int, deletions: Int) -> String {
        var line = " \(files) file\(files == 1 ? "" : "s") changed"
        if insertions > 0 || deletions == 0 { line += ", \(insertions) insertion\(insertions == 1 ? "" : "s")(+)" }
        if deletions > 0 || insertions == 0 { line += ", \(deletions) deletion\(deletions == 1 ? "" : "s")(-)" }
        return line
    }

    /// The name padded to `width`, or cut to `...` and its tail from a `/` when longer (as git).
    private static func fitted(_ name: String, _ width: Int) -> String {
        let count = name.count
        guard count > width else { return padded(name, width, left: false) }
        var tail = name.suffix(max(width - 3, 0))
        if let slash = tail.firstIndex(of: "/") { tail = tail[slash...] }
        return padded("..." + tail, width, left: false)
    }

    private static func padded(_ text: String, _ width: Int, left: Bool) -> String {
        let pad = String(repeating: " ", count: max(width - text.count, 0))
        return left ? pad + text : text + pad
    }

    /// The + and - of a file's graph: as counted, or scaled as git's `scale_linear` does when the
    /// largest change is wider than the graph.
    private static func graph(_ plus: Int, _ minus: Int, _ width: Int, _ maxChange: Int) -> (Int, Int) {
        guard width < maxChange else { return (plus, minus) }
        func scale(_ n: Int) -> Int { n == 0 ? 0 : 1 + n * (width - 1) / maxChange }
        var total = scale(plus + minus)
        if total < 2, plus > 0, minus > 0 { total = 2 }
        if plus < minus {
            let scaled = scale(plus)
            return (scaled, total - scaled)
        }
        let scaled = scale(minus)
        return (total - scaled, scaled)
    }
}

/// Reads a diff's lines once (see Diffstat.computed): the files and their counts.
private struct DiffCounter {
    let bytes: UnsafeBufferPointer<UInt8>
    var files: [Diffstat.FileCount] = []
    /// The current file is a `diff --git` one still in its header (no hunk yet).
    private var inGitHeader = false
    /// Old and new lines the current hunk still holds.
    private var oldLeft = 0, newLeft = 0
    /// The `--- a/…` path of the current file, for a deleted one.
    private var oldPath: Range<Int>?
    private var renameFrom: Range<Int>?
    /// A hunk ended before the lines its header counts.
    private var cut = false

    var isWhole: Bool { !cut && oldLeft == 0 && newLeft == 0 && files.allSatisfy(\.described) }

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func count(from offset: Int) {
        var start = offset
        while start < bytes.count {
            let end = lineEnd(start)
            read(start..<end)
            start = end + 1
        }
    }

    private func lineEnd(_ start: Int) -> Int {
        guard let base = bytes.baseAddress, let hit = memchr(base + start, 0x0A, bytes.count - start) else { return bytes.count }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    private mutating func read(_ line: Range<Int>) {
        if oldLeft > 0 || newLeft > 0 {
            if inHunk(line) { return }
            cut = true
        }
        oldLeft = 0
        newLeft = 0
        guard let first = line.first.map({ bytes[$0] }) else { return }
        switch first {
        case UInt8(ascii: "d") where starts(line, "diff --git "):
            files.append(Diffstat.FileCount(path: gitLinePath(line.lowerBound + 11..<line.upperBound)))
            inGitHeader = true
            oldPath = nil
            renameFrom = nil
        case UInt8(ascii: "@") where starts(line, "@@ -"):
            if !files.isEmpty, let (old, new) = hunkCounts(line) {
                oldLeft = old
                newLeft = new
                inGitHeader = false
                files[files.count - 1].described = true
            }
        case UInt8(ascii: "-") where starts(line, "--- "):
            let next = line.upperBound + 1
            guard next < bytes.count, starts(next..<lineEnd(next), "+++ ") else { return }
            if !inGitHeader {
                // A file of a diff made without git.
                files.append(Diffstat.FileCount(path: headerPath(line)))
                inGitHeader = true
                renameFrom = nil
            }
            oldPath = headerPath(line)
        case UInt8(ascii: "+") where inGitHeader && starts(line, "+++ "):
            let path = headerPath(line)
            if isDevNull(path), let oldPath {
                files[files.count - 1].path = oldPath
            } else if !isDevNull(path) {
                files[files.count - 1].path = path
            }
        case UInt8(ascii: "r") where inGitHeader && starts(line, "rename from "):
            renameFrom = line.lowerBound + 12..<line.upperBound
        case UInt8(ascii: "r") where inGitHeader && starts(line, "rename to "):
            if let renameFrom {
                files[files.count - 1].renamedFrom = renameFrom
                files[files.count - 1].path = line.lowerBound + 10..<line.upperBound
                files[files.count - 1].described = true
            }
        case UInt8(ascii: "G") where inGitHeader && starts(line, "GIT binary patch"),
             UInt8(ascii: "B") where inGitHeader && starts(line, "Binary files "):
            files[files.count - 1].binary = true
            files[files.count - 1].described = true
            inGitHeader = false
        case UInt8(ascii: "o"), UInt8(ascii: "n"), UInt8(ascii: "d"), UInt8(ascii: "s"), UInt8(ascii: "c"):
            if inGitHeader, Self.changeLines.contains(where: { starts(line, $0) }) {
                files[files.count - 1].described = true
            }
        default:
            return
        }
    }

    /// Header lines that say a file changed without a hunk (a mode change, an empty new file, a
    /// rename or copy).
    private static let changeLines: [StaticString] = [
        "old mode ", "new mode ", "new file mode ", "deleted file mode ", "similarity index ", "copy from ",
    ]

    /// Counts a line of the current hunk; false when the line cannot be one (the hunk then ends).
    private mutating func inHunk(_ line: Range<Int>) -> Bool {
        let first = line.isEmpty ? UInt8(ascii: " ") : bytes[line.lowerBound]
        switch first {
        case UInt8(ascii: " ") where oldLeft > 0 && newLeft > 0:
            oldLeft -= 1
            newLeft -= 1
        case UInt8(ascii: "-") where oldLeft > 0:
            oldLeft -= 1
            files[files.count - 1].deletions += 1
        case UInt8(ascii: "+") where newLeft > 0:
            newLeft -= 1
            files[files.count - 1].insertions += 1
        case UInt8(ascii: "\\"):
            break   // "\ No newline at end of file"
        default:
            return false
        }
        return true
    }

    private func starts(_ line: Range<Int>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard line.count >= count, let base = bytes.baseAddress else { return false }
        return memcmp(base + line.lowerBound, prefix.utf8Start, count) == 0
    }

    /// `@@ -a,b +c,d @@` (a missing count is 1): the old and new line counts.
    private func hunkCounts(_ line: Range<Int>) -> (Int, Int)? {
        var i = line.lowerBound + 4
        func number() -> Int? {
            let start = i
            while i < line.upperBound, TextScan.isDigit(bytes[i]) { i += 1 }
            return TextScan.number(UnsafeBufferPointer(rebasing: bytes[start..<i]), limit: 999_999_999)
        }
        func range() -> Int? {
            guard number() != nil else { return nil }
            guard i < line.upperBound, bytes[i] == UInt8(ascii: ",") else { return 1 }
            i += 1
            return number()
        }
        guard let old = range(), i + 1 < line.upperBound, bytes[i] == 0x20, bytes[i + 1] == UInt8(ascii: "+") else { return nil }
        i += 2
        guard let new = range(), starts(i..<line.upperBound, " @@") else { return nil }
        return (old, new)
    }

    /// The path of a `--- a/x` or `+++ b/x` line: after the marker, up to a tab (a timestamp), with
    /// the first directory (`a/`, `b/`, `linux-6.1/`) dropped as `patch -p1` does.
    private func headerPath(_ line: Range<Int>) -> Range<Int> {
        var start = line.lowerBound + 4
        var end = start
        while end < line.upperBound, bytes[end] != 0x09 { end += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x0D { end -= 1 }
        let path = start..<end
        if isDevNull(path) { return path }
        if let slash = path.first(where: { bytes[$0] == UInt8(ascii: "/") }), slash + 1 < end { start = slash + 1 }
        return start..<end
    }

    private func isDevNull(_ path: Range<Int>) -> Bool { starts(path, "/dev/null") && path.count == 9 }

    /// The path of a `diff --git a/P b/P` line (the text after `diff --git `): P when both sides are
    /// the same, else what follows the last ` b/`.
    private func gitLinePath(_ rest: Range<Int>) -> Range<Int> {
        var end = rest.upperBound
        while end > rest.lowerBound, bytes[end - 1] == 0x0D || bytes[end - 1] == 0x20 { end -= 1 }
        let length = end - rest.lowerBound
        if length >= 5, length % 2 == 1 {
            let side = (length - 5) / 2
            let a = rest.lowerBound + 2, b = rest.lowerBound + side + 5
            if starts(rest, "a/"), bytes[a + side] == 0x20, bytes[a + side + 1] == UInt8(ascii: "b"),
               memcmp(bytes.baseAddress! + a, bytes.baseAddress! + b, side) == 0 {
                return a..<a + side
            }
        }
        var i = end - 3
        while i >= rest.lowerBound {
            if bytes[i] == 0x20, bytes[i + 1] == UInt8(ascii: "b"), bytes[i + 2] == UInt8(ascii: "/") { return i + 3..<end }
            i -= 1
        }
        return rest.lowerBound..<end
    }
}
