/// One archived message as git stores it, with where it sits in the archive.
public struct RawMessage: Sendable {
    /// The raw RFC 5322 bytes (no mbox "From " line).
    public var bytes: [UInt8]
    /// The commit that added it.
    public var commit: String
    public var epoch: Int
    /// Its index in the streamed range, from 0: archive (import) order.
    public var position: Int
    /// The commit time, the date fallback for messages without a usable Date header.
    public var commitTime: Int64
}

/// A commit of the range that holds no message: a removal (`d`) or anything else.
public struct NonMessage: Sendable {
    public var commit: String
    public var epoch: Int
    public var position: Int
    /// True for public-inbox removals (the tree holds `d`).
    public var isRemoval: Bool
}
