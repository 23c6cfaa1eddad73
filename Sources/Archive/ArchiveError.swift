/// Why an archive could not be read. Each case prints as one line for stderr.
public enum ArchiveError: Error, Equatable, CustomStringConvertible {
    case notAnArchive(String)
    /// A git repository whose commits hold no `m` or `d` file: not a public-inbox archive.
    case notAnInbox(String)
    case gitUnavailable(String)
    case unknownRevision(String)
    case notAncestor(from: String, to: String)
    case emptyRange(String)
    case gitFailed(command: String, message: String)
    /// A message source (`add SOURCE`) that does not exist.
    case noSuchSource(String)
    /// A path that is neither an mbox file, a Maildir nor a public-inbox archive, or a URL scheme
    /// other than http(s).
    case unknownSource(String)
    /// A file that is not an mbox (what is wrong with it, and where).
    case notAnMbox(path: String, reason: String)
    /// A file or directory that could not be read (the system's reason).
    case unreadable(path: String, reason: String)
    /// A server that answered, but holds no public-inbox archive at this URL.
    case noInboxAtURL(String)
    /// A server that could not be reached (git's or curl's message), or did not answer in time.
    case unreachable(url: String, message: String)
    /// A manifest over its size limit (`Manifest.Limit`, as said).
    case oversizedManifest(url: String, limit: String)
    /// A server where every epoch number probed answers (`limit` of them).
    case tooManyEpochs(url: String, limit: Int)

    public var description: String {
        switch self {
        case .notAnArchive(let path):
            return "\(path): not a public-inbox archive (no git repository, no git/N.git epochs)"
        case .notAnInbox(let path):
            return "\(path): a git repository, but not a public-inbox archive (no commit holds an m or d file)"
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
        case .noSuchSource(let path):
            return "\(path): no such file or directory"
        case .unknownSource(let source):
            return "\(source): not an mbox file, a Maildir (cur/ new/), a public-inbox archive or an http(s) URL"
        case .notAnMbox(let path, let reason):
            return "\(path): not an mbox file: \(reason)"
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .noInboxAtURL(let url):
            return "\(url): no public-inbox archive there (no manifest.js.gz, no epoch \(url)/0)"
        case .unreachable(let url, let message):
            return "\(url): cannot reach the server: \(message)"
        case .oversizedManifest(let url, let limit):
            return "\(url): refused: over \(limit) (a list's manifest is a few kilobytes)"
        case .tooManyEpochs(let url, let limit):
            return "\(url): every epoch from 0 to \(limit - 1) answers: not a public-inbox archive (probing stops at \(limit))"
        }
    }
}
