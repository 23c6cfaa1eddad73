import Foundation

/// Links to each message in a public-inbox web archive (lore.kernel.org's layout:
/// `BASE/<percent-encoded Message-ID>/`), and the `b4 am` line that fetches a series.
public struct LoreLinks: Sendable, Equatable {
    /// An http(s) URL ending in `/`.
    public let base: String

    /// nil unless `base` is an absolute http or https URL made of plain URL characters: the base
    /// is printed into href attributes and Markdown links as it is.
    public init?(base: String) {
        let lower = base.lowercased()
        guard let scheme = ["https://", "http://"].first(where: { lower.hasPrefix($0) }) else { return nil }
        let rest = base.dropFirst(scheme.count)
        guard !rest.prefix(while: { $0 != "/" }).isEmpty, base.unicodeScalars.allSatisfy(LoreLinks.allowedInBase) else { return nil }
        self.base = base.hasSuffix("/") ? base : base + "/"
    }

    /// `https://lore.kernel.org/all/`: lore finds a message there whatever list carried it, so
    /// it is the links' base when a list's own address is not known (a guess from a directory
    /// name is a link that may not resolve).
    public static let all = LoreLinks(base: "https://lore.kernel.org/all/")!

    /// `https://lore.kernel.org/<name>/`, the list name lower-cased, as lore names its lists.
    public static func lore(listName: String) -> LoreLinks {
        LoreLinks(base: "https://lore.kernel.org/" + percentEncode(listName.lowercased()) + "/")!
    }

    /// The message's page; nil for an empty Message-ID.
    public func messageURL(_ messageId: String) -> String? {
        messageId.isEmpty ? nil : base + LoreLinks.percentEncode(messageId) + "/"
    }

    /// `b4 am <id>`, the id shell-quoted when it holds anything but plain characters: the line
    /// is there to be pasted into a shell, and a Message-ID is written by the sender.
    public static func b4Command(_ messageId: String) -> String {
        "b4 am " + shellWord(TerminalSafe.clean(messageId, singleLine: true))
    }

    /// Every byte but RFC 3986's unreserved characters and `@` as %XX, so an id can neither leave
    /// its path segment nor break the quoting of whatever the URL is printed into.
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hex2(byte)
            }
        }
        return out
    }

    static func hex2(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    static func allowedInBase(_ s: Unicode.Scalar) -> Bool {
        guard s.value > 0x20 && s.value < 0x7F else { return false }
        return !"\"'<>\\`{}|^()[] ".unicodeScalars.contains(s)
    }

    static func shellWord(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "@._+=:,/%-".unicodeScalars.contains($0)
        }
        if plain { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
