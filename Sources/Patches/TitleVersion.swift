extension SubjectTags {
    /// The version a bare title ends with, for covers that state it there and not in brackets
    /// (posting style 4): "cleanup swiotlb initialization v4" is v4, "foo bar (v3)", "foo [v3]",
    /// "foo - v2", "foo, V2" and "foo v2.1" too.
    ///
    /// Rules:
    /// - Only the last word counts, with the brackets or parentheses around it and the `-`, `:`,
    ///   `,` before it dropped; it is a version as brackets write it (`v4`, `V4`, `v2.1`).
    /// - A version right after "to", "for", "in", "on", "since", "from", "until", "before",
    ///   "after", "than" or "against" names a release the change is about ("update to v6.1",
    ///   "broken since v5.4"), not the posting: nil.
    /// - A title of the version alone is not one (nothing says it names a posting).
    public static func trailingVersion(_ title: String) -> PatchVersion? {
        var rest = Substring(title)
        guard var last = popWord(&rest) else { return nil }
        if last.count > 2, let open = last.first, let close = last.last,
           (open == "(" && close == ")") || (open == "[" && close == "]") {
            last = last.dropFirst().dropLast()
        }
        guard let version = version(last) else { return nil }
        // The word before, past a separator standing alone ("foo - v2").
        var before = popWord(&rest)
        while let word = before, word.allSatisfy({ $0 == "-" || $0 == ":" || $0 == "," }) { before = popWord(&rest) }
        guard let before else { return nil }
        return releasePrepositions.contains(before.lowercased()) ? nil : version
    }

    /// The title without the version it ends with ("cleanup swiotlb initialization v4" is
    /// "cleanup swiotlb initialization"), or nil when `trailingVersion` finds none: what the
    /// versions of a bare-titled posting have in common.
    public static func droppingTrailingVersion(_ title: String) -> String? {
        guard trailingVersion(title) != nil else { return nil }
        var rest = Substring(title)
        _ = popWord(&rest)
        while true {
            var probe = rest
            guard let word = popWord(&probe), word.allSatisfy({ $0 == "-" || $0 == ":" || $0 == "," }) else { break }
            rest = probe
        }
        while let last = rest.last, last == " " || last == "\t" { rest = rest.dropLast() }
        return String(rest)
    }

    /// The last word of `text` (words are parted by spaces and tabs), removed from it; nil when none.
    /// Read from the end, so a long title costs only its last words.
    private static func popWord(_ text: inout Substring) -> Substring? {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let end = text.lastIndex(where: { !isSpace($0) }) else { return nil }
        let wordEnd = text.index(after: end)
        let start = text[..<wordEnd].lastIndex(where: isSpace).map { text.index(after: $0) } ?? text.startIndex
        defer { text = text[..<start] }
        return text[start..<wordEnd]
    }

    /// Words after which a version names a release, not the posting.
    private static let releasePrepositions: Set<String> = [
        "to", "for", "in", "on", "since", "from", "until", "before", "after", "than", "against",
    ]
}
