import MeritCore
import MeritEthereum

/// A model token's economics, every value resolved and checked: what the ledger, the reward rules and
/// the bonding curve run on. Token amounts are base units of 18 decimals, USDC amounts base units of 6.
///
/// Built from a preset and explicit settings (`TokenTerms.Settings.resolve()`); the reference ranges are
/// those of the reference protocol's contracts (docs/token.md).
public struct TokenTerms: Sendable, Equatable {
    /// The ERC-20 name.
    public var name: String
    /// The ERC-20 symbol (the model's ticker).
    public var ticker: String
    /// The preset the values started from.
    public var preset: Preset
    /// Tokens that exist at genesis.
    public var initialSupply: UInt256
    /// The part of the initial supply the owner receives at genesis; the rest goes to the treasury.
    public var ownerAllocation: UInt256
    /// T: tokens minted per DeltaOne (100 bps of improvement).
    public var tokensPerDeltaOne: UInt256
    /// DeltaOnes the owner expects over two years (sizes the default mint budget).
    public var expectedDeltaOnes: Int
    /// The largest reward of one evaluation.
    public var maxReward: UInt256
    /// Tokens that rewards may mint in all; a reward over what remains is refused.
    public var mintBudget: UInt256
    /// Rewards minted in the model's lifetime, at most 100·T; sells against the reserve give headroom back.
    public var lifetimeCap: UInt256
    /// Improvements below this many bps earn nothing (100: one DeltaOne).
    public var minImprovementBps: Int
    /// The contributors' part of a reward, in bps; the owner receives the rest.
    public var contributorShareBps: Int
    /// How rewards vest.
    public var vesting: Vesting
    /// The infrastructure's part of an API fee, in bps; the rest goes to the AMM reserve.
    public var infrastructureShareBps: Int
    /// The API fee of one call, in USDC base units.
    public var apiFeePerCall: UInt256
    /// The reserve and its bonding curve.
    public var amm: AMM
    /// Where the owner's tokens are paid.
    public var ownerAddress: Address?
    /// Where the initial supply not allocated to the owner is held, and the owner's share of rewards when
    /// no owner address is set (the spec's `access.treasury` when it has one).
    public var treasury: Address?

    /// Vesting of rewards: an immediate part, then linear vesting after a cliff.
    public struct Vesting: Sendable, Equatable {
        /// Whether rewards vest at all; when false every reward is liquid at once.
        public var enabled: Bool
        /// The part of each reward that is liquid at once, in bps.
        public var immediateBps: Int
        /// Seconds over which the rest vests linearly.
        public var durationSeconds: UInt64
        /// Seconds before anything of the rest vests.
        public var cliffSeconds: UInt64
    }

    /// The reserve's parameters (USDC, 6 decimals).
    public struct AMM: Sendable, Equatable {
        /// Price of one whole token in the flat phase, in USDC base units (10 000 is $0.01).
        public var flatPrice: UInt256
        /// The reserve at which the flat phase ends and the curve begins.
        public var flatThreshold: UInt256
        /// Bancor's reserve ratio w, in parts per million (50 000 to 1 000 000).
        public var reserveRatioPPM: Int
        /// Trade fee in bps (at most 1000).
        public var tradeFeeBps: Int
        /// The largest trade on the curve as a share of the reserve, in bps (1 to 5000).
        public var maxTradeBps: Int
        /// Seconds after launch during which selling is refused.
        public var buyOnlySeconds: UInt64
    }

    /// A starting point for every setting not given explicitly (the reference launch guide's templates).
    public typealias Preset = TokenSettings.Preset
}
