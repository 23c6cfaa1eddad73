import ArgumentParser
import Foundation
import Render
import Store

/// `patchdigest lists`: the followed lists, their sources, settings and cursors.
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
            out += settingLines(list)
        }
        printOut(TerminalSafe.clean(out), what: "the lists")
    }

    /// One line per setting, saying where an unset one comes from.
    private func settingLines(_ list: FollowedList) -> String {
        let settings = list.settings
        let links = OutputOptions.lore(base: nil, listBase: list.loreBase)
        return "  name: " + (settings.title ?? "\(list.name) (the list's name)") + "\n"
            + "  links: " + (links.map { $0.base + "<message-id>/" } ?? "none") + (list.loreBase == nil ? " (default)" : "") + "\n"
            + "  mailmap: " + (settings.mailmap ?? "the home's mailmap, when there is one") + "\n"
            + "  organization map: " + (settings.organizationMap ?? "the home's domain-map, when there is one") + "\n"
    }
}
