/// How a history knows a message it has read: its Message-ID ("" when it has none or could not
/// be read) and a hash of its raw bytes. Two readings are one message only when both agree: a
/// list may carry new content under an old Message-ID (a v6 posted under v5's ids), and that is
/// news; and a sender who posts first under an id does not hide what comes later under it.
public struct MessageKey: Hashable, Sendable {
    public var messageID: String
    /// `ContentHash` of the raw message, in hex.
    public var contentHash: String

    public init(messageID: String, contentHash: String) {
        self.messageID = messageID
        self.contentHash = contentHash
    }

    /// The key of a message's raw bytes; `messageID` nil when it has none (or could not be parsed).
    public init(messageID: String?, bytes: [UInt8]) {
        self.init(messageID: messageID ?? "", contentHash: ContentHash.hex(bytes))
    }
}

/// FNV-1a, 128 bits, over a message's raw bytes.
///
/// Not a cryptographic hash, and it need not be: it tells apart two readings of an archive. To
/// hide a later message a sender would have to know its exact bytes (with the headers the list
/// adds on delivery) before it is posted; chance collisions among n messages are about n²/2¹²⁹.
/// A byte at a time, it runs at several hundred MB/s, and only where a history is kept (`update`),
/// never in `report`.
public enum ContentHash {
    static let offsetBasis: UInt128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d
    static let prime: UInt128 = 0x0000_0000_0100_0000_0000_0000_0000_013b

    public static func hash(_ bytes: [UInt8]) -> UInt128 {
        var h = offsetBasis
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer {
                h ^= UInt128(byte)
                h &*= prime
            }
        }
        return h
    }

    /// 32 lower-case hex digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        let text = String(hash(bytes), radix: 16)
        return String(repeating: "0", count: 32 - text.count) + text
    }
}
