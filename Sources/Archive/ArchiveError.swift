/// Why an archive could not be read. Each case prints as one line for stderr.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case notAnArchive(String)
    case gitUnavailable(String)
    case unknownRevision(String)
    case notAncestor(from: String, to: String)
    case emptyRange(String)
    case gitFailed(command: String, message: String)

    public var description: String {
        switch self {
        case .notAnArchive(let path):
            return "\(path): not a public-inbox archive (no git repository, no git/N.git epochs)"
        case .gitUnavailable(let why):
            return "cannot run git: \(why)"
        case .unknownRevision(let rev):
            return "unknown revision '\(rev)' in this archive"
        case .notAncestor(let from, let to):
            return "'\(from)' is not an ancestor of '\(to)': not a range of this archive's history"
        case .emptyRange(let range):
            return "the range \(range) holds no messages"
        case .gitFailed(let command, let message):
            return "git \(command) failed: \(message)"
        }
    }
}
