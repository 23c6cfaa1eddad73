import Archive
import Digest
import Foundation

extension FuzzChecks {
    /// Archive: MboxReader on arbitrary files. The first input byte chooses the quoting (bit 0:
    /// mboxrd or mboxo) and a small read buffer (4 + the other 7 bits, in bytes); the rest is the file.
    ///
    /// Promises: only "not an mbox" is refused, and then nothing was handed over; messages come in
    /// file order with positions 0, 1, … and each one's offset at a "From " line that starts the
    /// file or follows a blank line; with either buffer the reader agrees with MboxModel (the
    /// rules written the plain way, whole file in memory); the messages written out again and read
    /// back are the same (with their From-line dates); resuming at a message's offset reads the
    /// same messages from there on.
    public static func mbox(_ input: [UInt8]) -> [String] {
        guard let control = input.first else { return [] }
        let format: MboxFormat = control & 1 == 0 ? .mboxrd : .mboxo
        let smallBuffer = 4 + Int(control >> 1)
        let file = Array(input.dropFirst())
        let scratch = MboxScratch.shared
        guard scratch.load(file) else { return ["the scratch file cannot be written"] }

        let whole = scratch.read(format: format)
        var broken = wellFormed(whole, file)
        if whole != MboxModel.split(file, format: format, bufferSize: LineReader.defaultBufferSize) {
            broken.append("the reader and the plain model of the mbox rules disagree")
        }
        let small = scratch.read(format: format, bufferSize: smallBuffer)
        if small != MboxModel.split(file, format: format, bufferSize: smallBuffer) {
            broken.append("with a \(smallBuffer)-byte buffer, the reader and the model disagree")
        }
        guard whole.error == nil, !whole.messages.isEmpty else { return broken }

        // Resuming (a file that grows by appends): the first, a middle and the last message.
        let count = whole.messages.count
        for k in Set([0, count / 2, count - 1]) {
            let resumed = scratch.read(format: format, from: whole.messages[k].offset)
            let expected = whole.messages[k...].enumerated().map { i, m in MboxSplit.Message(m, position: i) }
            if resumed != MboxSplit(messages: expected, error: nil) {
                broken.append("resuming at message \(k) (byte \(whole.messages[k].offset)) reads differently")
            }
        }
        broken += roundTrip(whole.messages, format: format, scratch: scratch)
        return broken
    }

    private static func wellFormed(_ split: MboxSplit, _ file: [UInt8]) -> [String] {
        if let error = split.error {
            var broken = error.hasPrefix("notAnMbox") ? [] : ["refused with \(error)"]
            if !split.messages.isEmpty { broken.append("messages handed over before the refusal") }
            return broken
        }
        var broken: [String] = []
        var previousEnd = 0
        for (i, message) in split.messages.enumerated() {
            if message.position != i { broken.append("message \(i) has position \(message.position)") }
            guard message.offset >= previousEnd, message.offset < file.count,
                  file[message.offset...].starts(with: "From ".utf8) else {
                broken.append("message \(i) at byte \(message.offset) is not at a From line after the one before")
                break
            }
            let before = file[..<message.offset]
            let afterBlank = before.isEmpty || before.allSatisfy { $0 == 0x0A || $0 == 0x0D } && i == 0
                || before.reversed().starts(with: [0x0A, 0x0A]) || before.reversed().starts(with: [0x0A, 0x0D, 0x0A])
            if !afterBlank { broken.append("message \(i)'s From line does not follow a blank line") }
            if message.bytes.count > file.count - message.offset { broken.append("message \(i) is longer than the rest of the file") }
            previousEnd = message.offset + 5
        }
        if split.messages.isEmpty, file.contains(where: { $0 != 0x0A && $0 != 0x0D }) {
            broken.append("a file with text in it read as an empty mbox")
        }
        return broken
    }

    /// Writes the messages as an mbox of the same quoting and reads them back. mboxo cannot quote
    /// a line that began `>From ` (it comes back without its `>`), so such messages are left out there.
    private static func roundTrip(_ messages: [MboxSplit.Message], format: MboxFormat, scratch: MboxScratch) -> [String] {
        let lines = messages.map { MboxModel.lines($0.bytes) }
        if format == .mboxo, lines.joined().contains(where: { $0.starts(with: ">From ".utf8) }) { return [] }
        var file: [UInt8] = []
        var expected: [MboxSplit.Message] = []
        for (message, messageLines) in zip(messages, lines) {
            let date = AscTimeText.format(message.time)
            var copy = message
            copy.offset = file.count
            copy.time = date == nil ? 0 : message.time
            file += Array("From fuzz@example.org \(date ?? "Thu Jan  1 00:00:00 1970")\n".utf8)
            for line in messageLines {
                let depth = line.prefix(while: { $0 == UInt8(ascii: ">") }).count
                let quote = line.dropFirst(depth).starts(with: "From ".utf8) && (format == .mboxrd || depth == 0)
                if quote { file.append(UInt8(ascii: ">")) }
                file += line
            }
            if file.last != 0x0A { file.append(0x0A); copy.bytes.append(0x0A) }
            file.append(0x0A)
            expected.append(copy)
        }
        guard scratch.load(file) else { return ["the scratch file cannot be written"] }
        let back = scratch.read(format: format)
        if back != MboxSplit(messages: expected, error: nil) {
            let first = zip(back.messages, expected).enumerated().first(where: { $1.0 != $1.1 }).map { "message \($0.offset)" }
            return ["written out and read back, the mbox differs (\(back.error ?? first ?? "\(back.messages.count) messages, not \(expected.count)"))"]
        }
        return []
    }

}

/// What MboxReader made of a file: its messages, or the error it threw.
struct MboxSplit: Equatable {
    struct Message: Equatable {
        var bytes: [UInt8]
        var offset: Int
        var time: Int64
        var position: Int

        init(bytes: [UInt8], offset: Int, time: Int64, position: Int) {
            self.bytes = bytes
            self.offset = offset
            self.time = time
            self.position = position
        }

        init(_ other: Message, position: Int) {
            self = other
            self.position = position
        }
    }

    var messages: [Message]
    var error: String?
}

/// One unlinked file the checks write each input to (MboxReader reads regular files only); in
/// /dev/shm where there is one, so that a run writes no disk. Sendable as its only state is the
/// descriptor; libFuzzer hands the checks one input at a time, so no two writes overlap.
final class MboxScratch: Sendable {
    static let shared = MboxScratch()
    private let fd: Int32

    private init() {
        let directory = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        var template = Array("\(directory)/patchdigest-fuzz-mbox-XXXXXX".utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 { unlink(template) }
    }

    func load(_ bytes: [UInt8]) -> Bool {
        guard fd >= 0, ftruncate(fd, 0) == 0 else { return false }
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return written == bytes.count
    }

    func read(format: MboxFormat, from offset: Int = 0, bufferSize: Int = LineReader.defaultBufferSize) -> MboxSplit {
        var messages: [MboxSplit.Message] = []
        var error: String?
        do {
            try MboxReader.stream(fd: fd, path: "fuzz.mbox", format: format, from: offset, bufferSize: bufferSize) { item in
                switch item {
                case .message(let raw):
                    let offset = raw.commit.hasPrefix("mbox:") ? Int(raw.commit.dropFirst(5)) ?? -1 : -1
                    messages.append(.init(bytes: raw.bytes, offset: offset, time: raw.commitTime, position: raw.position))
                case .nonMessage(let non):
                    // Inputs are far below the size limit: a skip here is a bug.
                    messages.append(.init(bytes: Array("skipped".utf8), offset: -1, time: 0, position: non.position))
                }
            }
        } catch ArchiveError.notAnMbox {
            error = "notAnMbox" // its reason quotes the path and offset, which differ between reads
        } catch let failure {
            error = "\(failure)"
        }
        return MboxSplit(messages: messages, error: error)
    }
}

/// A From line's date, as asctime writes it (`Thu Jan  1 00:00:00 1970`, UTC).
enum AscTimeText {
    static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Nil outside the years 1–9999 (a From line's four-digit year cannot hold them).
    static func format(_ time: Int64) -> String? {
        let t = DateText.civil(time)
        guard (1...9999).contains(t.year) else { return nil }
        let days = time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
        let weekday = weekdays[Int(((days + 4) % 7 + 7) % 7)] // 1970-01-01 was a Thursday
        let day = t.day < 10 ? " \(t.day)" : "\(t.day)"
        let clock = "\(DateText.pad(t.hour)):\(DateText.pad(t.minute)):\(DateText.pad(t.second))"
        return "\(weekday) \(months[t.month - 1]) \(day) \(clock) \(DateText.pad(t.year, 4))"
    }
}
