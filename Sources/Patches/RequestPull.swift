/// What a `git request-pull` message asks to pull:
///
///     The following changes since commit 1c8e4b2f…:
///
///       Linux 6.18-rc5 (2025-11-09 15:10:19 -0800)
///
///     are available in the Git repository at:
///
///       git://git.kernel.org/pub/scm/linux/kernel/git/kvmarm/kvmarm.git tags/kvmarm-fixes-6.18-3
///
///     for you to fetch changes up to 9f2d7c4a…:
///     …
///      3 files changed, 15 insertions(+), 6 deletions(-)
///
/// Read from the text as written; a message without the "are available … at:" line and a
/// repository under it is not one.
public struct RequestPull: Sendable, Equatable {
    /// The URL (or scp-style address) to pull from.
    public var repository: String
    /// The tag or branch after the URL; nil when the request names none (the remote's HEAD).
    public var ref: String?
    /// "The following changes since commit X".
    public var baseCommit: String?
    /// "for you to fetch changes up to X".
    public var headCommit: String?
    /// The last diffstat summary line above any diff (`git request-pull -p` appends the diff).
    public var changes: Changes?

    public struct Changes: Sendable, Equatable {
        public var files: Int
        public var insertions: Int
        public var deletions: Int
    }

    public init(repository: String, ref: String? = nil, baseCommit: String? = nil, headCommit: String? = nil,
                changes: Changes? = nil) {
        self.repository = repository
        self.ref = ref
        self.baseCommit = baseCommit
        self.headCommit = headCommit
        self.changes = changes
    }

    /// A URL or ref longer than this is not one: the fields are printed on one line each.
    static let fieldLimit = 1024

    /// Reads the body in one pass over its lines where they stand (a pull request's body is
    /// untrusted and may be 50 MB of blank lines): the repository line below the intro, the
    /// first base and head commits, and the last diffstat summary above any diff.
    public static func parse(_ text: String) -> RequestPull? {
        let lines = TextLines(Substring(text))
        var intro = IntroState.looking
        var source: (repository: String, ref: String?)?
        var baseCommit: String?, headCommit: String?
        var changes: Changes?, inDiff = false
        var offset = lines.start
        while offset < lines.end {
            let line = lines.line(offset)
            switch intro {
            case .looking:
                if isRepositoryIntro(line) { intro = .below(3) }
            case .below(let left):
                if !TextScan.isBlank(line) {
                    source = repository(line)
                    intro = .done
                } else {
                    intro = left > 1 ? .below(left - 1) : .done
                }
            case .done:
                break
            }
            if baseCommit == nil, let id = commit(line, after: "The following changes since commit ") {
                baseCommit = id
            } else if headCommit == nil, let id = commit(line, after: "for you to fetch changes up to ") {
                headCommit = id
            }
            if !inDiff {
                if TextScan.starts(line, with: "diff --git ") {
                    inDiff = true
                } else if let counts = Diffstat.summaryCounts(line) {
                    changes = Changes(files: counts.files, insertions: counts.insertions, deletions: counts.deletions)
                }
            }
            offset = lines.after(offset)
        }
        guard let source else { return nil }
        var pull = RequestPull(repository: source.repository, ref: source.ref)
        pull.baseCommit = baseCommit
        pull.headCommit = headCommit
        pull.changes = changes
        return pull
    }

    /// Where the one-pass reader stands with the repository intro: not seen yet, seen with this
    /// many lines left to find the repository line in, or past it.
    private enum IntroState {
        case looking
        case below(Int)
        case done
    }

    /// "are available in the Git repository at:" (older git: "git repository"; some write "are
    /// available at:").
    static func isRepositoryIntro(_ line: Substring) -> Bool {
        let trimmed = TextScan.trimmed(line)
        guard let rest = TextScan.dropPrefixIgnoringCase(trimmed, "are available ") else { return false }
        return TextScan.equalsIgnoringCase(rest, "in the git repository at:") || TextScan.equalsIgnoringCase(rest, "at:")
    }

    /// The first non-blank line below the intro (blank lines between are usual): `URL [REF]`.
    static func repository(_ line: Substring) -> (repository: String, ref: String?)? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard (1...2).contains(words.count), words.allSatisfy({ $0.utf8.count <= fieldLimit && isPlain($0) }),
              isRepository(words[0]) else { return nil }
        return (String(words[0]), words.count == 2 ? String(words[1]) : nil)
    }

    /// `scheme://…`, `user@host:path` or an absolute path.
    static func isRepository(_ word: Substring) -> Bool {
        word.contains("://") || word.hasPrefix("/") || (word.contains("@") && word.contains(":"))
    }

    /// Printable ASCII only: a URL or ref copied into a command line.
    static func isPlain(_ word: Substring) -> Bool {
        word.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    /// The hex object name after `prefix`, up to its colon.
    static func commit(_ line: Substring, after prefix: String) -> String? {
        guard let rest = TextScan.dropPrefixIgnoringCase(TextScan.trimmed(line), prefix) else { return nil }
        let id = rest.hasSuffix(":") ? rest.dropLast() : rest
        guard (7...64).contains(id.utf8.count), id.utf8.allSatisfy({ TextScan.isDigit($0) || (0x61...0x66).contains($0) })
        else { return nil }
        return String(id)
    }
}
