import BigInt

/// Real powers for the bonding curve, in big fixed-point integers with a known error bound.
///
/// A value v is held as the integer ⌊v · 2^p⌋ (approximately; every operation below adds at most a few
/// units of 2^−p). `power` returns a·(n/d)^(e/1 000 000) to within 2^−40 of a base unit whatever the sizes,
/// because p is chosen from the result's bit width with 72 bits to spare; callers then round the
/// result in the reserve's favour past that margin, so a result is the exact value rounded that way,
/// or one base unit further when the exact value lies within 2^−40 of an integer.
enum CurveMath {
    /// ln 2 to 1,100 bits, computed once.
    static let ln2Bits = 1100
    static let ln2Table: BigInt = 2 * atanh(BigInt(1), BigInt(3), ln2Bits)

    /// ln 2 · 2^p, by 2·atanh(1/3) (from the table when p fits, truncated: at most one unit off).
    static func ln2(_ p: Int) -> BigInt { p <= ln2Bits ? ln2Table >> (ln2Bits - p) : 2 * atanh(BigInt(1), BigInt(3), p) }

    /// atanh(a/b) · 2^p for 0 ≤ a/b ≤ 1/3: Σ (a/b)^(2i+1) / (2i+1).
    static func atanh(_ a: BigInt, _ b: BigInt, _ p: Int) -> BigInt {
        let u = (a << p) / b
        let u2 = (u * u) >> p
        var power = u, sum = BigInt(0), k = 1
        while power != 0 {
            sum += power / BigInt(k)
            power = (power * u2) >> p
            k += 2
        }
        return sum
    }

    /// ln(n/d) · 2^p for n, d > 0: n/d = m · 2^k with m in [1, 2), ln m = 2·atanh((m − 1)/(m + 1)).
    static func ln(_ n: BigUInt, _ d: BigUInt, _ p: Int, ln2: BigInt) -> BigInt {
        var k = n.bitWidth - d.bitWidth
        var num = BigInt(n), den = BigInt(d)
        if k > 0 { den <<= k } else if k < 0 { num <<= -k }
        if num < den { num <<= 1; k -= 1 }  // now den ≤ num < 2·den
        return BigInt(k) * ln2 + 2 * atanh(num - den, num + den, p)
    }

    /// exp(y / 2^p) · 2^p: y = k·ln 2 + r with r in [0, ln 2), exp r by its Taylor series, then × 2^k.
    static func exp(_ y: BigInt, _ p: Int, ln2: BigInt) -> BigInt {
        var k = y / ln2
        if y < 0 && k * ln2 != y { k -= 1 }  // floor for negative y
        let r = y - k * ln2
        var term = BigInt(1) << p, sum = BigInt(0), n = 1
        while term != 0 {
            sum += term
            term = ((term * r) >> p) / BigInt(n)
            n += 1
        }
        let shift = Int(k)
        return shift >= 0 ? sum << shift : sum >> -shift
    }

    /// a · (n/d)^(e/1 000 000) · 2^p and the p used; n, d > 0.
    ///
    /// p is the result's bit width plus 72: ln and exp are computed with 32 more bits than that, lose at
    /// most a few hundred units of their last place (a dozen bits, and five more for an exponent of up
    /// to 20), so the absolute error of a·z stays below 2^−90, far inside the 2^−40 margin.
    static func power(_ a: BigUInt, _ n: BigUInt, _ d: BigUInt, ppm e: Int, inverse: Bool) -> (value: BigInt, p: Int) {
        // z = (n/d)^w ≤ 2^(bits of n/d rounded up) · (20 for an inverse exponent, which only sells use, with n ≤ d).
        let ratioBits = Swift.max(1, n.bitWidth - d.bitWidth + 1)
        let zBits = inverse ? Swift.min(ratioBits * 20, 256) : ratioBits
        let p = a.bitWidth + zBits + 72
        let l2 = ln2(p + 32)
        let l = ln(n, d, p + 32, ln2: l2)
        // The exponent: e/10^6, or its inverse 10^6/e for a sell.
        let y = inverse ? l * 1_000_000 / BigInt(e) : l * BigInt(e) / 1_000_000
        let z = exp(y, p + 32, ln2: l2) >> 32
        return (BigInt(a) * z, p)
    }

    /// ⌊a · (n/d)^(e/10^6)⌋ rounded down past the error margin (never above the exact floor).
    static func floorPower(_ a: BigUInt, _ n: BigUInt, _ d: BigUInt, ppm e: Int, inverse: Bool = false) -> BigUInt {
        let (v, p) = power(a, n, d, ppm: e, inverse: inverse)
        let margin = BigInt(1) << (p - 40)
        let down = (v - margin) >> p
        return down < 0 ? 0 : BigUInt(down)
    }

    /// ⌈a · (n/d)^(e/10^6)⌉ rounded up past the error margin (never below the exact ceiling).
    static func ceilPower(_ a: BigUInt, _ n: BigUInt, _ d: BigUInt, ppm e: Int, inverse: Bool = false) -> BigUInt {
        let (v, p) = power(a, n, d, ppm: e, inverse: inverse)
        let margin = BigInt(1) << (p - 40)
        let one = BigInt(1) << p
        let up = (v + margin + one - 1) >> p
        return BigUInt(up)
    }
}
