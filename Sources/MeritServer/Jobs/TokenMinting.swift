import Foundation
import MeritBase
import MeritCore
import MeritEthereum
import MeritEval
import MeritToken

/// Turning specs and attestations into ledger requests: one place for the server's handlers and its workers.
enum TokenMinting {
    /// A spec's resolved token terms (its treasury from `access.treasury`).
    static func terms(_ spec: ModelSpec) throws -> TokenTerms {
        try TokenTerms(settings: spec.token, modelName: spec.name, ticker: spec.ticker, treasury: spec.access?.treasury)
    }

    /// Who receives the initial supply: `token.owner_address`, else the treasury; nil when neither is set.
    static func owner(_ terms: TokenTerms) -> Address? { terms.ownerAddress ?? terms.treasury }

    /// The genesis request for a spec, or nil when it names no owner account.
    static func genesis(_ spec: ModelSpec) throws -> LedgerRequest? {
        let terms = try terms(spec)
        guard let owner = owner(terms) else { return nil }
        return .genesis(.init(terms: terms, owner: owner, treasury: terms.treasury))
    }

    /// The mint a DeltaOne attestation asks for, once its signatures hold against the server's attesters,
    /// it is for this model and it was paid.
    static func mintRequest(_ file: AttestationFile, spec: ModelSpec, attesters: Attesters) throws -> LedgerRequest.Mint {
        guard DeltaOneAttestation.hasMeritTypes(file.typedData) else { throw TokenError(.refused, "only a DeltaOne attestation mints tokens", at: "mint") }
        guard !attesters.addresses.isEmpty else { throw TokenError(.refused, "this server publishes no attesters, so no attestation can be checked for a mint", at: "mint") }
        let check = try file.verify(allowed: attesters.addresses, threshold: 1)
        let problems = check.problems + attesters.domain.problems(in: file.typedData.domain)
        guard problems.isEmpty else { throw TokenError(.refused, "the attestation does not hold for this server: " + problems.joined(separator: "; "), at: "mint") }
        let m = file.typedData.message
        guard m["model"]?["ticker"]?.stringValue == spec.ticker else {
            throw TokenError(.refused, "the attestation is for model \(m["model"]?["ticker"]?.stringValue ?? "?"), not for \(spec.ticker)", at: "mint")
        }
        guard let bpsText = m["result"]?["deltaOneBps"]?.stringValue, let bps = UInt64(bpsText), bps > 0 else {
            throw TokenError(.refused, "the attestation awards no DeltaOne, so it mints nothing", at: "mint")
        }
        func b32(_ v: JSONValue?) throws -> Bytes32 {
            guard let text = v?.stringValue, let b = Bytes32(hex: text) else { throw TokenError(.invalidAmount, "the attestation lacks a 32-byte field", at: "mint") }
            return b
        }
        let contributors = try (m["contributors"]?.arrayValue ?? []).map { c -> (account: Address, weightBps: Int) in
            guard let a = c["account"]?.stringValue, let account = try? Address(hex: a), let w = c["weightBps"]?.stringValue, let weight = Int(w) else {
                throw TokenError(.invalidAmount, "the attestation's contributors are malformed", at: "mint")
            }
            return (account, weight)
        }
        return LedgerRequest.Mint(attestation: try file.digest(), nonce: try b32(m["nonce"]), deltaBps: bps, contributors: contributors,
                                  baselineModelHash: try b32(m["lineage"]?["parentModelHash"]), candidateModelHash: try b32(m["lineage"]?["modelHash"]),
                                  signers: check.validSigners)
    }

    /// The token's public state.
    static func summary(spec: ModelSpec, terms: TokenTerms, state: LedgerState) throws -> JSONValue {
        let curve = BondingCurve(terms.amm)
        let holders = state.balances.filter { !$0.value.isZero }.count
        return .object([
            .init("model", .string(spec.name)), .init("ticker", .string(spec.ticker)), .init("name", .string(terms.name)),
            .init("phase", .string(curve.phase(reserve: state.reserve).rawValue)),
            .init("supply", .string(state.liquidSupply.description)), .init("total_supply", .string(try state.totalSupply.description)),
            // Every liquid token can be sold back to the reserve (within the largest trade); vesting ones cannot yet.
            .init("redeemable_supply", .string(state.liquidSupply.description)),
            .init("api_fee_per_call", .string(terms.apiFeePerCall.description)),
            .init("reserve", .string(state.reserve.description)), .init("infrastructure", .string(state.infrastructure.description)),
            .init("spot_price", .string(try curve.spotPrice(reserve: state.reserve, supply: state.liquidSupply).description)),
            .init("budget_remaining", .string(state.budgetRemaining.description)), .init("lifetime_minted", .string(state.lifetimeMinted.description)),
            .init("holders", .number(String(holders))), .init("entries", .number(String(state.count))), .init("chain_head", .string(state.lastHash.hex)),
            .init("launch", .number(String(state.launch))), .init("head_model", state.head.map { .string($0.hex) } ?? .null),
            .init("terms", terms.json),
        ])
    }
}
