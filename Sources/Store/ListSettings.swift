import Foundation

/// How a list's digests are made and printed, set once at `add` so that `update`, `show` and
/// `feed` need no flags (a flag given to them still wins for that run).
public struct ListSettings: Sendable, Equatable {
    /// The name in digest headings (`KVM list`); the list's own name when nil.
    public var title: String?
    /// Where each message has its page (`https://lore.kernel.org/kvm`), or `none` for no links;
    /// lore's `all` when nil.
    public var loreBase: String?
    /// A mailmap file (absolute path); the home's `mailmap` when nil.
    public var mailmap: String?
    /// A gitdm domain map (absolute path); the home's `domain-map` when nil.
    public var organizationMap: String?

    public init(title: String? = nil, loreBase: String? = nil, mailmap: String? = nil, organizationMap: String? = nil) {
        self.title = title
        self.loreBase = loreBase
        self.mailmap = mailmap
        self.organizationMap = organizationMap
    }

    /// The settings as the state keeps them: one `listSetting` row per key.
    public enum Key: String, CaseIterable, Sendable {
        case title, loreBase, mailmap, organizationMap
    }

    public subscript(key: Key) -> String? {
        get {
            switch key {
            case .title: return title
            case .loreBase: return loreBase
            case .mailmap: return mailmap
            case .organizationMap: return organizationMap
            }
        }
        set {
            switch key {
            case .title: title = newValue
            case .loreBase: loreBase = newValue
            case .mailmap: mailmap = newValue
            case .organizationMap: organizationMap = newValue
            }
        }
    }
}
