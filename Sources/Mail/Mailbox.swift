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
}
