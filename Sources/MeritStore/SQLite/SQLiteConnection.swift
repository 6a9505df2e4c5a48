import CSQLite

/// One connection to a SQLite file, over Debian's libsqlite3: synchronous calls, and a cache of
/// prepared statements so that a statement run again is not compiled again.
///
/// Not thread-safe by design (opened with SQLITE_OPEN_NOMUTEX): each connection is used by one thread
/// at a time, which `SQLiteThread` guarantees. It is `@unchecked Sendable` only so that it can be handed
/// to that thread.
///
/// Merit has one SQLite in the process: two copies of SQLite on the same file would each keep their
/// own POSIX locks, and the file could be corrupted.
final class SQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var cache: [String: OpaquePointer] = [:]
    /// Statements kept compiled; past this the cache is emptied (multi-row statements vary in length).
    static let cacheLimit = 256
    let path: String

    /// Opens (creating if needed) the database file at `path`.
    init(path: String) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            throw SQLiteError(code: rc, message: "cannot open the database '\(path)': \(message)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    deinit { close() }

    /// Finalizes cached statements and closes. Idempotent.
    func close() {
        for (_, st) in cache { sqlite3_finalize(st) }
        cache = [:]
        if let h = handle { sqlite3_close_v2(h) }
        handle = nil
    }

    /// Runs SQL without parameters or results (pragmas, BEGIN, COMMIT); several statements allowed.
    func exec(_ sql: String) throws {
        guard let db = handle else { throw SQLiteError(code: SQLITE_MISUSE, message: "the connection is closed") }
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(message)
            throw SQLiteError(code: rc, message: text)
        }
    }

    /// Runs one statement with `binds` and returns its rows.
    func query(_ sql: String, _ binds: [SQLiteValue]) throws -> [SQLiteRow] {
        let st = try statement(sql)
        defer {
            sqlite3_reset(st)
            sqlite3_clear_bindings(st)
        }
        for (i, value) in binds.enumerated() { try bind(value, at: Int32(i + 1), in: st) }
        var rows: [SQLiteRow] = []
        var columns: SQLiteRow.Columns?
        while true {
            let rc = sqlite3_step(st)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error(rc) }
            if columns == nil { columns = SQLiteRow.Columns(names: Self.columnNames(st)) }
            rows.append(SQLiteRow(columns: columns!, values: Self.values(st)))
        }
        return rows
    }

    /// Runs one statement with `binds` and hands each row's statement to `row` (read its columns with
    /// the sqlite3_column functions; nothing is copied first). For bulk reads.
    func forEachRow(_ sql: String, _ binds: [SQLiteValue], _ row: (OpaquePointer) throws -> Void) throws {
        let st = try statement(sql)
        defer {
            sqlite3_reset(st)
            sqlite3_clear_bindings(st)
        }
        for (i, value) in binds.enumerated() { try bind(value, at: Int32(i + 1), in: st) }
        while true {
            let rc = sqlite3_step(st)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw error(rc) }
            try row(st)
        }
    }

    /// The statement for `sql`, compiled once and then taken from the cache.
    private func statement(_ sql: String) throws -> OpaquePointer {
        if let st = cache[sql] { return st }
        guard let db = handle else { throw SQLiteError(code: SQLITE_MISUSE, message: "the connection is closed") }
        var st: OpaquePointer?
        let rc = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &st, nil)
        guard rc == SQLITE_OK, let st else { throw error(rc) }
        if cache.count >= Self.cacheLimit {
            for (_, old) in cache { sqlite3_finalize(old) }
            cache = [:]
        }
        cache[sql] = st
        return st
    }

    private func bind(_ value: SQLiteValue, at index: Int32, in st: OpaquePointer) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(st, index)
        case .integer(let i): rc = sqlite3_bind_int64(st, index, i)
        case .float(let d): rc = sqlite3_bind_double(st, index, d)
        case .text(let s): rc = sqlite3_bind_text(st, index, s, -1, merit_sqlite_transient())
        case .blob(let b):
            rc = b.withUnsafeBytes { sqlite3_bind_blob(st, index, $0.baseAddress, Int32($0.count), merit_sqlite_transient()) }
        }
        guard rc == SQLITE_OK else { throw error(rc) }
    }

    private static func columnNames(_ st: OpaquePointer) -> [String] {
        (0..<sqlite3_column_count(st)).map { String(cString: sqlite3_column_name(st, $0)) }
    }

    private static func values(_ st: OpaquePointer) -> [SQLiteValue] {
        (0..<sqlite3_column_count(st)).map { i in
            switch sqlite3_column_type(st, i) {
            case SQLITE_INTEGER: return .integer(sqlite3_column_int64(st, i))
            case SQLITE_FLOAT: return .float(sqlite3_column_double(st, i))
            case SQLITE_TEXT:
                let count = Int(sqlite3_column_bytes(st, i))
                guard let p = sqlite3_column_text(st, i) else { return .text("") }
                return .text(String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self))
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(st, i))
                guard let p = sqlite3_column_blob(st, i) else { return .blob([]) }
                return .blob(Array(UnsafeRawBufferPointer(start: p, count: count)))
            default: return .null
            }
        }
    }

    private func error(_ rc: Int32) -> SQLiteError {
        SQLiteError(code: rc, message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc)))
    }
}

/// An error from SQLite: its result code and message (which names the constraint or the SQL fault,
/// never a bound value).
struct SQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    var description: String { "SQLite error \(code): \(message)" }
}
