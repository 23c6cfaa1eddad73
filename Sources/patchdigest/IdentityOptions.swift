import ArgumentParser
import Digest
import Store

/// `--mailmap` and `--orgmap`: who is who, and for whom they work.
struct IdentityOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A mailmap in git's format: a person's addresses counted as one (default for updates: HOME/mailmap when it exists).",
                               valueName: "file"))
    var mailmap: String?

    @Option(help: ArgumentHelp("A domain → organization map in gitdm's format; adds a per-organization table (default for updates: HOME/domain-map when it exists).",
                               valueName: "file"))
    var orgmap: String?

    /// The identity given on the command line, else the list's own files (`list`, set at
    /// `add`), and with a home, the home's own files.
    func identity(home: Home?, list: ListSettings = ListSettings()) throws -> Identity {
        if let home { return try home.identity(mailmap: mailmap ?? list.mailmap, organizations: orgmap ?? list.organizationMap) }
        var identity = Identity()
        if let mailmap { identity.mailmap = try Mailmap.load(path: mailmap) }
        if let orgmap { identity.organizations = try OrganizationMap.load(path: orgmap) }
        return identity
    }
}
