import Foundation
import MeritCore
import MeritEthereum
import MeritStore
import MeritToken
import TestSupport
import Testing

extension StorageOnBothDatabases {
    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func ledgersNeverForkOnBothDatabases() async throws {
        try await onEveryDatabase { engine, db in try await ledgerFollowsItsRules(SQLLedgerStore(db: db), engine) }
    }
}

@Test(.tags(.unit)) func ledgersNeverForkInMemory() async throws {
    try await ledgerFollowsItsRules(MemoryLedgerStore(), "memory")
}

/// Method: two ledger services over one store (as two processes or machines would be) write at once:
/// 30 buys each and the same mint from both. The chain has every buy once, the mint once (the other
/// is told it is a replay), no fork, and verifies from the stored entries alone; an append that names
/// a taken sequence or a wrong previous entry is refused by the store itself.
func ledgerFollowsItsRules(_ store: any LedgerStore, _ engine: String) async throws {
    let owner = try Address(hex: "0x00000000000000000000000000000000000000aa")
    let buyerKey = try Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0xB2, count: 32))
    func buy(_ usdc: UInt256, nonce: UInt64) -> LedgerRequest {
        .buy(account: buyerKey.address, usdcIn: usdc, auth: LedgerRequest.authorize(token: "LEDG", kind: "buy", amount: usdc, nonce: Bytes32(0, 0, 0, nonce), key: buyerKey))
    }
    let payee = try Address(hex: "0x00000000000000000000000000000000000000a1")
    var settings = TokenSettings(preset: .growth)
    settings.ownerAddress = owner
    let terms = try TokenTerms(settings: settings, modelName: "Ledger \(engine)", ticker: "LEDG")
    let a = TokenLedger(store: store), b = TokenLedger(store: store)
    _ = try await a.submit("LEDG", .genesis(.init(terms: terms, owner: owner, head: Bytes32(0, 0, 0, 1))), time: 100)
    let mint = LedgerRequest.mint(.init(attestation: Bytes32(0, 0, 0, 9), nonce: Bytes32(0, 0, 0, 10), deltaBps: 120, contributors: [(payee, 10_000)],
                                        baselineModelHash: Bytes32(0, 0, 0, 1), candidateModelHash: Bytes32(0, 0, 0, 2), signers: []))
    let outcomes = try await withThrowingTaskGroup(of: [TokenLedger.Outcome].self) { group in
        for (w, ledger) in [a, b].enumerated() {
            group.addTask {
                var out: [TokenLedger.Outcome] = []
                for k in 0..<30 {
                    out.append(try await ledger.submit("LEDG", buy(UInt256(UInt64(1_000_000 + k)), nonce: UInt64(w * 100 + k)), time: 200))
                    if k == 15 { out.append(try await ledger.submit("LEDG", mint, time: 200)) }
                }
                return out
            }
        }
        return try await group.reduce(into: []) { $0 += $1 }
    }
    let mints = outcomes.filter { if case .mint = $0.entry.request { true } else { false } }
    #expect(mints.count == 2 && mints.filter(\.replay).count == 1 && mints[0].entry == mints[1].entry, "\(engine)")
    let stored = try await store.ledgerEntries("LEDG", after: nil, limit: nil)
    #expect(stored.count == 62, "\(engine): genesis, 60 buys and one mint, found \(stored.count)")
    let report = LedgerVerifier.verify(token: "LEDG", entries: stored.map(\.entry), storedHashes: stored.map(\.hash))
    #expect(report.ok, "\(engine): \(report.problem ?? "")")
    // The export (what `merit ledger verify` reads), in pages, folds to the same state.
    var export: [UInt8] = [], pageEnd: UInt64?
    while true {
        let page = try await store.ledgerExport("LEDG", after: pageEnd, limit: 25)
        export += page.lines
        guard page.count == 25, let last = page.last else { break }
        pageEnd = last
    }
    let fromExport = LedgerVerifier.verify(token: "LEDG", export: export)
    #expect(fromExport.ok && fromExport.head == report.head && fromExport.entries == 62, "\(engine): \(fromExport.problem ?? "")")
    // The store refuses a fork by itself: a taken sequence, and a next entry naming the wrong previous one.
    var fork = stored[5].entry
    fork.time += 1
    #expect(try await store.appendLedgerEntry(fork) == false, "\(engine)")
    var state = report.state
    var next = try state.append(token: "LEDG", buy(5_000_000, nonce: 999), time: 300)
    let good = next
    next.previous = Bytes32(0, 0, 0, 77)
    #expect(try await store.appendLedgerEntry(next) == false, "\(engine)")
    // A batch is all or nothing: a good entry followed by one that does not chain stores neither.
    var after = state
    var bad = try after.append(token: "LEDG", buy(6_000_000, nonce: 1000), time: 301)
    bad.previous = Bytes32(0, 0, 0, 78)
    #expect(try await store.appendLedgerEntries([good, bad]) == false, "\(engine)")
    #expect(try await store.ledgerEntries("LEDG", after: nil, limit: nil).count == 62, "\(engine): nothing of the refused batch is stored")
    #expect(try await store.appendLedgerEntries([good]) == true, "\(engine)")
}
