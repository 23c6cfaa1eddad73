import ArgumentParser
import Foundation
import Render
import Store

/// `patchdigest lists`: the followed lists, their sources and cursors.
struct Lists: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the followed lists, where their messages come from and how far they are digested.")

    @OptionGroup var homeOptions: HomeOptions

    func run() throws {
        let store = homeOptions.openStore()
        guard let lists = attempt({ try store.lists().map { ($0, try store.cursors(of: $0), try store.digests(of: $0).count) } })
        else { throw ExitCode(1) }
        var out = ""
        for (list, cursors, digests) in lists {
            let updated = list.updatedAt.map { "updated \(localTime($0))" } ?? "never updated"
            out += "\(list.name)  \(list.source.kind.rawValue)  \(list.source.location)  (\(updated), "
                + "\(digests) digest\(digests == 1 ? "" : "s"))\n"
            for cursor in cursors {
                out += "  epoch \(cursor.epoch): \(cursor.commit) (committed \(localTime(cursor.commitTime)))\n"
            }
        }
        printOut(TerminalSafe.clean(out), what: "the lists")
    }
}
