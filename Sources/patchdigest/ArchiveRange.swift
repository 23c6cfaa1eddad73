import ArgumentParser
import Digest
import Foundation

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

    /// Usage errors (exit 64): a size below 1, a date that cannot be read, and dates that leave
    /// no time between them, which would otherwise be an empty digest that looks like a quiet day.
    func validate() throws {
        guard maxMessageSize > 0 else { throw ValidationError("--max-message-size must be at least 1") }
        let now = Int64(Date().timeIntervalSince1970)
        let start = try since.map { try commandLineDate($0, option: "--since", now: now) }
        let end = try until.map { try commandLineDate($0, option: "--until", now: now) }
        if let start, let end, start >= end {
            throw ValidationError("--since \(since!) is not before --until \(until!) (--until is excluded): no message can be in that range")
        }
    }

    /// The options these arguments give (their dates were checked by `validate`).
    func options(now: Int64) -> DigestOptions {
        var options = DigestOptions(from: from, to: to, maxMessageSize: maxMessageSize)
        options.since = since.map { readDate($0, option: "--since", now: now) }
        options.until = until.map { readDate($0, option: "--until", now: now) }
        return options
    }
}

/// A command-line date as DateText reads it; a usage error (exit 64) when it cannot.
func commandLineDate(_ text: String, option: String, now: Int64) throws -> Int64 {
    guard let seconds = DateText.parse(text, now: now) else {
        throw ValidationError("\(option): cannot read the date '\(text)'")
    }
    return seconds
}

/// A command-line date already checked by a `validate()`; one line on stderr and exit 64 if not.
func readDate(_ text: String, option: String, now: Int64) -> Int64 {
    guard let seconds = DateText.parse(text, now: now) else {
        StandardStreams.err("patchdigest: \(option): cannot read the date '\(text)'\n")
        exit(64)
    }
    return seconds
}
