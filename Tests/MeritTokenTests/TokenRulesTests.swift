import BigInt
import MeritCore
@testable import MeritToken
import TestSupport
import Testing

/// Terms with the reference protocol's mainnet numbers (../shared/specs/hokusai-token.md).
func mainnetTerms(contributorShareBps: Int = 10_000) throws -> TokenTerms {
    var s = TokenSettings(tokensPerDeltaOne: 250_000, contributorShareBps: contributorShareBps)
    s.maxReward = "2500000"; s.mintBudget = "1500000"
    return try TokenTerms(settings: s, modelName: "Mainnet", ticker: "MAIN")
}

func tokens(_ whole: UInt64) -> UInt256 { try! UInt256(whole) * .e18 }

/// Method: the reward table, split, vesting and fee values stated in the reference spec, exactly.
@Test(.tags(.unit)) func rewardsFollowTheReferenceTable() throws {
    let terms = try mainnetTerms()
    #expect(try Rewards.reward(deltaBps: 99, terms: terms) == .zero)
    #expect(try Rewards.reward(deltaBps: 100, terms: terms) == tokens(250_000))
    #expect(try Rewards.reward(deltaBps: 300, terms: terms) == tokens(750_000))
    let six = try Rewards.mint(deltaBps: 600, weightsBps: [10_000], terms: terms, budgetRemaining: terms.mintBudget, lifetimeMinted: .zero)
    #expect(six.reward == tokens(1_500_000) && six.budgetRemaining == .zero)
    #expect(throws: TokenError.self) { try Rewards.mint(deltaBps: 601, weightsBps: [10_000], terms: terms, budgetRemaining: terms.mintBudget, lifetimeMinted: .zero) }
    let split = try Rewards.split(tokens(750_000), weightsBps: [7000, 3000])
    #expect(split == [tokens(525_000), tokens(225_000)])
    // Dust to the first contributor: 10 base units over three equal-ish weights.
    #expect(try Rewards.split(10, weightsBps: [3334, 3333, 3333]) == [4, 3, 3])
    #expect(throws: TokenError.self) { try Rewards.split(10, weightsBps: [5000, 4999]) }
    #expect(throws: TokenError.self) { try Rewards.split(10, weightsBps: [10_000, 0]) }

    let (liquid, schedule) = try VestingSchedule.make(tokens(525_000), terms: terms.vesting, at: 1_000)
    #expect(liquid == tokens(52_500) && schedule?.total == tokens(472_500))
    #expect(try schedule?.vested(at: 1_000 + 15_768_000) == tokens(236_250))
    #expect(try schedule?.vested(at: 999) == .zero && schedule?.vested(at: 1_000 + 31_536_000) == tokens(472_500))

    let usdc = { (d: UInt64) in try! UInt256(d) * .e6 }
    #expect(try FeeSplit.split(usdc(1000), infrastructureBps: 8000) == (usdc(800), usdc(200)))
    #expect(try FeeSplit.split(usdc(1000), infrastructureBps: 7000) == (usdc(700), usdc(300)))
    #expect(try FeeSplit.split(usdc(1000), calls: 1000, costPerThousandCalls: usdc(500), maxInfrastructureBps: 10_000) == (usdc(500), usdc(500)))
    #expect(try FeeSplit.split(usdc(500), calls: 1000, costPerThousandCalls: usdc(1000), maxInfrastructureBps: 10_000) == (usdc(500), .zero))
}

/// Method: the owner's share is what the contributors' share leaves, and the lifetime cap holds.
@Test(.tags(.unit)) func theOwnerGetsTheRestAndTheCapHolds() throws {
    let terms = try mainnetTerms(contributorShareBps: 8000)
    let m = try Rewards.mint(deltaBps: 100, weightsBps: [6000, 4000], terms: terms, budgetRemaining: terms.mintBudget, lifetimeMinted: .zero)
    #expect(m.contributors == [tokens(120_000), tokens(80_000)] && m.owner == tokens(50_000))
    #expect(throws: TokenError.self) {
        try Rewards.mint(deltaBps: 100, weightsBps: [10_000], terms: terms, budgetRemaining: terms.mintBudget, lifetimeMinted: try terms.lifetimeCap - tokens(1))
    }
}

/// Method: the spec's flat-phase vector (fee 30 bps, $0.01, 1,000 USDC → exactly 99,700 tokens), and a
/// buy that crosses the threshold is flat up to it and on the curve after it.
@Test(.tags(.unit)) func theFlatPhaseMatchesTheReference() throws {
    let terms = try mainnetTerms()
    let curve = BondingCurve(terms.amm)
    let b = try curve.buy(usdcIn: try UInt256(1000) * .e6, reserve: try UInt256(10) * .e6, supply: tokens(1_000_000))
    #expect(b.tokensOut == tokens(99_700) && b.fee == 3_000_000 && b.curveTokens == .zero)
    // From 24,000 USDC, buying 2,000: 1,000 flat, the rest (less the fee) on the curve.
    let crossing = try curve.buy(usdcIn: try UInt256(2000) * .e6, reserve: try UInt256(24_000) * .e6, supply: tokens(3_400_000))
    #expect(crossing.flatTokens == tokens(100_000) && !crossing.curveTokens.isZero && crossing.reserveAfter == 25_994_000_000)
    #expect(try curve.spotPrice(reserve: try UInt256(24_000) * .e6, supply: tokens(1)) == 10_000)
    #expect(throws: TokenError.self) { try curve.sell(tokens: tokens(1), reserve: 1, supply: tokens(2), now: 100, launch: 0) }
    #expect(throws: TokenError.self) { try curve.buy(usdcIn: .zero, reserve: 1, supply: 1) }
}

/// Method: presets fill what is not set, explicit values win, and a value out of range names its field.
@Test(.tags(.unit)) func presetsFillAndRangesAreChecked() throws {
    let growth = try TokenTerms(settings: TokenSettings(preset: .growth), modelName: "M", ticker: "MM")
    #expect(growth.initialSupply == tokens(1_000_000) && growth.tokensPerDeltaOne == tokens(100_000) && growth.mintBudget == tokens(500_000))
    var s = TokenSettings(preset: .experimental, tokensPerDeltaOne: 1000)
    s.amm = .init(reserveRatioPPM: 40_000)
    #expect { try TokenTerms(settings: s, modelName: "M", ticker: "MM") } throws: { ($0 as? TokenError)?.location == "token.amm.reserve_ratio_ppm" }
    s.amm = nil; s.vesting = .init(durationSeconds: 10, cliffSeconds: 11)
    #expect { try TokenTerms(settings: s, modelName: "M", ticker: "MM") } throws: { ($0 as? TokenError)?.location == "token.vesting.cliff_seconds" }
    s.vesting = nil; s.apiFeePerCall = "0.0000001"
    #expect { try TokenTerms(settings: s, modelName: "M", ticker: "MM") } throws: { ($0 as? TokenError)?.location == "token.api_fee_per_call" }
    #expect(UInt256(units: "0.01", decimals: 6) == 10_000 && UInt256(decimal: "1" + String(repeating: "0", count: 78)) == nil)
    #expect(tokens(1_500_000).units(decimals: 18) == "1500000" && UInt256(units: "1.5", decimals: 18)!.units(decimals: 18) == "1.5")
}

/// Method: decimal printing and parsing through the 128-bit fast path agree with BigUInt's general
/// conversion for values around every boundary (0, 2^64, 10^38, 2^128, 2^256 − 1) and random ones.
@Test(.tags(.unit)) func decimalFastPathsAreBigUIntsDigits() throws {
    let ten38: BigUInt = BigUInt(10).power(38), two128: BigUInt = BigUInt(1) << 128, two256: BigUInt = BigUInt(1) << 256
    let max64 = BigUInt(UInt64.max)
    var samples: [BigUInt] = [0, 1, 9, 10, max64, max64 + 1, ten38 - 1, ten38, two128 - 1, two128, two256 - 1]
    var g: UInt64 = 7
    for _ in 0..<2000 {
        g = g &* 6364136223846793005 &+ 1442695040888963407
        let shifted: BigUInt = BigUInt(g) << Int(g % 200)
        samples.append(shifted + BigUInt(g >> 7))
    }
    for v in samples where v.bitWidth <= 256 {
        let n = try UInt256(v)
        #expect(n.description == String(v, radix: 10))
        #expect(UInt256(decimal: String(v, radix: 10))?.value == v)
    }
}
