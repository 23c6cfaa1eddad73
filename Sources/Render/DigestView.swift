import Digest
import Series

/// The digest as every format shows it: the heading, the counts, the notes, the count tables and
/// each series' and mail's display fields, worked out here once so text, Markdown, HTML, email and
/// Atom say the same thing. The strings are raw email-borne text: each renderer escapes them its
/// own way.
public struct DigestView: Sendable {
    public var report: DigestReport
    /// "<NAME> mailing list update from X to Y".
    public var title: String
    public var counts: DigestHeading.Counts
    /// "47 messages, 27 patch emails, 13 series (10 new), 1 pull request".
    public var summary: String
    /// "7 new series, 12 patch emails, 1 pull request": what a subject or a feed title says.
    public var headline: String
    /// What a reader should know about how the digest was made.
    public var notes: [String]
    /// The first `top` rows of each count table and the rows tied with the last of them;
    /// organizations nil without an organization map.
    public var domains: [Row]
    public var organizations: [Row]?
    public var contributors: [Row]
    /// Every series in the report's order.
    public var series: [SeriesView]
    public var pullRequests: [MailView]
    /// Stable backport postings, in the report's order (empty when there are none).
    public var backports: [BackportView]

    /// One line of a count table.
    public struct Row: Sendable, Equatable {
        public var label: String
        public var count: Int
    }

    public init(_ report: DigestReport, top: Int = 15) {
        self.report = report
        title = DigestHeading.title(report)
        counts = DigestHeading.Counts(report)
        summary = DigestHeading.summary(counts)
        headline = DigestHeading.headline(counts)
        notes = report.notes ?? []
        domains = report.domains.top(top).map { Row(label: $0.domain, count: $0.count) }
        organizations = report.organizations.map { $0.top(top).map { Row(label: $0.organization, count: $0.count) } }
        contributors = report.contributors.top(top).map {
            Row(label: Person(name: $0.name, email: $0.email).display, count: $0.count)
        }
        series = report.series.enumerated().map { SeriesView($1, position: $0 + 1) }
        pullRequests = report.pullRequests.map(MailView.init)
        backports = (report.backports ?? []).map(BackportView.init)
    }

    /// The day a digest is named by: the end of its date range, else `made` (Unix seconds: when
    /// the email is dated or the stored digest was made), as YYYY-MM-DD in UTC.
    public func day(made: Int64) -> String {
        if let until = report.until, until.count >= 10 { return String(until.prefix(10)) }
        return String(TimeText.rfc3339(made).prefix(10))
    }

    /// "kvm mailing list update 2025-11-18: 7 new series, 12 patch emails": an email's subject.
    public func subject(made: Int64) -> String { "\(report.name) mailing list update \(day(made: made)): \(headline)" }

    /// "2025-11-18: 7 new series, 12 patch emails, 1 pull request": a feed entry's title.
    public func entryTitle(made: Int64) -> String { "\(day(made: made)): \(headline)" }

    /// Whether the digest has anything to read: a patch email, a pull request or a backport.
    public var hasPatches: Bool { counts.patchEmails > 0 || counts.pullRequests > 0 || counts.backportBatches > 0 }

    /// The series printed in full, in order: New, and Part with a patch to print.
    public var printedSeries: [SeriesView] { series.filter(\.isPrinted) }

    /// Older versions and resends: listed by their subjects, with why.
    public var olderSeries: [SeriesView] { series.filter(\.isOlder) }
}

/// One series as a line of the patch list and, when printed, a section of its own.
public struct SeriesView: Sendable {
    public var entry: SeriesEntry
    /// 1-based place in the report's list (the HTML page's anchors).
    public var position: Int
    public var status: SeriesStatus
    public var version: String
    /// "3/5": patches received of N.
    public var count: String
    public var hasCover: Bool
    /// "3/5+c": the count, `+c` for a cover letter.
    public var received: String
    /// RFC, RESEND and free tags, the kind of posting.
    public var flags: [String]
    /// "Name <address>".
    public var author: String
    /// The name alone, or the address when there is no name.
    public var authorName: String
    /// The Message-ID of the mail that stands for the series (cover letter, else first patch).
    public var headMessageId: String?
    /// The cover letter, then the first patch (for Part, the lowest patch received): the mails a
    /// digest prints.
    public var mails: [MailView]
    /// Slots whose patch was replaced in the thread by a newer version of that patch alone.
    public var rerolls: [RerollView]
    /// The cover letter is also a pull request (flagged `GIT PULL` unless its tags say so).
    public var isPullRequest: Bool
    /// What that pull request asks to pull (`git pull URL REF`), when its text names it.
    public var pullCommand: String?
    /// What the replies say of it: trailers and counts (nil when none answers it).
    public var review: ReviewView?

    init(_ s: SeriesEntry, position: Int) {
        entry = s
        self.position = position
        status = s.status
        version = s.version
        count = "\(s.received)/\(s.total)"
        hasCover = s.hasCover
        received = count + (s.hasCover ? "+c" : "")
        isPullRequest = s.pullRequest == true
        // A cover tagged [GIT PULL] or [PULL REQUEST] already says so.
        let saysPull = s.tags.contains { $0.uppercased().contains("PULL") }
        flags = (isPullRequest && !saysPull ? ["GIT PULL"] : []) + (s.rfc ? ["RFC"] : []) + (s.resend ? ["RESEND"] : []) + s.tags
        author = s.author.display
        authorName = s.author.name.isEmpty ? s.author.email : s.author.name
        headMessageId = [s.cover?.messageId, s.firstPatch?.messageId, s.messageIds.first].compactMap { $0 }.first { !$0.isEmpty }
        mails = [s.cover, s.firstPatch].compactMap { $0 }.map(MailView.init)
        rerolls = (s.rerolls ?? []).map { RerollView($0, total: s.total) }
        pullCommand = isPullRequest ? s.cover?.pull.map(MailView.pullCommand) : nil
        review = s.review.map { ReviewView($0, total: s.total) }
    }

    public var isNew: Bool { status == .new }
    public var isPartial: Bool { status == .partial }
    public var isOlder: Bool { status == .exist || status == .skip }
    /// New, and Part with a mail to print: its lowest patch is what a maintainer Cc'd on it needs.
    public var isPrinted: Bool { isNew || (isPartial && !mails.isEmpty) }

    /// For Part: "Late patches: 2 of 5 received; the cover letter and patch 1 are not in this
    /// range", and the earlier digest's posting they continue when a history knows it.
    public var partNote: String? {
        guard isPartial else { return nil }
        return "Late patches: \(entry.received) of \(entry.total) received; the cover letter and patch 1 are not in this range"
            + (entry.continues.map { ", continuing " + $0.label } ?? "")
    }
}

/// A slot of a series replaced by a newer version of its patch alone.
public struct RerollView: Sendable {
    /// "Patch 5/7 replaced by v2".
    public var label: String
    /// The newer patch.
    public var messageId: String

    init(_ reroll: Reroll, total: Int) {
        label = "Patch \(reroll.number)/\(total) replaced by \(reroll.version)"
        messageId = reroll.messageId
    }
}

/// One stable backport posting as every format lists it.
public struct BackportView: Sendable {
    public var entry: BackportEntry
    /// "AUTOSEL 6.1".
    public var tree: String
    /// "85 patches", or "3 of 85 patches" when some did not come.
    public var patches: String
    /// "Name <address>".
    public var sender: String
    /// YYYY-MM-DD.
    public var day: String

    init(_ backport: BackportEntry) {
        entry = backport
        tree = backport.tree
        patches = backport.patches >= backport.total ? DigestHeading.plural(backport.patches, "patch", "patches")
            : "\(backport.patches) of \(DigestHeading.plural(backport.total, "patch", "patches"))"
        sender = backport.sender.display
        day = String(backport.date.prefix(10))
    }

    /// "AUTOSEL 6.1: 85 patches, Sasha Levin <sashal@kernel.org>, 2025-03-01".
    public var summary: String { "\(tree): \(patches), \(sender), \(day)" }
}

/// One mail as a digest heads it.
public struct MailView: Sendable {
    public var entry: MailEntry
    public var subject: String
    /// "Name <address>".
    public var author: String
    /// Who sent the mail, when it is not its author (a maintainer forwarding a patch).
    public var sentBy: String?
    /// "2025-11-17 07:02 +00:00".
    public var date: String

    init(_ mail: MailEntry) {
        entry = mail
        subject = mail.subject
        author = mail.author.display
        sentBy = mail.sender.email.lowercased() == mail.author.email.lowercased() ? nil : mail.sender.display
        date = DigestHeading.shortDate(mail.date)
    }

    /// For a pull request: `git pull URL REF`, shell-quoted, as its `git request-pull` text names them.
    public var pullCommand: String? { entry.pull.map(MailView.pullCommand) }

    /// One line whatever its width: it is there to be pasted into a shell.
    static func pullCommand(_ source: PullSource) -> String {
        "git pull " + ([source.repository] + (source.ref.map { [$0] } ?? [])).map(LoreLinks.shellWord).joined(separator: " ")
    }

    /// "Name <address>", then " (sent by …)" when someone else sent it.
    public var authorAndSender: String { author + (sentBy.map { " (sent by " + $0 + ")" } ?? "") }
}
