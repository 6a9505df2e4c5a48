import SQLiteKit
import SQLKit

/// A result row read by `Database.readRows`: on SQLite straight from SQLiteNIO (a dictionary lookup
/// per column), elsewhere through SQLKit's `SQLRow`.
public struct StoreRow: Sendable {
    enum Storage: Sendable {
        case sqlite(SQLiteRow)
        case sql(any SQLRow)
    }
    let storage: Storage

    func missing(_ c: String) -> StoreError { StoreError(.invalid, "column \(c) is missing or NULL") }

    /// A text column.
    public func string(_ c: String) throws -> String {
        switch storage {
        case .sqlite(let r):
            guard case .text(let s)? = r.column(c) else { throw missing(c) }
            return s
        case .sql(let r): return try r.string(c)
        }
    }

    /// A nullable text column.
    public func optString(_ c: String) throws -> String? {
        switch storage {
        case .sqlite(let r):
            switch r.column(c) {
            case .text(let s)?: return s
            case .null?: return nil
            default: throw missing(c)
            }
        case .sql(let r): return try r.optString(c)
        }
    }

    /// An integer column.
    public func int64(_ c: String) throws -> Int64 {
        switch storage {
        case .sqlite(let r):
            guard let v = r.column(c)?.integer else { throw missing(c) }
            return Int64(v)
        case .sql(let r): return try r.int64(c)
        }
    }

    /// A nullable integer column.
    public func optInt64(_ c: String) throws -> Int64? {
        switch storage {
        case .sqlite(let r):
            if case .null? = r.column(c) { return nil }
            guard let v = r.column(c)?.integer else { throw missing(c) }
            return Int64(v)
        case .sql(let r): return try r.optInt64(c)
        }
    }

    /// A floating-point column.
    public func double(_ c: String) throws -> Double {
        switch storage {
        case .sqlite(let r):
            guard let v = r.column(c)?.double else { throw missing(c) }
            return v
        case .sql(let r): return try r.double(c)
        }
    }
}

extension Database {
    /// Runs a read query and returns its rows. On SQLite the statement goes to SQLiteNIO directly, so
    /// rows skip SQLKit's generic Decodable decoding, which dominated large run searches.
    public func readRows(_ query: SQLQueryString) async throws -> [StoreRow] {
        switch backend {
        case .sqlite(_, _, _, let readers):
            let conn = readers.pick()
            var serializer = SQLSerializer(database: conn.sql(queryLogLevel: nil))
            query.serialize(to: &serializer)
            let encoder = SQLiteDataEncoder()
            let binds = try serializer.binds.map { try encoder.encode($0) }
            return try await conn.query(serializer.sql, binds).map { StoreRow(storage: .sqlite($0)) }
        case .postgres:
            return try await read { db in try await db.raw(query).all().map { StoreRow(storage: .sql($0)) } }
        }
    }
}
