import Foundation

/// Email domains mapped to organizations, in gitdm's `domain-map` format: one `domain
/// Organization Name` per line, `#` comments. A domain also covers its subdomains
/// (`ibm.com` covers `linux.ibm.com`); gitdm's `< YYYY-MM-DD` end dates are accepted and ignored.
///
/// Webmail and other personal domains (gmail.com, yahoo.com …) are bucketed as "(personal)"
/// unless the map names them; a domain the map does not know stands for itself.
public struct OrganizationMap: Sendable, Equatable {
    public static let personal = "(personal)"

    /// By lower-cased domain.
    private var organizations: [String: String] = [:]

    public init() {}

    public init(parsing text: String) {
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            // gitdm: "domain Organization < 2010-05-01" ends the mapping on that date.
            if let lt = line.firstIndex(of: "<") { line = line[..<lt] }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2 else { continue }
            organizations[words[0].lowercased()] = words.dropFirst().joined(separator: " ")
        }
    }

    public static func load(path: String) throws -> OrganizationMap {
        guard let data = FileManager.default.contents(atPath: path) else { throw IdentityError.unreadable(path) }
        return OrganizationMap(parsing: String(decoding: data, as: UTF8.self))
    }

    /// The organization of a (lower-cased) domain.
    public func organization(of domain: String) -> String {
        guard !domain.isEmpty else { return "(none)" }
        var candidate = Substring(domain)
        while true {
            if let org = organizations[String(candidate)] { return org }
            guard let dot = candidate.firstIndex(of: ".") else { break }
            candidate = candidate[candidate.index(after: dot)...]
        }
        if OrganizationMap.personalDomains.contains(domain) { return OrganizationMap.personal }
        return domain
    }

    /// Webmail and ISP domains people post from privately.
    static let personalDomains: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.co.jp", "yahoo.fr", "yahoo.de",
        "ymail.com", "hotmail.com", "hotmail.co.uk", "outlook.com", "live.com", "msn.com", "aol.com",
        "icloud.com", "me.com", "mac.com", "protonmail.com", "protonmail.ch", "proton.me", "pm.me",
        "tutanota.com", "fastmail.com", "fastmail.fm", "gmx.de", "gmx.net", "gmx.com", "web.de",
        "posteo.de", "posteo.net", "mailbox.org", "qq.com", "foxmail.com", "163.com", "126.com",
        "yeah.net", "sina.com", "aliyun.com", "mail.ru", "yandex.ru", "yandex.com", "ya.ru",
        "zoho.com", "hey.com", "riseup.net", "disroot.org", "t-online.de", "free.fr", "orange.fr",
        "laposte.net", "libero.it", "seznam.cz", "wp.pl", "o2.pl", "naver.com", "hanmail.net",
    ]
}

/// How the people of a digest are named and grouped: a mailmap for the counts and authors, and
/// optionally an organization map for a per-organization table. Empty by default.
public struct Identity: Sendable, Equatable {
    public var mailmap: Mailmap
    public var organizations: OrganizationMap?

    public init(mailmap: Mailmap = Mailmap(), organizations: OrganizationMap? = nil) {
        self.mailmap = mailmap
        self.organizations = organizations
    }
}
