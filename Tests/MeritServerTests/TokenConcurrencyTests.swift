import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MeritBase
import MeritCore
import MeritEthereum
import MeritEval
import MeritServer
import MeritStore
import MeritToken
import TestSupport
import Testing

/// Method: two servers over one database (as two processes or machines would be), each on its own
/// socket, take at once, each request on its own connection: 12 fee deposits, 12 buys signed by 12
/// accounts, one signed buy sent 4 times, and one mint attestation (signed by the servers' attester)
/// sent 4 times, half to each server. On SQLite and on PostgreSQL: every deposit and buy is in the
/// ledger once; the repeated buy once, the other copies refused for its spent nonce; the mint once, the
/// other copies answered as replays of that one entry; the reserve is what the deposits and buys put
/// in; and the chain verifies from its entries alone (`GET …/ledger/verify`), so no write forked it.
@Test(.tags(.integration), .enabled(if: TestScope.everything), arguments: serverTestEngines)
func tokenWritesOverHTTPNeverForkOrMintTwice(engine: String) async throws {
    var c = try await freshConfiguration(engine: engine, suffix: "_token")
    let attester = try Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0x3a, count: 32))
    let domain = DeltaOneAttestation.Domain(chainId: 31337)
    c.attesters = Attesters(addresses: [attester.address], domain: domain)
    // Two sets of stores over the same database: the second server shares nothing in memory with the first.
    let first = try await Stores.open(c.storage), second = try await Stores.open(c.storage)
    let owner = try await first.apiKeys.create(role: .owner, label: "owner").token
    let demo = URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("demo")
    try CreditDemo(seed: 2026).write(to: demo)
    var yaml = try String(contentsOf: demo.appendingPathComponent("model.yaml"), encoding: .utf8)
    yaml = yaml.replacingOccurrences(of: "token:\n", with: "token:\n  owner_address: \"0x00000000000000000000000000000000000000aa\"\n  mint_budget: 100000\n")
    let ticker = try ModelSpec.parse(Data(yaml.utf8), fileName: "model.yaml").ticker
    let model = "/api/v1/models/Credit%20Default%20Risk", spec = yaml, config = c
    let json: HTTPFields = [.authorization: "Bearer \(owner)", .contentType: "application/json"]

    try await withLiveServer(first, config) { one in
        try await withLiveServer(second, config) { two in
            let created = try await one.execute(uri: "/api/v1/models?preset=growth", method: .post, headers: json, body: ByteBuffer(string: spec))
            #expect(created.status == .created, "\(engine): \(String(buffer: created.body))")
            // Every request below on a connection of its own, alternating between the two servers.
            let ports = [one.port!, two.port!]
            var requests: [(kind: String, path: String, body: String)] = []
            for k in 0..<12 {
                requests.append(("fee", model + "/token/fees", #"{"amount":"\#(1_000_000 + k)","calls":\#(k + 1)}"#))
                let key = try Secp256k1.PrivateKey(bytes: [UInt8](repeating: UInt8(0x40 + k), count: 32))
                requests.append(("buy", model + "/token/buy", signedBuy(ticker, key, usdc: UInt64(2_000_000 + k), nonce: UInt64(k))))
            }
            let twice = signedBuy(ticker, try Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0x7e, count: 32)), usdc: 3_000_000, nonce: 1)
            let mint = try mintAttestation(ticker, attester, domain)
            for _ in 0..<4 {
                requests.append(("same buy", model + "/token/buy", twice))
                requests.append(("mint", model + "/ledger/mint", mint))
            }
            let answers = try await withThrowingTaskGroup(of: (String, HTTPResponse.Status, String).self) { group in
                for (i, r) in requests.enumerated() {
                    group.addTask {
                        let client = TestClient(host: "127.0.0.1", port: ports[i % 2], configuration: .init(timeout: .seconds(300)))
                        client.connect()
                        let a: TestClient.Response
                        do { a = try await client.execute(TestClient.Request(r.path, method: .post, authority: "localhost", headers: json, body: ByteBuffer(string: r.body))) } catch {
                            try? await client.shutdown()
                            throw error
                        }
                        try? await client.shutdown()
                        return (r.kind, a.status, a.body.map { String(buffer: $0) } ?? "")
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            func count(_ kind: String, _ status: HTTPResponse.Status) -> Int { answers.filter { $0.0 == kind && $0.1 == status }.count }
            let unexpected = answers.filter { ($0.0 == "fee" || $0.0 == "buy") && $0.1 != .created }
            #expect(unexpected.isEmpty, "\(engine): \(unexpected.map { "\($0.0) \($0.1) \($0.2)" })")
            #expect(count("same buy", .created) == 1 && count("same buy", .unprocessableContent) == 3, "\(engine): \(answers.filter { $0.0 == "same buy" })")
            let mints = answers.filter { $0.0 == "mint" }
            #expect(count("mint", .created) == 1 && count("mint", .ok) == 3 && mints.allSatisfy { $0.2.contains("\"delta_bps\": 120") },
                    "\(engine): \(mints.map { "\($0.1) \($0.2.prefix(300))" })")
            // The replays name the one mint's entry.
            let hashes = Set(mints.compactMap { try? JSONValue.parse(Array($0.2.utf8), name: "answer")["hash"]?.stringValue })
            #expect(hashes.count == 1, "\(engine): \(hashes)")

            let owner: HTTPFields = [.authorization: "Bearer \(owner)"]
            let verified = try await two.execute(uri: model + "/ledger/verify", method: .get, headers: owner)
            let report = try JSONValue.parse(Array(String(buffer: verified.body).utf8), name: "verify")
            // Genesis, 12 deposits, 12 buys, the repeated buy once, the mint once.
            #expect(report["ok"] == .bool(true) && report["entries"] == .number("27"),
                    "\(engine): \(String(buffer: verified.body))")
            let shown = try JSONValue.parse(Array(String(buffer: try await one.execute(uri: model + "/token", method: .get, headers: owner).body).utf8), name: "token")
            let state = shown["token"] ?? shown
            // Each deposit puts its share into the reserve and every buy all of its USDC: the reserve is
            // the same whichever order the two servers wrote them in.
            let deposits = (0..<12).map { UInt64(1_000_000 + $0) }, buys = (0..<12).map { UInt64(2_000_000 + $0) } + [3_000_000]
            #expect(state["reserve"]?.stringValue.flatMap(UInt64.init).map { $0 > buys.reduce(0, +) && $0 < buys.reduce(0, +) + deposits.reduce(0, +) } == true,
                    "\(engine): \(shown.serialized().prefix(600))")
        }
    }
    try await first.database.close()
    try await second.database.close()
}

/// A buy of `usdc` base units signed by `key` with personal_sign, as `merit token buy` sends it.
func signedBuy(_ ticker: String, _ key: Secp256k1.PrivateKey, usdc: UInt64, nonce: UInt64) -> String {
    let amount = UInt256(usdc), n = Bytes32(0, 0, 0, nonce)
    let auth = LedgerRequest.authorize(token: ticker, kind: "buy", amount: amount, nonce: n, key: key)
    return JSONValue.object([.init("account", .string(key.address.checksummed)), .init("amount", .string(amount.description)),
                             .init("nonce", .string(n.hex)), .init("signature", .string(auth.signature.hex))]).serialized()
}

/// A DeltaOne attestation of 120 bps for `ticker`, paying one contributor, signed by `attester`.
func mintAttestation(_ ticker: String, _ attester: Secp256k1.PrivateKey, _ domain: DeltaOneAttestation.Domain) throws -> String {
    let zero = JSONValue.string(Bytes32(0, 0, 0, 0).hex)
    func b(_ n: UInt64) -> JSONValue { .string(Bytes32(0, 0, 0, n).hex) }
    let message: JSONValue = .object([
        "model": .object(["modelId": .string(DeltaOneAttestation.modelId(ticker: ticker).hex), "ticker": .string(ticker), "specHash": b(1),
                          "metric": .string("auc"), "maximize": .bool(true)]),
        "data": .object(["baseRoot": b(2), "baseRecords": .string("10"), "benchmarkRoot": b(3), "benchmarkRecords": .string("10"),
                         "contributionRoot": b(4), "contributionRecords": .string("10"), "acceptedRoot": b(4), "acceptedRecords": .string("10"),
                         "trainingRoot": b(5)]),
        "lineage": .object(["parentVersion": .string("1"), "parentModelHash": b(6), "modelHash": b(7)]),
        "evaluation": .object(["trainerHash": b(8), "trainerSeed": .string("1"), "bootstrapSeed": .string("1"), "bootstrapResamples": .string("1000"),
                               "method": .string("paired-bootstrap-percentile"), "meritVersion": .string("test")]),
        "result": .object(["baseline": .string("700000000000000000"), "improved": .string("712000000000000000"), "delta": .string("12000000000000000"),
                           "lower95": .string("11000000000000000"), "upper95": .string("13000000000000000"), "lowerOneSided95": .string("11000000000000000"), "benchmarkSize": .string("10"), "deltaOneBps": .string("120")]),
        "contributors": .array([.object(["account": .string("0x00000000000000000000000000000000000000a1"), "weightBps": .string("10000"), "tokens": .string("1")])]),
        "reward": .object(["minted": .string("1"), "contributors": .string("1"), "owner": .string("0")]),
        "evaluationTime": .string("1700000000"),
        "nonce": zero,
    ])
    var file = AttestationFile(typedData: TypedData(types: DeltaOneAttestation.types, primaryType: DeltaOneAttestation.primaryType, domain: domain.json, message: message),
                               inputs: .init(spec: "model.yaml", base: "base.csv", benchmark: "benchmark.csv", contribution: "contribution.csv"), report: Bytes32(0, 0, 0, 9))
    try file.sign(with: attester)
    return try file.json.serialized()
}
