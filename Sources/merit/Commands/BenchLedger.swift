import ArgumentParser
import Foundation
import MeritCore
import MeritEthereum
import MeritStore
import MeritToken

/// `merit bench-ledger`: the Swift side of Benchmarks/ledger.sh (hidden from help). Three figures, each
/// against a baseline measured in the same run:
/// - appends per second on SQLite from concurrent writers (API fee deposits, each durable before it is
///   acknowledged), against plain INSERTs of the same rows through the same database;
/// - verifying a ledger of N entries (a mix of fee deposits, buys signed by their accounts, transfers)
///   from its entries alone, against hashing the same entries' bytes once (the chain without the rules);
/// - one curve quote, against the same formula in floating point (`pow`, inexact).
struct BenchLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-ledger", abstract: "Measure the token ledger (used by Benchmarks/ledger.sh).", shouldDisplay: false)
    @Option(help: "Entries to append.") var appends: Int = 20_000
    @Option(help: "Concurrent writers.") var writers: Int = 8
    @Option(help: "Entries in the ledger to verify.") var verifyEntries: Int = 1_000_000
    @Option(help: "Quotes to time.") var quotes: Int = 20_000
    @Option(help: "Scratch folder (emptied first).") var out: String = "Benchmarks/out/ledger"
    @Option(help: "Instead of measuring: append the ledger of --verify-entries entries to this data folder's store, as the ledger of --ticker (a model whose token is not launched), and stop.")
    var fill: String?
    @Option(help: "The ticker whose ledger --fill writes.") var ticker: String = "BNCH"

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    func terms(ticker: String = "BNCH") throws -> TokenTerms {
        var s = TokenSettings(preset: .growth)
        s.ownerAddress = try Address(hex: "0x00000000000000000000000000000000000000aa")
        s.amm = .init(flatThreshold: "1")  // the curve from the first dollar, so that quotes and buys price the curve
        return try TokenTerms(settings: s, modelName: "Bench", ticker: ticker)
    }

    /// A ledger of `verifyEntries` entries: genesis, a first deposit, then per ten entries a signed buy, a
    /// signed transfer of one base unit by the account that bought five entries before, and fee deposits.
    func ledger(terms: TokenTerms, owner: Address, token: String = "BNCH") throws -> [LedgerEntry] {
        var state = LedgerState()
        var entries: [LedgerEntry] = []
        entries.reserveCapacity(verifyEntries)
        let keys = try (1...8).map { try Secp256k1.PrivateKey(bytes: [UInt8](repeating: UInt8($0), count: 32)) }
        entries.append(try state.append(token: token, .genesis(.init(terms: terms, owner: owner)), time: 1))
        entries.append(try state.append(token: token, .feeDeposit(depositor: "api", amount: 1_000_000_000_000, calls: 1), time: 1))
        var nonce: UInt64 = 0
        while entries.count < verifyEntries {
            let k = entries.count
            let request: LedgerRequest
            switch k % 10 {
            case 0:
                nonce += 1
                let key = keys[k % keys.count], usdc = UInt256(UInt64(1_000_000 + k % 1000))
                request = .buy(account: key.address, usdcIn: usdc, auth: LedgerRequest.authorize(token: token, kind: "buy", amount: usdc, nonce: Bytes32(0, 0, 0, nonce), key: key))
            case 5 where k >= 10:
                nonce += 1
                let key = keys[(k - 5) % keys.count], amount = UInt256(1)  // the account that bought 5 entries before
                request = .transfer(from: key.address, to: owner, amount: amount,
                                    auth: LedgerRequest.authorize(token: token, kind: "transfer", amount: amount, to: owner, nonce: Bytes32(0, 0, 0, nonce), key: key))
            default:
                request = .feeDeposit(depositor: "api", amount: UInt256(UInt64(1000 + k % 977)), calls: 1)
            }
            entries.append(try state.append(token: token, request, time: UInt64(2 + k)))
        }
        return entries
    }

    /// Appends the ledger to the store of `folder` in transactions of 10,000 entries, as the product's
    /// appends write them (the chain checked by the store).
    func fillStore(_ folder: String) async throws {
        var config = StoreConfiguration()
        config.dataDirectory = folder
        let stores = try await Stores.open(config)
        let terms = try terms(ticker: ticker)
        let entries = try ledger(terms: terms, owner: terms.ownerAddress!, token: ticker)
        for start in stride(from: 0, to: entries.count, by: 10_000) {
            guard try await stores.ledgers.appendLedgerEntries(Array(entries[start..<min(entries.count, start + 10_000)])) else {
                throw ValidationError("the store refused entry \(start): does the ledger of \(ticker) already hold entries?")
            }
        }
        try await stores.database.close()
        print("{\"filled\": \(entries.count), \"ticker\": \"\(ticker)\"}")
    }

    func run() async throws {
        if let folder = fill { return try await fillStore(folder) }
        try? FileManager.default.removeItem(atPath: out)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let clock = ContinuousClock()
        let terms = try terms()
        let owner = terms.ownerAddress!

        // 1. Appends from concurrent writers, and plain INSERTs of the same rows.
        var config = StoreConfiguration()
        config.dataDirectory = out + "/store"
        let stores = try await Stores.open(config)
        _ = try await stores.ledger.submit("BNCH", .genesis(.init(terms: terms, owner: owner)), time: 1)
        let per = max(1, appends / writers)
        let appendTime = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<writers {
                    group.addTask {
                        for k in 0..<per { _ = try await stores.ledger.submit("BNCH", .feeDeposit(depositor: "api", amount: UInt256(UInt64(1000 + k)), calls: 1), time: 2) }
                    }
                }
                try await group.waitForAll()
            }
        }
        let stored = try await stores.ledgers.ledgerEntries("BNCH", after: nil, limit: nil)
        let ok = LedgerVerifier.verify(token: "BNCH", entries: stored.map(\.entry), storedHashes: stored.map(\.hash)).ok
        let rows = stored.map { ($0.entry.json.serialized(pretty: false), $0.hash.hex) }
        let plainTime = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for w in 0..<writers {
                    group.addTask {
                        for k in stride(from: w, to: rows.count, by: writers) {
                            try await stores.ledgers.insertUnchecked(token: "PLAIN", sequence: Int64(k), hash: rows[k].1, body: rows[k].0)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        try await stores.database.close()
        let appendRate = Double(per * writers) / Self.seconds(appendTime), plainRate = Double(rows.count) / Self.seconds(plainTime)

        // 2. A ledger of N entries, verified from its entries alone; the baseline hashes their bytes once.
        let entries = try ledger(terms: terms, owner: owner)
        let verifyTime = clock.measure { precondition(LedgerVerifier.verify(token: "BNCH", entries: entries).ok) }
        let hashTime = clock.measure {
            var h = Bytes32.zero
            for e in entries { h = Keccak256.hash(h.bytes + e.canonicalBytes) }
            precondition(h != .zero)
        }

        // 3. Curve quotes: exact, and the formula in Double.
        let curve = BondingCurve(terms.amm)
        let r = UInt256(50_000_000_000), s = try UInt256(3_000_000) * .e18
        var sink = UInt256.zero
        let quoteTime = try clock.measure {
            for q in 0..<quotes { sink = try curve.buy(usdcIn: UInt256(UInt64(1_000_000 + q)), reserve: r, supply: s).tokensOut }
        }
        var dsink = 0.0
        let powTime = clock.measure {
            for q in 0..<quotes { dsink += 3e24 * (pow(1 + Double(1_000_000 + q) / 5e10, 0.2) - 1) }
        }
        precondition(!sink.isZero && dsink > 0)

        let out: [String: Any] = [
            "appends": per * writers, "writers": writers, "appends_per_second": appendRate, "plain_inserts_per_second": plainRate, "appended_chain_verifies": ok,
            "verify_entries": entries.count, "verify_seconds": Self.seconds(verifyTime), "hash_only_seconds": Self.seconds(hashTime),
            "quote_microseconds": Self.seconds(quoteTime) / Double(quotes) * 1e6, "double_pow_microseconds": Self.seconds(powTime) / Double(quotes) * 1e6,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
    }
}
