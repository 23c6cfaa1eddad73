import Foundation
import GRDB

/// Why a command on followed lists could not be done. Each case prints as one line for stderr.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case cannotCreate(String, why: String)
    case invalidName(String)
    case listExists(String)
    case unknownList(String)
    case noLists
    case noSuchSource(String)
    case notASource(String)
    case unsupportedSource(kind: String, location: String)
    case epochMissing(epoch: Int, path: String)
    case busy(home: String, waited: Double)
    case database(path: String, message: String)
    case noDigest(list: String, what: String)
    /// A value of the state database that is not what its column holds.
    case damaged(path: String, what: String)
    /// A read-only command on a home that holds no state yet.
    case noHome(String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let why):
            return "cannot create the data directory \(path): \(why)"
        case .invalidName(let name):
            return "'\(name)' cannot name a list: use letters, digits, '.', '_' and '-' (at most 64)"
        case .listExists(let name):
            return "a list named '\(name)' is already followed"
        case .unknownList(let name):
            return "no list named '\(name)' (patchdigest lists shows them)"
        case .noLists:
            return "no lists followed yet (patchdigest add NAME SOURCE)"
        case .noSuchSource(let location):
            return "\(location): no such file or directory"
        case .notASource(let location):
            return "\(location): not a public-inbox archive, mbox file or Maildir"
        case .unsupportedSource(let kind, let location):
            return "\(location): \(kind) sources are not supported yet"
        case .epochMissing(let epoch, let path):
            return "epoch \(epoch) is missing (\(path)/git/\(epoch).git): the archive is incomplete"
        case .busy(let home, let waited):
            return "another update is running on \(home) (waited \(String(format: "%g", waited)) s)"
        case .database(let path, let message):
            return "\(path): \(message)"
        case .noDigest(let list, let what):
            return "\(list): no digest \(what)"
        case .damaged(let path, let what):
            return "state \(path) is damaged: \(what) (restore it from a backup, or move it aside to start afresh)"
        case .noHome(let path):
            return "no patchdigest home at \(path): nothing is followed yet (patchdigest add NAME SOURCE)"
        }
    }

    /// A database error as one line naming the file.
    static func wrap(_ error: Error, path: String) -> Error {
        if let damage = error as? DamagedValue { return StoreError.damaged(path: path, what: damage.description) }
        // A read that did not go through `Row.decode`: GRDB's own decoding error, on one line.
        if let decoding = error as? RowDecodingError {
            let first = "\(decoding)".split(separator: "\n").first.map(String.init) ?? ""
            return StoreError.damaged(path: path, what: "a value of the wrong type: \(first)")
        }
        guard let db = error as? DatabaseError else { return error }
        var message = db.message ?? "\(db.resultCode)"
        if db.resultCode == .SQLITE_FULL || db.resultCode == .SQLITE_IOERR {
            message += " (is the disk full?); nothing was changed"
        }
        return StoreError.database(path: path, message: message)
    }
}
