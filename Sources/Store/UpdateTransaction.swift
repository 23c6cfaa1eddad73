import Digest
import Foundation
import GRDB

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
