/// Email-borne text made inert in GitHub-flavoured Markdown: a subject or a name is printed as
/// literal text wherever it lands (a table cell, a heading, a list item); a commit message goes
/// into a fence longer than any run of backticks it holds.
enum MarkdownText {
    /// Characters that start links, images, emphasis, code, HTML, entities, math, strikethrough,
    /// table cells or headings: each is backslash-escaped (CommonMark escapes any ASCII punctuation).
    static let special: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "#", "!", "|", "~", "&", "$"]

    /// One line of email text, inert inline. GitHub also links bare URLs (`http://…`, `www.…`):
    /// an escaped `:` or `.` there keeps them text. (Bare email addresses still become mailto:
    /// links; no escape prevents that, and such a link only names the address shown.)
    static func inline(_ text: String) -> String {
        let clean = Array(TerminalSafe.clean(text, singleLine: true).unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, scalar) in clean.enumerated() {
            if special.contains(scalar) || startsAutolink(clean, at: i) { out.append("\\") }
            out.append(scalar)
        }
        return neutralizeLineStart(String(out))
    }

    /// The `:` of `://`, or the `.` of `www.`.
    static func startsAutolink(_ s: [Unicode.Scalar], at i: Int) -> Bool {
        if s[i] == ":" { return i + 2 < s.count && s[i + 1] == "/" && s[i + 2] == "/" }
        if s[i] == "." && i >= 3 {
            return String(String.UnicodeScalarView(s[(i - 3)..<i])).lowercased() == "www"
        }
        return false
    }

    /// Text that begins with a list marker (`- `, `+ `, `1. `, `2) `) or a setext underline would
    /// open a block when it starts a line or a list item: escape the marker.
    static func neutralizeLineStart(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        if "-+=".unicodeScalars.contains(first) { return "\\" + text }
        let digits = text.unicodeScalars.prefix { ("0"..."9").contains($0) }
        if !digits.isEmpty, digits.count < 10 {
            let rest = text.unicodeScalars.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")" {
                return String(String.UnicodeScalarView(digits)) + "\\" + String(String.UnicodeScalarView(rest))
            }
        }
        return text
    }

    /// A fenced code block whose fence is longer than any backtick run in `text`, so nothing in
    /// the text can close it.
    static func fenced(_ text: String, info: String = "text") -> String {
        let clean = TerminalSafe.clean(text)
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: clean) + 1))
        let body = clean.hasSuffix("\n") || clean.isEmpty ? clean : clean + "\n"
        return fence + info + "\n" + body + fence
    }

    /// An inline code span that holds `text` literally.
    static func code(_ text: String) -> String {
        let clean = TerminalSafe.clean(text, singleLine: true)
        let ticks = String(repeating: "`", count: longestRun(of: "`", in: clean) + 1)
        let pad = clean.hasPrefix("`") || clean.hasSuffix("`") || clean.hasPrefix(" ") ? " " : ""
        return ticks + pad + clean + pad + ticks
    }

    static func longestRun(of char: Character, in text: String) -> Int {
        var longest = 0, run = 0
        for c in text {
            run = c == char ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}
