import ArgumentParser
import Archive
import Digest
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

    @Option(name: .customLong("name"), help: ArgumentHelp("The list's name in digest headings (default: what the inbox's description names, else NAME).", valueName: "title"))
    var title: String?

    @Option(help: ArgumentHelp("Where each message has its page, for the digests' links: URL<message-id>/, or 'none' (default: the source's URL, or the inbox's own, else https://lore.kernel.org/all/).", valueName: "url"))
    var loreBase: String?

    @Option(help: ArgumentHelp("A mailmap in git's format for this list's updates (default: HOME/mailmap when it exists).", valueName: "file"))
    var mailmap: String?

    @Option(help: ArgumentHelp("A domain → organization map in gitdm's format for this list's updates (default: HOME/domain-map when it exists).", valueName: "file"))
    var orgmap: String?

    @OptionGroup var lockOptions: LockOptions

    @OptionGroup var networkOptions: NetworkOptions

    @OptionGroup var homeOptions: HomeOptions

    func validate() throws {
        if let loreBase, loreBase != "none", LoreLinks(base: loreBase) == nil {
            throw ValidationError("--lore-base must be an http or https URL (or 'none')")
        }
        if let title, !InboxDescription.isName(title) {
            throw ValidationError("--name must be one line of at most \(InboxDescription.maxTitle) printable characters")
        }
    }

    func run() throws {
        let home = homeOptions.resolved
        guard let added = attempt({ () throws -> (ListSource, String) in
            try ListSource.validate(name: name)
            let source = try ListSource.classify(self.source)
            // Refused here, before anything is stored, when the source cannot be read.
            let timeout = networkOptions.networkTimeout
            let reader = try MessageSources.open(source, home: home, list: name, networkTimeout: timeout)
            try MessageSources.verify(source, home: home, list: name, networkTimeout: timeout)
            let settings = try self.settings(source: source, inbox: (reader as? InboxSource)?.inbox)
            let lock = try lockOptions.lock(home)
            _ = try StateStore(home: home).add(name: name, source: source, settings: settings, now: Int64(Date().timeIntervalSince1970))
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

    /// What the list's updates use: the flags, else what the source says of itself (a lore URL
    /// is where its messages have pages; an inbox may name the list and its address). The
    /// identity files are checked now and kept by absolute path: cron runs elsewhere.
    private func settings(source: ListSource, inbox: Inbox?) throws -> ListSettings {
        var settings = ListSettings(title: title ?? inbox?.description.title,
                                    loreBase: loreBase ?? (source.kind == .lore ? source.location : inbox?.description.url))
        if let mailmap {
            settings.mailmap = absolute(mailmap)
            _ = try Mailmap.load(path: settings.mailmap!)
        }
        if let orgmap {
            settings.organizationMap = absolute(orgmap)
            _ = try OrganizationMap.load(path: settings.organizationMap!)
        }
        return settings
    }

    private func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
            .standardizedFileURL.path
    }
}
