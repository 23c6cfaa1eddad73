import ArgumentParser
import Archive
import Foundation
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
