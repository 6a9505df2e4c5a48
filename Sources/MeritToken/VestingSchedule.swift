/// One reward's vesting: an immediate part, then linear vesting after a cliff (docs/token.md, "Vesting").
///
/// vested(t) = 0 before start + cliff; everything from start + duration; otherwise
/// ⌊total · (t − start) / duration⌋. Time is an input, in seconds: nothing here reads a clock.
public struct VestingSchedule: Sendable, Equatable, Codable {
    /// Tokens that vest (the reward minus its immediate part).
    public var total: UInt256
    /// When vesting starts (the mint's time), seconds since 1970.
    public var start: UInt64
    /// Vesting duration, seconds.
    public var duration: UInt64
    /// Cliff, seconds.
    public var cliff: UInt64

    /// Creates a schedule.
    public init(total: UInt256, start: UInt64, duration: UInt64, cliff: UInt64) {
        self.total = total; self.start = start; self.duration = duration; self.cliff = cliff
    }

    /// The liquid part of `amount` and the schedule of the rest (nil when nothing vests).
    public static func make(_ amount: UInt256, terms: TokenTerms.Vesting, at start: UInt64) throws -> (liquid: UInt256, schedule: VestingSchedule?) {
        guard terms.enabled else { return (amount, nil) }
        let liquid = try UInt256.mulDiv(amount, UInt256(UInt64(terms.immediateBps)), 10_000)
        let rest = try amount - liquid
        return (liquid, rest.isZero ? nil : VestingSchedule(total: rest, start: start, duration: terms.durationSeconds, cliff: terms.cliffSeconds))
    }

    /// Tokens vested at `t`.
    public func vested(at t: UInt64) throws -> UInt256 {
                if t < start || t - start < cliff { return .zero }
        if t - start >= duration { return total }
        return try UInt256.mulDiv(total, UInt256(t - start), UInt256(duration))
    }
}
