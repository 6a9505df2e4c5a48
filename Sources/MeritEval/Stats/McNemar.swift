import Foundation

/// The exact McNemar test on paired correctness: does the candidate fix more rows than it breaks?
///
/// b = rows the baseline got right and the candidate wrong; c = the reverse. Under the null, each of
/// the b + c discordant rows goes either way with probability 1/2, so b ~ Binomial(b + c, 1/2).
/// Two-sided p = min(1, 2·P(X ≤ min(b, c))); one-sided p (candidate better) = P(X ≤ b).
public enum McNemar {
    /// The test result.
    public struct Result: Sendable, Codable, Equatable {
        /// Baseline right, candidate wrong.
        public var baselineOnly: Int
        /// Candidate right, baseline wrong.
        public var candidateOnly: Int
        /// Two-sided exact p-value.
        public var pTwoSided: Double
        /// One-sided exact p-value for "the candidate is better".
        public var pCandidateBetter: Double

        enum CodingKeys: String, CodingKey {
            case baselineOnly = "baseline_only", candidateOnly = "candidate_only"
            case pTwoSided = "p_two_sided", pCandidateBetter = "p_candidate_better"
        }
    }

    /// Runs the test from per-row correctness of the two models.
    public static func test(baselineCorrect a: [Bool], candidateCorrect b: [Bool]) -> Result {
        var bOnly = 0, cOnly = 0
        for i in 0..<a.count {
            if a[i] && !b[i] { bOnly += 1 }
            if !a[i] && b[i] { cOnly += 1 }
        }
        let n = bOnly + cOnly
        let two = min(1, 2 * binomialCDF(min(bOnly, cOnly), n))
        return Result(baselineOnly: bOnly, candidateOnly: cOnly, pTwoSided: n == 0 ? 1 : two,
                      pCandidateBetter: n == 0 ? 1 : binomialCDF(bOnly, n))
    }

    /// P(X ≤ k) for X ~ Binomial(n, 1/2), summed in log space so large n does not underflow.
    public static func binomialCDF(_ k: Int, _ n: Int) -> Double {
        if k >= n { return 1 }
        let logHalfN = Double(n) * log(0.5)
        var terms: [Double] = []
        for j in 0...k { terms.append(lgamma(Double(n + 1)) - lgamma(Double(j + 1)) - lgamma(Double(n - j + 1)) + logHalfN) }
        let mx = terms.max() ?? 0
        return min(1, exp(mx) * terms.reduce(0) { $0 + exp($1 - mx) })
    }
}
