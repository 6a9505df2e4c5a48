import MeritCore
import MeritToken

/// Each launched token's supply, reserve and spot price as Prometheus gauges (whole tokens and dollars,
/// printed from the exact integers).
enum TokenMetrics {
    static func text(registry: any ModelStore, ledger: TokenLedger) async -> String {
        var supply = "# HELP merit_token_supply Liquid tokens of a model's token (whole tokens).\n# TYPE merit_token_supply gauge\n"
        var reserve = "# HELP merit_token_reserve_usdc USDC in a model's token reserve.\n# TYPE merit_token_reserve_usdc gauge\n"
        var price = "# HELP merit_token_spot_price_usdc A model's token spot price in USDC per token.\n# TYPE merit_token_spot_price_usdc gauge\n"
        for model in (try? await registry.models()) ?? [] {
            guard let spec = model.spec, let terms = try? TokenMinting.terms(spec), let state = try? await ledger.state(spec.ticker), state.count > 0 else { continue }
            let labels = "{model=\"\(escape(model.name))\",ticker=\"\(escape(spec.ticker))\"}"
            let spot = (try? BondingCurve(terms.amm).spotPrice(reserve: state.reserve, supply: state.liquidSupply)) ?? .zero
            supply += "merit_token_supply\(labels) \(state.liquidSupply.units(decimals: 18))\n"
            reserve += "merit_token_reserve_usdc\(labels) \(state.reserve.units(decimals: 6))\n"
            price += "merit_token_spot_price_usdc\(labels) \(spot.units(decimals: 6))\n"
        }
        return supply + reserve + price
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
