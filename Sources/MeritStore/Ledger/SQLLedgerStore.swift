import CSQLite
import MeritBase
import MeritEthereum
import MeritToken
import SQLKit

/// Models' token ledgers in SQL: one row per entry, keyed by (token, sequence), the canonical JSON and
/// its hash beside it, and a mint's nonce unique per token.
///
/// An append inserts only when its sequence is free and the row before it holds the hash the entry
/// names as previous: one statement, so it is a compare-and-swap on SQLite and on PostgreSQL alike,
/// durable (SQLite commits with synchronous=FULL) before it returns.
public struct SQLLedgerStore: LedgerStore {
    let db: Database

    /// Creates the store.
    public init(db: Database) { self.db = db }

    public func ledgerEntries(_ token: String, after: UInt64?, limit: Int?) async throws -> [StoredLedgerEntry] {
        let from = after.map { Int64($0) } ?? -1
        let cap = Int64(limit ?? Int(Int32.max))
        let rows = try await db.read { db in
            try await db.raw("""
                SELECT sequence, hash, body FROM ledger_entries
                WHERE token = \(bind: token) AND sequence > \(bind: from) ORDER BY sequence LIMIT \(bind: cap)
                """).all()
        }
        return try rows.map { row in
            let sequence = try row.int64("sequence")
            let at = "ledger of '\(token)', entry \(sequence)"
            let entry = try LedgerEntry(json: try JSONValue.parse(try row.string("body"), name: at), at: at)
            guard let hash = Bytes32(hex: try row.string("hash")) else { throw StoreError(.invalid, "\(at): the stored hash is not 0x and 64 hex digits") }
            return StoredLedgerEntry(entry: entry, hash: hash)
        }
    }

    /// The stored rows as they are (canonical JSON and hash as text): the export's path on PostgreSQL.
    func ledgerRecords(_ token: String, after: UInt64?, limit: Int) async throws -> [LedgerRecord] {
        let from = after.map { Int64($0) } ?? -1
        let rows = try await db.read { db in
            try await db.raw("""
                SELECT sequence, hash, body FROM ledger_entries
                WHERE token = \(bind: token) AND sequence > \(bind: from) ORDER BY sequence LIMIT \(bind: Int64(limit))
                """).all()
        }
        return try rows.map { LedgerRecord(sequence: UInt64(try $0.int64("sequence")), hash: try $0.string("hash"), body: try $0.string("body")) }
    }

    public func ledgerExport(_ token: String, after: UInt64?, limit: Int) async throws -> (lines: [UInt8], count: Int, last: UInt64?) {
        let from = after.map { Int64($0) } ?? -1
        // On SQLite the rows are read straight into the lines, without SQLKit's rows (a ledger of a
        // million entries is half a gigabyte).
        let direct = try await db.sqliteRead { conn -> (lines: [UInt8], count: Int, last: UInt64?) in
            var out: [UInt8] = [], count = 0, last: UInt64?
            out.reserveCapacity(limit * 512)
            try conn.forEachRow("SELECT sequence, hash, body FROM ledger_entries WHERE token = ?1 AND sequence > ?2 ORDER BY sequence LIMIT ?3",
                                [.text(token), .integer(from), .integer(Int64(limit))]) { st in
                let sequence = UInt64(sqlite3_column_int64(st, 0))
                let hash = UnsafeBufferPointer(start: sqlite3_column_text(st, 1), count: Int(sqlite3_column_bytes(st, 1)))
                let body = UnsafeBufferPointer(start: sqlite3_column_text(st, 2), count: Int(sqlite3_column_bytes(st, 2)))
                LedgerRecord.appendExportLine(sequence: sequence, hash: hash, body: body, to: &out)
                count += 1; last = sequence
            }
            return (out, count, last)
        }
        if let direct { return direct }
        let records = try await ledgerRecords(token, after: after, limit: limit)
        return (LedgerRecord.exportLines(records), records.count, records.last?.sequence)
    }

    public func appendLedgerEntry(_ entry: LedgerEntry) async throws -> Bool {
        try await appendLedgerEntries([entry])
    }

    /// Thrown inside the transaction to roll a refused batch back.
    struct Refused: Error {}

    public func appendLedgerEntries(_ entries: [LedgerEntry]) async throws -> Bool {
        guard !entries.isEmpty else { return true }
        let statements = entries.map(Self.insert)
        if statements.count == 1 {
            // One statement: it stores its row or nothing, so it needs no transaction of its own.
            let rows = try await db.writeStatements(statements)
            return !(rows.first ?? []).isEmpty
        }
        do {
            try await db.write { db in
                for statement in statements where try await db.raw(statement).first() == nil { throw Refused() }
            }
            return true
        } catch is Refused {
            return false
        }
    }

    /// The compare-and-swap insert of one entry: stored only if its sequence is free, the row before it
    /// holds the hash it names, and (for a mint) its nonce is new; RETURNING says whether it was.
    static func insert(_ entry: LedgerEntry) -> SQLQueryString {
        var nonce: String? = nil
        if case .mint(let m) = entry.request { nonce = m.nonce.hex }
        let seq = Int64(entry.sequence), body = entry.json.serialized(pretty: false), hash = entry.hash.hex
        let token = entry.token, kind = entry.request.kind, time = Int64(entry.time), previous = entry.previous.hex
        return """
            INSERT INTO ledger_entries (token, sequence, kind, time, hash, nonce, body)
            SELECT CAST(\(bind: token) AS TEXT), CAST(\(bind: seq) AS BIGINT), CAST(\(bind: kind) AS TEXT), CAST(\(bind: time) AS BIGINT),
                   CAST(\(bind: hash) AS TEXT), CAST(\(bind: nonce) AS TEXT), CAST(\(bind: body) AS TEXT)
            WHERE \(bind: seq == 0) OR EXISTS (SELECT 1 FROM ledger_entries
                                                WHERE token = \(bind: token) AND sequence = \(bind: seq - 1) AND hash = \(bind: previous))
            ON CONFLICT DO NOTHING
            RETURNING sequence
            """
    }

    /// Inserts a row as an append would, without the chain check or the rules: what the write alone costs
    /// (the baseline of `merit bench-ledger`). Not for the product's ledgers.
    public func insertUnchecked(token: String, sequence: Int64, hash: String, body: String) async throws {
        _ = try await db.writeStatements(["""
            INSERT INTO ledger_entries (token, sequence, kind, time, hash, nonce, body)
            VALUES (\(bind: token), \(bind: sequence), 'fee_deposit', 2, \(bind: hash), NULL, \(bind: body))
            """])
    }
}
