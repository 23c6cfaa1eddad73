import Patches
import Series

/// What a digest asks of a list's history once it has read its messages: the keys by which
/// earlier digests could know them. Plain data; whoever keeps the history answers it.
public struct HistoryQuery: Sendable, Equatable {
    /// Every Message-ID read, and the ones patch emails point at (In-Reply-To, the ends of
    /// References, "Link to v1" / "Supersedes" links).
    public var messageIDs: Set<String> = []
    /// The keys of the messages an earlier digest may have read (`Reread`): only these can be
    /// left out as already seen.
    public var keys: Set<MessageKey> = []
    /// b4 change-ids of the patch emails.
    public var changeIDs: Set<String> = []
    /// Author and title keys of the patch emails and their postings (`LineageKey`).
    public var lineageKeys: Set<String> = []

    public init() {}
    public var isEmpty: Bool { messageIDs.isEmpty && keys.isEmpty && changeIDs.isEmpty && lineageKeys.isEmpty }
}

/// A list's history as far as one digest needs it: which of its messages earlier digests read,
/// and the series versions they reported that share a lineage with its series. Plain data: the
/// digest decides statuses from it and knows nothing of where it is kept.
public struct DigestHistory: Sendable, Equatable {
    /// Of the query's keys, those already digested (or passed over, or reported as skipped):
    /// left out of this digest.
    public var seen: Set<MessageKey>
    /// Of `seen`, those known only by their Message-ID: kept before histories kept a hash of the
    /// content. The keeper gives them their hash once this digest is stored.
    public var seenByIDOnly: Set<MessageKey>
    /// Earlier postings of the lineages the query touched (whole lineages).
    public var series: [KnownSeries]

    public init(seen: Set<MessageKey> = [], seenByIDOnly: Set<MessageKey> = [], series: [KnownSeries] = []) {
        self.seen = seen
        self.seenByIDOnly = seenByIDOnly
        self.series = series
    }

    public static let empty = DigestHistory()
}

/// What a history keeps of one series of a digest, beside its entry in the report.
public struct SeriesLineage: Sendable, Equatable {
    /// The index in `report.series` of the series that won its lineage in this digest (itself
    /// when it did): postings with the same winner are of one lineage.
    public var group: Int
    /// Lineages of earlier digests this series joined (by change-id, title, link or thread).
    public var knownLineages: [Int]
    public var changeID: String?
    /// Author and title: `LineageKey.of(authorKey:titleKey:)`.
    public var key: String
    public var version: PatchVersion
    public var senderKey: String
    public var dateSeconds: Int64

}
