import Foundation

/// Where a list's messages come from, as `add SOURCE` names it.
///
/// Paths are stored absolute (a cron job runs from another directory than the one `add` ran in);
/// URLs without their trailing slashes.
public enum SourceLocation: Codable, Equatable, Sendable {
    /// A local public-inbox archive: a v1 inbox, one epoch, or a v2 inbox directory (`Inbox.open`).
    case inbox(path: String)
    /// A lore-style list URL (`https://lore.kernel.org/kvm`), mirrored locally by `LoreMirror`.
    case lore(url: String)
    /// An mbox file, mboxrd or mboxo (`MboxReader`).
    case mbox(path: String)
    /// A Maildir: what `lei q -o DIR` writes (`MaildirReader`).
    case maildir(path: String)

    /// Decides what `argument` names:
    /// - `http://…` or `https://…` → `.lore` (any other `scheme://` is refused);
    /// - a directory holding `cur/` and `new/` → `.maildir`;
    /// - a directory `Inbox.open` accepts (a v1/v2 inbox, an epoch) → `.inbox`;
    /// - a regular file → `.mbox` (its content is checked when it is read);
    /// - anything else → `ArchiveError.noSuchSource` or `.unknownSource`.
    public static func detect(_ argument: String) throws -> SourceLocation {
        if let scheme = urlScheme(argument) {
            guard scheme == "http" || scheme == "https" else { throw ArchiveError.unknownSource(argument) }
            return .lore(url: normalizedURL(argument))
        }
        guard !argument.isEmpty else { throw ArchiveError.noSuchSource(argument) }
        let path = URL(fileURLWithPath: argument).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ArchiveError.noSuchSource(argument)
        }
        if isDirectory.boolValue {
            if MaildirReader.isMaildir(path) { return .maildir(path: path) }
            do {
                _ = try Inbox.open(path)
                return .inbox(path: path)
            } catch ArchiveError.notAnInbox(let repository) {
                // Said as such: "not an mbox, a Maildir or an archive" would hide why.
                throw ArchiveError.notAnInbox(repository)
            } catch {
                throw ArchiveError.unknownSource(argument)
            }
        }
        let type = (try? FileManager.default.attributesOfItem(atPath: path)[.type]) as? FileAttributeType
        guard type == .typeRegular else { throw ArchiveError.unknownSource(argument) }
        return .mbox(path: path)
    }

    /// The location as one line for `lists`: its kind and its path or URL.
    public var summary: String {
        switch self {
        case .inbox(let path): return "public-inbox \(path)"
        case .lore(let url): return "lore \(url)"
        case .mbox(let path): return "mbox \(path)"
        case .maildir(let path): return "maildir \(path)"
        }
    }

    /// `scheme` of `scheme://…`, lowercased; nil for a path (which may hold a colon, not `://`).
    private static func urlScheme(_ argument: String) -> String? {
        guard let range = argument.range(of: "://") else { return nil }
        let scheme = argument[..<range.lowerBound]
        guard let first = scheme.first, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        return scheme.lowercased()
    }

    /// `https://lore.kernel.org/kvm/` → `https://lore.kernel.org/kvm`: epochs are `<url>/N`. The
    /// scheme is lowercased (`HTTPS://` is `https://`; git knows only the lowercase helpers).
    static func normalizedURL(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        if let range = url.range(of: "://"), urlScheme(url) != nil {
            url = url[..<range.lowerBound].lowercased() + url[range.lowerBound...]
        }
        return url
    }
}
