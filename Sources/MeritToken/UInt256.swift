import BigInt

/// An unsigned 256-bit integer: every token and USDC amount, in base units.
///
/// Arithmetic is checked: a result below zero or above 2²⁵⁶−1 is an error, never a wrap. Division
/// truncates (floors), as Solidity's does; every rounding in the token rules is written out where it
/// happens (docs/token.md).
public struct UInt256: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral, Codable {
    /// The value, always below 2²⁵⁶.
    public let value: BigUInt

    /// 2²⁵⁶ − 1.
    public static let max = UInt256(unchecked: (BigUInt(1) << 256) - 1)
    /// Zero.
    public static let zero = UInt256(unchecked: 0)
    /// 10¹⁸: one whole token in base units.
    public static let e18 = UInt256(unchecked: BigUInt(10).power(18))
    /// 10⁶: one USDC in base units.
    public static let e6 = UInt256(unchecked: BigUInt(10).power(6))

    init(unchecked value: BigUInt) { self.value = value }

    /// The value, or an error when it needs more than 256 bits.
    public init(_ value: BigUInt, _ what: @autoclosure () -> String = "the result") throws {
        guard value.bitWidth <= 256 else { throw TokenError(.overflow, "\(what()) exceeds 2^256 - 1") }
        self.value = value
    }

    /// A machine integer.
    public init(_ value: UInt64) { self.value = BigUInt(value) }

    public init(integerLiteral value: UInt64) { self.value = BigUInt(value) }

    /// Parses a decimal string of digits only (no sign, no exponent, no separators), as amounts are
    /// written in JSON and on the command line; nil otherwise or above 2²⁵⁶−1.
    public init?(decimal text: String) {
        guard !text.isEmpty, text.utf8.count <= 78, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        // Up to 38 digits fit in 128 bits, which the standard library parses much faster than BigUInt.
        if text.utf8.count <= 38, let small = UInt128(text) {
            value = BigUInt(words: [UInt(truncatingIfNeeded: small), UInt(truncatingIfNeeded: small >> 64)])
            return
        }
        guard let v = BigUInt(text, radix: 10), v.bitWidth <= 256 else { return nil }
        value = v
    }

    /// Parses an amount of whole units with up to `decimals` places (`"1.5"` with 18 gives 1.5·10¹⁸).
    public init?(units text: String, decimals: Int) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty else { return nil }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= decimals, parts.count == 1 || !fraction.isEmpty else { return nil }
        self.init(decimal: String(whole) + fraction + String(repeating: "0", count: decimals - fraction.count))
    }

    /// The decimal digits.
    public var description: String {
        // Amounts below 2^128 (every realistic one) print through the standard library's UInt128, much
        // faster than BigUInt's general conversion; the digits are the same.
        if value.bitWidth <= 128 {
            let words = value.words
            let low = UInt128(words.count > 0 ? words[0] : 0), high = UInt128(words.count > 1 ? words[1] : 0)
            return String(high << 64 | low)
        }
        return String(value)
    }

    /// The amount as whole units with `decimals` places, trailing zeros dropped (`1500000000000000000` → `1.5`).
    public func units(decimals: Int) -> String {
        let scale = BigUInt(10).power(decimals)
        let (q, r) = value.quotientAndRemainder(dividingBy: scale)
        guard r != 0 else { return String(q) }
        var frac = String(r)
        frac = String(repeating: "0", count: decimals - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return "\(q).\(frac)"
    }

    /// Whether it is zero.
    public var isZero: Bool { value.isZero }

    public static func < (a: UInt256, b: UInt256) -> Bool { a.value < b.value }

    /// a + b, or an error above 2²⁵⁶−1.
    public static func + (a: UInt256, b: UInt256) throws -> UInt256 { try UInt256(a.value + b.value, "a sum") }

    /// a − b, or an error below zero.
    public static func - (a: UInt256, b: UInt256) throws -> UInt256 {
        guard a >= b else { throw TokenError(.overflow, "a difference is below zero") }
        return UInt256(unchecked: a.value - b.value)
    }

    /// a · b, or an error above 2²⁵⁶−1.
    public static func * (a: UInt256, b: UInt256) throws -> UInt256 { try UInt256(a.value * b.value, "a product") }

    /// ⌊a / b⌋; b must not be zero.
    public static func / (a: UInt256, b: UInt256) throws -> UInt256 {
        guard !b.isZero else { throw TokenError(.invalidAmount, "division by zero") }
        return UInt256(unchecked: a.value / b.value)
    }

    /// ⌊a · b / c⌋ with the product held exactly (it may exceed 256 bits; the quotient may not).
    public static func mulDiv(_ a: UInt256, _ b: UInt256, _ c: UInt256) throws -> UInt256 {
        guard !c.isZero else { throw TokenError(.invalidAmount, "division by zero") }
        return try UInt256(a.value * b.value / c.value, "a scaled amount")
    }

    /// The smaller of two amounts.
    public static func min(_ a: UInt256, _ b: UInt256) -> UInt256 { a < b ? a : b }

    /// Decodes the decimal string form (JSON numbers cannot hold 256 bits exactly).
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let v = UInt256(decimal: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a decimal string of digits, at most 2^256 - 1"))
        }
        value = v.value
    }

    /// Encodes the decimal string form.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
