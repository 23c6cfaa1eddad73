import ArgumentParser
import Archive
import Digest
import Foundation
import Render

/// `patchdigest report ARCHIVE`: the digest of one range, printed.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the digest of a range of a public-inbox archive.",
        discussion: """
        ARCHIVE is a public-inbox v1 inbox or single epoch (bare or not), or a v2 inbox directory \
        holding git/0.git, git/1.git, … The range is `git rev-list FROM..TO`: FROM excluded, TO \
        included; abbreviated hashes work. Without --from/--to/--since/--until the newest epoch's \
        whole history is digested. --since/--until select by each message's Date header.
        """)

    @OptionGroup var range: ArchiveRange

    @Option(help: "The list name in headings (default: what the inbox's description names, else its directory's name).")
    var name: String?

    @OptionGroup var identityOptions: IdentityOptions

    @OptionGroup var output: OutputOptions

    func run() throws {
        let now = Int64(Date().timeIntervalSince1970)
        var options = range.options(now: now)
        options.name = name
        do { options.identity = try identityOptions.identity(home: nil) } catch { fail(describe(error)) }
        let report: DigestReport
        do {
            report = try DigestBuilder.make(archivePath: range.archive, options: options, now: now)
        } catch let error as ArchiveError {
            fail(error.description)
        }
        try output.emit(report, listBase: (try? Inbox.open(range.archive))?.description.url)
    }
}

/// One line on stderr and exit status 1: what cron mails and scripts test.
func fail(_ message: String) -> Never {
    StandardStreams.err("patchdigest: \(message)\n")
    exit(1)
}
