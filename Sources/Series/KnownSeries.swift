import Patches

/// A series version an earlier digest reported.
public struct KnownSeries: Sendable, Equatable {
    /// Postings of one series share a lineage number (assigned by the history's keeper).
    public var lineage: Int
    /// The number of the digest that reported it.
    public var digest: Int
    /// Its status in that digest.
    public var status: SeriesStatus
    public var title: String
    public var version: PatchVersion
    /// Its lead mail's Date, ISO 8601, and as Unix seconds for ordering.
    public var date: String
    public var dateSeconds: Int64
    /// The sender's lower-cased address (as the mailmap named it then).
    public var senderKey: String
    public var changeID: String?
    public var lineageKey: String
    public var leadMessageID: String
    /// Every mail of the posting.
    public var messageIDs: [String]

    public init(lineage: Int, digest: Int, status: SeriesStatus, title: String, version: PatchVersion, date: String,
                dateSeconds: Int64, senderKey: String, changeID: String?, lineageKey: String,
                leadMessageID: String, messageIDs: [String]) {
        self.lineage = lineage
        self.digest = digest
        self.status = status
        self.title = title
        self.version = version
        self.date = date
        self.dateSeconds = dateSeconds
        self.senderKey = senderKey
        self.changeID = changeID
        self.lineageKey = lineageKey
        self.leadMessageID = leadMessageID
        self.messageIDs = messageIDs
    }

    /// `v5 of 2025-11-17 (digest 3)`: how a reason names it.
    public var label: String { "\(version) of \(date.prefix(10)) (digest \(digest))" }
}

/// The key by which postings of one series are found across digests without other evidence:
/// its author (lower-cased address) and its title (lower-cased, whitespace collapsed).
public enum LineageKey {
    public static func of(authorKey: String, titleKey: String) -> String { authorKey + "\n" + titleKey }
    public static func of(_ series: PatchSeries) -> String { of(authorKey: series.author.key, titleKey: series.titleKey) }
}
