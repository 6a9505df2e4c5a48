import BigInt

/// The reserve's prices: a flat phase, then Bancor's curve (docs/token.md, "The AMM").
///
/// Supply S counts every token except those still vesting; the reserve R is in USDC base units. Below
/// the flat-phase threshold a whole token costs the flat price. From the threshold on:
/// buy T = S·((1 + E/R)^w − 1) and sell F = R·(1 − (1 − T/S)^(1/w)), computed exactly and rounded in
/// the reserve's favour (fewer tokens out, fewer USDC out), never by more than one base unit.
/// The trade fee is ⌊x · feeBps / 10 000⌋ of the USDC side, paid to the infrastructure account.
public struct BondingCurve: Sendable {
    /// The reserve's parameters.
    public var amm: TokenTerms.AMM

    /// Creates a curve.
    public init(_ amm: TokenTerms.AMM) { self.amm = amm }

    /// Which side of the threshold a reserve is on.
    public enum Phase: String, Sendable, Codable { case flat, curve }

    /// A priced buy.
    public struct Buy: Sendable, Equatable {
        /// USDC paid, fee included.
        public var usdcIn: UInt256
        /// The trade fee.
        public var fee: UInt256
        /// Tokens bought at the flat price, and on the curve.
        public var flatTokens: UInt256, curveTokens: UInt256
        /// Tokens out in all.
        public var tokensOut: UInt256
        /// The reserve and supply after.
        public var reserveAfter: UInt256, supplyAfter: UInt256
    }

    /// A priced sell.
    public struct Sell: Sendable, Equatable {
        /// Tokens sold.
        public var tokensIn: UInt256
        /// USDC taken from the reserve, before the fee.
        public var gross: UInt256
        /// The trade fee.
        public var fee: UInt256
        /// USDC the seller receives.
        public var usdcOut: UInt256
        /// The reserve and supply after.
        public var reserveAfter: UInt256, supplyAfter: UInt256
    }

    /// The phase of a reserve.
    public func phase(reserve: UInt256) -> Phase { reserve < amm.flatThreshold ? .flat : .curve }

    /// The trade fee on a USDC amount.
    public func fee(_ x: UInt256) throws -> UInt256 { try UInt256.mulDiv(x, UInt256(UInt64(amm.tradeFeeBps)), 10_000) }

    /// The largest trade against a reserve: ⌊R · maxTradeBps / 10 000⌋.
    public func largestTrade(reserve: UInt256) throws -> UInt256 { try UInt256.mulDiv(reserve, UInt256(UInt64(amm.maxTradeBps)), 10_000) }

    /// USDC base units per whole token: the flat price below the threshold, else R / (w · S), rounded down.
    public func spotPrice(reserve: UInt256, supply: UInt256) throws -> UInt256 {
        guard phase(reserve: reserve) == .curve, !supply.isZero else { return amm.flatPrice }
        return try UInt256(reserve.value * UInt256.e18.value * 1_000_000 / (BigUInt(amm.reserveRatioPPM) * supply.value), "the spot price")
    }

    /// Prices a buy of `usdcIn` (fee included): flat up to the threshold, on the curve after it.
    public func buy(usdcIn e: UInt256, reserve r: UInt256, supply s: UInt256) throws -> Buy {
        guard !e.isZero else { throw TokenError(.invalidAmount, "a buy must pay more than 0 USDC", at: "buy") }
        let fee = try fee(e), net = try e - fee
        var reserve = r, supply = s, flatTokens = UInt256.zero, curveTokens = UInt256.zero
        var left = net
        if reserve < amm.flatThreshold {
            let flat = UInt256.min(left, try amm.flatThreshold - reserve)
            flatTokens = try UInt256.mulDiv(flat, .e18, amm.flatPrice)
            reserve = try reserve + flat; supply = try supply + flatTokens; left = try left - flat
        }
        if !left.isZero {
            guard !supply.isZero else { throw TokenError(.refused, "the curve needs a supply above 0; the model has no tokens yet", at: "buy") }
            let cap = try largestTrade(reserve: reserve)
            guard left <= cap else {
                throw TokenError(.refused, "the \(left.units(decimals: 6)) USDC priced on the curve is more than the largest trade, \(cap.units(decimals: 6)) USDC (\(amm.maxTradeBps) bps of the reserve); buy less, in several trades", at: "buy")
            }
            let after = try reserve + left
            let grown = try UInt256(CurveMath.floorPower(supply.value, after.value, reserve.value, ppm: amm.reserveRatioPPM), "the supply after the buy")
            curveTokens = grown > supply ? try grown - supply : .zero
            reserve = after; supply = try supply + curveTokens
        }
        return Buy(usdcIn: e, fee: fee, flatTokens: flatTokens, curveTokens: curveTokens, tokensOut: try flatTokens + curveTokens,
                   reserveAfter: reserve, supplyAfter: supply)
    }

    /// Prices a sell of `tokens` at time `now` for a reserve launched at `launch` (seconds since 1970).
    public func sell(tokens t: UInt256, reserve r: UInt256, supply s: UInt256, now: UInt64, launch: UInt64) throws -> Sell {
        guard !t.isZero else { throw TokenError(.invalidAmount, "a sell must sell more than 0 tokens", at: "sell") }
        if now < launch || now - launch < amm.buyOnlySeconds {
            throw TokenError(.refused, "selling opens \(amm.buyOnlySeconds) s after launch (at \(launch &+ amm.buyOnlySeconds)); it is \(now)", at: "sell")
        }
        guard t <= s else { throw TokenError(.refused, "\(t.units(decimals: 18)) tokens is more than the \(s.units(decimals: 18)) in circulation", at: "sell") }
        let gross: UInt256
        if phase(reserve: r) == .flat {
            gross = try UInt256.mulDiv(t, amm.flatPrice, .e18)
        } else if t == s {
            gross = r
        } else {
            // F = R − R·((S − T)/S)^(1/w), with the power rounded up so that F is rounded down.
            let kept = try UInt256(CurveMath.ceilPower(r.value, (try s - t).value, s.value, ppm: amm.reserveRatioPPM, inverse: true), "the reserve after the sell")
            gross = kept < r ? try r - kept : .zero
        }
        guard gross <= r else { throw TokenError(.refused, "the reserve holds \(r.units(decimals: 6)) USDC, less than the \(gross.units(decimals: 6)) this sell is worth", at: "sell") }
        let cap = try largestTrade(reserve: r)
        guard gross <= cap else {
            throw TokenError(.refused, "this sell is worth \(gross.units(decimals: 6)) USDC, more than the largest trade, \(cap.units(decimals: 6)) USDC (\(amm.maxTradeBps) bps of the reserve); sell less, in several trades", at: "sell")
        }
        let fee = try fee(gross)
        return Sell(tokensIn: t, gross: gross, fee: fee, usdcOut: try gross - fee, reserveAfter: try r - gross, supplyAfter: try s - t)
    }
}
