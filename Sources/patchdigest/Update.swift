import ArgumentParser
import Digest
import Foundation
import Render
import Store

/// `patchdigest update [NAME…]`: what arrived since the last update, digested, stored, printed.
struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Digest what arrived on followed lists since their last update.",
        discussion: """
        Fetches each list (mirrors), digests the messages that arrived since its last update \
        against what earlier digests reported, stores the digest and prints it. A list's first \
        update digests the messages dated in the last day (--since to change). An update that \
        brings no patches prints nothing and exits 0 (its digest is still stored when messages \
        came); errors print one line on stderr and exit 1. Each list is stored in one \
        transaction: an update killed at any point changes nothing. With --format json each \
        digest is one line (JSON Lines). Usage errors exit 64.
        """)

    @Argument(help: "The lists to update (default: all of them).")
    var names: [String] = []

    @Option(help: "For a list's first update: digest messages dated at or after this (default: 1 day ago).")
    var since: String?

    @Option(help: ArgumentHelp("Skip (and report as skipped) messages larger than this many bytes, without loading them.",
                               valueName: "bytes"))
    var maxMessageSize: Int = DigestOptions().maxMessageSize

    @Flag(help: "Print nothing but digests and errors (for cron).")
    var quiet = false

    @OptionGroup var lockOptions: LockOptions
    @OptionGroup var networkOptions: NetworkOptions

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var identityOptions: IdentityOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard maxMessageSize > 0 else { throw ValidationError("--max-message-size must be at least 1") }
        if let since { _ = try commandLineDate(since, option: "--since", now: Int64(Date().timeIntervalSince1970)) }
    }

    func run() throws {
        let now = Int64(Date().timeIntervalSince1970)
        var firstSince = now - 86_400
        if let since { firstSince = readDate(since, option: "--since", now: now) }
        let home = homeOptions.resolved
        let terminal = !quiet && isatty(2) == 1
        guard let (lock, store, lists, identity) = attempt({ () throws -> (HomeLock, StateStore, [FollowedList], Identity) in
            let lock = try lockOptions.lock(home)
            let store = try StateStore(home: home)
            let lists = try names.isEmpty ? store.lists() : names.map { try store.list(named: $0) }
            if lists.isEmpty { throw StoreError.noLists }
            return (lock, store, lists, try identityOptions.identity(home: home))
        }) else { throw ExitCode(1) }

        var updater = Updater(store: store, identity: identity, firstSince: firstSince,
                              progress: ProgressLine.forTerminal(quiet: quiet), now: now)
        updater.maxMessageSize = maxMessageSize
        updater.networkTimeout = networkOptions.networkTimeout
        var failed = false
        for list in lists {
            guard let result = attempt(prefix: "\(list.name): ", { () throws -> ListUpdate in
                updater.identity = try identityOptions.identity(home: home, list: list.settings)
                return try updater.update(list)
            }) else {
                failed = true
                continue
            }
            if !quiet { for note in result.notes { warn(note) } }
            if terminal { for line in result.info { say(line) } }
            if let report = result.report, result.hasNews {
                do {
                    // JSON Lines: one digest per line, however many lists, so that a script
                    // reads any update the same way.
                    try output.send(report, listBase: list.loreBase, jsonLines: true)
                } catch let failure as Sendmail.Failure {
                    // The digest is stored already: say how to send it again, and go on with the
                    // other lists.
                    let again = result.number.map { "patchdigest show \(list.name) --digest \($0) --sendmail" }
                    warn("\(list.name): \(failure)" + (again.map { " (the digest is stored; `\($0)` sends it again)" } ?? ""))
                    failed = true
                } catch let failure as StandardStreams.WriteFailure {
                    let again = result.number.map { "patchdigest show \(list.name) --digest \($0)" }
                    warn("\(list.name): \(failure)" + (again.map { " (the digest is stored; `\($0)` prints it again)" } ?? ""))
                    failed = true
                }
            } else if terminal {
                if let report = result.report {
                    say("\(list.name): \(report.messages) new message\(report.messages == 1 ? "" : "s"), no patches"
                        + (result.number.map { " (digest \($0) stored)" } ?? ""))
                } else {
                    say("\(list.name): no new messages")
                }
            }
        }
        withExtendedLifetime(lock) {}
        if failed { throw ExitCode(1) }
    }

    private func say(_ line: String) {
        StandardStreams.err(TerminalSafe.clean(line, singleLine: true) + "\n")
    }
}
