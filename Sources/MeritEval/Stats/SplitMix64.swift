/// SplitMix64 (Steele, Lea, Flood 2014): the seeded generator behind every resample.
///
/// Chosen because it is tiny, fast, passes BigCrush, and is easy for a third party to reimplement:
/// `state += 0x9E3779B97F4A7C15; z = state; z = (z ^ z>>30) * 0xBF58476D1CE4E5B9;
/// z = (z ^ z>>27) * 0x94D049BB133111EB; return z ^ z>>31`.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The golden-ratio increment added to the state before each output.
    static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Creates a generator from a seed.
    public init(seed: UInt64) { state = seed }

    /// The generator `seed` becomes after `outputs` calls to `next()`: the state is a counter
    /// (seed + k·γ mod 2^64), so any point of the stream is reached at once.
    public init(seed: UInt64, after outputs: UInt64) { state = seed &+ outputs &* Self.gamma }

    /// Calls to `next()` made since the generator was `SplitMix64(seed: seed)` (mod 2^64): (state − seed)·γ⁻¹.
    public func outputs(since seed: UInt64) -> UInt64 {
        var inverse = Self.gamma  // Newton's iteration for the inverse of an odd number mod 2^64; 5 steps give 64 bits
        for _ in 0..<5 { inverse = inverse &* (2 &- Self.gamma &* inverse) }
        return (state &- seed) &* inverse
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= Self.gamma
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<n by Lemire's multiply-and-reject method (no modulo bias).
    @inline(__always)
    public mutating func below(_ n: UInt64) -> UInt64 {
        var m = next().multipliedFullWidth(by: n)
        if m.low < n {
            let t = (0 &- n) % n
            while m.low < t { m = next().multipliedFullWidth(by: n) }
        }
        return m.high
    }
}
