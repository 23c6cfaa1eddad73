import ArgumentParser
import Archive

/// `patchdigest`: digests of a mailing list's patch traffic from its public-inbox archive.
struct PatchDigest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patchdigest",
        abstract: "Digest a mailing list's patch traffic from its public-inbox archive.",
        version: "0.1.0",
        subcommands: [Report.self, Add.self, Update.self, Show.self, History.self, Lists.self, Remove.self, Feed.self, Messages.self])
}

// A closed pipe, a child that exits early or a file-size limit fails the write that meets it,
// in every command, and the command says so; none of them kills the process unseen.
WriteSignals.ignoreAll()
PatchDigest.main()
