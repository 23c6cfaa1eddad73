import Foundation
import Mail

/// How "From " lines inside messages were quoted when the mbox was written.
public enum MboxFormat: String, Codable, Sendable {
    /// Every line matching `^>*From ` got one more `>`; reading removes one from `^>+From `.
    /// What public-inbox, lei and lore's `t.mbox.gz` write; reversible.
    case mboxrd
    /// Only `^From ` got a `>`; reading turns `^>From ` back into `From ` (and leaves `>>From `).
    case mboxo
}

/// Reads an mbox file one message at a time.
///
/// The format cannot be told while streaming (only a `>>From ` line proves mboxrd, and it may come
/// last), so the caller names it; the default, mboxrd, is what lei and public-inbox write, and on
/// an mboxo file it differs only for body lines that began with `>From ` before quoting.
///
/// Separators: a line starting `From ` at the start of the file, or after a blank line when it
/// looks like `From <address> <date>` (a time `hh:mm` and a four-digit year follow the address);
/// anything else stays in the message, so an unquoted "From " sentence in a body does not cut it.
/// The blank line before a separator and at the end of the file belongs to the mbox, not to the
/// message. CRLF files work the same (the message keeps its CRLFs).
public enum MboxReader {
    /// The default limit: a message larger than the limit is not held in memory: it is handed
    /// over as a `NonMessage` with its size (a counted skip) and the reader moves on to the next one.
    public static let maximumMessageBytes = 64 << 20

    /// Streams the messages of the mbox at `path`, in file order: `ArchiveItem.message` with
    /// `position` = its index, `epoch` 0, `commit` = `mbox:<byte offset of its From line>`,
    /// `commitTime` = the From line's date (UTC seconds) or 0 when it has none. Memory stays at
    /// one read buffer plus the current message, whatever the file's size.
    ///
    /// `offset` resumes a file that grows by appends (a list archived to an mbox every day): give
    /// the byte offset of the last message read before (its `commit`), which comes again first
    /// (it may have been cut short by a writer then; skip it by Message-ID when it was whole).
    /// Positions count from 0 in every call; commits stay absolute. The caller checks the file
    /// did not shrink (rewritten, rotated), and reads it whole again if so.
    ///
    /// Throws `notAnMbox` when the file (or the bytes at `offset`) does not start with a "From "
    /// line (an empty file is an empty mbox), `noSuchSource`/`unreadable` when it cannot be read.
    public static func stream(path: String, format: MboxFormat = .mboxrd, from offset: Int = 0,
                              maxMessageSize: Int = maximumMessageBytes, _ body: (ArchiveItem) -> Void) throws {
        let fd = try open(path)
        defer { close(fd) }
        try stream(fd: fd, path: path, format: format, from: offset, maxMessageSize: maxMessageSize, body)
    }

    /// Checks that the file at `path` starts as an mbox, by the rules `stream` reads it with:
    /// blank lines, then a "From " line of at most 1 MB (the reader's buffer), or nothing at all.
    /// Reads no further than that line. Throws what `stream` would.
    public static func checkStart(path: String) throws {
        let fd = try open(path)
        defer { close(fd) }
        let lines = LineReader(fd: fd)
        var parser = MboxParser(path: path, format: .mboxrd)
        while !parser.hasStarted, let line = try lines.next() {
            _ = try parser.take(line)
        }
        if let failure = lines.failure {
            throw ArchiveError.unreadable(path: path, reason: failure)
        }
    }

    /// The mbox at `path`, opened without waiting (a FIFO is refused, not waited on).
    private static func open(_ path: String) throws -> Int32 {
        do {
            return try RegularFile.open(path)
        } catch .missing {
            throw ArchiveError.noSuchSource(path)
        } catch .notRegular(let kind) {
            throw ArchiveError.notAnMbox(path: path, reason: "it is \(kind), not a regular file")
        } catch .unreadable(let reason) {
            throw ArchiveError.unreadable(path: path, reason: reason)
        }
    }

    /// `stream(path:)` on an open file; `bufferSize` is the longest piece a line is handed over in
    /// (the fuzz check reads with tiny buffers to reach the code that joins pieces).
    package static func stream(fd: Int32, path: String, format: MboxFormat = .mboxrd, from offset: Int = 0,
                               bufferSize: Int = LineReader.defaultBufferSize, maxMessageSize: Int = maximumMessageBytes,
                               _ body: (ArchiveItem) -> Void) throws {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ArchiveError.notAnMbox(path: path, reason: "not a regular file")
        }
        guard offset >= 0, offset <= Int(info.st_size) else {
            throw ArchiveError.notAnMbox(path: path, reason: "offset \(offset) is past its end (\(info.st_size) bytes)")
        }
        guard lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else {
            throw ArchiveError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        let lines = LineReader(fd: fd, offset: offset, bufferSize: bufferSize)
        var parser = MboxParser(path: path, format: format, resumedAt: offset, limit: maxMessageSize)
        while let line = try lines.next() {
            if let item = try parser.take(line) { body(item) }
        }
        if let failure = lines.failure {
            throw ArchiveError.unreadable(path: path, reason: failure)
        }
        if let item = parser.finish() { body(item) }
    }
}

/// One line of the file, or a piece of a line too long for the buffer.
struct LinePiece {
    var bytes: UnsafeBufferPointer<UInt8>
    /// Offset of the piece's first byte in the file.
    var offset: Int
    /// The piece starts a line (only then can it be a separator or a quoted "From ").
    var startsLine: Bool
    /// The piece ends its line (holds the newline, or is the last bytes of the file).
    var endsLine: Bool
}

/// Splits a file descriptor into lines through one fixed buffer: a line longer than the buffer
/// comes in pieces (and can then be neither a separator nor a quoted "From ").
package final class LineReader {
    package static let defaultBufferSize = 1 << 20
    let fd: Int32
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var start = 0, end = 0
    private var fileOffset = 0 // offset of buffer[start]
    private var atLineStart = true
    private var eof = false
    private(set) var failure: String?

    init(fd: Int32, offset: Int = 0, bufferSize: Int = LineReader.defaultBufferSize) {
        self.fd = fd
        fileOffset = offset
        buffer = .allocate(capacity: max(bufferSize, 1))
    }

    deinit { buffer.deallocate() }

    /// The next piece; valid until the next call. Nil at the end of the file or after a read error.
    func next() throws -> LinePiece? {
        while true {
            if start < end, let newline = memchr(buffer.baseAddress! + start, 0x0A, end - start) {
                let stop = buffer.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                return take(upTo: stop, endsLine: true)
            }
            // No newline buffered: a full buffer is a long line's piece; at the end of the file the
            // rest is the last line; else read more.
            if end - start == buffer.count { return take(upTo: end, endsLine: false) }
            if eof {
                guard start < end else { return nil }
                return take(upTo: end, endsLine: true)
            }
            if !fill() { eof = true }
        }
    }

    private func take(upTo stop: Int, endsLine: Bool) -> LinePiece {
        let piece = LinePiece(bytes: UnsafeBufferPointer(rebasing: buffer[start..<stop]), offset: fileOffset,
                              startsLine: atLineStart, endsLine: endsLine)
        fileOffset += stop - start
        start = stop
        atLineStart = endsLine
        return piece
    }

    /// Moves the unread bytes to the front and reads more; false at the end of the file or on error.
    private func fill() -> Bool {
        if start > 0 {
            if start < end { memmove(buffer.baseAddress!, buffer.baseAddress! + start, end - start) }
            end -= start
            start = 0
        }
        while true {
            let n = read(fd, buffer.baseAddress! + end, buffer.count - end)
            if n > 0 { end += n; return true }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { failure = String(cString: strerror(errno)) }
            return false
        }
    }
}

/// The mbox rules over a sequence of line pieces.
struct MboxParser {
    let path: String
    let format: MboxFormat

    private var started = false
    private var message: [UInt8] = []
    private var messageOffset = 0
    private var messageTime: Int64 = 0
    private var oversized = false
    /// The bytes of the current message, counted on past the limit once it is no longer kept.
    private var size = 0
    private var position = 0
    /// The last complete line was blank; its length (1 for LF, 2 for CRLF).
    private var blankLength = 0

    /// Where reading began (0, or a caller's resume offset).
    let resumedAt: Int
    /// Larger messages are read past, never held.
    let limit: Int

    /// A "From " line was read: what came before it was what an mbox may start with.
    var hasStarted: Bool { started }

    init(path: String, format: MboxFormat, resumedAt: Int = 0, limit: Int = MboxReader.maximumMessageBytes) {
        self.path = path
        self.format = format
        self.resumedAt = resumedAt
        self.limit = limit
    }

    /// Takes the next piece of the file; returns the message it ended, if it was a separator.
    mutating func take(_ piece: LinePiece) throws -> ArchiveItem? {
        if piece.startsLine {
            if let time = separatorTime(piece) {
                let finished = started ? emit() : nil
                started = true
                message.removeAll(keepingCapacity: message.capacity <= 1 << 20)
                messageOffset = piece.offset
                messageTime = time
                oversized = false
                size = 0
                blankLength = 0
                return finished
            }
            if !started {
                // Blank lines before the first "From " are tolerated; nothing else is.
                if isBlank(piece) { return nil }
                throw ArchiveError.notAnMbox(path: path, reason: notAnMboxReason(piece))
            }
            blankLength = isBlank(piece) ? piece.bytes.count : 0
            append(unquoted(piece.bytes))
        } else {
            blankLength = 0
            append(piece.bytes)
        }
        return nil
    }

    private func notAnMboxReason(_ piece: LinePiece) -> String {
        if resumedAt > 0 { return "no \"From \" line at byte \(resumedAt) (the file changed?)" }
        if piece.bytes.starts(with: [0x1F, 0x8B]) { return "it is gzip-compressed (gunzip it first)" }
        if !piece.endsLine && piece.bytes.starts(with: MboxParser.from) {
            let size = piece.bytes.count
            return "its first \"From \" line is longer than " + (size % (1 << 20) == 0 ? "\(size >> 20) MB" : "\(size) bytes")
        }
        return "it does not start with a \"From \" line"
    }

    /// The last message, at the end of the file.
    mutating func finish() -> ArchiveItem? {
        started ? emit() : nil
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        size += bytes.count
        guard !oversized else { return }
        if size > limit {
            oversized = true
            message = []
            return
        }
        message.append(contentsOf: bytes)
    }

    private mutating func emit() -> ArchiveItem {
        defer { position += 1 }
        let commit = "mbox:\(messageOffset)"
        if oversized {
            // Its size as it would have been handed over: without the mbox's blank line.
            return .nonMessage(NonMessage(commit: commit, epoch: 0, position: position, isRemoval: false,
                                          oversizedBytes: size - blankLength, commitTime: messageTime == 0 ? nil : messageTime))
        }
        // The blank line that ends every message belongs to the mbox.
        if blankLength > 0 && message.count >= blankLength { message.removeLast(blankLength) }
        return .message(RawMessage(bytes: message, commit: commit, epoch: 0, position: position, commitTime: messageTime))
    }

    private func isBlank(_ piece: LinePiece) -> Bool {
        guard piece.endsLine else { return false }
        let b = piece.bytes
        return (b.count == 1 && b[0] == 0x0A) || (b.count == 2 && b[0] == 0x0D && b[1] == 0x0A)
    }

    /// The From line's time when `piece` is a separator here, else nil.
    private func separatorTime(_ piece: LinePiece) -> Int64? {
        guard piece.endsLine, piece.bytes.starts(with: MboxParser.from) else { return nil }
        let atStart = !started
        guard atStart || blankLength > 0 else { return nil }
        // Bytes, not Characters: Swift reads "\r\n" as one Character.
        var line = piece.bytes.dropFirst(5)
        while let last = line.last, last == 0x0A || last == 0x0D { line = line.dropLast() }
        let fields = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map { String(decoding: $0, as: UTF8.self) }
        guard let address = fields.first, !address.isEmpty else { return nil }
        let date = Array(fields.dropFirst())
        let parsed = AscTime.parse(date)
        // The first line of the file needs no date (some writers put "From -"); later ones do,
        // so that an unquoted "From " sentence after a blank line stays in its message.
        if parsed == nil && !atStart { return nil }
        return parsed ?? 0
    }

    /// mboxrd: `>+From ` loses one `>`; mboxo: `>From ` does.
    private func unquoted(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard bytes.first == UInt8(ascii: ">") else { return bytes }
        var i = 0
        while i < bytes.count && bytes[i] == UInt8(ascii: ">") { i += 1 }
        let depth = i
        guard bytes[i...].starts(with: MboxParser.from) else { return bytes }
        if format == .mboxo && depth != 1 { return bytes }
        return UnsafeBufferPointer(rebasing: bytes[1...])
    }

    static let from = Array("From ".utf8)
}

/// The date of a From line: asctime (`Thu Jan  1 00:00:00 1970`), leniently (a zone such as
/// `+0100` may follow, a comma may follow the weekday, day and month may swap places).
package enum AscTime {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// UTC seconds, or nil when the fields hold no time `hh:mm[:ss]`, no year, no month and day.
    package static func parse<S: StringProtocol>(_ fields: [S]) -> Int64? {
        var month: Int?, day: Int?, year: Int?, time: (Int, Int, Int)?, zone = 0
        for field in fields {
            let f = field.trimmingCharacters(in: CharacterSet(charactersIn: ",")).lowercased()
            if time == nil, let t = clock(f) { time = t; continue }
            if month == nil, f.count >= 3, let m = months.firstIndex(of: String(f.prefix(3))) { month = m + 1; continue }
            if let n = Int(f), f.allSatisfy(\.isNumber) {
                if f.count == 4, year == nil { year = n } else if f.count <= 2, day == nil, (1...31).contains(n) { day = n }
                continue
            }
            if (f.hasPrefix("+") || f.hasPrefix("-")), f.count == 5, let z = Int(f.dropFirst()) {
                zone = (f.hasPrefix("-") ? -1 : 1) * ((z / 100) * 3600 + (z % 100) * 60)
            }
        }
        guard let month, let day, let year, let time, (1...9999).contains(year) else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        return days * 86400 + Int64(time.0 * 3600 + time.1 * 60 + time.2) - Int64(zone)
    }

    private static func clock(_ f: String) -> (Int, Int, Int)? {
        let parts = f.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isNumber) }) else { return nil }
        let n = parts.map { Int($0)! }
        guard n[0] < 24, n[1] < 60, (n.count == 2 ? 0 : n[2]) < 61 else { return nil }
        return (n[0], n[1], n.count == 3 ? n[2] : 0)
    }
}
