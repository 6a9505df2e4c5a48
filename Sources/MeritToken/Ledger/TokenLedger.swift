import MeritEthereum

/// A token's ledger as a service: keeps each token's state folded from its stored entries, applies a
/// request to it, and appends the entry by compare-and-swap, catching up and trying again when another
/// writer (another process or machine) appended first.
///
/// Appends are pipelined: a request is applied to the state that includes the entries still being
/// written, so concurrent requests in one process each wait for their own commit (which the store may
/// group with others) rather than for every commit before them. The store's compare-and-swap names the
/// previous entry's hash, so an entry whose predecessor failed fails too, and both are applied again.
public actor TokenLedger {
    let store: any LedgerStore
    /// Per token: the state with every entry known to be stored.
    var committed: [String: LedgerState] = [:]
    /// Per token: the committed state plus the entries being written.
    var pending: [String: LedgerState] = [:]

    /// Creates the service over a store.
    public init(store: any LedgerStore) { self.store = store }

    /// What an append did.
    public struct Outcome: Sendable {
        /// The entry written, or for a replayed mint the entry that minted it first.
        public var entry: LedgerEntry
        /// True when nothing was written because the attestation was already minted.
        public var replay: Bool
    }

    /// The token's state with every stored entry applied (entries still being written excluded).
    public func state(_ token: String) async throws -> LedgerState {
        var state = committed[token] ?? LedgerState()
        while true {
            let more = try await store.ledgerEntries(token, after: state.count == 0 ? nil : state.count - 1, limit: 10_000)
            for stored in more {
                let e = stored.entry
                guard e.sequence == state.count, e.previous == state.lastHash else {
                    throw TokenError(.refused, "the stored ledger of '\(token)' does not chain at entry \(e.sequence); run `merit ledger verify`", at: "ledger")
                }
                let again = try state.append(token: token, e.request, time: e.time)
                guard again.outputs == e.outputs else {
                    throw TokenError(.refused, "entry \(e.sequence) of the stored ledger of '\(token)' does not follow from its inputs; run `merit ledger verify`", at: "ledger")
                }
            }
            if more.count < 10_000 { break }
        }
        if state.count >= (committed[token]?.count ?? 0) { committed[token] = state }
        return state
    }

    /// Applies `request` at `time` and appends its entry. A mint whose nonce was already minted changes
    /// nothing and returns the first entry (`replay`). Any other refusal throws and changes nothing.
    /// An entry's time is the later of `time` and the previous entry's: time never runs backwards in a chain.
    public func submit(_ token: String, _ request: LedgerRequest, time: UInt64) async throws -> Outcome {
        for _ in 0..<64 {
            var state: LedgerState
            if let p = pending[token] { state = p } else { state = try await self.state(token) }
            if case .mint(let m) = request, let first = state.mintedBy[m.nonce] {
                let entries = try await store.ledgerEntries(token, after: first == 0 ? nil : first - 1, limit: 1)
                if let original = entries.first?.entry { return Outcome(entry: original, replay: true) }
                pending[token] = nil  // minted by an entry still being written: wait for it by catching up
                continue
            }
            let entry = try state.append(token: token, request, time: max(time, state.lastTime))
            pending[token] = state  // later requests build on this entry while it is written
            if try await store.appendLedgerEntry(entry) { return Outcome(entry: entry, replay: false) }
            // The chain moved under this entry (another writer, or a predecessor that failed): catch up from the store.
            if pending[token]?.count ?? 0 >= state.count { pending[token] = nil }
        }
        throw TokenError(.refused, "the ledger of '\(token)' kept moving while this entry was written; try again", at: request.kind)
    }
}
