import SQLKit

/// A result row read by `Database.readRows`: on SQLite straight from Merit's binding (a dictionary
/// lookup per column), elsewhere through SQLKit's `SQLRow`.
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
            return v
        case .sql(let r): return try r.int64(c)
        }
    }

    /// A nullable integer column.
    public func optInt64(_ c: String) throws -> Int64? {
        switch storage {
        case .sqlite(let r):
            if case .null? = r.column(c) { return nil }
            guard let v = r.column(c)?.integer else { throw missing(c) }
            return v
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

extension SQLiteValue {
    /// An integer, or a float with an integral value.
    var integer: Int64? {
        switch self {
        case .integer(let i): i
        case .float(let d): Int64(exactly: d)
        default: nil
        }
    }

    /// A float, or an integer as a float.
    var double: Double? {
        switch self {
        case .float(let d): d
        case .integer(let i): Double(i)
        default: nil
        }
    }
}

extension Database {
    /// Runs a read query and returns its rows. On SQLite the statement goes to Merit's binding directly,
    /// so rows skip SQLKit's generic Decodable decoding, which dominated large run searches.
    public func readRows(_ query: SQLQueryString) async throws -> [StoreRow] {
        switch backend {
        case .sqlite(_, _, let readers):
            let reader = readers.pick()
            let (sql, binds) = try reader.session(logger: logger).prepare(query)
            return try await reader.run { try $0.query(sql, binds) }.map { StoreRow(storage: .sqlite($0)) }
        case .postgres:
            return try await read { db in try await db.raw(query).all().map { StoreRow(storage: .sql($0)) } }
        }
    }
}
