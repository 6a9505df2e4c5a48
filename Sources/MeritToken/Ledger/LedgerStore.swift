import MeritEthereum

/// Where a model's ledger entries are kept: append-only, one chain per model.
///
/// An append is a compare-and-swap on the chain: it is stored only if its sequence is free and the
/// entry before it is the one it names (its previous hash), so two writers, in one process or on two
/// machines, can never fork a chain or mint one attestation twice (a mint's nonce is unique per model).
public protocol LedgerStore: Sendable {
    /// The entries of the ledger of `token` (a ticker) with a sequence above `after` (all when nil), in order, at most `limit`.
    func ledgerEntries(_ token: String, after: UInt64?, limit: Int?) async throws -> [StoredLedgerEntry]
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
