/// Message identifiers from Message-ID, In-Reply-To and References.
enum MessageIDs {
    /// The first `<...>` identifier, or when there are no angle brackets the first
    /// whitespace-separated token; nil when there is nothing.
    static func first(_ value: String) -> String? {
        let bytes = Array(value.utf8)
        if let id = bracketed(bytes, firstOnly: true).first { return id }
        if bytes.contains(UInt8(ascii: "<")) { return nil }
        return tokens(bytes, firstOnly: true).first
    }

    /// Every `<...>` identifier in order; bare tokens when no brackets appear at all.
    static func all(_ value: String) -> [String] {
        let bytes = Array(value.utf8)
        if bytes.contains(UInt8(ascii: "<")) { return bracketed(bytes, firstOnly: false) }
        return tokens(bytes, firstOnly: false)
    }

    /// Contents of `<...>` pairs with whitespace removed (some clients fold long
    /// identifiers); an unclosed `<` runs to the end. Empty ones are skipped.
    private static func bracketed(_ bytes: [UInt8], firstOnly: Bool) -> [String] {
        var ids: [String] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "<") else { i += 1; continue }
            var j = i + 1
            var id: [UInt8] = []
            while j < bytes.count, bytes[j] != UInt8(ascii: ">") {
                if bytes[j] == UInt8(ascii: "<") { break }   // "<<id>": restart at the inner one
                if !Bytes.isWhitespace(bytes[j]) { id.append(bytes[j]) }
                j += 1
            }
            if j < bytes.count, bytes[j] == UInt8(ascii: "<") {
                i = j
                continue
            }
            if !id.isEmpty {
                ids.append(String(decoding: id, as: UTF8.self))
                if firstOnly { break }
            }
            i = j + 1
        }
        return ids
    }

    private static func tokens(_ bytes: [UInt8], firstOnly: Bool) -> [String] {
        var ids: [String] = []
        for token in bytes.split(whereSeparator: Bytes.isWhitespace) {
            ids.append(String(decoding: token, as: UTF8.self))
            if firstOnly { break }
        }
        return ids
    }
}
