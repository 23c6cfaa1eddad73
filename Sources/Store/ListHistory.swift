import Series
import Digest
import Foundation
import GRDB
import Patches

/// What an update asks of a list's stored history.
extension StateStore {
    /// Answers a digest's `HistoryQuery` from the database: which of its re-read messages were
    /// digested (by Message-ID and content hash), and every earlier posting of the lineages its
    /// keys touch. Only indexed lookups of the keys asked for: an update costs the same on a list
    /// followed for a day or for years.
    public func history(of list: FollowedList, for query: HistoryQuery) throws -> DigestHistory {
        try read { db in
            let ids = Array(query.messageIDs)
            let (seen, byIDOnly) = try StateStore.seen(query.keys, listID: list.id, db)
            var lineages = Set<Int64>()
            lineages.formUnion(try StateStore.chunked(Array(query.changeIDs)) { chunk, marks in
                try StateStore.values(Int64.self, db, sql: "SELECT DISTINCT lineage FROM series WHERE listId = ? AND changeId IN (\(marks))",
                                      arguments: StatementArguments([list.id] + chunk), table: "series", column: "lineage")
            })
            lineages.formUnion(try StateStore.chunked(Array(query.lineageKeys)) { chunk, marks in
                try StateStore.values(Int64.self, db, sql: "SELECT DISTINCT lineage FROM series WHERE listId = ? AND lineageKey IN (\(marks))",
                                      arguments: StatementArguments([list.id] + chunk), table: "series", column: "lineage")
            })
            lineages.formUnion(try StateStore.chunked(ids) { chunk, marks in
                try StateStore.values(Int64.self, db, sql: """
                    SELECT DISTINCT s.lineage FROM message m JOIN series s ON s.id = m.seriesId
                    WHERE m.listId = ? AND m.messageId IN (\(marks))
                    """, arguments: StatementArguments([list.id] + chunk), table: "series", column: "lineage")
            })
            let series = try StateStore.chunked(Array(lineages)) { chunk, marks in
                try Row.fetchAll(db, sql: """
                    SELECT s.*, d.number FROM series s JOIN digest d ON d.id = s.digestId
                    WHERE s.listId = ? AND s.lineage IN (\(marks)) ORDER BY s.id
                    """, arguments: StatementArguments([list.id] + chunk))
            }
            let mails = try StateStore.chunked(try series.map { try $0.decode(Int64.self, "id", table: "series") }) { chunk, marks in
                try Row.fetchAll(db, sql: "SELECT seriesId, messageId FROM message WHERE seriesId IN (\(marks)) AND messageId <> ''",
                                 arguments: StatementArguments(chunk))
            }
            var bySeries: [Int64: [String]] = [:]
            for row in mails {
                bySeries[try row.decode(Int64.self, "seriesId", table: "message"), default: []]
                    .append(try row.decode(String.self, "messageId", table: "message"))
            }
            return DigestHistory(seen: seen, seenByIDOnly: byIDOnly,
                                 series: try series.map { try StateStore.knownSeries($0, bySeries) })
        }
    }

    /// A `series` row (joined with its digest's number) and its Message-IDs, as a digest compares
    /// its series with it.
    static func knownSeries(_ row: Row, _ messageIDs: [Int64: [String]]) throws -> KnownSeries {
        func int(_ column: String) throws -> Int { try row.decode(Int.self, column, table: "series") }
        func text(_ column: String) throws -> String { try row.decode(String.self, column, table: "series") }
        return KnownSeries(lineage: try int("lineage"), digest: try row.decode(Int.self, "number", table: "digest"),
                           status: try row.decode(SeriesStatus.self, "status", table: "series"), title: try text("title"),
                           version: PatchVersion(major: try int("versionMajor"), minor: try int("versionMinor")),
                           date: try text("date"), dateSeconds: try row.decode(Int64.self, "dateSeconds", table: "series"),
                           senderKey: try text("senderKey"), changeID: try row.decodeIfPresent(String.self, "changeId", table: "series"),
                           lineageKey: try text("lineageKey"), leadMessageID: try text("leadMessageId"),
                           messageIDs: messageIDs[try row.decode(Int64.self, "id", table: "series")] ?? [])
    }

    /// Which of `keys` the list's history holds: by Message-ID and content hash; by Message-ID
    /// alone where the row has no hash (kept before hashes were: `byIDOnly`); messages without a
    /// Message-ID by the hash alone.
    static func seen(_ keys: Set<MessageKey>, listID: Int64, _ db: Database) throws
        -> (seen: Set<MessageKey>, byIDOnly: Set<MessageKey>) {
        let ids = Array(Set(keys.map(\.messageID).filter { !$0.isEmpty }))
        var hashes: [String: Set<String>] = [:]
        let rows = try chunked(ids) { chunk, marks in
            try Row.fetchAll(db, sql: "SELECT messageId, contentHash FROM message WHERE listId = ? AND messageId IN (\(marks))",
                             arguments: StatementArguments([listID] + chunk))
        }
        for row in rows {
            hashes[try row.decode(String.self, "messageId", table: "message"), default: []]
                .insert(try row.decode(String.self, "contentHash", table: "message"))
        }
        let bare = Set(try chunked(keys.filter { $0.messageID.isEmpty }.map(\.contentHash)) { chunk, marks in
            try values(String.self, db, sql: "SELECT contentHash FROM message WHERE listId = ? AND messageId = '' AND contentHash IN (\(marks))",
                       arguments: StatementArguments([listID] + chunk), table: "message", column: "contentHash")
        })
        var seen = Set<MessageKey>(), byIDOnly = Set<MessageKey>()
        for key in keys {
            if key.messageID.isEmpty {
                if bare.contains(key.contentHash) { seen.insert(key) }
            } else if let stored = hashes[key.messageID] {
                if stored.contains(key.contentHash) {
                    seen.insert(key)
                } else if stored.contains("") {
                    seen.insert(key)
                    byIDOnly.insert(key)
                }
            }
        }
        return (seen, byIDOnly)
    }

    /// Runs `body` on slices of at most 500 values with their `?, ?, …` placeholders.
    static func chunked<V: DatabaseValueConvertible, R>(_ values: [V], _ body: ([DatabaseValueConvertible], String) throws -> [R]) throws -> [R] {
        var result: [R] = []
        var start = 0
        while start < values.count {
            let chunk = values[start..<min(start + 500, values.count)]
            result += try body(chunk.map { $0 as DatabaseValueConvertible },
                               Array(repeating: "?", count: chunk.count).joined(separator: ","))
            start += 500
        }
        return result
    }
}
