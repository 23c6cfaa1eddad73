/// Why a byte string could not be read as a message.
public enum MailError: Error, Equatable, Sendable {
    case empty
    case noHeaders
    case tooLarge(Int)

    public var reason: String {
        switch self {
        case .empty: return "empty message"
        case .noHeaders: return "no header fields at the start of the message"
        case .tooLarge(let size): return "message too large (\(size) bytes)"
        }
    }
}

/// One raw email. Parsing indexes the header fields only; every accessor builds
/// its String on demand and bodies are decoded only by `textParts()`.
public struct Message: Sendable {
    let bytes: [UInt8]
    let block: HeaderBlock

    public static func parse(_ bytes: [UInt8], maxSize: Int = 64 << 20) throws -> Message {
        if bytes.count > maxSize { throw MailError.tooLarge(bytes.count) }
        guard bytes.contains(where: { !Bytes.isWhitespace($0) }) else { throw MailError.empty }
        let block = bytes.withUnsafeBufferPointer { buffer in
            HeaderBlock.scan(buffer, from: headerStart(buffer), to: buffer.count)
        }
        if block.fields.isEmpty { throw MailError.noHeaders }
        return Message(bytes: bytes, block: block)
    }

    /// Skips blank lines a transport may have left in front, then an mbox
    /// `From ` separator line.
    private static func headerStart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < bytes.count, bytes[i] == Bytes.cr || bytes[i] == Bytes.lf { i += 1 }
        let from: [UInt8] = Array("From ".utf8)
        if bytes.count - i >= from.count, from.indices.allSatisfy({ bytes[i + $0] == from[$0] }), let base = bytes.baseAddress {
            let lf = Bytes.nextLF(base, from: i, end: bytes.count)
            i = min(lf + 1, bytes.count)
        }
        return i
    }

    // MARK: Raw fields

    /// The first field called `name` (case-insensitive), unfolded and trimmed, not
    /// RFC 2047-decoded.
    public func header(_ name: String) -> String? {
        let key = Bytes.lowercased(name)
        return bytes.withUnsafeBufferPointer { buffer in
            block.firstIndex(of: key, in: buffer).map {
                HeaderBlock.value(of: block.fields[$0], in: buffer)
            }
        }
    }

    /// Every field called `name`, in order.
    public func headers(_ name: String) -> [String] {
        let key = Bytes.lowercased(name)
        return bytes.withUnsafeBufferPointer { buffer in
            block.indices(of: key, in: buffer).map {
                HeaderBlock.value(of: block.fields[$0], in: buffer)
            }
        }
    }

    public var bodyByteCount: Int { bytes.count - block.bodyStart }

    // MARK: Interpreted fields

    /// Decoded subject on one line; folded subjects come out whole.
    public var subject: String {
        guard let raw = header("Subject") else { return "" }
        return Bytes.collapsingWhitespace(EncodedWords.decode(raw))
    }

    /// The From field as written.
    public var sender: Mailbox? {
        header("From").flatMap(AddressParser.parseMailbox)
    }

    /// The author: the From field, unless a mailing list rewrote it for DMARC
    /// (`Name via List <list@host>`, or simply the list's own address), in which
    /// case the original sender comes from X-Original-From. Mailman's "munge"
    /// mode leaves no X-Original-From but puts the poster in Reply-To; that is
    /// used only when From is both "via" and the list's address.
    public var from: Mailbox? {
        guard let written = sender else {
            return header("X-Original-From").flatMap(AddressParser.parseMailbox)
        }
        let via = Self.viaListName(written.name)
        let fromList = isListAddress(written)
        guard via != nil || fromList else { return written }
        if let original = header("X-Original-From").flatMap(AddressParser.parseMailbox) {
            return original
        }
        if let person = via, fromList,
           let replyTo = header("Reply-To").flatMap(AddressParser.parseMailbox),
           !isListAddress(replyTo) {
            return Mailbox(name: replyTo.name.isEmpty ? person : replyTo.name, address: replyTo.address)
        }
        return written
    }

    /// The name before a trailing " via Something", or nil when there is none.
    static func viaListName(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        let needle: [UInt8] = Array(" via ".utf8)
        guard bytes.count > needle.count else { return nil }
        var i = bytes.count - needle.count
        while i > 0 {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) {
                let person = Bytes.collapsingWhitespace(String(decoding: bytes[..<i], as: UTF8.self))
                let list = Bytes.collapsingWhitespace(String(decoding: bytes[(i + needle.count)...], as: UTF8.self))
                return person.isEmpty || list.isEmpty ? nil : person
            }
            i -= 1
        }
        return nil
    }

    /// Whether `mailbox` is the list's own posting address (List-Post, List-Id).
    private func isListAddress(_ mailbox: Mailbox) -> Bool {
        let key = Bytes.lowercased(mailbox.address)
        guard let at = key.firstIndex(of: UInt8(ascii: "@")) else { return false }
        if let post = header("List-Post").map(Bytes.lowercased),
           let mailto = Self.find(Array("mailto:".utf8), in: post) {
            let address = post[mailto...].prefix { byte in
                byte != UInt8(ascii: ">") && byte != UInt8(ascii: "?") && byte != UInt8(ascii: ",") && !Bytes.isWhitespace(byte)
            }
            if address.elementsEqual(key) { return true }
        }
        if let id = header("List-Id").map(Bytes.lowercased), let open = id.lastIndex(of: UInt8(ascii: "<")) {
            let listID = id[(open + 1)...].prefix { $0 != UInt8(ascii: ">") }
            var dotted = key
            dotted[at] = UInt8(ascii: ".")
            if listID.elementsEqual(dotted) { return true }
        }
        return false
    }

    /// Index just after the first occurrence of `needle`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i..<(i + needle.count)].elementsEqual(needle) {
            return i + needle.count
        }
        return nil
    }

    public var messageID: String? {
        header("Message-ID").flatMap(MessageIDs.first)
    }

    public var inReplyTo: String? {
        header("In-Reply-To").flatMap(MessageIDs.first)
    }

    public var references: [String] {
        header("References").map(MessageIDs.all) ?? []
    }

    public var date: MailDate? {
        header("Date").flatMap(DateParser.parse)
    }
}
