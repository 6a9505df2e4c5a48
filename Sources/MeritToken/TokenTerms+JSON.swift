import MeritBase
import MeritCore
import MeritEthereum

extension TokenTerms {
    /// Every value, in a fixed order (amounts as decimal strings of base units): the genesis entry
    /// carries it, so a ledger can be checked from its entries alone.
    public var json: JSONValue {
        typealias J = LedgerJSON
        return .object([
            .init("name", .string(name)), .init("ticker", .string(ticker)), .init("preset", .string(preset.rawValue)),
            .init("initial_supply", J.amount(initialSupply)), .init("owner_allocation", J.amount(ownerAllocation)),
            .init("tokens_per_delta_one", J.amount(tokensPerDeltaOne)), .init("expected_delta_ones", J.integer(expectedDeltaOnes)),
            .init("max_reward", J.amount(maxReward)), .init("mint_budget", J.amount(mintBudget)), .init("lifetime_cap", J.amount(lifetimeCap)),
            .init("min_improvement_bps", J.integer(minImprovementBps)), .init("contributor_share_bps", J.integer(contributorShareBps)),
            .init("vesting", .object([.init("enabled", .bool(vesting.enabled)), .init("immediate_bps", J.integer(vesting.immediateBps)),
                                      .init("duration_seconds", J.integer(vesting.durationSeconds)), .init("cliff_seconds", J.integer(vesting.cliffSeconds))])),
            .init("infrastructure_share_bps", J.integer(infrastructureShareBps)), .init("api_fee_per_call", J.amount(apiFeePerCall)),
            .init("amm", .object([.init("flat_price", J.amount(amm.flatPrice)), .init("flat_threshold", J.amount(amm.flatThreshold)),
                                  .init("reserve_ratio_ppm", J.integer(amm.reserveRatioPPM)), .init("trade_fee_bps", J.integer(amm.tradeFeeBps)),
                                  .init("max_trade_bps", J.integer(amm.maxTradeBps)), .init("buy_only_seconds", J.integer(amm.buyOnlySeconds))])),
            .init("owner_address", J.optional(ownerAddress)), .init("treasury", J.optional(treasury)),
        ])
    }

    /// Reads the form `json` writes (from a genesis entry).
    init(json: JSONValue, at: String) throws {
        let f = try Fields(json, at: at)
        func int(_ k: String, _ f: Fields) throws -> Int { Int(try f.integer(k)) }
        name = try f.string("name"); ticker = try f.string("ticker")
        guard let p = Preset(rawValue: try f.string("preset")) else { throw f.fail("preset", "unknown preset") }
        preset = p
        initialSupply = try f.amount("initial_supply"); ownerAllocation = try f.amount("owner_allocation")
        tokensPerDeltaOne = try f.amount("tokens_per_delta_one"); expectedDeltaOnes = try int("expected_delta_ones", f)
        maxReward = try f.amount("max_reward"); mintBudget = try f.amount("mint_budget"); lifetimeCap = try f.amount("lifetime_cap")
        minImprovementBps = try int("min_improvement_bps", f); contributorShareBps = try int("contributor_share_bps", f)
        let v = try Fields(try f.value("vesting"), at: at + ".vesting")
        guard case .bool(let enabled) = try v.value("enabled") else { throw v.fail("enabled", "expected true or false") }
        vesting = Vesting(enabled: enabled, immediateBps: try int("immediate_bps", v), durationSeconds: try v.integer("duration_seconds"), cliffSeconds: try v.integer("cliff_seconds"))
        infrastructureShareBps = try int("infrastructure_share_bps", f); apiFeePerCall = try f.amount("api_fee_per_call")
        let a = try Fields(try f.value("amm"), at: at + ".amm")
        amm = AMM(flatPrice: try a.amount("flat_price"), flatThreshold: try a.amount("flat_threshold"), reserveRatioPPM: try int("reserve_ratio_ppm", a),
                  tradeFeeBps: try int("trade_fee_bps", a), maxTradeBps: try int("max_trade_bps", a), buyOnlySeconds: try a.integer("buy_only_seconds"))
        ownerAddress = try f.optionalAddress("owner_address"); treasury = try f.optionalAddress("treasury")
    }
}
