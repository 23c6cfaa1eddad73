import ArgumentParser
import Archive
import Digest
import Foundation
import Render

/// `patchdigest messages ARCHIVE`: one JSON object per line per message of a range, classified as
/// the digest classifies it (patch, cover, pullRequest, reply, other, skipped, removal).
struct Messages: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the messages of a range as JSON lines, classified as the digest counts them.",
        discussion: """
        Each line: position, epoch, commit, kind (patch, cover, pullRequest, reply, other, skipped, \
        removal), messageId, subject, author and sender ({name, email}; a patch's author is its \
        in-body From), date, and for patches, covers and pull requests version, n and N; \
        inReplyTo and references (Message-IDs, oldest first) when the mail has them; reason \
        for a skipped message. Messages come in archive order; removals and commits without a \
        message follow at the end of their epoch.
        """)

    @OptionGroup var range: ArchiveRange

    func run() throws {
        let options = range.options(now: Int64(Date().timeIntervalSince1970))
        var out = LineWriter()
        do {
            try MessageList.stream(archivePath: range.archive, options: options) { record in
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
        do { try StandardStreams.out(buffer, what: "the messages") } catch { fail(describe(error)) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A record as one line of JSON, keys in a fixed order (JSONEncoder's order is not stable), absent
/// fields left out. Strings are written as in every JSON patchdigest writes (`JSONString`).
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
        add("inReplyTo", r.inReplyTo.map(quoted))
        add("references", r.references.map { "[" + $0.map(quoted).joined(separator: ",") + "]" })
        add("reason", r.reason.map(quoted))
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func person(_ p: Person) -> String {
        "{\"name\":\(quoted(p.name)),\"email\":\(quoted(p.email))}"
    }

    static func quoted(_ text: String) -> String { JSONString.quoted(text) }
}
