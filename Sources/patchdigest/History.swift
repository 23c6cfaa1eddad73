import ArgumentParser
import Foundation
import Render
import Store

/// `patchdigest history [NAME]`: the digests made, oldest first.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the stored digests of one list or of all of them.")

    @Argument(help: "The list (default: every list).")
    var name: String?

    @OptionGroup var homeOptions: HomeOptions

    func run() throws {
        let store = homeOptions.openStore()
        guard let digests = attempt({ try store.digests(of: try name.map { try store.list(named: $0) }) }) else {
            throw ExitCode(1)
        }
        var rows = [["LIST", "DIGEST", "MADE", "RANGE", "MESSAGES", "PATCHES", "SERIES", "NEW"]]
        for d in digests {
            rows.append([d.list, String(d.number), localTime(d.madeAt), TerminalSafe.clean("\(d.from)..\(d.to)", singleLine: true),
                         String(d.messages), String(d.patches), String(d.series), String(d.newSeries)])
        }
        printOut(table(rows, rightAligned: [1, 4, 5, 6, 7]), what: "the history")
    }
}
