/// The reward rules of the reference contract, in integers (docs/token.md, "Rewards").
///
/// deltaBps is the improvement in basis points of the metric (candidate − baseline in its direction;
/// 100 bps is one DeltaOne). Below the minimum improvement the reward is 0; otherwise it is
/// min(max reward, ⌊deltaBps · T / 100⌋).
public enum Rewards {
    /// One paid evaluation's tokens: who gets what, and the caps after it.
    public struct Mint: Sendable, Equatable {
        /// Tokens minted in all.
        public var reward: UInt256
        /// Each contributor's tokens, in the contributors' order.
        public var contributors: [UInt256]
        /// The owner's tokens.
        public var owner: UInt256
        /// The mint budget left afterwards.
        public var budgetRemaining: UInt256
        /// Rewards minted in the model's lifetime afterwards.
        public var lifetimeMinted: UInt256
    }

    /// The reward for an improvement, before budget and cap.
    public static func reward(deltaBps: UInt64, terms: TokenTerms) throws -> UInt256 {
        guard deltaBps >= UInt64(terms.minImprovementBps) else { return .zero }
        return UInt256.min(terms.maxReward, try UInt256.mulDiv(UInt256(deltaBps), terms.tokensPerDeltaOne, 100))
    }

    /// The whole mint of a paid evaluation. The reward is split: the contributors' part is
    /// ⌊reward · contributorShareBps / 10 000⌋ and the owner receives the rest; the contributors' part is
    /// split by weight, each ⌊part · weightᵢ / 10 000⌋, the dust to the first contributor.
    ///
    /// - Throws: `refused` when the reward is over the remaining budget (nothing is minted and the
    ///   attestation may be presented again after the budget is raised) or over the lifetime cap.
    public static func mint(deltaBps: UInt64, weightsBps: [Int], terms: TokenTerms, budgetRemaining: UInt256, lifetimeMinted: UInt256) throws -> Mint {
        let reward = try reward(deltaBps: deltaBps, terms: terms)
        guard reward <= budgetRemaining else {
            throw TokenError(.refused, "the reward of \(reward.units(decimals: 18)) tokens is more than the \(budgetRemaining.units(decimals: 18)) left in the mint budget; the owner can raise token.mint_budget", at: "mint")
        }
        let after = try lifetimeMinted + reward
        guard after <= terms.lifetimeCap else {
            throw TokenError(.refused, "the reward of \(reward.units(decimals: 18)) tokens would take lifetime rewards past the cap of \(terms.lifetimeCap.units(decimals: 18))", at: "mint")
        }
        let pool = try UInt256.mulDiv(reward, UInt256(UInt64(terms.contributorShareBps)), 10_000)
        return Mint(reward: reward, contributors: try split(pool, weightsBps: weightsBps), owner: try reward - pool,
                    budgetRemaining: try budgetRemaining - reward, lifetimeMinted: after)
    }

    /// ⌊amount · weightᵢ / 10 000⌋ each, the dust (amount − Σ) to the first; 1 to 100 weights, each above 0,
    /// summing to exactly 10 000.
    public static func split(_ amount: UInt256, weightsBps: [Int]) throws -> [UInt256] {
        guard (1...100).contains(weightsBps.count) else { throw TokenError(.invalidAmount, "a reward is split between 1 and 100 contributors, not \(weightsBps.count)", at: "contributors") }
        guard weightsBps.allSatisfy({ $0 > 0 }), weightsBps.reduce(0, +) == 10_000 else {
            throw TokenError(.invalidAmount, "contributor weights must each be above 0 and sum to exactly 10000 bps", at: "contributors")
        }
        var parts = try weightsBps.map { try UInt256.mulDiv(amount, UInt256(UInt64($0)), 10_000) }
        var given = UInt256.zero
        for p in parts { given = try given + p }
        parts[0] = try parts[0] + (try amount - given)
        return parts
    }
}
