/// What to digest: a range of an archive, optionally narrowed by date.
public struct DigestOptions: Sendable {
    public var from: String?
    public var to: String?
    /// Unix seconds, inclusive; compared with each message's Date (commit time when it has none).
    public var since: Int64?
    /// Unix seconds, exclusive.
    public var until: Int64?
    /// The list name in headings; the inbox's directory name when nil.
    public var name: String?
    /// Messages larger than this (bytes) are skipped and reported, never loaded.
    public var maxMessageSize: Int
    /// Whose addresses are one person's, and which organization a domain is.
    public var identity: Identity

    public init(from: String? = nil, to: String? = nil, since: Int64? = nil, until: Int64? = nil,
                name: String? = nil, maxMessageSize: Int = 64 << 20, identity: Identity = Identity()) {
        self.from = from
        self.to = to
        self.since = since
        self.until = until
        self.name = name
        self.maxMessageSize = maxMessageSize
        self.identity = identity
    }

    var hasDates: Bool { since != nil || until != nil }
}
