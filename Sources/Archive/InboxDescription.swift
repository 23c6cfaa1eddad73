import Foundation

/// What a public-inbox archive says of itself: the list's name from its `description` file, and
/// its web address from the config public-inbox leaves beside it or from where it was cloned.
///
/// public-inbox writes `description` into every inbox (`KVM list`, or a default such as `public
/// inbox for kvm@vger.kernel.org`); `public-inbox-clone` writes `inbox.config.example` with the
/// inbox's `url`; an epoch cloned with git (as lore mirrors are) names `…/kvm/0` as its origin.
/// Every file here is read as untrusted text: a name is one printable line, a URL a plain http(s)
/// address, anything else is no answer.
public struct InboxDescription: Sendable, Equatable {
    /// The list's name as the inbox describes it; nil for public-inbox's and git's defaults.
    public var title: String?
    /// The inbox's web address (`https://lore.kernel.org/kvm`), where its messages have pages.
    public var url: String?

    public init(title: String? = nil, url: String? = nil) {
        self.title = title
        self.url = url
    }

    /// Reads the description of the inbox at `path` whose repositories are `epochs`.
    public static func read(path: String, epochs: [Epoch]) -> InboxDescription {
        let directories = [path] + epochs.map(\.gitDir)
        let name = directories.lazy.compactMap { InboxDescription.title(inFile: $0 + "/description") }.first
        let url = configURL(path + "/inbox.config.example", section: "publicinbox", key: "url")
            ?? epochs.lazy.compactMap { originURL(gitDir: $0.gitDir) }.first
        return InboxDescription(title: name, url: url)
    }

    /// Descriptions that name no list: what git and public-inbox write when nobody named it.
    static let defaults = ["unnamed repository", "unnamed public inbox", "unknown public-inbox", "public inbox for ",
                           "mirror of ", "($inbox_dir/description missing)"]

    /// The longest name kept: a description is one line, and a heading is no place for a page.
    public static let maxTitle = 120

    static func title(inFile path: String) -> String? {
        guard let data = readSmall(path) else { return nil }
        return title(String(decoding: data, as: UTF8.self))
    }

    /// The first line, trimmed, less the ` [epoch N]` public-inbox adds to an epoch's; nil when
    /// it is a default, empty, too long or holds control characters.
    public static func title(_ text: String) -> String? {
        var line = String(text.prefix(while: { !$0.isNewline })).trimmingCharacters(in: .whitespaces)
        if let epoch = line.range(of: #"\s*\[epoch \d+\]$"#, options: .regularExpression) { line.removeSubrange(epoch) }
        let lower = line.lowercased()
        guard isName(line), !defaults.contains(where: { lower.hasPrefix($0) }) else { return nil }
        return line
    }

    /// A name a heading can carry: one line of at most `maxTitle` characters, none of them a
    /// control or format character (a bidi override would turn the heading around).
    public static func isName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= maxTitle && text.trimmingCharacters(in: .whitespaces) == text
            && !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
                                                      || $0 == "\u{2028}" || $0 == "\u{2029}" })
    }

    /// The inbox's address from an epoch's origin: `https://lore.kernel.org/kvm/0` → `…/kvm`.
    static func originURL(gitDir: String) -> String? {
        guard let url = configURL(gitDir + "/config", section: "remote \"origin\"", key: "url") else { return nil }
        var parts = url.split(separator: "/", omittingEmptySubsequences: false)
        if let last = parts.last, Int(last.hasSuffix(".git") ? last.dropLast(4) : last) != nil { parts.removeLast() } else { return nil }
        let base = parts.joined(separator: "/")
        return webURL(base)
    }

    /// The first http(s) value of `key` in `[section …]` of a git-style config file.
    static func configURL(_ path: String, section: String, key: String) -> String? {
        guard let data = readSmall(path) else { return nil }
        var inSection = false
        for raw in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let name = line.dropFirst().prefix(while: { $0 != "]" })
                inSection = name == section || name.hasPrefix(section + " ") || name.lowercased().hasPrefix(section + " ")
                continue
            }
            guard inSection, let equals = line.firstIndex(of: "="),
                  line[..<equals].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            if let url = webURL(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)) { return url }
        }
        return nil
    }

    /// `text` when it is an http(s) URL of plain characters with a host, without a trailing `/`.
    static func webURL(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"),
              text.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && !"\"'<>\\`{}|^ ".unicodeScalars.contains($0) })
        else { return nil }
        let host = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first ?? ""
        guard !host.isEmpty else { return nil }
        var url = text
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// A regular file's bytes, when it is small: these files are a line or a few.
    private static func readSmall(_ path: String, limit: Int = 64 << 10) -> Data? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? Int, size <= limit else { return nil }
        return FileManager.default.contents(atPath: path)
    }
}
