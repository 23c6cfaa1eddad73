import ArgumentParser
import Archive
import Digest
import Foundation
import Render
import Store

/// `--home`: the data directory, shared by every command on followed lists.
struct HomeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The data directory (default: $PATCHDIGEST_HOME, else $XDG_DATA_HOME/patchdigest, else ~/.local/share/patchdigest).",
                               valueName: "dir"))
    var home: String?

    var resolved: Home { Home.resolve(home) }

    func validate() throws {
        // An empty value would silently mean the default home.
        if home?.isEmpty == true { throw ValidationError("--home must name a directory") }
    }

    /// The state database, for the commands that only read it; one line on stderr and exit 1
    /// when it cannot be opened or the home holds no state yet (it is not created: the exit
    /// status tells a cron job whose --home or environment is wrong).
    func openStore() -> StateStore {
        guard let store = attempt({ try StateStore(home: resolved, creating: false) }) else { Foundation.exit(1) }
        return store
    }
}

/// `--lock-timeout`, for the commands that change the state (add, update, remove).
struct LockOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds to wait for another update on the same home to finish.", valueName: "seconds"))
    var lockTimeout: Double = 10

    func lock(_ home: Home) throws -> HomeLock { try HomeLock(home, timeout: lockTimeout) }
}

/// `--network-timeout`, for the commands that reach a list's server (add, update). A run
/// option: stored nowhere.
struct NetworkOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds a request to a list's server may take: the manifest's download and each epoch listing end then, and a clone or fetch that moves under 1000 bytes a second for this long.",
                               valueName: "seconds"))
    var networkTimeout: Double = LoreMirror.defaultNetworkTimeout

    func validate() throws {
        guard networkTimeout.isFinite, networkTimeout > 0, networkTimeout <= 86_400 else {
            throw ValidationError("--network-timeout must be a number of seconds above 0 (at most 86400)")
        }
    }
}

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

/// Runs `body`; an error becomes one `patchdigest: …` line on stderr and nil.
func attempt<T>(prefix: String = "", _ body: () throws -> T) -> T? {
    do {
        return try body()
    } catch {
        warn(prefix + describe(error))
        return nil
    }
}

/// The one-line message of any error the commands meet.
func describe(_ error: Error) -> String {
    switch error {
    case let error as StoreError: return error.description
    case let error as ArchiveError: return error.description
    case let error as IdentityError: return error.description
    case let error as StandardStreams.WriteFailure: return error.description
    default: return "\(error)"
    }
}

/// One `patchdigest: …` line on stderr.
func warn(_ message: String) {
    StandardStreams.err("patchdigest: \(TerminalSafe.clean(message, singleLine: true))\n")
}

/// `2025-11-17 06:00` in the machine's time zone.
func localTime(_ seconds: Int64) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}

/// Columns padded to their widest cell; numbers right-aligned.
func table(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    guard let width = rows.map(\.count).max() else { return "" }
    let widths = (0..<width).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { c, cell in
            let pad = String(repeating: " ", count: widths[c] - cell.count)
            return rightAligned.contains(c) ? pad + cell : (c == row.count - 1 ? cell : cell + pad)
        }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
}
