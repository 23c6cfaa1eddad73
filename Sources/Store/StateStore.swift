import Digest
import Foundation
import GRDB

/// The state of followed lists, in one SQLite database (`HOME/state.sqlite`): lists, a cursor per
/// epoch, every digest made (its report as JSON), every series version reported with its lineage
/// keys, and every message digested (its Message-ID and a hash of its content).
///
/// Writes happen in one `BEGIN IMMEDIATE` transaction per update (`record`): a killed update
/// leaves the state as it was before it. SQLite's busy timeout makes a second writer wait.
public final class StateStore {
    public let home: Home
    let queue: DatabaseQueue

    /// Opens the home's database and brings its schema up to date. `creating`: make the home when
    /// it is missing (the commands that follow lists); else a missing home is `noHome` and is
    /// left uncreated (the commands that only read: a mistyped `--home` must not leave a home).
    public init(home: Home, busyTimeout: Double = 10, creating: Bool = true) throws {
        self.home = home
        if creating {
            try home.create()
        } else if !home.exists {
            throw StoreError.noHome(home.path)
        }
        var config = Configuration()
        config.busyMode = .timeout(busyTimeout)
        config.label = "patchdigest state"
        do {
            queue = try DatabaseQueue(path: home.database, configuration: config)
            let rebuilding = try !queue.read(StateStore.migrator.appliedIdentifiers).contains(StateStore.contentHashMigration)
            try StateStore.migrator.migrate(queue)
            // Rebuilding the message table leaves the old one's pages free: give them back, once,
            // so that the file grows only when the state does.
            if rebuilding { try queue.vacuum() }
        } catch {
            throw StoreError.wrap(error, path: home.database)
        }
    }

    /// Runs a read, turning database errors into one-line messages.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try queue.read(body) } catch { throw StoreError.wrap(error, path: home.database) }
    }

    /// Runs one immediate transaction: all of it is stored, or none.
    func transaction<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw StoreError.wrap(error, path: home.database)
        }
    }

    static let contentHashMigration = "v2 content hash"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE list (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    location TEXT NOT NULL,
                    addedAt INTEGER NOT NULL,
                    updatedAt INTEGER
                );
                CREATE TABLE cursor (
                    listId INTEGER NOT NULL REFERENCES list(id) ON DELETE CASCADE,
                    epoch INTEGER NOT NULL,
                    "commit" TEXT NOT NULL,
                    commitTime INTEGER NOT NULL,
                    PRIMARY KEY (listId, epoch)
                );
                CREATE TABLE digest (
                    id INTEGER PRIMARY KEY,
                    listId INTEGER NOT NULL REFERENCES list(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    madeAt INTEGER NOT NULL,
                    madeOn TEXT NOT NULL,
                    fromLabel TEXT NOT NULL,
                    toLabel TEXT NOT NULL,
                    messages INTEGER NOT NULL,
                    patches INTEGER NOT NULL,
                    series INTEGER NOT NULL,
                    newSeries INTEGER NOT NULL,
                    report TEXT NOT NULL,
                    UNIQUE (listId, number)
                );
                CREATE INDEX digest_day ON digest(listId, madeOn);
                -- Every series version a digest reported; postings of one series share a lineage.
                CREATE TABLE series (
                    id INTEGER PRIMARY KEY,
                    listId INTEGER NOT NULL REFERENCES list(id) ON DELETE CASCADE,
                    digestId INTEGER NOT NULL REFERENCES digest(id) ON DELETE CASCADE,
                    lineage INTEGER NOT NULL,
                    status TEXT NOT NULL,
                    title TEXT NOT NULL,
                    versionMajor INTEGER NOT NULL,
                    versionMinor INTEGER NOT NULL,
                    date TEXT NOT NULL,
                    dateSeconds INTEGER NOT NULL,
                    senderKey TEXT NOT NULL,
                    changeId TEXT,
                    lineageKey TEXT NOT NULL,
                    leadMessageId TEXT NOT NULL
                );
                CREATE INDEX series_lineage ON series(listId, lineage);
                CREATE INDEX series_change ON series(listId, changeId);
                CREATE INDEX series_key ON series(listId, lineageKey);
                -- Every Message-ID digested, with the series it belonged to; or passed over
                -- (read, but dated before a first update's --since): no digest.
                CREATE TABLE message (
                    listId INTEGER NOT NULL REFERENCES list(id) ON DELETE CASCADE,
                    messageId TEXT NOT NULL,
                    digestId INTEGER REFERENCES digest(id) ON DELETE CASCADE,
                    seriesId INTEGER REFERENCES series(id) ON DELETE SET NULL,
                    PRIMARY KEY (listId, messageId)
                ) WITHOUT ROWID;
                CREATE INDEX message_series ON message(seriesId);
                """)
        }
        // A message is known by its Message-ID and a hash of its content (`MessageKey`): one id
        // may come with several contents. Rows kept before have no hash (''): known by id alone
        // until an update reads them again and gives them theirs.
        migrator.registerMigration(contentHashMigration) { db in
            try db.execute(sql: """
                CREATE TABLE message_v2 (
                    listId INTEGER NOT NULL REFERENCES list(id) ON DELETE CASCADE,
                    messageId TEXT NOT NULL,
                    contentHash TEXT NOT NULL DEFAULT '',
                    digestId INTEGER REFERENCES digest(id) ON DELETE CASCADE,
                    seriesId INTEGER REFERENCES series(id) ON DELETE SET NULL,
                    PRIMARY KEY (listId, messageId, contentHash)
                ) WITHOUT ROWID;
                INSERT INTO message_v2 (listId, messageId, digestId, seriesId)
                    SELECT listId, messageId, digestId, seriesId FROM message;
                DROP TABLE message;
                ALTER TABLE message_v2 RENAME TO message;
                CREATE INDEX message_series ON message(seriesId);
                """)
        }
        // What `add` sets for a list, one row per setting: a new setting (the trees a review
        // checks) is a new key and needs no migration, and a setting with several values is
        // several rows, kept in the order given (rowid).
        migrator.registerMigration("v3 list settings") { db in
            try db.execute(sql: """
                CREATE TABLE listSetting (
                    listId INTEGER NOT NULL REFERENCES list(id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE INDEX listSetting_list ON listSetting(listId, key);
                """)
        }
        return migrator
    }
}

// MARK: - Lists and cursors

extension StateStore {
    public func add(name: String, source: ListSource, settings: ListSettings = ListSettings(), now: Int64) throws -> FollowedList {
        try ListSource.validate(name: name)
        return try transaction { db in
            if try Int64.fetchOne(db, sql: "SELECT id FROM list WHERE name = ?", arguments: [name]) != nil {
                throw StoreError.listExists(name)
            }
            try db.execute(sql: "INSERT INTO list (name, kind, location, addedAt) VALUES (?, ?, ?, ?)",
                           arguments: [name, source.kind.rawValue, source.location, now])
            let id = db.lastInsertedRowID
            for key in ListSettings.Key.allCases {
                guard let value = settings[key] else { continue }
                try db.execute(sql: "INSERT INTO listSetting (listId, key, value) VALUES (?, ?, ?)",
                               arguments: [id, key.rawValue, value])
            }
            return FollowedList(id: id, name: name, source: source, addedAt: now, updatedAt: nil, settings: settings)
        }
    }

    /// A list's settings. A key this version does not know (set by a newer one) is passed over:
    /// it changes nothing this version does.
    static func settings(_ db: Database, _ listID: Int64) throws -> ListSettings {
        var settings = ListSettings()
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM listSetting WHERE listId = ? ORDER BY rowid",
                                    arguments: [listID]) {
            guard let key = ListSettings.Key(rawValue: try row.decode(String.self, "key", table: "listSetting")) else { continue }
            settings[key] = try row.decode(String.self, "value", table: "listSetting")
        }
        return settings
    }

    /// Forgets a list: its cursors, digests, series and Message-IDs (the schema's cascades), in
    /// one transaction. Returns how many digests it had.
    @discardableResult
    public func remove(name: String) throws -> Int {
        try transaction { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM list WHERE name = ?", arguments: [name]) else {
                throw StoreError.unknownList(name)
            }
            let digests = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM digest WHERE listId = ?", arguments: [id]) ?? 0
            try db.execute(sql: "DELETE FROM list WHERE id = ?", arguments: [id])
            return digests
        }
    }

    public func lists() throws -> [FollowedList] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM list ORDER BY name").map { try StateStore.list($0, db) } }
    }

    public func list(named name: String) throws -> FollowedList {
        let found = try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM list WHERE name = ?", arguments: [name]).map { try StateStore.list($0, db) }
        }
        guard let found else { throw StoreError.unknownList(name) }
        return found
    }

    static func list(_ row: Row, _ db: Database) throws -> FollowedList {
        let kindName = try row.decode(String.self, "kind", table: "list")
        guard let kind = SourceKind(rawValue: kindName) else {
            throw DamagedValue(table: "list", column: "kind", found: DamagedValue.describe(kindName.databaseValue),
                               expected: SourceKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let id = try row.decode(Int64.self, "id", table: "list")
        return FollowedList(id: id, name: try row.decode(String.self, "name", table: "list"),
                            source: ListSource(kind: kind, location: try row.decode(String.self, "location", table: "list")),
                            addedAt: try row.decode(Int64.self, "addedAt", table: "list"),
                            updatedAt: try row.decodeIfPresent(Int64.self, "updatedAt", table: "list"),
                            settings: try settings(db, id))
    }

    public func cursors(of list: FollowedList) throws -> [EpochCursor] {
        try read { db in try StateStore.cursors(db, list.id) }
    }

    static func cursors(_ db: Database, _ listID: Int64) throws -> [EpochCursor] {
        try Row.fetchAll(db, sql: "SELECT epoch, \"commit\", commitTime FROM cursor WHERE listId = ? ORDER BY epoch",
                         arguments: [listID]).map { row in
            EpochCursor(epoch: try row.decode(Int.self, "epoch", table: "cursor"), commit: try row.decode(String.self, "commit", table: "cursor"),
                        commitTime: try row.decode(Int64.self, "commitTime", table: "cursor"))
        }
    }
}

// MARK: - Digests

extension StateStore {
    public func digests(of list: FollowedList?) throws -> [DigestSummary] {
        try read { db in
            let filter = list == nil ? "" : "WHERE d.listId = \(list!.id)"
            return try Row.fetchAll(db, sql: """
                SELECT l.name, d.number, d.madeAt, d.madeOn, d.fromLabel, d.toLabel, d.messages, d.patches,
                       d.series, d.newSeries
                FROM digest d JOIN list l ON l.id = d.listId \(filter)
                ORDER BY d.madeAt, l.name, d.number
                """).map(StateStore.summary)
        }
    }

    static func summary(_ row: Row) throws -> DigestSummary {
        func int(_ column: String) throws -> Int { try row.decode(Int.self, column, table: "digest") }
        func text(_ column: String) throws -> String { try row.decode(String.self, column, table: "digest") }
        return DigestSummary(list: try row.decode(String.self, "name", table: "list"), number: try int("number"),
                             madeAt: try row.decode(Int64.self, "madeAt", table: "digest"), madeOn: try text("madeOn"),
                             from: try text("fromLabel"), to: try text("toLabel"), messages: try int("messages"),
                             patches: try int("patches"), series: try int("series"), newSeries: try int("newSeries"))
    }

    /// A stored digest: by number, else the last one made on a local day, else the last one.
    public func digest(of list: FollowedList, number: Int? = nil, day: String? = nil) throws -> DigestReport {
        let json: String? = try read { db in
            let row: Row?
            if let number {
                row = try Row.fetchOne(db, sql: "SELECT report FROM digest WHERE listId = ? AND number = ?",
                                       arguments: [list.id, number])
            } else if let day {
                row = try Row.fetchOne(db, sql: """
                    SELECT report FROM digest WHERE listId = ? AND madeOn = ? ORDER BY number DESC LIMIT 1
                    """, arguments: [list.id, day])
            } else {
                row = try Row.fetchOne(db, sql: "SELECT report FROM digest WHERE listId = ? ORDER BY number DESC LIMIT 1",
                                       arguments: [list.id])
            }
            return try row?.decode(String.self, "report", table: "digest")
        }
        guard let json else {
            throw StoreError.noDigest(list: list.name, what: number.map { "number \($0)" } ?? day.map { "made on \($0)" } ?? "yet")
        }
        do {
            return try JSONDecoder().decode(DigestReport.self, from: Data(json.utf8))
        } catch {
            throw StoreError.damaged(path: home.database, what: "digest.report of \(list.name) holds no digest report")
        }
    }
}
