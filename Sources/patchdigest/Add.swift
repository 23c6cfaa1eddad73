import ArgumentParser
import Foundation
import Render
import Store

/// `patchdigest add NAME SOURCE`: follow a list.
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow a list: name it and say where its messages are.",
        discussion: """
        SOURCE is a local public-inbox inbox (v1, v2 with git/N.git, or one epoch), a lore-style \
        URL (https://lore.kernel.org/kvm), an mbox file or a Maildir. Nothing is digested yet: \
        the first `patchdigest update NAME` digests the last day.
        """)

    @Argument(help: "The list's name: letters, digits, '.', '_' and '-'.")
    var name: String

    @Argument(help: "Where its messages are.")
    var source: String

    @OptionGroup var lockOptions: LockOptions

    @OptionGroup var networkOptions: NetworkOptions

    @OptionGroup var homeOptions: HomeOptions

    func run() throws {
        let home = homeOptions.resolved
        guard let added = attempt({ () throws -> (ListSource, String) in
            try ListSource.validate(name: name)
            let source = try ListSource.classify(self.source)
            // Refused here, before anything is stored, when the source cannot be read.
            let timeout = networkOptions.networkTimeout
            let reader = try MessageSources.open(source, home: home, list: name, networkTimeout: timeout)
            try MessageSources.verify(source, home: home, list: name, networkTimeout: timeout)
            let lock = try lockOptions.lock(home)
            _ = try StateStore(home: home).add(name: name, source: source, now: Int64(Date().timeIntervalSince1970))
            withExtendedLifetime(lock) {}
            var detail = source.kind.rawValue
            if let inbox = (reader as? InboxSource)?.inbox {
                detail += ", \(inbox.epochs.count) epoch\(inbox.epochs.count == 1 ? "" : "s")"
            }
            return (source, detail)
        }) else { throw ExitCode(1) }
        printOut(TerminalSafe.clean("added \(name) (\(added.1)): \(added.0.location)", singleLine: true) + "\n",
                 what: "the confirmation (\(name) is added)")
    }
}
