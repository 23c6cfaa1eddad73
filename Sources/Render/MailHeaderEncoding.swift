/// Header fields of a message the digest sends: RFC 2047 encoded words for anything that is not
/// plain ASCII, folded so no line is longer than 78 characters (RFC 5322 §2.1.1).
enum MailHeaderEncoding {
    static let lineLimit = 78

    /// `Name: value` folded at spaces between tokens; a continuation line starts with a space.
    static func field(_ name: String, tokens: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        for token in tokens where !token.isEmpty {
            if line.count + 1 + token.count > lineLimit && line.count > name.count + 1 {
                lines.append(line)
                line = ""
            }
            line += " " + token
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }

    /// Free text (Subject): words as they are when printable ASCII, else encoded words.
    static func unstructured(_ name: String, _ text: String) -> String {
        field(name, tokens: isPlain(text) ? text.split(separator: " ").map(String.init) : encodedWords(text))
    }

    /// Mailboxes for From/To, comma separated.
    static func addresses(_ name: String, _ list: [MailAddress]) -> String {
        var tokens: [String] = []
        for (i, mailbox) in list.enumerated() {
            let comma = i + 1 < list.count ? "," : ""
            if mailbox.name.isEmpty {
                tokens.append(mailbox.address + comma)
            } else {
                tokens.append(contentsOf: phrase(mailbox.name))
                tokens.append("<" + mailbox.address + ">" + comma)
            }
        }
        return field(name, tokens: tokens)
    }

    /// A display name: atoms when it is plain words, a quoted string when it holds specials,
    /// encoded words when it holds anything beyond printable ASCII.
    static func phrase(_ text: String) -> [String] {
        guard isPlain(text) else { return encodedWords(text) }
        let atomic = text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || " !#$%&'*+-/=?^_`{|}~".unicodeScalars.contains($0)
        }
        if atomic { return text.split(separator: " ").map(String.init) }
        let escaped = text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
        return ["\"" + escaped + "\""]
    }

    /// Printable ASCII without "=?" (which a reader would take for the start of an encoded word).
    static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } && !text.contains("=?")
    }

    /// `=?UTF-8?Q?…?=` words of at most 66 characters (RFC 2047 allows 75; 66 still fits after
    /// "Subject: " on a 78-column line); a character's bytes never straddle two words. Only
    /// letters and digits go unencoded, which is safe in every header context.
    static func encodedWords(_ text: String) -> [String] {
        let prefix = "=?UTF-8?Q?", suffix = "?="
        let room = 66 - prefix.count - suffix.count
        var words: [String] = [], current = ""
        for scalar in text.unicodeScalars {
            var piece = ""
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) {
                piece.unicodeScalars.append(scalar)
            } else if scalar == " " {
                piece = "_"
            } else {
                for byte in String(scalar).utf8 { piece += "=" + LoreLinks.hex2(byte) }
            }
            if current.count + piece.count > room {
                words.append(prefix + current + suffix)
                current = ""
            }
            current += piece
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + current + suffix) }
        return words
    }
}
