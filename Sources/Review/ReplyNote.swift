import Mail

/// The trailers a reply can give a patch, spelled as the trailer is.
public enum TrailerKind: String, Sendable, Codable, CaseIterable {
    case reviewedBy = "Reviewed-by"
    case ackedBy = "Acked-by"
    case testedBy = "Tested-by"
    case nackedBy = "Nacked-by"

    /// The kind a trailer key names (any case), nil for other keys.
    static func named<C: Collection>(_ key: C) -> TrailerKind? where C.Element == UInt8 {
        allCases.first { kind in
            let spelled = kind.rawValue.utf8
            return key.count == spelled.count && zip(key, spelled).allSatisfy { ASCII.lower($0) == ASCII.lower($1) }
        }
    }

    /// Whether the kind says the patch was looked at and found good: what "reviewed" asks for.
    public var approves: Bool { self == .reviewedBy || self == .ackedBy }
}

/// One trailer as a reply gives it.
public struct GivenTrailer: Sendable, Equatable {
    public var kind: TrailerKind
    public var name: String
    public var email: String
    /// The reply's sender is the person the trailer names (by address, or by name as b4 allows):
    /// false for a trailer given for someone else.
    public var senderMatches: Bool
    /// "for patches 1-3": the patches of a series a trailer given on its cover letter is for, as
    /// ranges (a hostile "for 1-9999" stays two numbers); nil for all of them.
    public var only: [ClosedRange<Int>]?

    public init(kind: TrailerKind, name: String, email: String, senderMatches: Bool, only: [ClosedRange<Int>]? = nil) {
        self.kind = kind
        self.name = name
        self.email = email
        self.senderMatches = senderMatches
        self.only = only
    }
}

/// What one reply says: who sent it and when, what it answers, and the trailers it gives.
/// Read once per message, on the worker threads, so the whole-archive digest pays for it only
/// there.
public struct ReplyNote: Sendable, Equatable {
    public var messageID: String?
    /// What it answers: In-Reply-To, else the last References entry.
    public var parent: String?
    public var sender: Mailbox
    /// Unix seconds: its Date, else the commit time.
    public var date: MailDate
    /// Its place in the archive, as the thread model knows it.
    public var position: Int
    public var trailers: [GivenTrailer]

    public init(messageID: String?, parent: String?, sender: Mailbox, date: MailDate, position: Int,
                trailers: [GivenTrailer]) {
        self.messageID = messageID
        self.parent = parent
        self.sender = sender
        self.date = date
        self.position = position
        self.trailers = trailers
    }
}

/// Byte helpers of the reader: the text it looks for is ASCII.
enum ASCII {
    static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `bytes` without leading and trailing spaces, tabs and CRs.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lo = bytes.startIndex, hi = bytes.endIndex
        while lo < hi, isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
        return bytes[lo..<hi]
    }
}
