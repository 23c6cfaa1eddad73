/// Where one header field sits in the message bytes. Only offsets are kept: a
/// String is built when somebody asks for the field.
struct HeaderField: Sendable {
    var nameStart: Int
    var nameEnd: Int
    /// From just after the colon to the end of the last continuation line,
    /// without its line break; may include the folding CR/LF bytes.
    var valueStart: Int
    var valueEnd: Int
}

/// The header section of a message or MIME part, indexed in one pass.
struct HeaderBlock: Sendable {
    var fields: [HeaderField] = []
    /// First byte of the body (after the empty separator line).
    var bodyStart: Int

    /// Indexes `base[start..<end]`. The block ends at the first empty line (LF or
    /// CRLF). A line that is neither a field nor a continuation also ends it and
    /// starts the body, as in Python's email package: mail that forgot the blank
    /// line keeps its text instead of losing it to the header index.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> HeaderBlock {
        var block = HeaderBlock(bodyStart: end)
        guard let base = bytes.baseAddress, start < end else { return block }
        block.fields.reserveCapacity(32)
        var i = start
        while i < end {
            let lf = Bytes.nextLF(base, from: i, end: end)
            var lineEnd = lf
            if lineEnd > i, bytes[lineEnd - 1] == Bytes.cr { lineEnd -= 1 }
            let next = lf < end ? lf + 1 : end
            if lineEnd == i {
                block.bodyStart = next
                return block
            }
            let first = bytes[i]
            if Bytes.isWSP(first) {
                // Continuation: extend the previous field; an orphan one is ignored.
                if !block.fields.isEmpty {
                    block.fields[block.fields.count - 1].valueEnd = lineEnd
                }
            } else if let colon = fieldColon(bytes, i, lineEnd) {
                var nameEnd = colon
                while nameEnd > i, Bytes.isWSP(bytes[nameEnd - 1]) { nameEnd -= 1 }
                block.fields.append(HeaderField(nameStart: i, nameEnd: nameEnd, valueStart: colon + 1, valueEnd: lineEnd))
            } else {
                block.bodyStart = i
                return block
            }
            i = next
        }
        block.bodyStart = end
        return block
    }

    /// The colon of a `Name: value` line: a name of printable ASCII other than the
    /// colon, optionally followed by spaces (obsolete syntax), then the colon.
    @inline(__always)
    private static func fieldColon(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var j = start
        while j < end {
            let c = bytes[j]
            if c == 0x3A { return j > start ? j : nil }
            if c < 0x21 || c > 0x7E { break }
            j += 1
        }
        guard j > start else { return nil }
        while j < end, Bytes.isWSP(bytes[j]) { j += 1 }
        return j < end && bytes[j] == 0x3A ? j : nil
    }

    /// Index of the first field named `name` (lower-cased ASCII), case-insensitively.
    func firstIndex(of name: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        fields.firstIndex { matches($0, name, bytes) }
    }

    /// Indices of every field named `name`, in order.
    func indices(of name: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        fields.indices.filter { matches(fields[$0], name, bytes) }
    }

    @inline(__always)
    private func matches(_ field: HeaderField, _ name: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard field.nameEnd - field.nameStart == name.count else { return false }
        var j = field.nameStart
        for expected in name {
            if Bytes.lower(bytes[j]) != expected { return false }
            j += 1
        }
        return true
    }

    /// A field's value unfolded (line breaks removed, the folding whitespace kept),
    /// trimmed, as text: UTF-8 when valid, windows-1252 otherwise.
    static func value(of field: HeaderField, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        let range = Bytes.trimmed(bytes, field.valueStart, field.valueEnd)
        var plain = true
        for j in range where bytes[j] == Bytes.cr || bytes[j] == Bytes.lf {
            plain = false
            break
        }
        if plain {
            return Charset.utf8OrWindows1252(UnsafeBufferPointer(rebasing: bytes[range]))
        }
        var unfolded: [UInt8] = []
        unfolded.reserveCapacity(range.count)
        for j in range where bytes[j] != Bytes.cr && bytes[j] != Bytes.lf {
            unfolded.append(bytes[j])
        }
        return Charset.utf8OrWindows1252(unfolded[...])
    }
}
