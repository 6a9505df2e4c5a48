import MeritCore
import MeritEthereum

extension TokenTerms {
    /// The reference protocol's allowed range for tokens per DeltaOne, in whole tokens.
    public static let tokensPerDeltaOneRange: ClosedRange<UInt64> = 100...10_000_000

    /// Resolves a spec's token settings against their preset (growth when none is named) and checks every
    /// value, naming the field (`token.amm.reserve_ratio_ppm`) and its allowed range.
    ///
    /// Defaults beyond the preset's table (docs/token.md): the owner receives the whole initial supply;
    /// the largest reward is 10·T; the mint budget is T × expected DeltaOnes; the lifetime cap is 100·T;
    /// rewards start at 100 bps; 10% of a reward is liquid and the rest vests over 365 days with no cliff;
    /// 80% of API fees go to infrastructure; a call costs $0.001; the flat phase sells at $0.01 up to a
    /// $25,000 reserve; trades pay 0.3%, may move at most 20% of the reserve, and selling opens 7 days
    /// after launch.
    public init(settings s: TokenSettings, modelName: String, ticker: String, treasury: Address? = nil) throws {
        let preset = s.preset ?? .growth
        func fail(_ field: String, _ message: String) -> TokenError { TokenError(.invalidSetting, message, at: "token.\(field)") }
        func tokens(_ text: String?, _ field: String, default whole: UInt256) throws -> UInt256 {
            guard let text else { return whole }
            guard let v = UInt256(units: text, decimals: 18) else {
                throw fail(field, "\(text.prefix(40)) is not an amount of tokens: write whole tokens with at most 18 decimals, such as 250000 or \"0.5\"")
            }
            return v
        }
        func usdc(_ text: String?, _ field: String, default value: UInt256) throws -> UInt256 {
            guard let text else { return value }
            guard let v = UInt256(units: text, decimals: 6) else {
                throw fail(field, "\(text.prefix(40)) is not an amount of USDC: write dollars with at most 6 decimals, such as \"0.01\" or 25000")
            }
            return v
        }
        func bps(_ v: Int?, _ field: String, _ range: ClosedRange<Int>, default d: Int) throws -> Int {
            let v = v ?? d
            guard range.contains(v) else { throw fail(field, "\(v) is outside \(range.lowerBound)...\(range.upperBound)") }
            return v
        }
        let whole = UInt256.e18
        guard Self.tokensPerDeltaOneRange.contains(s.tokensPerDeltaOne) else {
            throw fail("tokens_per_delta_one", "\(s.tokensPerDeltaOne) whole tokens is outside the reference range 100...10000000")
        }
        let t = try UInt256(s.tokensPerDeltaOne) * whole
        name = s.name ?? modelName
        guard !name.isEmpty, name.utf8.count <= 64 else { throw fail("name", "the token's name must be 1 to 64 bytes") }
        self.ticker = ticker
        self.preset = preset
        tokensPerDeltaOne = t
        initialSupply = try tokens(s.initialSupply, "initial_supply", default: try UInt256(preset.initialSupply) * whole)
        ownerAllocation = try tokens(s.ownerAllocation, "owner_allocation", default: initialSupply)
        guard ownerAllocation <= initialSupply else {
            throw fail("owner_allocation", "\(ownerAllocation.units(decimals: 18)) tokens is more than the initial supply of \(initialSupply.units(decimals: 18))")
        }
        expectedDeltaOnes = s.expectedDeltaOnes ?? preset.expectedDeltaOnes
        guard (1...1000).contains(expectedDeltaOnes) else { throw fail("expected_delta_ones", "\(expectedDeltaOnes) is outside 1...1000") }
        let cap = try t * 100
        lifetimeCap = try tokens(s.lifetimeCap, "lifetime_cap", default: cap)
        guard !lifetimeCap.isZero, lifetimeCap <= cap else {
            throw fail("lifetime_cap", "must be above 0 and at most 100 × tokens_per_delta_one (\(cap.units(decimals: 18)) tokens)")
        }
        maxReward = try tokens(s.maxReward, "max_reward", default: UInt256.min(try t * 10, lifetimeCap))
        guard !maxReward.isZero, maxReward <= lifetimeCap else {
            throw fail("max_reward", "must be above 0 and at most the lifetime cap (\(lifetimeCap.units(decimals: 18)) tokens)")
        }
        mintBudget = try tokens(s.mintBudget, "mint_budget", default: UInt256.min(try t * UInt256(UInt64(expectedDeltaOnes)), lifetimeCap))
        guard mintBudget <= lifetimeCap else {
            throw fail("mint_budget", "\(mintBudget.units(decimals: 18)) tokens is more than the lifetime cap (\(lifetimeCap.units(decimals: 18)))")
        }
        minImprovementBps = try bps(s.minImprovementBps, "min_improvement_bps", 1...10_000, default: 100)
        contributorShareBps = try bps(s.contributorShareBps, "contributor_share_bps", 0...10_000, default: 8000)
        let v = s.vesting ?? .init()
        let enabled = v.enabled ?? true
        let duration = v.durationSeconds ?? 31_536_000, cliff = v.cliffSeconds ?? 0
        if enabled {
            guard duration > 0 else { throw fail("vesting.duration_seconds", "must be above 0 when vesting is enabled (or set vesting.enabled: false)") }
            guard cliff <= duration else { throw fail("vesting.cliff_seconds", "\(cliff) is longer than the vesting duration (\(duration))") }
        }
        vesting = Vesting(enabled: enabled, immediateBps: try bps(v.immediateBps, "vesting.immediate_bps", 0...10_000, default: 1000),
                          durationSeconds: duration, cliffSeconds: cliff)
        infrastructureShareBps = try bps(s.infrastructureShareBps, "infrastructure_share_bps", 1000...10_000, default: 8000)
        apiFeePerCall = try usdc(s.apiFeePerCall, "api_fee_per_call", default: 1000)
        let a = s.amm ?? .init()
        let price = try usdc(a.flatPrice, "amm.flat_price", default: 10_000)
        guard !price.isZero else { throw fail("amm.flat_price", "must be above 0") }
        amm = AMM(flatPrice: price, flatThreshold: try usdc(a.flatThreshold, "amm.flat_threshold", default: try UInt256(25_000) * UInt256.e6),
                  reserveRatioPPM: try bps(a.reserveRatioPPM, "amm.reserve_ratio_ppm", 50_000...1_000_000, default: preset.reserveRatioPPM),
                  tradeFeeBps: try bps(a.tradeFeeBps, "amm.trade_fee_bps", 0...1000, default: 30),
                  maxTradeBps: try bps(a.maxTradeBps, "amm.max_trade_bps", 1...5000, default: 2000),
                  buyOnlySeconds: a.buyOnlySeconds ?? 604_800)
        ownerAddress = s.ownerAddress
        self.treasury = treasury
    }
}
