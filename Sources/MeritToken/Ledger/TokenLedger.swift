import MeritEthereum

/// A token's ledger as a service: keeps each token's state folded from its stored entries, applies a
/// request to it, and appends the entry by compare-and-swap, catching up and trying again when another
/// writer (another process or machine) appended first.
public actor TokenLedger {
    let store: any LedgerStore
    var states: [String: LedgerState] = [:]

    /// Creates the service over a store.
    public init(store: any LedgerStore) { self.store = store }

    /// What an append did.
    public struct Outcome: Sendable {
        /// The entry written, or for a replayed mint the entry that minted it first.
        public var entry: LedgerEntry
        /// True when nothing was written because the attestation was already minted.
        public var replay: Bool
    }

    /// The token's state with every stored entry applied.
    public func state(_ token: String) async throws -> LedgerState {
        var state = states[token] ?? LedgerState()
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
        states[token] = state
        return state
    }

    /// Applies `request` at `time` and appends its entry. A mint whose nonce was already minted changes
    /// nothing and returns the first entry (`replay`). Any other refusal throws and changes nothing.
    public func submit(_ token: String, _ request: LedgerRequest, time: UInt64) async throws -> Outcome {
        for _ in 0..<64 {
            var state = try await self.state(token)
            if case .mint(let m) = request, let first = state.mintedBy[m.nonce] {
                let entries = try await store.ledgerEntries(token, after: first == 0 ? nil : first - 1, limit: 1)
                guard let original = entries.first?.entry else { break }
                return Outcome(entry: original, replay: true)
            }
            // Time never runs backwards in a chain: an entry asked for before the last one is written at the last one's time.
            let entry = try state.append(token: token, request, time: max(time, state.lastTime))
            if try await store.appendLedgerEntry(entry) {
                states[token] = state
                return Outcome(entry: entry, replay: false)
            }
        }
        throw TokenError(.refused, "the ledger of '\(token)' kept moving while this entry was written; try again", at: request.kind)
    }
}
