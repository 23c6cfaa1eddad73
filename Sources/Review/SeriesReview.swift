import Mail

/// What the replies to one posting say: how many, from whom, since when, and the trailers each
/// of its patches has been given.
public struct SeriesReview: Sendable {
    public var replies: Int
    /// Everyone who replied (the author too, when they answered), one entry per address, in
    /// order of their first reply.
    public var participants: [Mailbox]
    public var firstReply: MailDate
    /// Every patch received, by number.
    public var patches: [PatchReview]
    /// The posting's N: "reviewed" asks for every patch of it.
    public var total: Int

    /// Every patch 1…N came, and each has a Reviewed-by or an Acked-by.
    public var reviewed: Bool {
        let approved = Set(patches.filter { $0.trailers.contains { $0.trailer.kind.approves } }.map(\.number))
        return total > 0 && (1...total).allSatisfy(approved.contains)
    }

    /// Someone NAKed a patch or the whole posting.
    public var nacked: Bool { patches.contains { $0.trailers.contains { $0.trailer.kind == .nackedBy } } }
}

/// One patch of a posting and the trailers the replies gave it (once each: the same kind from the
/// same address again is a duplicate).
public struct PatchReview: Sendable {
    public var number: Int
    public var messageID: String
    public var trailers: [ReplyTrailer]
    /// Where each kind and address (lower-cased) is in `trailers`.
    private var index: [String: Int] = [:]

    init(number: Int, messageID: String) {
        self.number = number
        self.messageID = messageID
        trailers = []
    }

    /// Adds a trailer unless the patch has it; a copy the sender gave for themselves replaces
    /// one given for them by someone else.
    mutating func add(_ trailer: ReplyTrailer) {
        let key = trailer.trailer.kind.rawValue + " " + trailer.trailer.email.lowercased()
        if let i = index[key] {
            if !trailers[i].trailer.senderMatches && trailer.trailer.senderMatches { trailers[i] = trailer }
            return
        }
        index[key] = trailers.count
        trailers.append(trailer)
    }
}

/// A trailer and the reply that gave it.
public struct ReplyTrailer: Sendable, Equatable {
    public var trailer: GivenTrailer
    /// The reply's Message-ID (empty when it has none).
    public var messageID: String
}
