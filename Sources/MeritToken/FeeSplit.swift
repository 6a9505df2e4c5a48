/// How an API fee is divided (docs/token.md, "API fees"): the infrastructure's part, and the rest to the
/// AMM reserve, where it mints nothing and raises the price.
public enum FeeSplit {
    /// infrastructure = ⌊amount · infrastructureBps / 10 000⌋; reserve = amount − infrastructure.
    public static func split(_ amount: UInt256, infrastructureBps: Int) throws -> (infrastructure: UInt256, reserve: UInt256) {
        guard (0...10_000).contains(infrastructureBps) else { throw TokenError(.invalidSetting, "the infrastructure share must be 0...10000 bps", at: "infrastructure_share_bps") }
        let infra = try UInt256.mulDiv(amount, UInt256(UInt64(infrastructureBps)), 10_000)
        return (infra, try amount - infra)
    }

    /// With a cost oracle: infrastructure = min(amount, ⌊costPerThousandCalls · calls / 1000⌋,
    /// ⌊amount · maxInfrastructureBps / 10 000⌋); the rest to the reserve.
    public static func split(_ amount: UInt256, calls: UInt64, costPerThousandCalls: UInt256, maxInfrastructureBps: Int) throws -> (infrastructure: UInt256, reserve: UInt256) {
        let cost = try UInt256.mulDiv(costPerThousandCalls, UInt256(calls), 1000)
        let ceiling = try UInt256.mulDiv(amount, UInt256(UInt64(maxInfrastructureBps)), 10_000)
        let infra = UInt256.min(amount, UInt256.min(cost, ceiling))
        return (infra, try amount - infra)
    }
}
