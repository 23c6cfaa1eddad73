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

    /// Whether the digest has anything to read: a patch email or a pull request.
    public var hasPatches: Bool { counts.patchEmails > 0 || counts.pullRequests > 0 }

    /// The series printed in full, in order.
    public var newSeries: [SeriesView] { series.filter(\.isNew) }

    /// Older versions and resends: listed by their subjects, with why.
    public var olderSeries: [SeriesView] { series.filter(\.isOlder) }
}

/// One series as a line of the patch list and, when new, a section of its own.
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
    /// The cover letter, then the first patch: the mails a digest prints.
    public var mails: [MailView]

    init(_ s: SeriesEntry, position: Int) {
        entry = s
        self.position = position
        status = s.status
        version = s.version
        count = "\(s.received)/\(s.total)"
        hasCover = s.hasCover
        received = count + (s.hasCover ? "+c" : "")
        flags = (s.rfc ? ["RFC"] : []) + (s.resend ? ["RESEND"] : []) + s.tags
        author = s.author.display
        authorName = s.author.name.isEmpty ? s.author.email : s.author.name
        headMessageId = [s.cover?.messageId, s.firstPatch?.messageId, s.messageIds.first].compactMap { $0 }.first { !$0.isEmpty }
        mails = [s.cover, s.firstPatch].compactMap { $0 }.map(MailView.init)
    }

    public var isNew: Bool { status == .new }
    public var isOlder: Bool { status == .exist || status == .skip }
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

    /// "Name <address>", then " (sent by …)" when someone else sent it.
    public var authorAndSender: String { author + (sentBy.map { " (sent by " + $0 + ")" } ?? "") }
}
