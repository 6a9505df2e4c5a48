import MeritBase
/// Parses the integer forms found in Ethereum JSON into a 32-byte two's-complement word, strictly.
///
/// Accepted: a JSON integer, a decimal string (`"-12"`), or a `0x` hex string (non-negative). A value
/// that does not fit `uintN` / `intN` is an error, never silently truncated.
public enum ABIInteger {
    /// A 256-bit magnitude, four little-endian 64-bit limbs.
    struct Magnitude: Equatable {
        var limbs: [UInt64] = [0, 0, 0, 0]

        /// self = self × m + a; false on overflow past 256 bits.
        mutating func multiplyAdd(_ m: UInt64, _ a: UInt64) -> Bool {
            var carry = a
            for k in 0..<4 {
                let (hi, lo) = limbs[k].multipliedFullWidth(by: m)
                let (sum, o) = lo.addingReportingOverflow(carry)
                limbs[k] = sum
                carry = hi &+ (o ? 1 : 0)
            }
            return carry == 0
        }

        var bitWidth: Int {
            for k in stride(from: 3, through: 0, by: -1) where limbs[k] != 0 { return k * 64 + (64 - limbs[k].leadingZeroBitCount) }
            return 0
        }

        var isZero: Bool { limbs.allSatisfy { $0 == 0 } }

        /// Whether self == 2^(bits).
        func isPowerOfTwo(_ bits: Int) -> Bool {
            var expected: [UInt64] = [0, 0, 0, 0]
            expected[bits / 64] = 1 << UInt64(bits % 64)
            return limbs == expected
        }

        var word: Bytes32 { Bytes32(limbs[3], limbs[2], limbs[1], limbs[0]) }

        var negatedWord: Bytes32 {
            var out = limbs.map { ~$0 }
            var carry: UInt64 = 1
            for k in 0..<4 { let (s, o) = out[k].addingReportingOverflow(carry); out[k] = s; carry = o ? 1 : 0 }
            return Bytes32(out[3], out[2], out[1], out[0])
        }
    }

    /// Parses `text` (decimal with optional sign, or `0x` hex) to sign and magnitude; nil if malformed or wider than 256 bits.
    static func parse(_ text: String) -> (negative: Bool, magnitude: Magnitude)? {
        var s = Substring(text)
        var negative = false
        if s.hasPrefix("-") { negative = true; s = s.dropFirst() }
        var m = Magnitude()
        if s.hasPrefix("0x") || s.hasPrefix("0X") {
            let digits = s.dropFirst(2)
            guard !negative, !digits.isEmpty else { return nil }
            for c in digits.utf8 {
                guard let d = Hex.value(c), m.multiplyAdd(16, UInt64(d)) else { return nil }
            }
            return (false, m)
        }
        guard !s.isEmpty else { return nil }
        for c in s.utf8 {
            guard c &- 48 < 10, m.multiplyAdd(10, UInt64(c &- 48)) else { return nil }
        }
        return (negative && !m.isZero, m)
    }

    /// The word for `value` as type `uint<bits>` (signed: false) or `int<bits>` (signed: true).
    public static func word(_ value: JSONValue, bits: Int, signed: Bool, at path: String) throws -> Bytes32 {
        let typeName = (signed ? "int" : "uint") + "\(bits)"
        let text: String
        switch value {
        case .number(let n):
            guard !n.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
                throw EthereumError(.invalidABI, "\(typeName) needs a whole number, got \(n); write integers without a fraction or exponent", at: path)
            }
            text = n
        case .string(let s): text = s.trimmingWhitespace()
        default:
            throw EthereumError(.invalidABI, "\(typeName) needs an integer (a JSON number, a decimal string or 0x hex), got \(value.kindName)", at: path)
        }
        guard let (negative, m) = parse(text) else {
            throw EthereumError(.invalidABI, "\(typeName): \(JSONValue.excerpt(text)) is not an integer below 2^256 (decimal, optional '-', or 0x hex)", at: path)
        }
        return try word(negative: negative, magnitude: m, bits: bits, signed: signed, typeName: typeName, path: path)
    }

    static func word(negative: Bool, magnitude m: Magnitude, bits: Int, signed: Bool, typeName: String, path: String) throws -> Bytes32 {
        if !signed {
            guard !negative else { throw EthereumError(.invalidABI, "\(typeName) cannot be negative", at: path) }
            guard m.bitWidth <= bits else { throw EthereumError(.invalidABI, "the value does not fit \(typeName) (it needs \(m.bitWidth) bits)", at: path) }
            return m.word
        }
        if negative {
            // -2^(bits-1) is the smallest intN.
            guard m.bitWidth < bits || (m.bitWidth == bits && m.isPowerOfTwo(bits - 1)) else {
                throw EthereumError(.invalidABI, "the value is below the smallest \(typeName), -2^\(bits - 1)", at: path)
            }
            return m.negatedWord
        }
        guard m.bitWidth < bits else { throw EthereumError(.invalidABI, "the value is above the largest \(typeName), 2^\(bits - 1) - 1", at: path) }
        return m.word
    }

    /// The word of a non-negative integer.
    public static func word(_ v: UInt64) -> Bytes32 { Bytes32(0, 0, 0, v) }
}
