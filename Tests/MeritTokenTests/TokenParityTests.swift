import Foundation
import MeritBase
import MeritCore
import MeritEthereum
@testable import MeritToken
import TestSupport
import Testing

/// Method: contracts/token_parity.py deploys DeltaOneVerifier.vy and ModelToken.vy in py-evm and runs
/// three paying attestations (each judged against the head the previous made) and four claims at chosen
/// block times; the same steps, at the same times, go through Merit's ledger. Every account's liquid
/// balance, the liquid supply, the mint budget left and the lifetime minted must be equal, to the unit.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func theContractAndTheLedgerAgreeToTheUnit() async throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let (status, out) = try await runProcess(["python3", root.appendingPathComponent("contracts/token_parity.py").path])
    try #require(status == 0, "token_parity.py: \(out.suffix(1500))")
    let trace = try JSONValue.parse(out.split(separator: "\n").last.map(String.init) ?? "", name: "trace")
    let t = try #require(trace["terms"]), v = try #require(t["vesting"])
    func int(_ x: JSONValue?) -> UInt64 { if case .number(let s) = x { return UInt64(s) ?? 0 }; return 0 }
    func text(_ x: JSONValue?) -> String { if case .number(let s) = x { return s }; return x?.stringValue ?? "" }
    var settings = TokenSettings(tokensPerDeltaOne: int(t["tokens_per_delta_one"]), contributorShareBps: Int(int(t["contributor_share_bps"])))
    settings.initialSupply = text(t["initial_supply"]); settings.maxReward = text(t["max_reward"]); settings.mintBudget = text(t["mint_budget"])
    settings.lifetimeCap = text(t["lifetime_cap"]); settings.minImprovementBps = Int(int(t["min_improvement_bps"]))
    settings.vesting = .init(enabled: true, immediateBps: Int(int(v["immediate_bps"])), durationSeconds: int(v["duration_seconds"]), cliffSeconds: int(v["cliff_seconds"]))
    let owner = try Address(hex: try #require(trace["owner"]?.stringValue))
    settings.ownerAddress = owner
    let terms = try TokenTerms(settings: settings, modelName: "Parity", ticker: "PRTY")
    var state = LedgerState()
    _ = try state.append(token: "PRTY", .genesis(.init(terms: terms, owner: owner)), time: int(trace["genesisTime"]))
    for step in trace["steps"]?.arrayValue ?? [] {
        let time = int(step["time"])
        if step["kind"]?.stringValue == "mint" {
            let contributors = try (step["contributors"]?.arrayValue ?? []).map { c -> (account: Address, weightBps: Int) in
                (try Address(hex: c.arrayValue![0].stringValue!), Int(int(c.arrayValue![1])))
            }
            let m = LedgerRequest.Mint(attestation: Bytes32(hex: step["digest"]!.stringValue!)!, nonce: Bytes32(hex: step["nonce"]!.stringValue!)!,
                                       deltaBps: int(step["deltaBps"]), contributors: contributors,
                                       baselineModelHash: Bytes32(hex: step["baselineModelHash"]!.stringValue!)!,
                                       candidateModelHash: Bytes32(hex: step["candidateModelHash"]!.stringValue!)!, signers: [])
            _ = try state.append(token: "PRTY", .mint(m), time: time)
        } else {
            _ = try state.append(token: "PRTY", .claim(account: try Address(hex: step["account"]!.stringValue!)), time: time)
        }
    }
    for member in trace["balances"]?.objectMembers ?? [] {
        let account = try Address(hex: member.key)
        #expect((state.balances[account] ?? .zero).description == member.value.stringValue, "\(member.key)")
    }
    #expect(state.liquidSupply.description == trace["totalSupply"]?.stringValue)
    #expect(state.budgetRemaining.description == trace["budgetRemaining"]?.stringValue)
    #expect(state.lifetimeMinted.description == trace["lifetimeMinted"]?.stringValue)
}
