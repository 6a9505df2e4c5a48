import MeritBase
import MeritCore
import MeritEthereum
@testable import MeritToken
import TestSupport
import Testing

let ownerAccount = try! Address(hex: "0x00000000000000000000000000000000000000aa")
let aliceKey = try! Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0xA1, count: 32))
let bobKey = try! Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0xB2, count: 32))
let alice = aliceKey.address, bob = bobKey.address

/// A trade or transfer signed by its account, with nonce `n`.
func signed(_ key: Secp256k1.PrivateKey, _ kind: String, _ amount: UInt256, to: Address? = nil, nonce n: UInt64, token: String = "CRED") -> LedgerRequest {
    let auth = LedgerRequest.authorize(token: token, kind: kind, amount: amount, to: to, nonce: b32(n), key: key)
    switch kind {
    case "buy": return .buy(account: key.address, usdcIn: amount, auth: auth)
    case "sell": return .sell(account: key.address, tokens: amount, auth: auth)
    default: return .transfer(from: key.address, to: to!, amount: amount, auth: auth)
    }
}

func b32(_ n: UInt64) -> Bytes32 { Bytes32(0, 0, 0, n) }

/// The economy in one sequence: genesis, a mint with vesting, a replay, a claim, fees, a buy, a sell
/// refused in the buy-only period and accepted after it, a transfer.
func sampleLedger() throws -> (LedgerState, [LedgerEntry]) {
    var s = TokenSettings(preset: .growth)
    s.ownerAddress = ownerAccount
    let terms = try TokenTerms(settings: s, modelName: "Credit", ticker: "CRED")
    var state = LedgerState(), entries: [LedgerEntry] = []
    func add(_ r: LedgerRequest, _ t: UInt64) throws { entries.append(try state.append(token: "CRED", r, time: t)) }
    try add(.genesis(.init(terms: terms, owner: ownerAccount, head: b32(1))), 1_000)
    let mint = LedgerRequest.Mint(attestation: b32(100), nonce: b32(200), deltaBps: 150, contributors: [(alice, 7000), (bob, 3000)],
                                  baselineModelHash: b32(1), candidateModelHash: b32(2), signers: [])
    try add(.mint(mint), 2_000)
    try add(.feeDeposit(depositor: "api", amount: try UInt256(1000) * .e6, calls: 1_000_000), 3_000)
    try add(signed(bobKey, "buy", try UInt256(500) * .e6, nonce: 1), 4_000)
    try add(signed(bobKey, "sell", try UInt256(1000) * .e18, nonce: 2), 1_000 + 604_800)
    try add(signed(aliceKey, "transfer", .e18, to: bob, nonce: 1), 1_000 + 604_801)
    try add(.claim(account: alice), 2_000 + 31_536_000 / 2)
    return (state, entries)
}

/// Method: the sequence's balances by hand; a replayed nonce, a stale baseline, a sell in the buy-only
/// period and a sell of more than a balance are refused and change nothing.
@Test(.tags(.unit)) func theLedgerAppliesTheRules() throws {
    var (state, entries) = try sampleLedger()
    #expect(entries.count == 7)
    // 150 bps × 100,000 / 100 = 150,000 tokens: 80% to contributors (84,000 / 36,000), 30,000 to the owner;
    // 10% of each liquid at once.
    #expect(entries[1].outputs["reward"] == .string((try UInt256(150_000) * .e18).description))
    #expect(state.budgetRemaining == (try UInt256(350_000) * .e18) && state.head == b32(2))
    let (claimable, locked) = try state.vesting(of: alice, at: 2_000 + 31_536_000)
    #expect(claimable == (try UInt256(37_800) * .e18) && locked == .zero)  // 75,600 vesting, half claimed
    let infraFloor = try UInt256(800) * .e6, reserveFloor = try UInt256(200) * .e6
    #expect(state.infrastructure > infraFloor && state.reserve > reserveFloor)
    let before = state.count
    let (balances, schedules, reserve, supply, usedNonces) = (state.balances, state.schedules, state.reserve, state.liquidSupply, state.usedNonces)
    let replay = LedgerRequest.mint(.init(attestation: b32(100), nonce: b32(200), deltaBps: 150, contributors: [(alice, 10_000)],
                                          baselineModelHash: b32(2), candidateModelHash: b32(3), signers: []))
    #expect { try state.append(token: "CRED", replay, time: 20_000_000) } throws: { "\($0)".contains("already minted in entry 1") }
    let stale = LedgerRequest.mint(.init(attestation: b32(101), nonce: b32(201), deltaBps: 150, contributors: [(alice, 10_000)],
                                         baselineModelHash: b32(1), candidateModelHash: b32(3), signers: []))
    #expect { try state.append(token: "CRED", stale, time: 20_000_000) } throws: { "\($0)".contains("is not the model's head") }
    #expect { try state.append(token: "CRED", signed(aliceKey, "sell", try UInt256(10_000_000) * .e18, nonce: 5), time: 20_000_000) } throws: { "\($0)".contains("fewer than") }
    // A trade signed by another key, and a nonce used twice, are refused.
    let forged = LedgerRequest.sell(account: alice, tokens: .e18, auth: LedgerRequest.authorize(token: "CRED", kind: "sell", amount: .e18, nonce: b32(6), key: bobKey))
    #expect { try state.append(token: "CRED", forged, time: 20_000_000) } throws: { "\($0)".contains("not by its account") }
    #expect { try state.append(token: "CRED", signed(bobKey, "sell", .e18, nonce: 2), time: 20_000_000) } throws: { "\($0)".contains("already used nonce") }
    #expect(state.count == before)
    // Refused requests change the state in place and put it back: nothing of them is left, not even a nonce.
    #expect(state.balances == balances && state.schedules == schedules && state.reserve == reserve && state.liquidSupply == supply && state.usedNonces == usedNonces)
    _ = try state.append(token: "CRED", signed(aliceKey, "sell", .e18, nonce: 5), time: 20_000_000)
    #expect(state.count == before + 1)
    var early = LedgerState()
    _ = try early.append(token: "CRED", entries[0].request, time: 0)
    _ = try early.append(token: "CRED", signed(bobKey, "buy", .e6, nonce: 1), time: 10)
    #expect { try early.append(token: "CRED", signed(bobKey, "sell", 1, nonce: 2), time: 20) } throws: { "\($0)".contains("selling opens") }
}

/// Method: the verifier accepts the sequence from its JSON alone, and names the first entry that was
/// changed: an output, an input, a time, or a removed entry.
@Test(.tags(.unit)) func theVerifierFindsTheFirstEntryThatDoesNotFit() throws {
    let (state, entries) = try sampleLedger()
    let reread = try entries.map { try LedgerEntry(json: JSONValue.parse($0.json.serialized(pretty: false))) }
    #expect(reread == entries)
    let good = LedgerVerifier.verify(token: "CRED", entries: reread, storedHashes: entries.map(\.hash))
    #expect(good.ok && good.head == state.lastHash && good.state.balances == state.balances)

    var forged = entries
    forged[3].outputs = .object(forged[3].outputs.objectMembers!.map { $0.key == "tokens_out" ? .init("tokens_out", .string("1")) : $0 })
    let r1 = LedgerVerifier.verify(token: "CRED", entries: forged)
    #expect(r1.firstBad == 3 && r1.problem?.contains("tokens_out") == true, "\(r1.problem ?? "")")

    forged = entries
    forged[6].time += 1
    let r2 = LedgerVerifier.verify(token: "CRED", entries: forged)
    #expect(r2.firstBad == 6, "\(r2.problem ?? "")")
    let r3 = LedgerVerifier.verify(token: "CRED", entries: entries.enumerated().filter { $0.offset != 3 }.map(\.element))
    #expect(r3.firstBad == 3 && r3.problem?.contains("is entry 4") == true, "\(r3.problem ?? "")")
    let r4 = LedgerVerifier.verify(token: "CRED", entries: entries, storedHashes: entries.map(\.hash).enumerated().map { $0.offset == 5 ? b32(9) : $0.element })
    #expect(r4.firstBad == 5 && r4.problem?.contains("altered") == true)
}

/// Method: a ledger export (the server's JSON lines, what `merit ledger verify` reads) folds to the same
/// report as the entries themselves, and a changed, unreadable or re-hashed line is named as the first
/// bad entry.
@Test(.tags(.unit)) func theVerifierReadsALedgerExport() throws {
    let (state, entries) = try sampleLedger()
    func export(_ list: [LedgerEntry], hashes: [Bytes32]? = nil) -> [UInt8] {
        Array(list.enumerated().map { k, e in
            "{\"sequence\":\(e.sequence),\"hash\":\"\((hashes?[k] ?? e.hash).hex)\",\"entry\":\(e.json.serialized(pretty: false))}\n"
        }.joined().utf8)
    }
    let good = LedgerVerifier.verify(token: "CRED", export: export(entries))
    #expect(good.ok && good.head == state.lastHash && good.state.balances == state.balances && good.entries == UInt64(entries.count))

    var forged = entries
    forged[3].outputs = .object(forged[3].outputs.objectMembers!.map { $0.key == "tokens_out" ? .init("tokens_out", .string("1")) : $0 })
    #expect(LedgerVerifier.verify(token: "CRED", export: export(forged)).firstBad == 3)
    let rehashed = LedgerVerifier.verify(token: "CRED", export: export(entries, hashes: entries.map(\.hash).enumerated().map { $0.offset == 5 ? b32(9) : $0.element }))
    #expect(rehashed.firstBad == 5 && rehashed.problem?.contains("altered") == true)
    var lines = String(decoding: export(entries), as: UTF8.self).split(separator: "\n").map(String.init)
    lines[4] = "{\"sequence\":4,\"hash\":"
    let broken = LedgerVerifier.verify(token: "CRED", export: Array((lines.joined(separator: "\n") + "\n").utf8))
    #expect(broken.firstBad == 4 && broken.problem?.contains("entry 4 cannot be read") == true, "\(broken.problem ?? "")")
    #expect(broken.state.count == 4)
}
