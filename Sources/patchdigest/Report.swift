import ArgumentParser
import Archive
import Digest
import Foundation
import Render
import Store

/// `patchdigest report ARCHIVE`: the digest of one range, printed.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the digest of a range of a public-inbox archive.",
        discussion: """
        ARCHIVE is a public-inbox v1 inbox or single epoch (bare or not), or a v2 inbox directory \
        holding git/0.git, git/1.git, … The range is `git rev-list FROM..TO`: FROM excluded, TO \
        included; abbreviated hashes work. Without --from/--to/--since/--until the newest epoch's \
        whole history is digested. --since/--until select by each message's Date header; \
        without --from, only commits from a day before --since on are read (public-inbox commits \
        a message when it arrives). A range with no message is an empty digest, exit status 0.
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
        // As `update` shows it: on a terminal only, so that cron mails never carry it.
        let progress = ProgressLine.forTerminal(quiet: false)
        let report: DigestReport
        var listBase: String?   // the inbox's own address, read when it is opened
        do {
            report = try DigestBuilder.make(archivePath: range.archive, options: options, now: now) { feed in
                listBase = feed.inbox.description.url
                progress.begin("\(options.name ?? feed.inbox.name): reading",
                               total: progress.enabled ? try? feed.inbox.count(feed.range) : nil)
                return ProgressFeed(base: feed, progress: progress)
            }
        } catch let error as ArchiveError {
            progress.finish()
            fail(error.description)
        }
        progress.finish()
        try output.emit(report, listBase: listBase)
    }
}

/// One line on stderr and exit status 1: what cron mails and scripts test.
func fail(_ message: String) -> Never {
    StandardStreams.err("patchdigest: \(message)\n")
    exit(1)
}
