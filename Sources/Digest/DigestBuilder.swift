import Archive
import Foundation
import Mail
import Patches
import Series

/// Makes the digest of an archive range: Archive → Mail → Patches → Series → report.
public enum DigestBuilder {
    public static func make(archivePath: String, options: DigestOptions, now: Int64) throws -> DigestReport {
        let inbox = try Inbox.open(archivePath)
        let range = try inbox.resolveRange(from: options.from, to: options.to,
                                           allEpochs: options.hasDates && options.from == nil && options.to == nil)
        var scanner = Scanner(options: options)
        try inbox.stream(range, workers: parallelism, maxMessageSize: options.maxMessageSize,
                         transform: { Scanner.examine($0, options: options) }) {
            scanner.record($0)
        }
        if scanner.messages == 0 && scanner.skipped.isEmpty {
            throw ArchiveError.emptyRange(describe(options))
        }
        let set = SeriesBuilder.build(scanner.patchEmails, nakedCovers: scanner.threadStarters)
        let ends = RangeEnds(options: options, range: range)
        return report(name: options.name ?? inbox.name, ends: ends, scanner: scanner, set: set)
    }

    /// The digest of items already in hand, through the same Scanner and series rules as an
    /// archive's (no git): for tests and fuzzing of the whole per-message pipeline.
    public static func make(items: [ArchiveItem], options: DigestOptions, name: String) -> DigestReport {
        var scanner = Scanner(options: options)
        for item in items { scanner.record(Scanner.examine(item, options: options)) }
        let set = SeriesBuilder.build(scanner.patchEmails, nakedCovers: scanner.threadStarters)
        let ends = RangeEnds(from: "the start", to: "the end", fromCommit: nil, toCommit: "",
                             since: options.since.map(DateText.day), until: options.until.map(DateText.day))
        return report(name: name, ends: ends, scanner: scanner, set: set)
    }

    /// Parsing threads: git inflates on one core while these parse on the others.
    static var parallelism: Int {
        if let text = ProcessInfo.processInfo.environment["PATCHDIGEST_THREADS"], let n = Int(text), n > 0 { return min(n, 64) }
        // git inflates on one core; a second parser on a 2-core machine only contends with it.
        return max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    }

    /// How the range is named in headings and errors.
    struct RangeEnds {
        var from: String
        var to: String
        var fromCommit: String?
        var toCommit: String
        var since: String?
        var until: String?

        init(from: String, to: String, fromCommit: String?, toCommit: String, since: String?, until: String?) {
            self.from = from
            self.to = to
            self.fromCommit = fromCommit
            self.toCommit = toCommit
            self.since = since
            self.until = until
        }

        init(options: DigestOptions, range: RevisionRange) {
            since = options.since.map(DateText.day)
            until = options.until.map(DateText.day)
            fromCommit = range.fromCommit
            toCommit = range.toCommit
            if let commit = range.fromCommit { from = String(commit.prefix(9)) } else { from = since ?? "the start" }
            to = options.to == nil && until != nil ? until! : String(range.toCommit.prefix(9))
        }
    }

    static func describe(_ options: DigestOptions) -> String {
        var parts: [String] = []
        parts.append("\(options.from ?? "")..\(options.to ?? "")")
        if let since = options.since { parts.append("since \(DateText.day(since))") }
        if let until = options.until { parts.append("until \(DateText.day(until))") }
        return parts.joined(separator: " ")
    }

    static func report(name: String, ends: RangeEnds, scanner: Scanner, set: SeriesSet) -> DigestReport {
        let patchMails = scanner.patchEmails.filter { $0.kind == .patch || $0.kind == .cover }
        let tally = Tally(patchMails)
        return DigestReport(
            name: name, from: ends.from, to: ends.to, fromCommit: ends.fromCommit, toCommit: ends.toCommit,
            since: ends.since, until: ends.until,
            messages: scanner.messages, patches: patchMails.count, replies: scanner.replies,
            otherMessages: scanner.other, removals: scanner.removals, skipped: scanner.skipped,
            contributors: tally.contributors, domains: tally.domains,
            series: set.series.map { entry($0, in: set) },
            pullRequests: set.pullRequests.map(mailEntry))
    }

    static func entry(_ series: PatchSeries, in set: SeriesSet) -> SeriesEntry {
        let superseder = series.supersededBy.map { set.series[$0] }
        return SeriesEntry(
            status: series.status.rawValue, title: series.title, version: series.version.description,
            versionNumber: series.version.major, total: series.total, received: series.received,
            hasCover: series.cover != nil, rfc: series.isRFC, resend: series.isResend,
            tags: series.lead.tags.freeTags, author: person(series.author), sender: person(series.sender),
            date: DateText.iso(series.lead.date),
            messageIds: unique((series.mails + series.replaced).map(\.messageID)),
            patchEmails: (series.mails + series.replaced).filter { $0.kind == .patch || $0.kind == .cover }.count,
            supersededBy: superseder.map {
                Superseder(version: $0.version.description, title: $0.title, messageId: $0.lead.messageID,
                           date: DateText.iso($0.lead.date))
            },
            reason: series.reason,
            cover: series.cover.map(mailEntry),
            firstPatch: series.firstPatch.map(mailEntry))
    }

    static func mailEntry(_ mail: PatchEmail) -> MailEntry {
        MailEntry(subject: mail.subject, title: mail.tags.title, messageId: mail.messageID,
                  author: person(mail.author), sender: person(mail.sender), date: DateText.iso(mail.date),
                  text: mail.body?.displayText ?? "",
                  diffstat: mail.body?.diffstat.map {
                      DiffstatSummary(files: $0.filesChanged, insertions: $0.insertions, deletions: $0.deletions)
                  })
    }

    /// The same mail archived twice has one Message-ID: list it once.
    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    static func person(_ mailbox: Mailbox) -> Person { Person(name: mailbox.name, email: mailbox.address) }
}
