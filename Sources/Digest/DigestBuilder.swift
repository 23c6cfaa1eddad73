import Archive
import Foundation
import Mail
import Patches
import Review
import Series

/// Where the messages of one digest come from, in archive order: a range of an inbox, or any
/// other reader of messages (an mbox, a Maildir).
public protocol MessageFeed {
    /// Hands every item to `transform` (on up to `workers` threads at once) and the results to
    /// `body` on the calling thread, in order.
    func stream<T: Sendable>(workers: Int, transform: @escaping @Sendable (ArchiveItem) -> T, _ body: (T) -> Void) throws
}

/// A resolved range of an inbox as a feed.
public struct InboxRangeFeed: MessageFeed {
    public let inbox: Inbox
    public let range: RevisionRange
    /// Larger messages are read past, never held, and reported as skipped.
    public let maxMessageSize: Int

    public init(inbox: Inbox, range: RevisionRange, maxMessageSize: Int = DigestOptions().maxMessageSize) {
        self.inbox = inbox
        self.range = range
        self.maxMessageSize = maxMessageSize
    }

    public func stream<T: Sendable>(workers: Int, transform: @escaping @Sendable (ArchiveItem) -> T, _ body: (T) -> Void) throws {
        try inbox.stream(range, workers: workers, maxMessageSize: maxMessageSize, transform: transform, body)
    }
}

/// A digest with what a history keeps of it.
public struct DigestRun: Sendable {
    public var report: DigestReport
    /// Every message the digest counts or reports as skipped, in archive order.
    public var read: [ReadMessage]
    /// Messages read but left out because an earlier digest had them.
    public var alreadyDigested: Int
    /// Messages read but outside the dates: not news now, and not to be news later (a source
    /// read whole each time hands them over again).
    public var passedOver: [MessageKey]
    /// Messages left out that the history knew by Message-ID alone: their key, to be kept.
    public var rekeyed: [MessageKey]
    /// One per entry of `report.series`.
    public var lineages: [SeriesLineage]
}

/// A message a digest read, as its history keeps it.
public struct ReadMessage: Sendable, Equatable {
    public var key: MessageKey
    /// The index in `report.series` of the series it belongs to.
    public var series: Int?
}

/// Makes the digest of an archive range: Archive → Mail → Patches → Series → report.
public enum DigestBuilder {
    /// The digest of a range of the archive at `archivePath`; a range that holds no message is an
    /// empty digest (a quiet day), not an error. `reading` wraps the feed (a progress line).
    public static func make(archivePath: String, options: DigestOptions, now: Int64,
                            reading: (InboxRangeFeed) -> MessageFeed = { $0 }) throws -> DigestReport {
        let inbox = try Inbox.open(archivePath)
        let range = try inbox.resolveRange(from: options.from, to: options.to,
                                           allEpochs: options.hasDates && options.from == nil && options.to == nil,
                                           since: options.since)
        let feed = InboxRangeFeed(inbox: inbox, range: range, maxMessageSize: options.maxMessageSize)
        return try digest(reading(feed), name: options.name ?? inbox.name,
                          ends: DigestEnds(options: options, range: range), options: options).report
    }

    /// The digest of everything `feed` yields (narrowed by `options`' dates), judged against a
    /// history: `history` is asked once, after the messages are read, with the keys earlier
    /// digests could know them by; messages it has seen are left out, and statuses take the
    /// postings it knows into account (`HistoryStatuses`). An empty feed gives an empty digest.
    ///
    /// Only the messages `reread` covers can be left out, and only when their content is the
    /// same (`MessageKey`). Keys are hashed only when there is a history.
    public static func digest(_ feed: MessageFeed, name: String, ends: DigestEnds, options: DigestOptions,
                              reread: Reread = .none,
                              history: ((HistoryQuery) throws -> DigestHistory)? = nil) throws -> DigestRun {
        var scanner = Scanner(options: options, reread: reread)
        let keyed = history != nil
        try feed.stream(workers: parallelism, transform: { Scanner.examine($0, options: options, keyed: keyed) }) {
            scanner.record($0)
        }
        var known = DigestHistory.empty
        if let history {
            let query = self.query(scanner)
            if !query.isEmpty { known = try history(query) }
        }
        let dropped = scanner.drop(known.seen)
        let threads = MailThreads(scanner.threads)
        var set = SeriesBuilder.build(scanner.patchEmails, bareCovers: scanner.threadStarters, threads: threads)
        let notes = HistoryStatuses.apply(&set.series, known: known.series)
        var report = self.report(name: name, ends: ends, scanner: scanner, set: set, threads: threads,
                                 identity: options.identity)
        for (i, note) in notes.enumerated() {
            report.series[i].supersedes = note.supersedes.map(reference)
            report.series[i].alreadyReported = note.alreadyReported.map(reference)
            report.series[i].continues = note.continues.map(reference)
        }
        let lineages = set.series.map { s in
            SeriesLineage(group: s.supersededBy ?? s.id, knownLineages: notes[s.id].knownLineages.sorted(),
                          changeID: s.changeID, key: LineageKey.of(s), version: s.version,
                          senderKey: s.sender.key, dateSeconds: s.lead.date.seconds)
        }
        return DigestRun(report: report, read: read(scanner, report), alreadyDigested: dropped.count,
                         passedOver: scanner.passedOver, rekeyed: dropped.filter(known.seenByIDOnly.contains),
                         lineages: lineages)
    }

    /// What the history keeps of every message counted or skipped: its key, and its series
    /// (the first that lists its Message-ID).
    static func read(_ scanner: Scanner, _ report: DigestReport) -> [ReadMessage] {
        var seriesOf: [String: Int] = [:]
        for (index, entry) in report.series.enumerated() {
            for id in entry.messageIds where seriesOf[id] == nil { seriesOf[id] = index }
        }
        let counted = scanner.counted.compactMap { entry in
            entry.read.key.map { ReadMessage(key: $0, series: entry.id.flatMap { seriesOf[$0] }) }
        }
        return counted + scanner.skippedReads.compactMap { $0.key.map { ReadMessage(key: $0, series: nil) } }
    }

    /// Every key an earlier digest could know this range's messages and series by. Keys are taken
    /// from every patch email, not only the series' leads, so that whatever the series turn out
    /// to be once seen messages are gone, their keys were asked for.
    static func query(_ scanner: Scanner) -> HistoryQuery {
        var query = HistoryQuery()
        for entry in scanner.counted { if let id = entry.id { query.messageIDs.insert(id) } }
        query.keys = Set(scanner.rereadKeys)
        for mail in scanner.patchEmails + Array(scanner.threadStarters.values) {
            query.messageIDs.insert(mail.messageID)
            for id in [mail.inReplyTo, mail.references.first, mail.references.last].compactMap({ $0 }) {
                query.messageIDs.insert(id)
            }
            query.messageIDs.formUnion(mail.supersedes)
            if let change = mail.changeID { query.changeIDs.insert(change) }
            query.lineageKeys.insert(LineageKey.of(authorKey: mail.author.key, titleKey: mail.tags.titleKey))
        }
        // A posting's key joins its patches' author to its cover letter's title.
        var covers: [String: PatchEmail] = scanner.threadStarters
        for mail in scanner.patchEmails where !mail.tags.counterStated || mail.tags.number == 0 { covers[mail.messageID] = mail }
        for mail in scanner.patchEmails {
            if let up = MailThreads.parent(of: mail), let cover = covers[up] {
                query.lineageKeys.insert(LineageKey.of(authorKey: mail.author.key, titleKey: cover.tags.titleKey))
                if !cover.tags.versionStated, let bare = SubjectTags.droppingTrailingVersion(cover.tags.title) {
                    query.lineageKeys.insert(LineageKey.of(authorKey: mail.author.key, titleKey: bare.lowercased()))
                }
            }
        }
        return query
    }

    /// The digest of items already in hand, through the same Scanner and series rules as an
    /// archive's (no git): for tests and fuzzing of the whole per-message pipeline.
    public static func make(items: [ArchiveItem], options: DigestOptions, name: String) -> DigestReport {
        var scanner = Scanner(options: options)
        for item in items { scanner.record(Scanner.examine(item, options: options)) }
        let threads = MailThreads(scanner.threads)
        let set = SeriesBuilder.build(scanner.patchEmails, bareCovers: scanner.threadStarters, threads: threads)
        let ends = DigestEnds(from: "the start", to: "the end", fromCommit: nil, toCommit: nil,
                              since: options.since.map(DateText.day), until: options.until.map(DateText.day))
        return report(name: name, ends: ends, scanner: scanner, set: set, threads: threads, identity: options.identity)
    }

    /// Parsing threads: git inflates on one core while these parse on the others.
    static var parallelism: Int {
        if let text = ProcessInfo.processInfo.environment["PATCHDIGEST_THREADS"], let n = Int(text), n > 0 { return min(n, 64) }
        // git inflates on one core; a second parser on a 2-core machine only contends with it.
        return max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
    }

}

/// How a digest's range is named in its heading: abbreviated revs, or dates.
public struct DigestEnds: Sendable, Equatable {
    public var from: String
    public var to: String
    public var fromCommit: String?
    /// Nil when the messages come from no commits (an mbox, a Maildir).
    public var toCommit: String?
    public var since: String?
    public var until: String?

    public init(from: String, to: String, fromCommit: String?, toCommit: String?, since: String? = nil, until: String? = nil) {
        self.from = from
        self.to = to
        self.fromCommit = fromCommit
        self.toCommit = toCommit
        self.since = since
        self.until = until
    }

    /// The ends of a source read whole, which has no commits: from the `since` day of a first
    /// update, else the last update's time, to the time of this one.
    public init(since: Int64?, lastUpdate: Int64?, now: Int64) {
        let start = since.map(DateText.day) ?? lastUpdate.map(DateText.minute) ?? "the start"
        self.init(from: start, to: DateText.minute(now), fromCommit: nil, toCommit: nil, since: since.map(DateText.day))
    }

    public init(options: DigestOptions, range: RevisionRange) {
            since = options.since.map(DateText.day)
            until = options.until.map(DateText.day)
            fromCommit = range.fromCommit
            toCommit = range.toCommit
            // A range cut short for --since starts at a commit nobody asked for: name the date.
            if options.from == nil, let since {
                from = since
            } else if let commit = range.fromCommit {
                from = String(commit.prefix(9))
            } else {
                from = "the start"
            }
            to = options.to == nil && until != nil ? until! : String(range.toCommit.prefix(9))
    }
}

extension DigestBuilder {
    static func report(name: String, ends: DigestEnds, scanner: Scanner, set: SeriesSet, threads: MailThreads,
                       identity: Identity) -> DigestReport {
        let patchMails = countedPatchMails(scanner, set)
        let tally = Tally(patchMails, organizations: identity.organizations)
        let reviews = ReviewAttribution.reviews(scanner.replyNotes, series: set.series, threads: threads)
        var series = set.series.map { entry($0, in: set) }
        for (i, review) in reviews.enumerated() { series[i].review = review.map(reviewEntry) }
        let reviewers = Tally.reviewers(reviews.compactMap { $0 }, mailmap: identity.mailmap)
        return DigestReport(
            name: name, from: ends.from, to: ends.to, fromCommit: ends.fromCommit, toCommit: ends.toCommit,
            since: ends.since, until: ends.until,
            messages: scanner.messages, patches: patchMails.count, replies: scanner.replies,
            otherMessages: scanner.other, removals: scanner.removals,
            duplicates: scanner.duplicates == 0 ? nil : scanner.duplicates, skipped: scanner.skipped,
            contributors: tally.contributors, domains: tally.domains, reviewers: reviewers.isEmpty ? nil : reviewers,
            series: series,
            pullRequests: set.pullRequests.map(mailEntry),
            backports: set.backports.isEmpty ? nil : set.backports.map(backportEntry),
            organizations: tally.organizations,
            notes: scanner.duplicates == 0 ? nil : [duplicatesNote(scanner.duplicates)])
    }

    /// The patch emails the counts hold: patches and cover letters of the series (a pull request
    /// that is a series' cover letter too), not stable backports, which carry others' patches.
    static func countedPatchMails(_ scanner: Scanner, _ set: SeriesSet) -> [PatchEmail] {
        let backports = Set(set.backports.flatMap { ($0.mails + $0.replaced).map(\.messageID) })
        let pullCovers = Set(set.series.compactMap { $0.cover?.kind == .pullRequest ? $0.cover?.messageID : nil })
        return scanner.patchEmails.filter {
            ($0.kind == .patch || $0.kind == .cover || pullCovers.contains($0.messageID)) && !backports.contains($0.messageID)
        }
    }

    static func duplicatesNote(_ count: Int) -> String {
        count == 1 ? "1 message was archived twice under one Message-ID; it is counted once"
            : "\(count) messages were archived twice under one Message-ID; each is counted once"
    }

    static func backportEntry(_ posting: PatchSeries) -> BackportEntry {
        BackportEntry(tree: posting.lead.tags.backport?.label ?? "stable", patches: posting.received,
                      total: posting.total, sender: person(posting.sender), title: posting.title,
                      messageId: posting.lead.messageID,
                      messageIds: unique((posting.mails + posting.replaced).map(\.messageID)),
                      date: DateText.iso(posting.lead.date))
    }

    static func entry(_ series: PatchSeries, in set: SeriesSet) -> SeriesEntry {
        let superseder = series.supersededBy.map { set.series[$0] }
        return SeriesEntry(
            status: series.status, title: series.title, version: series.version.description,
            versionNumber: series.version.major, total: series.total, received: series.received,
            hasCover: series.cover != nil, rfc: series.isRFC, resend: series.isResend,
            tags: series.lead.tags.freeTags, author: person(series.author), sender: person(series.sender),
            date: DateText.iso(series.lead.date),
            messageIds: unique((series.mails + series.replaced).map(\.messageID)),
            patchEmails: (series.mails + series.replaced).filter {
                $0.kind == .patch || $0.kind == .cover || $0.kind == .pullRequest
            }.count,
            supersededBy: superseder.map {
                Superseder(version: $0.version.description, title: $0.title, messageId: $0.lead.messageID,
                           date: DateText.iso($0.lead.date))
            },
            reason: series.reason,
            cover: series.cover.map(mailEntry),
            firstPatch: (series.status == .partial ? series.lowestPatch?.withHeldBody() : series.firstPatch).map(mailEntry),
            rerolls: series.rerolls.isEmpty ? nil : series.rerolls.map {
                Reroll(number: $0.number, version: $0.newer.tags.versionStated ? $0.newer.tags.version.description : series.version.description,
                       messageId: $0.newer.messageID, replaces: $0.older.messageID)
            },
            pullRequest: series.cover?.kind == .pullRequest ? true : nil)
    }

    static func reviewEntry(_ review: SeriesReview) -> ReviewEntry {
        ReviewEntry(replies: review.replies, participants: review.participants.count,
                    firstReply: DateText.iso(review.firstReply), reviewed: review.reviewed, nacked: review.nacked,
                    patches: review.patches.map { patch in
                        PatchReviewEntry(n: patch.number, messageId: patch.messageID, trailers: patch.trailers.map {
                            TrailerEntry(kind: $0.trailer.kind.rawValue, name: $0.trailer.name, email: $0.trailer.email,
                                         messageId: $0.messageID, senderMatches: $0.trailer.senderMatches)
                        })
                    })
    }

    static func appliedEntry(_ mark: AppliedMark) -> AppliedEntry {
        AppliedEntry(tree: mark.tree, commit: mark.commit, n: mark.number, how: mark.how.rawValue,
                     by: mark.by.map(person), date: mark.date.map(DateText.iso), messageId: mark.messageID)
    }

    /// How a report names a posting an earlier digest reported.
    static func reference(_ known: KnownSeries) -> PostingReference {
        PostingReference(version: known.version.description, title: known.title, messageId: known.leadMessageID,
                         date: known.date, digest: known.digest)
    }

    static func mailEntry(_ mail: PatchEmail) -> MailEntry {
        // A pull request's own summary is its last one above any diff: a tag message may quote another.
        let pulled = mail.requestPull?.changes.map { DiffstatSummary(files: $0.files, insertions: $0.insertions, deletions: $0.deletions) }
        return MailEntry(subject: mail.subject, title: mail.tags.title, messageId: mail.messageID,
                         author: person(mail.author), sender: person(mail.sender), date: DateText.iso(mail.date),
                         text: mail.body.map(printedText) ?? "",
                         diffstat: pulled ?? mail.body?.diffstat.map {
                             DiffstatSummary(files: $0.filesChanged, insertions: $0.insertions, deletions: $0.deletions)
                         },
                         pull: mail.requestPull.map {
                             PullSource(repository: $0.repository, ref: $0.ref, baseCommit: $0.baseCommit, headCommit: $0.headCommit)
                         })
    }

    /// What a digest prints of a mail: its text through the diffstat, and the diffstat counted
    /// from the diff when the mail has none or its own is wrong (the text then shows the mail's
    /// own first, as it was sent).
    static func printedText(_ body: PatchBody) -> String {
        guard let diffstat = body.diffstat, diffstat.origin == .computed else { return body.displayText }
        let counted = (diffstat.block.isEmpty ? "" : diffstat.block + "\n") + diffstat.summary
        let lead = body.displayText.isEmpty ? "" : body.displayText + "\n\n"
        return lead + "Diffstat counted from the diff:\n" + counted
    }

    /// The same mail archived twice has one Message-ID: list it once.
    static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    static func person(_ mailbox: Mailbox) -> Person { Person(name: mailbox.name, email: mailbox.address) }
}
