import ArgumentParser
import Digest

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
        options.since = since.map { readDate($0, option: "--since", now: now) }
        options.until = until.map { readDate($0, option: "--until", now: now) }
        return options
    }
}

/// A command-line date as DateText reads it; one line on stderr and exit 1 when it cannot.
func readDate(_ text: String, option: String, now: Int64) -> Int64 {
    guard let seconds = DateText.parse(text, now: now) else { fail("\(option): cannot read the date '\(text)'") }
    return seconds
}
