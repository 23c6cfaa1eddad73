import ArgumentParser
import Foundation
import Render
import Store

/// `patchdigest remove NAME`: stop following a list.
struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop following a list: forget its digests and history, and delete its mirror.",
        discussion: """
        The list's cursors, digests, series and Message-IDs leave the state database in one \
        transaction; a list added by URL also loses its git mirror (HOME/mirrors/NAME). Adding \
        the name again starts afresh.
        """)

    @Argument(help: "The list's name (patchdigest lists shows them).")
    var name: String

    @OptionGroup var lockOptions: LockOptions

    @OptionGroup var homeOptions: HomeOptions

    func run() throws {
        let home = homeOptions.resolved
        guard let digests = attempt({ () throws -> Int in
            let lock = try lockOptions.lock(home)
            defer { withExtendedLifetime(lock) {} }
            let store = try StateStore(home: home)
            _ = try store.list(named: name)
            // The mirror goes aside first: killed after this, the list is still followed and
            // its next update clones again; killed after the transaction, only the aside is left,
            // and the next command that takes the lock deletes it.
            let aside = try moveMirrorAside(home)
            let digests = try store.remove(name: name)
            if let aside { try? FileManager.default.removeItem(atPath: aside) }
            return digests
        }) else { throw ExitCode(1) }
        printOut(TerminalSafe.clean("removed \(name) (\(digests) digest\(digests == 1 ? "" : "s") forgotten)", singleLine: true) + "\n",
                 what: "the confirmation (\(name) is removed)")
    }

    /// Renames the mirror to a hidden name beside it; nil when there is none.
    private func moveMirrorAside(_ home: Home) throws -> String? {
        let mirror = home.mirror(for: name)
        guard FileManager.default.fileExists(atPath: mirror) else { return nil }
        let aside = home.removedMirror(for: name)
        try FileManager.default.moveItem(atPath: mirror, toPath: aside)
        return aside
    }
}
