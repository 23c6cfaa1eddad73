/// A patch posted as a backport to a stable kernel tree: `[PATCH AUTOSEL 6.1 18/85]`,
/// `[PATCH 6.6 012/140]`, `[PATCH stable]`, `[PATCH 5.10.y 1/2]`, `[PATCH stable 6.1 v2 3/4]`.
/// Such a patch reposts a commit that was posted (and counted) before; it is never a resend of it.
///
/// Read from the words of the subject's bracket groups (SubjectTags keeps them as free tags):
/// - `AUTOSEL` (any case): Sasha Levin's automatic selection;
/// - `stable`, `for-stable`, `stable-6.1`, `stable/6.1`, `6.1-stable`, `linux-6.1.y`;
/// - a bare kernel release: `5.10`, `6.6`, `6.1.y`, `5.15.170`, `v6.1.y`, `v5.15.170` (major 2…99;
///   a `v` only with a third part, as `v6.1` alone is a series version).
/// Not markers: a merge-window or branch target (`for-6.10`, `block-6.11`, `net-next`), `v5.1`
/// alone, a counter. The tree is the first release named (`stable 6.1` is 6.1).
public struct StableBackport: Sendable, Equatable {
    /// The release the patches are for, as the subject names it: "6.1", "5.10.y", "6.6.3"; nil when only "stable" says it.
    public var tree: String?
    /// Sasha Levin's automatic selection (`[PATCH AUTOSEL 6.1 18/85]`).
    public var autoselected: Bool
    /// "AUTOSEL 6.1", "6.1", "stable": how a digest names the batch.
    public var label: String
    /// A word says so (stable, AUTOSEL, MANUALSEL). A bare release alone (`[PATCH 6.15 0/2]`)
    /// is also how fixes for the coming release are sent: such a posting is a backport only when
    /// its mail cites the upstream commit (`citesUpstream`).
    public var named: Bool

    public init(tree: String?, autoselected: Bool, named: Bool = true) {
        self.tree = tree
        self.autoselected = autoselected
        self.named = named
        if autoselected {
            label = tree.map { "AUTOSEL " + $0 } ?? "AUTOSEL"
        } else {
            label = tree ?? "stable"
        }
    }

    /// The backport the free tags of a subject state, or nil; `marked` when a word says stable or
    /// AUTOSEL (a bare release alone does not).
    static func read(_ freeTags: [String]) -> (backport: StableBackport, marked: Bool)? {
        var autoselected = false, stable = false
        var tree: String?, shortV: String?
        for word in freeTags {
            let text = Substring(word)
            if TextScan.equalsIgnoringCase(text, "AUTOSEL") {
                autoselected = true
            } else if TextScan.equalsIgnoringCase(text, "MANUALSEL") {
                stable = true
            } else if let named = stableTree(text) {
                stable = true
                if tree == nil, let named { tree = named }
            } else if tree == nil, let release = release(text) {
                tree = String(release)
            } else if shortV == nil, let release = release(text, shortV: true) {
                shortV = String(release)
            }
        }
        let marked = autoselected || stable
        // `v4.9` names a release only beside a stable word (`[PATCH stable v4.9 v2]`).
        if marked, tree == nil { tree = shortV }
        guard marked || tree != nil else { return nil }
        return (StableBackport(tree: tree, autoselected: autoselected, named: marked), marked)
    }

    /// A word that names the stable trees: `stable`, `for-stable`, `stable-6.1`, `stable/6.1`,
    /// `6.1-stable`, `linux-6.1.y`. The outer optional is whether it is one; the inner the tree it
    /// names (`stable-4.{4,9}` names "4.{4,9}" as written).
    static func stableTree(_ word: Substring) -> String?? {
        if TextScan.equalsIgnoringCase(word, "stable") || TextScan.equalsIgnoringCase(word, "for-stable") {
            return .some(nil)
        }
        for prefix in ["stable-", "stable/"] {
            if let rest = TextScan.dropPrefixIgnoringCase(word, prefix), !rest.isEmpty { return .some(String(rest)) }
        }
        if let rest = TextScan.dropPrefixIgnoringCase(word, "linux-"), let tree = release(rest) { return .some(String(tree)) }
        if word.utf8.count > 7, TextScan.equalsIgnoringCase(word.suffix(7), "-stable"),
           let tree = release(word.dropLast(7)) {
            return .some(String(tree))
        }
        return nil
    }

    /// A kernel release written as a word: `6.1`, `5.10.y`, `5.15.170`, `v6.1.y`, `v5.15.170`;
    /// returned without its `v`. The major is 2…99 (no release had a lower one, and a counter or
    /// a project's own numbering is rarely dotted so); a `v` needs the third part.
    /// `shortV` also takes `v6.1` (for a subject that says stable).
    static func release(_ word: Substring, shortV: Bool = false) -> Substring? {
        var text = word
        let prefixed = text.utf8.first == UInt8(ascii: "v") || text.utf8.first == UInt8(ascii: "V")
        if prefixed { text = text.dropFirst() }
        let parts = text.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              let major = TextScan.number(parts[0]), major >= 2, major <= 99, parts[0].utf8.first != 0x30,
              TextScan.number(parts[1]) != nil else { return nil }
        if parts.count == 3 {
            guard parts[2] == "y" || TextScan.number(parts[2]) != nil else { return nil }
        } else if prefixed, !shortV {
            return nil
        }
        return text
    }
}

extension StableBackport {
    /// Whether a backport's text cites the upstream commit it carries, as stable backports do
    /// (`commit 0123456789ab upstream.`, `[ Upstream commit 0123456789ab ]`), or is a stable
    /// review (`This is the start of the stable review cycle`).
    public static func citesUpstream(_ text: String) -> Bool {
        var lines = text.utf8[...]
        while !lines.isEmpty {
            let end = lines.firstIndex(of: UInt8(ascii: "\n")) ?? lines.endIndex
            let line = lines[lines.startIndex..<end]
            if line.count < 400, citesUpstream(line: String(decoding: line, as: UTF8.self).lowercased()) { return true }
            lines = end == lines.endIndex ? lines[end...] : lines[lines.index(after: end)...]
        }
        return false
    }

    private static func citesUpstream(line: String) -> Bool {
        if line.contains("stable review cycle") { return true }
        guard line.contains("upstream") else { return false }
        // A commit id: a run of at least 12 hex digits.
        var run = 0
        for c in line.utf8 {
            let hex = (c >= 48 && c <= 57) || (c >= 97 && c <= 102)
            run = hex ? run + 1 : 0
            if run >= 12 { return true }
        }
        return false
    }
}
