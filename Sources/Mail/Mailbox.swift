/// One mailbox of an address header: a display name and an address.
public struct Mailbox: Hashable, Sendable {
    /// The display name, RFC 2047-decoded, quotes removed; may be empty.
    public var name: String
    /// The address as written (`local@domain`), trimmed; case is kept for display.
    public var address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }

    /// The address lower-cased: the identity used for counting.
    public var key: String { address.lowercased() }

    /// The part after the last `@`, lower-cased; empty when there is none.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return String(address[address.index(after: at)...]).lowercased()
    }

    /// `Name <address>`, or the address alone when there is no name.
    public var display: String { name.isEmpty ? address : "\(name) <\(address)>" }

    /// The most a display name keeps, in UTF-8 bytes. Real names are tens of bytes; a "name" of
    /// megabytes is an attack on the memory of every step that copies it (the tally, each
    /// format's author column, the JSON). A longer name keeps its first bytes and ends in "…",
    /// so the cut shows; the mail is read and counted as any other.
    public static let nameLimit = 1024

    /// `name` cut to `limit` bytes at a character's start, "…" marking the cut; unchanged when it
    /// fits.
    public static func capped(_ name: String, limit: Int = nameLimit) -> String {
        name.utf8.count > limit ? Bytes.capped(name.utf8, limit: limit) : name
    }
}
