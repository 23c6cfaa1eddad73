import Archive
import Digest
import Render
import Store

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
