import MeritEthereum

/// Where a model's ledger entries are kept: append-only, one chain per model.
///
/// An append is a compare-and-swap on the chain: it is stored only if its sequence is free and the
/// entry before it is the one it names (its previous hash), so two writers, in one process or on two
/// machines, can never fork a chain or mint one attestation twice (a mint's nonce is unique per model).
public protocol LedgerStore: Sendable {
    /// The entries of the ledger of `token` (a ticker) with a sequence above `after` (all when nil), in order, at most `limit`.
    func ledgerEntries(_ token: String, after: UInt64?, limit: Int?) async throws -> [StoredLedgerEntry]
    /// The same entries as export lines (`LedgerRecord.appendExportLine`), joined: the bytes of one page of
    /// `GET .../ledger/export`, the number of entries and the last one's sequence.
    func ledgerExport(_ token: String, after: UInt64?, limit: Int) async throws -> (lines: [UInt8], count: Int, last: UInt64?)
    /// Stores `entry` as its ledger's next entry; false when the chain moved (another entry holds its
    /// sequence, its previous entry differs, or its nonce was minted) and nothing was stored.
    func appendLedgerEntry(_ entry: LedgerEntry) async throws -> Bool
    /// Stores consecutive entries of one ledger in one transaction, all or none: false (nothing stored)
    /// when any of them would be refused as `appendLedgerEntry` refuses one.
    func appendLedgerEntries(_ entries: [LedgerEntry]) async throws -> Bool
}

/// An entry as stored, with the hash recorded when it was written.
public struct StoredLedgerEntry: Sendable, Equatable {
    /// The entry.
    public var entry: LedgerEntry
    /// The hash stored beside it.
    public var hash: Bytes32
    /// Creates a stored entry.
    public init(entry: LedgerEntry, hash: Bytes32) { self.entry = entry; self.hash = hash }
}

/// An entry as the store holds it: its sequence, its hash and its canonical JSON, as text.
public struct LedgerRecord: Sendable, Equatable {
    /// The entry's number in its ledger.
    public var sequence: UInt64
    /// The hash stored beside it (0x and 64 hex digits).
    public var hash: String
    /// The entry's canonical JSON.
    public var body: String
    /// Creates a record.
    public init(sequence: UInt64, hash: String, body: String) { self.sequence = sequence; self.hash = hash; self.body = body }
}

extension LedgerRecord {
    /// The records as export lines, joined.
    public static func exportLines(_ records: [LedgerRecord]) -> [UInt8] {
        var out: [UInt8] = []
        for r in records {
            var hash = r.hash, body = r.body
            hash.withUTF8 { h in body.withUTF8 { b in appendExportLine(sequence: r.sequence, hash: h, body: b, to: &out) } }
        }
        return out
    }

    /// The record as a line of a ledger export: `{"sequence":N,"hash":"0x…","entry":BODY}` and a newline,
    /// the body as stored.
    public static func appendExportLine(sequence: UInt64, hash: UnsafeBufferPointer<UInt8>, body: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"sequence":"#.utf8)
        out.append(contentsOf: String(sequence).utf8)
        out.append(contentsOf: #","hash":""#.utf8)
        out.append(contentsOf: hash)
        out.append(contentsOf: #"","entry":"#.utf8)
        out.append(contentsOf: body)
        out.append(contentsOf: "}\n".utf8)
    }
}

extension LedgerStore {
    /// Export lines of `ledgerEntries`, serialised again (for stores that keep entries decoded).
    public func ledgerExport(_ token: String, after: UInt64?, limit: Int) async throws -> (lines: [UInt8], count: Int, last: UInt64?) {
        let records = try await ledgerEntries(token, after: after, limit: limit).map {
            LedgerRecord(sequence: $0.entry.sequence, hash: $0.hash.hex, body: $0.entry.json.serialized(pretty: false))
        }
        return (LedgerRecord.exportLines(records), records.count, records.last?.sequence)
    }
}
