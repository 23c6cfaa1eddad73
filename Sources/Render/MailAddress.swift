/// A mailbox the digest is sent from or to, as given on the command line: `Name <a@b>`,
/// `"Name" <a@b>` or `a@b`. Checked strictly: it is printed into headers.
public struct MailAddress: Sendable, Equatable {
    public var name: String
    public var address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case invalid(String)
        public var description: String {
            switch self { case .invalid(let why): return why }
        }
    }

    /// One mailbox.
    public static func parse(_ text: String) throws -> MailAddress {
        guard !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw ParseError.invalid("'\(TerminalSafe.clean(text, singleLine: true))' holds a control character")
        }
        let trimmed = text.trimmingSpaces
        var name = "", address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            name = String(trimmed[..<open]).trimmingSpaces
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingAll("\\\"", with: "\"").replacingAll("\\\\", with: "\\")
            }
        }
        guard isAddress(address) else { throw ParseError.invalid("'\(trimmed)' is not an email address") }
        return MailAddress(name: name, address: address)
    }

    /// Mailboxes separated by commas (commas inside quotes or angle brackets do not separate).
    public static func parseList(_ text: String) throws -> [MailAddress] {
        var items: [String] = [], current = "", quoted = false, angle = false
        for c in text {
            switch c {
            case "\"": quoted.toggle()
            case "<" where !quoted: angle = true
            case ">" where !quoted: angle = false
            case "," where !quoted && !angle:
                items.append(current)
                current = ""
                continue
            default: break
            }
            current.append(c)
        }
        items.append(current)
        let list = try items.filter { !$0.trimmingSpaces.isEmpty }.map(parse)
        guard !list.isEmpty else { throw ParseError.invalid("no address given") }
        return list
    }

    /// `local@domain`, printable ASCII, none of the characters that end an address in a header.
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"<>()[]\\,;:\"".unicodeScalars.contains($0) }
    }

    /// The domain, for Message-IDs made on this address's behalf.
    public var domain: String { String(address.split(separator: "@").last ?? "localhost") }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed()
        return String(String.UnicodeScalarView(scalars))
    }

    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
