import MeritBase
import MeritEthereum

/// The `token` section of a model spec: a preset and the settings given explicitly, as written.
///
/// Amounts are kept as the decimal text the owner wrote (whole tokens or USDC, with up to 18 or 6
/// decimals); MeritToken's `TokenTerms` resolves them against the preset into exact base units and checks
/// every range, naming the field. Only `tokens_per_delta_one` and `contributor_share_bps` are always
/// present in the canonical spec (as earlier specs had them); the rest appear when set, so the hash of a
/// spec that sets none of them is what it was.
public struct TokenSettings: Codable, Sendable, Equatable {
    /// A starting point for every setting not given (the reference launch guide's token templates).
    public enum Preset: String, Codable, Sendable, CaseIterable {
        case experimental, growth, mature

        /// Whole tokens at genesis.
        public var initialSupply: UInt64 { switch self { case .experimental: 500_000; case .growth: 1_000_000; case .mature: 2_000_000 } }
        /// Whole tokens per DeltaOne.
        public var tokensPerDeltaOne: UInt64 { switch self { case .experimental: 200_000; case .growth: 100_000; case .mature: 50_000 } }
        /// DeltaOnes expected over two years.
        public var expectedDeltaOnes: Int { switch self { case .experimental: 8; case .growth: 5; case .mature: 3 } }
        /// Bancor reserve ratio in ppm: a younger model's price moves more with each trade.
        public var reserveRatioPPM: Int { switch self { case .experimental: 100_000; case .growth: 200_000; case .mature: 300_000 } }
    }

    /// Vesting as written.
    public struct Vesting: Codable, Sendable, Equatable {
        /// Whether rewards vest (default true).
        public var enabled: Bool?
        /// Liquid part of each reward, bps.
        public var immediateBps: Int?
        /// Linear vesting duration, seconds.
        public var durationSeconds: UInt64?
        /// Cliff, seconds.
        public var cliffSeconds: UInt64?

        enum CodingKeys: String, CodingKey {
            case enabled, immediateBps = "immediate_bps", durationSeconds = "duration_seconds", cliffSeconds = "cliff_seconds"
        }

        /// Creates vesting settings.
        public init(enabled: Bool? = nil, immediateBps: Int? = nil, durationSeconds: UInt64? = nil, cliffSeconds: UInt64? = nil) {
            self.enabled = enabled; self.immediateBps = immediateBps; self.durationSeconds = durationSeconds; self.cliffSeconds = cliffSeconds
        }

        public init(from decoder: Decoder) throws {
            try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
            immediateBps = try c.decodeIfPresent(Int.self, forKey: .immediateBps)
            durationSeconds = try c.decodeIfPresent(UInt64.self, forKey: .durationSeconds)
            cliffSeconds = try c.decodeIfPresent(UInt64.self, forKey: .cliffSeconds)
        }
    }

    /// The reserve's settings as written.
    public struct AMM: Codable, Sendable, Equatable {
        /// USDC per whole token in the flat phase (`"0.01"`).
        public var flatPrice: String?
        /// USDC in the reserve at which the curve begins (`"25000"`).
        public var flatThreshold: String?
        /// Reserve ratio, ppm.
        public var reserveRatioPPM: Int?
        /// Trade fee, bps.
        public var tradeFeeBps: Int?
        /// Largest curve trade as a share of the reserve, bps.
        public var maxTradeBps: Int?
        /// Seconds after launch in which sells are refused.
        public var buyOnlySeconds: UInt64?

        enum CodingKeys: String, CodingKey {
            case flatPrice = "flat_price", flatThreshold = "flat_threshold", reserveRatioPPM = "reserve_ratio_ppm"
            case tradeFeeBps = "trade_fee_bps", maxTradeBps = "max_trade_bps", buyOnlySeconds = "buy_only_seconds"
        }

        /// Creates AMM settings.
        public init(flatPrice: String? = nil, flatThreshold: String? = nil, reserveRatioPPM: Int? = nil, tradeFeeBps: Int? = nil,
                    maxTradeBps: Int? = nil, buyOnlySeconds: UInt64? = nil) {
            self.flatPrice = flatPrice; self.flatThreshold = flatThreshold; self.reserveRatioPPM = reserveRatioPPM
            self.tradeFeeBps = tradeFeeBps; self.maxTradeBps = maxTradeBps; self.buyOnlySeconds = buyOnlySeconds
        }

        public init(from decoder: Decoder) throws {
            try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            flatPrice = try TokenSettings.amount(c, .flatPrice)
            flatThreshold = try TokenSettings.amount(c, .flatThreshold)
            reserveRatioPPM = try c.decodeIfPresent(Int.self, forKey: .reserveRatioPPM)
            tradeFeeBps = try c.decodeIfPresent(Int.self, forKey: .tradeFeeBps)
            maxTradeBps = try c.decodeIfPresent(Int.self, forKey: .maxTradeBps)
            buyOnlySeconds = try c.decodeIfPresent(UInt64.self, forKey: .buyOnlySeconds)
        }
    }

    /// The preset the unset values come from (`growth` when none is named).
    public var preset: Preset?
    /// The ERC-20 name (default: the model's name).
    public var name: String?
    /// Whole tokens minted per DeltaOne: as written, else the preset's, else 1,000.
    public var tokensPerDeltaOne: UInt64 {
        get { explicitTokensPerDeltaOne ?? preset?.tokensPerDeltaOne ?? 1000 }
        set { explicitTokensPerDeltaOne = newValue }
    }
    /// The value written in the spec, if any (so that a preset chosen later still fills it).
    var explicitTokensPerDeltaOne: UInt64?
    /// Contributors' part of a reward, bps; the owner receives the rest.
    public var contributorShareBps: Int
    /// Whole tokens at genesis.
    public var initialSupply: String?
    /// Whole tokens of the initial supply that go to the owner.
    public var ownerAllocation: String?
    /// DeltaOnes expected over two years.
    public var expectedDeltaOnes: Int?
    /// The largest reward of one evaluation, whole tokens.
    public var maxReward: String?
    /// Whole tokens rewards may mint in all.
    public var mintBudget: String?
    /// Whole tokens rewards may mint in the model's lifetime (at most 100 × tokens_per_delta_one).
    public var lifetimeCap: String?
    /// Improvements below this many bps of the metric earn nothing.
    public var minImprovementBps: Int?
    /// How rewards vest.
    public var vesting: Vesting?
    /// Infrastructure's part of an API fee, bps.
    public var infrastructureShareBps: Int?
    /// USDC per API call.
    public var apiFeePerCall: String?
    /// Where the owner's tokens are paid.
    public var ownerAddress: Address?
    /// The reserve.
    public var amm: AMM?

    enum CodingKeys: String, CodingKey {
        case preset, name
        case tokensPerDeltaOne = "tokens_per_delta_one", contributorShareBps = "contributor_share_bps"
        case initialSupply = "initial_supply", ownerAllocation = "owner_allocation", expectedDeltaOnes = "expected_delta_ones"
        case maxReward = "max_reward", mintBudget = "mint_budget", lifetimeCap = "lifetime_cap", minImprovementBps = "min_improvement_bps"
        case vesting, infrastructureShareBps = "infrastructure_share_bps", apiFeePerCall = "api_fee_per_call"
        case ownerAddress = "owner_address", amm
    }

    /// Defaults: 1,000 tokens per DeltaOne, 80% to contributors, everything else from `preset` (growth).
    public init(preset: Preset? = nil, tokensPerDeltaOne: UInt64? = nil, contributorShareBps: Int = 8000) {
        self.preset = preset
        self.explicitTokensPerDeltaOne = tokensPerDeltaOne
        self.contributorShareBps = contributorShareBps
    }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        preset = try c.decodeIfPresent(String.self, forKey: .preset).map { text in
            guard let p = Preset(rawValue: text) else {
                throw DecodingError.dataCorruptedError(forKey: .preset, in: c, debugDescription: "unknown preset \(JSONValue.excerpt(text)); use one of: \(Preset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return p
        }
        name = try c.decodeIfPresent(String.self, forKey: .name)
        // Without a preset the default stays 1,000, as in specs written before presets.
        explicitTokensPerDeltaOne = try c.decodeIfPresent(UInt64.self, forKey: .tokensPerDeltaOne)
        contributorShareBps = try c.decodeIfPresent(Int.self, forKey: .contributorShareBps) ?? 8000
        initialSupply = try Self.amount(c, .initialSupply)
        ownerAllocation = try Self.amount(c, .ownerAllocation)
        expectedDeltaOnes = try c.decodeIfPresent(Int.self, forKey: .expectedDeltaOnes)
        maxReward = try Self.amount(c, .maxReward)
        mintBudget = try Self.amount(c, .mintBudget)
        lifetimeCap = try Self.amount(c, .lifetimeCap)
        minImprovementBps = try c.decodeIfPresent(Int.self, forKey: .minImprovementBps)
        vesting = try c.decodeIfPresent(Vesting.self, forKey: .vesting)
        infrastructureShareBps = try c.decodeIfPresent(Int.self, forKey: .infrastructureShareBps)
        apiFeePerCall = try Self.amount(c, .apiFeePerCall)
        ownerAddress = try c.decodeIfPresent(String.self, forKey: .ownerAddress).map { text in
            do { return try Address(hex: text) } catch {
                throw DecodingError.dataCorruptedError(forKey: .ownerAddress, in: c, debugDescription: "not a 0x address of 40 hex digits (EIP-55 checked when mixed-case)")
            }
        }
        amm = try c.decodeIfPresent(AMM.self, forKey: .amm)
    }

    /// Equal when they resolve alike: a `tokens_per_delta_one` written equal to the preset's is the same setting.
    public static func == (a: TokenSettings, b: TokenSettings) -> Bool {
        a.preset == b.preset && a.name == b.name && a.tokensPerDeltaOne == b.tokensPerDeltaOne && a.contributorShareBps == b.contributorShareBps
            && a.initialSupply == b.initialSupply && a.ownerAllocation == b.ownerAllocation && a.expectedDeltaOnes == b.expectedDeltaOnes
            && a.maxReward == b.maxReward && a.mintBudget == b.mintBudget && a.lifetimeCap == b.lifetimeCap && a.minImprovementBps == b.minImprovementBps
            && a.vesting == b.vesting && a.infrastructureShareBps == b.infrastructureShareBps && a.apiFeePerCall == b.apiFeePerCall
            && a.ownerAddress == b.ownerAddress && a.amm == b.amm
    }

    /// The canonical form: `tokens_per_delta_one` and `contributor_share_bps` always (as the resolved
    /// values), every other setting only when set.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(preset, forKey: .preset)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encode(tokensPerDeltaOne, forKey: .tokensPerDeltaOne)
        try c.encode(contributorShareBps, forKey: .contributorShareBps)
        try c.encodeIfPresent(initialSupply, forKey: .initialSupply)
        try c.encodeIfPresent(ownerAllocation, forKey: .ownerAllocation)
        try c.encodeIfPresent(expectedDeltaOnes, forKey: .expectedDeltaOnes)
        try c.encodeIfPresent(maxReward, forKey: .maxReward)
        try c.encodeIfPresent(mintBudget, forKey: .mintBudget)
        try c.encodeIfPresent(lifetimeCap, forKey: .lifetimeCap)
        try c.encodeIfPresent(minImprovementBps, forKey: .minImprovementBps)
        try c.encodeIfPresent(vesting, forKey: .vesting)
        try c.encodeIfPresent(infrastructureShareBps, forKey: .infrastructureShareBps)
        try c.encodeIfPresent(apiFeePerCall, forKey: .apiFeePerCall)
        try c.encodeIfPresent(ownerAddress, forKey: .ownerAddress)
        try c.encodeIfPresent(amm, forKey: .amm)
    }

    /// An amount written as a whole number or a decimal string (`250000`, `"0.01"`), kept as its text.
    static func amount<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> String? {
        guard c.contains(key), try !c.decodeNil(forKey: key) else { return nil }
        if let n = try? c.decode(UInt64.self, forKey: key) { return String(n) }
        if let s = try? c.decode(String.self, forKey: key) { return s }
        throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "expected an amount: a whole number, or a decimal string such as \"0.01\" (floating-point numbers are not exact enough for money)")
    }
}
