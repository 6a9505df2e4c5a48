import MeritBase
/// A 32-byte value: a Keccak-256 digest, a Merkle node or an ABI word.
///
/// Stored as four big-endian words, so `<` is the unsigned big-endian comparison that
/// OpenZeppelin's `hashPair` uses to order a pair of nodes.
public struct Bytes32: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The four 64-bit words, most significant first.
    public var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    /// Creates a value from its four big-endian words.
    public init(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// The all-zero value.
    public static let zero = Bytes32(0, 0, 0, 0)

    /// Creates a value from exactly 32 bytes.
    public init?<C: Collection>(bytes: C) where C.Element == UInt8 {
        guard bytes.count == 32 else { return nil }
        var words: [UInt64] = [0, 0, 0, 0]
        for (i, b) in bytes.enumerated() { words[i / 8] = (words[i / 8] << 8) | UInt64(b) }
        self.init(words[0], words[1], words[2], words[3])
    }

    /// Parses 64 hex digits, with or without a `0x` prefix.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex), bytes.count == 32 else { return nil }
        self.init(bytes: bytes)
    }

    /// The 32 bytes, most significant first.
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(32)
        for w in [w0, w1, w2, w3] {
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: w >> UInt64(shift))) }
        }
        return out
    }

    /// Lower-case hex with a `0x` prefix.
    public var hex: String { "0x" + Hex.encode(bytes) }

    public var description: String { hex }

    public static func < (a: Bytes32, b: Bytes32) -> Bool {
        if a.w0 != b.w0 { return a.w0 < b.w0 }
        if a.w1 != b.w1 { return a.w1 < b.w1 }
        if a.w2 != b.w2 { return a.w2 < b.w2 }
        return a.w3 < b.w3
    }
}

extension Bytes32: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let v = Bytes32(hex: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected 32 bytes as 0x-prefixed hex, got \(s.count) characters")
        }
        self = v
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }
}
