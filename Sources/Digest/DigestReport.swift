import Series

/// The digest of a range as plain data: what every renderer prints.
public struct DigestReport: Codable, Sendable, Equatable {
    /// The version of this layout as data (docs/digest.schema.json); raised when a field changes
    /// meaning or goes away, not when one is added.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int = DigestReport.currentSchemaVersion
    public var name: String
    /// The range as the user sees it: abbreviated revs, or dates.
    public var from: String
    public var to: String
    public var fromCommit: String?
    /// Nil for a source without commits (an mbox, a Maildir): left out of the JSON.
    public var toCommit: String?
    public var since: String?
    public var until: String?

    /// Messages in the range (after date selection), replies and all.
    public var messages: Int
    /// Patch emails: every patch and cover letter of every series, older versions included.
    public var patches: Int
    public var replies: Int
    public var otherMessages: Int
    /// public-inbox removal commits in the range.
    public var removals: Int
    /// Later copies of a message counted once: the same Message-ID and subject archived (or sent)
    /// again (absent when there are none).
    public var duplicates: Int? = nil
    /// Messages that could not be read, with why.
    public var skipped: [SkippedMessage]

    /// Patch emails per author (all of them, most first).
    public var contributors: [Contributor]
    /// Patch emails per author domain (all of them, most first).
    public var domains: [DomainCount]
    /// Trailers given in replies per person, as they land on patches: a trailer on a cover
    /// letter counts once for each patch it applies to (absent when no reply gave one).
    public var reviewers: [Contributor]? = nil
    public var series: [SeriesEntry]
    public var pullRequests: [MailEntry]
    /// Stable backport batches (`[PATCH AUTOSEL 6.1 18/85]`, `[PATCH 6.6 012/140]`): listed apart
    /// from the series, whose originals they would otherwise hide (absent when there are none).
    public var backports: [BackportEntry]? = nil
    /// Patch emails per organization (most first), when an organization map was given.
    public var organizations: [OrganizationCount]? = nil
    /// What a reader should know about how the digest was made: a rewritten history recovered
    /// from, an epoch that appeared … (absent when there is nothing to say).
    public var notes: [String]? = nil
}

public struct OrganizationCount: Codable, Sendable, Equatable {
    public var organization: String
    public var count: Int
}

public struct SkippedMessage: Codable, Sendable, Equatable {
    public var position: Int
    public var commit: String
    public var reason: String
}

public struct Person: Codable, Sendable, Equatable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// `Name <email>`, or the email alone.
    public var display: String { name.isEmpty ? email : "\(name) <\(email)>" }
}

public struct Contributor: Codable, Sendable, Equatable {
    public var name: String
    public var email: String
    public var count: Int
}

public struct DomainCount: Codable, Sendable, Equatable {
    public var domain: String
    public var count: Int
}

public struct DiffstatSummary: Codable, Sendable, Equatable {
    public var files: Int
    public var insertions: Int
    public var deletions: Int
}

/// One mail a digest can print in full: a cover letter, a first patch, a pull request.
public struct MailEntry: Codable, Sendable, Equatable {
    public var subject: String
    public var title: String
    public var messageId: String
    public var author: Person
    public var sender: Person
    public var date: String
    /// The commit message (or cover text) through the diffstat.
    public var text: String
    /// For a pull request, the request-pull's final summary line when it has one.
    public var diffstat: DiffstatSummary?
    /// For a pull request: what to pull, as its `git request-pull` text names it.
    public var pull: PullSource? = nil
}

/// The repository, ref and commits a pull request names.
public struct PullSource: Codable, Sendable, Equatable {
    /// The URL (or scp-style address) to pull from.
    public var repository: String
    /// The tag or branch after the URL; absent when the request names none.
    public var ref: String?
    /// "The following changes since commit X".
    public var baseCommit: String?
    /// "for you to fetch changes up to X".
    public var headCommit: String?

    public init(repository: String, ref: String? = nil, baseCommit: String? = nil, headCommit: String? = nil) {
        self.repository = repository
        self.ref = ref
        self.baseCommit = baseCommit
        self.headCommit = headCommit
    }
}

public struct SeriesEntry: Codable, Sendable, Equatable {
    public var status: SeriesStatus
    public var title: String
    /// "v3"; `versionNumber` is the major number alone.
    public var version: String
    public var versionNumber: Int
    public var total: Int
    /// Distinct patches 1…N received.
    public var received: Int
    public var hasCover: Bool
    public var rfc: Bool
    public var resend: Bool
    public var tags: [String]
    public var author: Person
    public var sender: Person
    public var date: String
    /// Every mail of the series: cover first, then by number, then mails resent into a slot.
    public var messageIds: [String]
    /// How many patch emails of the count this series holds (a cover letter sent without
    /// `[PATCH 0/N]` is shown but not counted; a resent slot counts each time).
    public var patchEmails: Int
    /// For Skip and Exist: the posting that replaced this one, and why.
    public var supersededBy: Superseder?
    public var reason: String?
    public var cover: MailEntry?
    /// Patch 1/N; for a series without it (`Part`), the lowest patch received.
    public var firstPatch: MailEntry?
    /// Slots whose patch was posted again alone, as a newer version answering it in the thread
    /// (`[PATCH v2 5/7]`): the series holds the newer patch (absent when there are none).
    public var rerolls: [Reroll]? = nil
    /// True when the cover letter is also a pull request (`[GIT PULL 0/N]` followed by its
    /// patches): listed as a series, not again among the pull requests.
    public var pullRequest: Bool? = nil
    /// With a history (`update`): for New, the newest version reported in an earlier digest,
    /// which this one replaces ("v7, supersedes v5 of 2025-11-17").
    public var supersedes: PostingReference? = nil
    /// With a history: for Exist and Skip, the posting reported in an earlier digest that makes
    /// this one old news.
    public var alreadyReported: PostingReference? = nil
    /// With a history: for Part, the posting of an earlier digest these late patches belong to.
    public var continues: PostingReference? = nil
    /// What the replies in the range say of it (absent when none answers it).
    public var review: ReviewEntry? = nil
    /// Where its patches were found applied: by maintainers' and bots' replies, and by the
    /// commits of `--applied-in` trees (absent when nothing says so).
    public var applied: [AppliedEntry]? = nil
}

/// One application of a patch, or of the whole series, and how it is known.
public struct AppliedEntry: Codable, Sendable, Equatable {
    /// `kvm-x86/next`, `torvalds/linux.git`, or an `--applied-in` tree's name.
    public var tree: String
    /// As the evidence gives it: full from a git tree, often abbreviated in a reply; absent when
    /// the reply names none.
    public var commit: String?
    /// The patch's n of n/N; absent for the whole series.
    public var n: Int?
    /// `reply`, `patchwork-bot`, `pr-tracker-bot`, `link`, `patch-id`, `author-subject`.
    public var how: String
    /// The reply's sender, or the commit's committer.
    public var by: Person?
    public var date: String?
    /// The reply that said it; for a git-tree match, the patch mail the commit was matched to.
    public var messageId: String?

    public init(tree: String, commit: String? = nil, n: Int? = nil, how: String, by: Person? = nil,
                date: String? = nil, messageId: String? = nil) {
        self.tree = tree
        self.commit = commit
        self.n = n
        self.how = how
        self.by = by
        self.date = date
        self.messageId = messageId
    }
}

/// The replies to a series and the trailers they gave its patches.
public struct ReviewEntry: Codable, Sendable, Equatable {
    /// Replies answering the cover letter or a patch, directly or through other replies.
    public var replies: Int
    /// Distinct senders of those replies (the author among them when they answered).
    public var participants: Int
    /// The date of the earliest reply.
    public var firstReply: String
    /// Every patch 1…N came and has a Reviewed-by or an Acked-by.
    public var reviewed: Bool
    /// A patch, or the whole series, has a Nacked-by (or a bare NAK from a reply's sender).
    public var nacked: Bool
    /// Every patch received, by number, with the trailers replies gave it.
    public var patches: [PatchReviewEntry]

    public init(replies: Int, participants: Int, firstReply: String, reviewed: Bool, nacked: Bool,
                patches: [PatchReviewEntry]) {
        self.replies = replies
        self.participants = participants
        self.firstReply = firstReply
        self.reviewed = reviewed
        self.nacked = nacked
        self.patches = patches
    }
}

public struct PatchReviewEntry: Codable, Sendable, Equatable {
    public var n: Int
    public var messageId: String
    public var trailers: [TrailerEntry]

    public init(n: Int, messageId: String, trailers: [TrailerEntry]) {
        self.n = n
        self.messageId = messageId
        self.trailers = trailers
    }
}

/// One trailer a reply gave a patch.
public struct TrailerEntry: Codable, Sendable, Equatable {
    /// As the trailer is spelled: Reviewed-by, Acked-by, Tested-by, Nacked-by.
    public var kind: String
    public var name: String
    public var email: String
    /// The reply that gave it.
    public var messageId: String
    /// False for a trailer naming someone other than the reply's sender (kept, as b4 reports it).
    public var senderMatches: Bool

    public init(kind: String, name: String, email: String, messageId: String, senderMatches: Bool) {
        self.kind = kind
        self.name = name
        self.email = email
        self.messageId = messageId
        self.senderMatches = senderMatches
    }
}

/// A series version reported in an earlier digest of the same list.
public struct PostingReference: Codable, Sendable, Equatable {
    public var version: String
    public var title: String
    public var messageId: String
    /// The posting's own date (its lead mail's Date).
    public var date: String
    /// The number of the digest that reported it (`patchdigest show NAME --digest N`).
    public var digest: Int

    public init(version: String, title: String, messageId: String, date: String, digest: Int) {
        self.version = version
        self.title = title
        self.messageId = messageId
        self.date = date
        self.digest = digest
    }

    /// `v5 of 2025-11-17 (digest 3)`.
    public var label: String { "\(version) of \(date.prefix(10)) (digest \(digest))" }
}

/// A patch of a series replaced inside its thread by a newer version of that patch alone.
public struct Reroll: Codable, Sendable, Equatable {
    /// Its n of n/N.
    public var number: Int
    /// The newer patch's version ("v2").
    public var version: String
    /// The newer patch, which the series now holds.
    public var messageId: String
    /// The patch it replaced.
    public var replaces: String

    public init(number: Int, version: String, messageId: String, replaces: String) {
        self.number = number
        self.version = version
        self.messageId = messageId
        self.replaces = replaces
    }
}

/// One posting of stable backports: a batch (cover and n/N) or a single patch.
public struct BackportEntry: Codable, Sendable, Equatable {
    /// How the subjects name the tree: "AUTOSEL 6.1", "6.6", "stable".
    public var tree: String
    /// Patch emails of the posting received (its cover letter not included).
    public var patches: Int
    /// N of its n/N (1 for a single patch).
    public var total: Int
    public var sender: Person
    /// The cover letter's title, else the lowest patch's.
    public var title: String
    /// The cover letter, else the lowest patch.
    public var messageId: String
    /// Every mail of the posting, as a series lists them.
    public var messageIds: [String]
    public var date: String

    public init(tree: String, patches: Int, total: Int, sender: Person, title: String, messageId: String,
                messageIds: [String], date: String) {
        self.tree = tree
        self.patches = patches
        self.total = total
        self.sender = sender
        self.title = title
        self.messageId = messageId
        self.messageIds = messageIds
        self.date = date
    }
}

public struct Superseder: Codable, Sendable, Equatable {
    public var version: String
    public var title: String
    public var messageId: String
    public var date: String
}
