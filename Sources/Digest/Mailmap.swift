import Foundation
import Mail

/// git's `.mailmap`: the addresses and names one person used, mapped to one identity, so that
/// leon@kernel.org and leonro@nvidia.com count as one contributor.
///
/// The format and matching are git's (see gitmailmap(5)):
///
///     Proper Name <commit@email>                          # the name for an address
///     <proper@email> <commit@email>                       # the address for an address
///     Proper Name <proper@email> <commit@email>           # both
///     Proper Name <proper@email> Commit Name <commit@email>  # only for that name and address
///
/// Addresses and names match case-insensitively; a line starting with `#` is a comment.
public struct Mailmap: Sendable, Equatable {
    struct Replacement: Sendable, Equatable {
        var name: String?
        var email: String?
    }

    struct Entry: Sendable, Equatable {
        var simple = Replacement()
        /// By lower-cased commit name: entries that apply only to that name.
        var byName: [String: Replacement] = [:]
    }

    /// By lower-cased commit address.
    private var entries: [String: Entry] = [:]

    public init() {}

    public init(parsing text: String) {
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            guard !line.hasPrefix("#") else { continue }
            guard let (name1, email1, rest) = Mailmap.nameAndEmail(Substring(line)) else { continue }
            let second = Mailmap.nameAndEmail(rest)
            add(newName: name1, newEmail: email1, oldName: second?.name, oldEmail: second?.email)
        }
    }

    /// Reads a mailmap file; a file that cannot be read is an error, not an empty map.
    public static func load(path: String) throws -> Mailmap {
        guard let data = FileManager.default.contents(atPath: path) else { throw IdentityError.unreadable(path) }
        return Mailmap(parsing: String(decoding: data, as: UTF8.self))
    }

    public var isEmpty: Bool { entries.isEmpty }

    /// The person's canonical name and address; the mailbox itself when no entry applies.
    public func canonical(_ mailbox: Mailbox) -> Mailbox {
        guard let entry = entries[mailbox.key] else { return mailbox }
        let replacement = entry.byName[mailbox.name.lowercased()] ?? entry.simple
        guard replacement.name != nil || replacement.email != nil else { return mailbox }
        return Mailbox(name: replacement.name ?? mailbox.name, address: replacement.email ?? mailbox.address)
    }

    /// git's add_mapping: with one address, it is the one matched; with two, the second is.
    private mutating func add(newName: String?, newEmail: String, oldName: String?, oldEmail: String?) {
        let matched = (oldEmail ?? newEmail).lowercased()
        let replacement = Replacement(name: newName, email: oldEmail == nil ? nil : newEmail)
        var entry = entries[matched] ?? Entry()
        if let oldName {
            entry.byName[oldName.lowercased()] = replacement
        } else {
            if let name = replacement.name { entry.simple.name = name }
            if let email = replacement.email { entry.simple.email = email }
        }
        entries[matched] = entry
    }

    /// `Name <email>` at the start of `text`: the trimmed name (nil when empty), the address, and
    /// what follows the `>`; nil when there is no `<…>`.
    private static func nameAndEmail(_ text: Substring) -> (name: String?, email: String, rest: Substring)? {
        guard let open = text.firstIndex(of: "<"), let close = text[open...].firstIndex(of: ">") else { return nil }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        let email = text[text.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        return (name.isEmpty ? nil : name, email, text[text.index(after: close)...])
    }
}

/// Why an identity file could not be used.
public enum IdentityError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "\(path): cannot read the file"
        }
    }
}
