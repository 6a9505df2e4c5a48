/// Metric values as fixed-point integers with 18 decimals, the form the attestation signs.
///
/// The conversion starts from Swift's shortest round-trip decimal form of the double (the same text
/// on every platform) and rounds half-even at the 18th decimal, in decimal digits, so no binary
/// floating-point step can differ between machines.
public enum FixedPoint {
    /// Decimals kept.
    public static let decimals = 18

    /// The decimal string of round(x × 10^18), for finite x with |x| < 10^40; nil otherwise.
    public static func decimal18(_ x: Double) -> String? {
        guard x.isFinite, abs(x) < 1e40 else { return nil }
        if x == 0 { return "0" }
        var text = Substring(x.description)  // e.g. "0.8123", "-1.5e-05", "1e+20"
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...].replacingOccurrences(of: "+", with: ""))!
            text = text[..<e]
        }
        var digits = text.filter { $0 != "." }.map { Int($0.asciiValue! - 48) }
        let pointAt = (text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? text.count) + exponent
        // The value is 0.d1d2d3… × 10^pointAt; we want the integer part of value × 10^18.
        let keep = pointAt + decimals
        var integer: [Int]
        if keep <= 0 {
            integer = [0]
            // Rounding can still carry into the last kept place only when keep == 0.
            if keep == 0 && roundsUp(digits, from: 0, lastKept: 0) { integer = [1] }
        } else if keep >= digits.count {
            integer = digits + Array(repeating: 0, count: keep - digits.count)
        } else {
            integer = Array(digits[0..<keep])
            if roundsUp(digits, from: keep, lastKept: integer.last!) {
                var i = integer.count - 1
                while i >= 0 {
                    if integer[i] == 9 { integer[i] = 0; i -= 1 } else { integer[i] += 1; break }
                }
                if i < 0 { integer.insert(1, at: 0) }
            }
        }
        digits = integer
        while digits.count > 1 && digits.first == 0 { digits.removeFirst() }
        let body = digits.map(String.init).joined()
        return body == "0" ? "0" : (negative ? "-" : "") + body
    }

    /// Half-even: the dropped digits from `from` on round the kept part up?
    static func roundsUp(_ d: [Int], from: Int, lastKept: Int) -> Bool {
        guard from < d.count else { return false }
        if d[from] > 5 { return true }
        if d[from] < 5 { return false }
        if d[(from + 1)...].contains(where: { $0 != 0 }) { return true }
        return lastKept % 2 == 1
    }
}
