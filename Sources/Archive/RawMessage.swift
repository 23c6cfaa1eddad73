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

    public init(bytes: [UInt8], commit: String, epoch: Int, position: Int, commitTime: Int64) {
        self.bytes = bytes
        self.commit = commit
        self.epoch = epoch
        self.position = position
        self.commitTime = commitTime
    }
}

/// A commit of the range whose message is not handed over: a removal (`d`), a message over the
/// stream's size limit (never loaded), a message git could not read (`damage`), or anything else.
public struct NonMessage: Sendable {
    public var commit: String
    public var epoch: Int
    public var position: Int
    /// True for public-inbox removals (the tree holds `d`).
    public var isRemoval: Bool
    /// The size of a message that was over the limit, in bytes; nil otherwise.
    public var oversizedBytes: Int?
    /// The commit time (for a file, its time), where it is known: the only date of a message
    /// that was never read.
    public var commitTime: Int64?
    /// Why git could not hand the message over, when the repository is damaged; nil otherwise.
    public var damage: ObjectDamage?

    public init(commit: String, epoch: Int, position: Int, isRemoval: Bool, oversizedBytes: Int? = nil,
                commitTime: Int64? = nil, damage: ObjectDamage? = nil) {
        self.commit = commit
        self.epoch = epoch
        self.position = position
        self.isRemoval = isRemoval
        self.oversizedBytes = oversizedBytes
        self.commitTime = commitTime
        self.damage = damage
    }
}
