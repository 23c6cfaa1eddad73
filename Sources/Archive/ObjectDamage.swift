/// What is wrong in the repository when git cannot hand over a commit's message: said as what
/// happened, so that a skipped message tells a broken archive from a commit without a message.
public enum ObjectDamage: Sendable, Equatable, CustomStringConvertible {
    /// The objects git reads for a message: its blob (`m`) and the commit's tree that names it.
    public enum Kind: String, Sendable { case blob = "message blob", tree = "tree" }

    /// The object is not in the repository (a loose object deleted, a pack that lacks it).
    case missing(Kind, oid: String)
    /// The object is there but does not inflate or check out (git's own words).
    case corrupt(Kind, oid: String, detail: String)
    /// git named the object and its size, then gave fewer bytes than that and stopped.
    case truncated(oid: String, size: Int, received: Int, detail: String)
    /// git stopped on the commit before naming any object (a corrupt tree: git's words name it).
    case unreadable(detail: String)

    public var description: String {
        switch self {
        case .missing(let kind, let oid):
            return "\(kind.rawValue) \(oid) is missing from the repository"
        case .corrupt(let kind, let oid, let detail):
            return "\(kind.rawValue) \(oid) is corrupt: \(detail)"
        case .truncated(let oid, let size, let received, let detail):
            return "message blob \(oid) is truncated: git gave \(received) of \(size) bytes (\(detail))"
        case .unreadable(let detail):
            return "git cannot read the commit's objects: \(detail)"
        }
    }

    /// git's words, or ours.
    var detail: String {
        switch self {
        case .corrupt(_, _, let detail), .truncated(_, _, _, let detail), .unreadable(let detail): return detail
        case .missing: return description
        }
    }

    /// The line of git's stderr that says the most, without its prefix: its first `error:` line
    /// says the cause ("inflate: data stream error …"), its first `fatal:` line which object
    /// ("loose object … is corrupt"); `preferring` one, else the other, else the first line.
    static func gitReason(_ stderr: String, preferring first: String) -> String? {
        let lines = stderr.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init)
        for prefix in [first] + ["error: ", "fatal: "].filter({ $0 != first }) {
            if let line = lines.first(where: { $0.hasPrefix(prefix) }) { return String(line.dropFirst(prefix.count)) }
        }
        return lines.first
    }

    /// Whether git's stderr holds an `error:` line: git met the object and could not read it
    /// (a missing object gets only git's final `fatal:`).
    static func saysDamaged(_ stderr: String) -> Bool {
        stderr.split(separator: "\n").contains { $0.hasPrefix("error: ") }
    }
}
