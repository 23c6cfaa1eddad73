/// Email-borne text made inert in HTML: control characters and bidi overrides become visible
/// (as on a terminal), then `& < > " '` become entities, so one function serves element text
/// and double-quoted attribute values alike.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// One line of email text (a subject, a name).
    static func line(_ text: String) -> String { escape(TerminalSafe.clean(text, singleLine: true)) }

    /// A block for `<pre>`: newlines and tabs stay.
    static func block(_ text: String) -> String { escape(TerminalSafe.clean(text)) }
}
