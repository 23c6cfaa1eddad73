import ArgumentParser
import Archive
import Digest
import Foundation

/// `patchdigest messages ARCHIVE`: one JSON object per line per message of a range, classified as
/// the digest classifies it (patch, cover, pullRequest, reply, other, skipped, removal).
struct Messages: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the messages of a range as JSON lines, classified as the digest counts them.",
        discussion: """
        Each line: position, epoch, commit, kind (patch, cover, pullRequest, reply, other, skipped, \
        removal), messageId, subject, author and sender ({name, email}; a patch's author is its \
        in-body From), date, and for patches, covers and pull requests version, n and N; reason \
        for a skipped message. Messages come in archive order; removals and commits without a \
        message follow at the end of their epoch.
        """)

    @OptionGroup var range: ArchiveRange

    func run() throws {
        let options = range.options(now: Int64(Date().timeIntervalSince1970))
        let archive = range.archive
        var out = LineWriter()
        do {
            try MessageList.stream(archivePath: archive, options: options) { record in
                out.write(JSONLine.encode(record))
            }
        } catch let error as ArchiveError {
            out.flush()
            fail(error.description)
        }
        out.flush()
    }
}

/// Buffered stdout: one write per 64 KB, not per line.
private struct LineWriter {
    private var buffer = Data()

    mutating func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A record as one line of JSON, keys in a fixed order (JSONEncoder's order is not stable), absent
/// fields left out. Strings are escaped as JSON requires (quotes, backslashes, control characters),
/// and C1 controls too, so that a terminal showing the output runs no escape sequence.
enum JSONLine {
    static func encode(_ r: MessageRecord) -> String {
        var fields: [String] = ["\"position\":\(r.position)", "\"epoch\":\(r.epoch)", "\"commit\":\(quoted(r.commit))",
                                "\"kind\":\(quoted(r.kind))"]
        func add(_ key: String, _ value: String?) { if let value { fields.append("\"\(key)\":\(value)") }  }
        add("messageId", r.messageId.map(quoted))
        add("subject", r.subject.map(quoted))
        add("author", r.author.map(person))
        add("sender", r.sender.map(person))
        add("date", r.date.map(quoted))
        add("version", r.version.map(quoted))
        add("n", r.number.map(String.init))
        add("N", r.total.map(String.init))
        add("reason", r.reason.map(quoted))
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func person(_ p: Person) -> String {
        "{\"name\":\(quoted(p.name)),\"email\":\(quoted(p.email))}"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // Control characters, C1 included (a terminal may read U+009B as CSI), and the two
            // separators JavaScript does not accept raw.
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || (0x2028...0x2029).contains(scalar.value):
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// The archive and the commits to read, as `report` and `messages` take them.
struct ArchiveRange: ParsableArguments {
    @Argument(help: "The archive: a public-inbox directory or git repository.")
    var archive: String

    @Option(help: "Start after this commit (excluded).")
    var from: String?

    @Option(help: "End at this commit (included; default: the newest).")
    var to: String?

    @Option(help: "Only messages dated at or after this (2025-11-17, 2025-11-17T10:00+01:00, '2 days ago', @unix).")
    var since: String?

    @Option(help: "Only messages dated before this.")
    var until: String?

    @Option(help: ArgumentHelp("Skip (and report as skipped) messages larger than this many bytes, without loading them.",
                               valueName: "bytes"))
    var maxMessageSize: Int = DigestOptions().maxMessageSize

    func validate() throws {
        guard maxMessageSize > 0 else { throw ValidationError("--max-message-size must be at least 1") }
    }

    /// The options these arguments give; an unreadable date is one line on stderr and exit 1.
    func options(now: Int64) -> DigestOptions {
        var options = DigestOptions(from: from, to: to, maxMessageSize: maxMessageSize)
        if let since {
            guard let t = DateText.parse(since, now: now) else { fail("--since: cannot read the date '\(since)'") }
            options.since = t
        }
        if let until {
            guard let t = DateText.parse(until, now: now) else { fail("--until: cannot read the date '\(until)'") }
            options.until = t
        }
        return options
    }
}
