import MeritEthereum

/// A token's ledger as a service: keeps each token's state folded from its stored entries, applies
/// requests to it, and appends their entries by compare-and-swap, catching up and applying them again
/// when another writer (another process or machine) appended first.
///
/// Requests that arrive while a write is in flight are applied together, in arrival order, and their
/// entries written in one transaction (one durable commit for the batch); each caller returns once its
/// own entry is stored, or with its own refusal. A refused request never stops the others of its batch.
public actor TokenLedger {
    let store: any LedgerStore
    /// Per token: the state with every entry known to be stored.
    var committed: [String: LedgerState] = [:]
    /// Per token: requests waiting for the next batch.
    var queued: [String: [Waiting]] = [:]
    /// Tokens whose batches are being written.
    var writing: Set<String> = []

    struct Waiting {
        let request: LedgerRequest
        let time: UInt64
        let done: CheckedContinuation<Outcome, any Error>
    }

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
        try await withCheckedThrowingContinuation { done in
            queued[token, default: []].append(Waiting(request: request, time: time, done: done))
            if writing.insert(token).inserted { Task { await self.drain(token) } }
        }
    }

    /// Writes batches for `token` until no request waits.
    func drain(_ token: String) async {
        while let batch = queued[token], !batch.isEmpty {
            queued[token] = []
            await write(token, batch)
        }
        writing.remove(token)
    }

    /// Applies a batch in order and stores its entries together; when the chain moved under it, catches
    /// up and applies it again.
    func write(_ token: String, _ batch: [Waiting]) async {
        var lastError: any Error = TokenError(.refused, "the ledger of '\(token)' kept moving while this entry was written; try again", at: "ledger")
        var behind = committed[token] == nil
        for _ in 0..<32 {
            do {
                // The state this process last stored is current unless another writer appended since; the
                // store's compare-and-swap says so, and only then is the store read to catch up.
                var state = behind ? try await self.state(token) : committed[token]!
                var results: [Result<Outcome, any Error>] = []
                var entries: [LedgerEntry] = []
                for w in batch {
                    if case .mint(let m) = w.request, let first = state.mintedBy[m.nonce] {
                        if let inBatch = entries.first(where: { $0.sequence == first }) {
                            results.append(.success(Outcome(entry: inBatch, replay: true)))
                        } else if let original = try await store.ledgerEntries(token, after: first == 0 ? nil : first - 1, limit: 1).first?.entry {
                            results.append(.success(Outcome(entry: original, replay: true)))
                        } else {
                            results.append(.failure(TokenError(.refused, "entry \(first) that minted this attestation is missing from the store", at: "mint")))
                        }
                        continue
                    }
                    do {
                        let entry = try state.append(token: token, w.request, time: max(w.time, state.lastTime))
                        entries.append(entry)
                        results.append(.success(Outcome(entry: entry, replay: false)))
                    } catch {
                        results.append(.failure(error))
                    }
                }
                let stored = entries.isEmpty ? true : try await store.appendLedgerEntries(entries)
                if stored {
                    if !entries.isEmpty, state.count >= (committed[token]?.count ?? 0) { committed[token] = state }
                    for (w, r) in zip(batch, results) { w.done.resume(with: r) }
                    return
                }
                behind = true
            } catch {
                behind = true
                lastError = error
            }
        }
        for w in batch { w.done.resume(throwing: lastError) }
    }
}
