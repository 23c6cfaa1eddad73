import Archive

/// The mbox rules of MboxReader's documentation, written the plain way: the whole file in
/// memory, split into lines first. The mbox check compares the streaming reader with it.
///
/// `bufferSize` is the reader's read buffer: a line that does not fit (longer than it, or as long
/// and without a newline) reaches the rules in pieces, so it is neither a separator nor blank, and
/// it loses a quoting `>` only when its `>…>From ` fits in the first piece.
enum MboxModel {
    static func split(_ file: [UInt8], format: MboxFormat, bufferSize: Int) -> MboxSplit {
        var messages: [MboxSplit.Message] = []
        var current: MboxSplit.Message?
        var blank = 0 // length of the last line when it was blank, else 0
        var offset = 0
        for line in lines(file) {
            defer { offset += line.count }
            let whole = line.count < bufferSize || (line.count == bufferSize && line.last == 0x0A)
            if whole, let time = separatorTime(line, first: current == nil, afterBlank: blank > 0) {
                if let done = current { messages.append(trimmed(done, blank)) }
                current = .init(bytes: [], offset: offset, time: time, position: messages.count)
                blank = 0
                continue
            }
            let isBlank = whole && (line.elementsEqual([0x0A]) || line.elementsEqual([0x0D, 0x0A]))
            guard current != nil else {
                if isBlank { continue }
                return MboxSplit(messages: [], error: "notAnMbox")
            }
            blank = isBlank ? line.count : 0
            current!.bytes += unquoted(line, format: format, firstPiece: whole ? line.count : bufferSize)
        }
        if let done = current { messages.append(trimmed(done, blank)) }
        return MboxSplit(messages: messages, error: nil)
    }

    /// The blank line before a separator (or the end of the file) belongs to the mbox.
    private static func trimmed(_ message: MboxSplit.Message, _ blank: Int) -> MboxSplit.Message {
        var message = message
        if blank > 0 && message.bytes.count >= blank { message.bytes.removeLast(blank) }
        return message
    }

    /// A "From " line that starts the file (any address, date optional) or follows a blank line
    /// (address and an asctime date).
    private static func separatorTime(_ line: ArraySlice<UInt8>, first: Bool, afterBlank: Bool) -> Int64? {
        guard line.starts(with: "From ".utf8), first || afterBlank else { return nil }
        var rest = line.dropFirst(5)
        while let last = rest.last, last == 0x0A || last == 0x0D { rest = rest.dropLast() }
        let fields = rest.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map { String(decoding: $0, as: UTF8.self) }
        guard !fields.isEmpty else { return nil }
        let time = AscTime.parse(Array(fields.dropFirst()))
        return time ?? (first ? 0 : nil)
    }

    private static func unquoted(_ line: ArraySlice<UInt8>, format: MboxFormat, firstPiece: Int) -> ArraySlice<UInt8> {
        let depth = line.prefix(while: { $0 == UInt8(ascii: ">") }).count
        guard depth > 0, depth + 5 <= firstPiece, line.dropFirst(depth).starts(with: "From ".utf8),
              format == .mboxrd || depth == 1 else { return line }
        return line.dropFirst()
    }

    /// The lines of `bytes`, each with its LF (the last may have none).
    static func lines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(bytes[start...i])
            start = i + 1
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        return lines
    }
}
