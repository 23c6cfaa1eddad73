import Foundation
import GRDB
import Series

/// A type a column of the state database holds. GRDB's row subscripts trap on a value of another
/// type; the state is read through `Row.decode(_:_:table:)` instead, so that a damaged file (an
/// edit by hand, a tool writing the wrong type) is one line, not a crash.
protocol StateColumnValue: DatabaseValueConvertible {
    /// What the column should hold, as the message names it.
    static var expected: String { get }
}

extension Int64: StateColumnValue { static var expected: String { "an integer" } }
extension Int: StateColumnValue { static var expected: String { "an integer" } }
extension String: StateColumnValue { static var expected: String { "text" } }

/// A series status is stored as its word (New, Skip, Exist, Part); another word is damage.
extension SeriesStatus: DatabaseValueConvertible, StateColumnValue {
    public var databaseValue: DatabaseValue { rawValue.databaseValue }
    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> SeriesStatus? {
        String.fromDatabaseValue(dbValue).flatMap(SeriesStatus.init(rawValue:))
    }
    static var expected: String { "a series status (New, Skip, Exist or Part)" }
}

/// A value of the state database that is not what its column holds.
struct DamagedValue: Error, Equatable {
    var table: String
    var column: String
    /// What is there (`the text 'abc'`, `NULL`), and what belongs there.
    var found: String
    var expected: String

    var description: String { "\(table).\(column) holds \(found), not \(expected)" }

    /// `the text 'abc'`, `NULL`, `a blob of 3 bytes`: short, whatever the value's size.
    static func describe(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let n): return "the integer \(n)"
        case .double(let d): return "the real \(d)"
        case .string(let s): return "the text '\(s.count > 40 ? s.prefix(40) + "…" : s)'"
        case .blob(let data): return "a blob of \(data.count) byte\(data.count == 1 ? "" : "s")"
        }
    }
}

extension Row {
    /// The value of `column`, checked: NULL or a value of another type throws `DamagedValue`.
    func decode<T: StateColumnValue>(_ type: T.Type, _ column: String, table: String) throws -> T {
        let value = try databaseValue(column, table: table, expected: T.expected)
        guard let decoded = T.fromDatabaseValue(value) else {
            throw DamagedValue(table: table, column: column, found: DamagedValue.describe(value), expected: T.expected)
        }
        return decoded
    }

    /// The value of a column that may be NULL, checked: a value of another type throws `DamagedValue`.
    func decodeIfPresent<T: StateColumnValue>(_ type: T.Type, _ column: String, table: String) throws -> T? {
        let value = try databaseValue(column, table: table, expected: T.expected + " or NULL")
        if value.isNull { return nil }
        guard let decoded = T.fromDatabaseValue(value) else {
            throw DamagedValue(table: table, column: column, found: DamagedValue.describe(value), expected: T.expected + " or NULL")
        }
        return decoded
    }

    private func databaseValue(_ column: String, table: String, expected: String) throws -> DatabaseValue {
        guard hasColumn(column) else {
            throw DamagedValue(table: table, column: column, found: "nothing (the column is missing)", expected: expected)
        }
        return self[column] as DatabaseValue
    }
}

extension StateStore {
    /// The column `column` of every row of a query (which names it so), each checked as
    /// `Row.decode` does.
    static func values<T: StateColumnValue>(_ type: T.Type, _ db: Database, sql: String, arguments: StatementArguments,
                                            table: String, column: String) throws -> [T] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { try $0.decode(T.self, column, table: table) }
    }

    /// The column `column` of a query's first row, checked; nil when there is no row or it is
    /// NULL (`SELECT MAX(number) AS number …` of no rows).
    static func value<T: StateColumnValue>(_ type: T.Type, _ db: Database, sql: String, arguments: StatementArguments,
                                           table: String, column: String) throws -> T? {
        guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments), row.hasColumn(column),
              !(row[column] as DatabaseValue).isNull else { return nil }
        return try row.decode(T.self, column, table: table)
    }
}
