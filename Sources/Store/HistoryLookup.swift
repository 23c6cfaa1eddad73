import Series
import Digest
import Foundation
import GRDB
import Patches

/// Answers a digest's `HistoryQuery` from the database: which of its re-read messages were
/// digested (by Message-ID and content hash), and every earlier posting of the lineages its keys
/// touch. Only indexed lookups of the keys asked for: an update costs the same on a list
/// followed for a day or for years.
extension StateStore {
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

/// Storing an update: one transaction.
extension StateStore {
    /// Stores what an update made — the digest (when it holds messages), its series versions and
    /// the keys of its messages — and moves the list's cursors, all at once. Returns the digest's
    /// number.
    ///
    /// `passedOver`: messages read but not digested (outside the dates), kept as seen so that no
    /// later update gives them as news. `rekeyed`: messages known by Message-ID alone, given
    /// their content hash now.
    @discardableResult
    public func record(_ list: FollowedList, run: DigestRun?, passedOver: [MessageKey] = [], rekeyed: [MessageKey] = [],
                       cursors: [EpochCursor], now: Int64) throws -> Int? {
        let json: String? = try run.map { run in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(run.report), as: UTF8.self)
        }
        return try transaction { db in
            var number: Int?
            if let run, let json {
                number = try StateStore.insert(run, json: json, list: list, now: now, db)
            }
            if !passedOver.isEmpty {
                let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO message (listId, messageId, contentHash) VALUES (?, ?, ?)")
                for key in passedOver { try insert.execute(arguments: [list.id, key.messageID, key.contentHash]) }
            }
            try StateStore.rekey(rekeyed, listID: list.id, db)
            TestPause.at("store")
            try db.execute(sql: "DELETE FROM cursor WHERE listId = ?", arguments: [list.id])
            for cursor in cursors {
                try db.execute(sql: "INSERT INTO cursor (listId, epoch, \"commit\", commitTime) VALUES (?, ?, ?, ?)",
                               arguments: [list.id, cursor.epoch, cursor.commit, cursor.commitTime])
            }
            try db.execute(sql: "UPDATE list SET updatedAt = ? WHERE id = ?", arguments: [now, list.id])
            return number
        }
    }

    private static func insert(_ run: DigestRun, json: String, list: FollowedList, now: Int64, _ db: Database) throws -> Int {
        let report = run.report
        let number = (try StateStore.value(Int.self, db, sql: "SELECT MAX(number) AS number FROM digest WHERE listId = ?",
                                           arguments: [list.id], table: "digest", column: "number") ?? 0) + 1
        try db.execute(sql: """
            INSERT INTO digest (listId, number, madeAt, madeOn, fromLabel, toLabel, messages, patches, series, newSeries, report)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [list.id, number, now, localDay(now), report.from, report.to, report.messages, report.patches,
                             report.series.count, report.series.filter { $0.status == .new }.count, json])
        let digestID = db.lastInsertedRowID

        // One lineage per group of this digest: the oldest earlier lineage it joined (merging
        // the others into it), else a new one.
        var next = (try StateStore.value(Int64.self, db, sql: "SELECT MAX(lineage) AS lineage FROM series WHERE listId = ?",
                                         arguments: [list.id], table: "series", column: "lineage") ?? 0) + 1
        var groupLineage: [Int: Int64] = [:]
        var joined: [Int: Set<Int64>] = [:]
        for lineage in run.lineages { joined[lineage.group, default: []].formUnion(lineage.knownLineages.map(Int64.init)) }
        for (group, known) in joined.sorted(by: { $0.key < $1.key }) {
            guard let oldest = known.min() else {
                groupLineage[group] = next
                next += 1
                continue
            }
            groupLineage[group] = oldest
            let others = known.subtracting([oldest])
            if !others.isEmpty {
                try db.execute(sql: "UPDATE series SET lineage = ? WHERE listId = ? AND lineage IN (\(others.map(String.init).joined(separator: ",")))",
                               arguments: [oldest, list.id])
            }
        }

        var seriesIDs: [Int64] = []
        for (entry, lineage) in zip(report.series, run.lineages) {
            try db.execute(sql: """
                INSERT INTO series (listId, digestId, lineage, status, title, versionMajor, versionMinor, date, dateSeconds,
                                    senderKey, changeId, lineageKey, leadMessageId)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [list.id, digestID, groupLineage[lineage.group], entry.status, entry.title,
                                 lineage.version.major, lineage.version.minor, entry.date, lineage.dateSeconds,
                                 lineage.senderKey, lineage.changeID, lineage.key, entry.messageIds.first ?? ""])
            seriesIDs.append(db.lastInsertedRowID)
        }
        let insertMessage = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO message (listId, messageId, contentHash, digestId, seriesId) VALUES (?, ?, ?, ?, ?)
            """)
        for message in run.read {
            try insertMessage.execute(arguments: [list.id, message.key.messageID, message.key.contentHash, digestID,
                                                  message.series.map { seriesIDs[$0] }])
        }
        return number
    }

    /// Rows kept without a content hash, read again: each content read under the id gets a row
    /// of its own (same digest and series), and the row without a hash goes.
    private static func rekey(_ keys: [MessageKey], listID: Int64, _ db: Database) throws {
        guard !keys.isEmpty else { return }
        let copy = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO message (listId, messageId, contentHash, digestId, seriesId)
            SELECT listId, messageId, ?, digestId, seriesId FROM message WHERE listId = ? AND messageId = ? AND contentHash = ''
            """)
        for key in keys { try copy.execute(arguments: [key.contentHash, listID, key.messageID]) }
        let drop = try db.makeStatement(sql: "DELETE FROM message WHERE listId = ? AND messageId = ? AND contentHash = ''")
        for id in Set(keys.map(\.messageID)) { try drop.execute(arguments: [listID, id]) }
    }

    /// `YYYY-MM-DD` of a time in the machine's time zone: what `show --date` matches.
    static func localDay(_ seconds: Int64) -> String {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
