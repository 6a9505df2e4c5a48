import MeritEthereum
import MeritToken

/// Models' token ledgers in memory, for tests: the same compare-and-swap rules as `SQLLedgerStore`.
public actor MemoryLedgerStore: LedgerStore {
    var chains: [String: [StoredLedgerEntry]] = [:]

    /// Creates an empty store.
    public init() {}

    public func ledgerEntries(_ token: String, after: UInt64?, limit: Int?) async throws -> [StoredLedgerEntry] {
        let chain = chains[token] ?? []
        let start = after.map { Int($0) + 1 } ?? 0
        guard start < chain.count else { return [] }
        return Array(chain[start..<min(chain.count, start + (limit ?? chain.count))])
    }

    public func appendLedgerEntries(_ entries: [LedgerEntry]) async throws -> Bool {
        let saved = chains
        for e in entries where !(try await appendLedgerEntry(e)) {
            chains = saved
            return false
        }
        return true
    }

    public func appendLedgerEntry(_ entry: LedgerEntry) async throws -> Bool {
        var chain = chains[entry.token] ?? []
        guard Int(entry.sequence) == chain.count, entry.previous == (chain.last?.hash ?? .zero) else { return false }
        if case .mint(let m) = entry.request, chain.contains(where: { if case .mint(let other) = $0.entry.request { other.nonce == m.nonce } else { false } }) {
            return false
        }
        chain.append(StoredLedgerEntry(entry: entry, hash: entry.hash))
        chains[entry.token] = chain
        return true
    }
}
