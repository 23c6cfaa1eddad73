import Patches

/// Every message of a range as threads: what each one answers. Patches, cover letters, replies and
/// discussion alike, so that a patch is placed by the mails it really answers (through a
/// reviewer's reply, too) and the next stages can hang replies on the patches they answer.
///
/// A message answers its In-Reply-To, else the last References entry — never the first one:
/// covers are sent in reply to an older version, and some mail gateways put a References entry
/// of their own first in every mail.
public struct MailThreads: Sendable {
    /// One message: its Message-ID, what it answers, and where it is in the archive.
    public struct Node: Sendable, Equatable {
        public var messageID: String
        public var parent: String?
        public var position: Int

        public init(messageID: String, parent: String?, position: Int) {
            self.messageID = messageID
            self.parent = parent
            self.position = position
        }
    }

    /// The longest chain of answers walked: hostile In-Reply-To loops and chains must not hang
    /// the digest, and no real posting is deeper.
    public static let maxDepth = 64

    private var parentOf: [String: String] = [:]
    private var known: Set<String> = []

    public init() {}

    public init(_ nodes: [Node]) {
        for node in nodes { add(node) }
    }

    /// Adds a message; a Message-ID seen before keeps what it answered first.
    public mutating func add(_ node: Node) {
        guard known.insert(node.messageID).inserted else { return }
        if let parent = node.parent, parent != node.messageID { parentOf[node.messageID] = parent }
    }

    public mutating func add(_ mail: PatchEmail) {
        add(Node(messageID: mail.messageID, parent: Self.parent(of: mail), position: mail.position))
    }

    /// What a mail answers: its In-Reply-To, else the last References entry.
    public static func parent(of mail: PatchEmail) -> String? {
        let up = mail.inReplyTo ?? mail.references.last
        return up == mail.messageID ? nil : up
    }

    /// Whether the range holds a message of this Message-ID.
    public func contains(_ id: String) -> Bool { known.contains(id) }

    /// What `id` answers.
    public func parent(of id: String) -> String? { parentOf[id] }

    /// The messages `id` answers, nearest first, through the ones the range holds and one past
    /// them (the message answered that is not in the range), at most `maxDepth`.
    public func ancestors(of id: String) -> [String] {
        var chain: [String] = []
        var seen: Set<String> = [id]
        var current = id
        while chain.count < Self.maxDepth, let up = parentOf[current], seen.insert(up).inserted {
            chain.append(up)
            current = up
        }
        return chain
    }

    /// The top of the chain of answers: the first message of the thread the range knows of
    /// (which may be one it does not hold), else the message itself.
    public func root(of id: String) -> String { ancestors(of: id).last ?? id }
}
