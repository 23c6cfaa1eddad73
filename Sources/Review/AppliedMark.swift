import Mail

/// How a patch (or a whole posting) was found applied: the evidence, strongest kinds of each
/// source first. Spelled in the JSON as the raw value.
public enum AppliedHow: String, Sendable, Codable, CaseIterable {
    /// A maintainer's reply: "Applied to kvm-x86/next, thanks!", "Queued", "Pushed"; b4's
    /// thank-you lists each patch with its commit.
    case reply
    /// patchwork-bot: "This series was applied to …" with the commits.
    case patchworkBot = "patchwork-bot"
    /// pr-tracker-bot: "The pull request you sent … has been merged into torvalds/linux.git".
    case prTrackerBot = "pr-tracker-bot"
    /// A commit of a git tree (`--applied-in`) whose `Link:` or `Message-ID:` trailer names the mail.
    case link
    /// A commit whose `git patch-id --stable` is the mail's diff's.
    case patchID = "patch-id"
    /// A commit with the mail's author and the same normalized subject.
    case authorSubject = "author-subject"

    /// Whether the mark comes from a git tree rather than from what a mail says.
    public var isTree: Bool { self == .link || self == .patchID || self == .authorSubject }
}

/// One application of a patch, or of a whole posting, and how it is known.
public struct AppliedMark: Sendable, Equatable {
    /// The tree and branch as the evidence names it: `kvm-x86/next`, `torvalds/linux.git`, or the
    /// name an `--applied-in` tree goes by.
    public var tree: String
    /// The commit as the evidence gives it: a full hash from a git tree, often abbreviated in a
    /// reply; nil when the reply names none.
    public var commit: String?
    /// The patch's n of n/N; nil for the whole posting ("Applied, thanks" to the cover letter, a
    /// merged pull request).
    public var number: Int?
    public var how: AppliedHow
    /// Who applied it: the reply's sender, or the commit's committer.
    public var by: Mailbox?
    /// When: the reply's date, or the commit's committer date.
    public var date: MailDate?
    /// The reply that said it; for a git-tree match, the patch mail the commit was matched to.
    public var messageID: String?

    public init(tree: String, commit: String? = nil, number: Int? = nil, how: AppliedHow, by: Mailbox? = nil,
                date: MailDate? = nil, messageID: String? = nil) {
        self.tree = tree
        self.commit = commit
        self.number = number
        self.how = how
        self.by = by
        self.date = date
        self.messageID = messageID
    }
}
