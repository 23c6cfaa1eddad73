import ArgumentParser
import Digest
import Foundation
import Render
import Store

/// `patchdigest feed NAME`: the stored digests of a list as an Atom feed, for feed readers.
struct Feed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print an Atom feed of a list's stored digests (one entry per digest, newest first).",
        discussion: """
        Entry ids are stable (tag:patchdigest,YEAR:NAME/digest/N, YEAR being that of the list's \
        first digest), so feed readers show each digest once however often the feed is made. \
        Serve the output as a file: `patchdigest feed kvm > /var/www/kvm.atom`.
        """)

    @Argument(help: "The list.")
    var name: String

    @Option(help: "How many of the newest digests the feed holds.")
    var limit: Int = 50

    @Option(name: .customLong("self-url"), help: "The feed's own URL (rel=\"self\"), http or https.")
    var selfURL: String?

    @Option(help: "How many domains and contributors each entry's tables show.")
    var top: Int = 15

    @Option(help: "Where the message links point (a public-inbox base URL), or 'none' (default: the list's, else lore.kernel.org/all).")
    var loreBase: String?

    @OptionGroup var homeOptions: HomeOptions

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
        if let selfURL, !(selfURL.hasPrefix("https://") || selfURL.hasPrefix("http://")) {
            throw ValidationError("--self-url must be an http or https URL")
        }
        if let loreBase, loreBase != "none", LoreLinks(base: loreBase) == nil {
            throw ValidationError("--lore-base must be an http or https URL (or 'none')")
        }
    }

    func run() throws {
        let store = homeOptions.openStore()
        guard let feed = attempt({ try makeFeed(store) }) else { throw ExitCode(1) }
        printOut(AtomRenderer().render(feed), what: "the feed")
    }

    private func makeFeed(_ store: StateStore) throws -> AtomFeed {
        let list = try store.list(named: name)
        let all = try store.digests(of: list).sorted { $0.number < $1.number }
        // The year in the ids is that of the first digest: it never changes as the list grows.
        let year = all.first.map { Int(DateText.day($0.madeAt).prefix(4)) ?? 2000 } ?? Int(DateText.day(list.addedAt).prefix(4)) ?? 2000
        let key = name.lowercased()
        let entries = try all.suffix(limit).reversed().map { summary -> AtomEntry in
            let report = try store.digest(of: list, number: summary.number)
            return AtomEntry.digest(report, id: AtomRenderer.tagURI(year: year, specific: "\(key)/digest/\(summary.number)"),
                                    created: summary.madeAt, top: top, lore: OutputOptions.lore(base: loreBase, listBase: list.loreBase))
        }
        return AtomFeed(id: AtomRenderer.tagURI(year: year, specific: key), title: "\(list.title) mailing list digests",
                        selfLink: selfURL, entries: entries)
    }
}
