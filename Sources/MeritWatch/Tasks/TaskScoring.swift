import Foundation

/// lm-eval's per-document metrics and their aggregation.
public enum TaskScoring {
    /// Multiple choice: whether the highest log-likelihood (acc) and the highest log-likelihood per
    /// character of the choice (acc_norm) pick the gold answer. Ties go to the first, as numpy's argmax.
    public static func multipleChoice(loglikelihoods: [Double], choices: [String], gold: Int) -> (acc: Double, accNorm: Double) {
        func argmax(_ xs: [Double]) -> Int {
            var best = 0
            for i in xs.indices where xs[i] > xs[best] { best = i }
            return best
        }
        let normalised = zip(loglikelihoods, choices).map { ll, c in ll / Double(c.unicodeScalars.count) }
        return (argmax(loglikelihoods) == gold ? 1 : 0, argmax(normalised) == gold ? 1 : 0)
    }

    /// Applies one filter pipeline to a generated answer.
    public static func filter(_ response: String, _ steps: [TaskConfig.FilterStep]) -> String {
        var r = response
        for step in steps {
            switch step {
            case .takeFirst: break
            case .regex(let regex, let group, let fallback):
                let matches = regex.findall(r)
                guard !matches.isEmpty else { r = fallback; continue }
                let k = group < 0 ? matches.count + group : group
                guard matches.indices.contains(k) else { r = fallback; continue }
                let m = matches[k]
                let picked = m.count == 1 ? m[0] : (m.first(where: { !$0.isEmpty }) ?? fallback)
                r = TemplateFunctions.strip(picked, nil, left: true, right: true)
            case .removeWhitespace: r = TemplateFunctions.strip(r, nil, left: true, right: true)
            case .lowercase: r = r.lowercased()
            case .uppercase: r = r.uppercased()
            case .map(let pairs, let dflt): r = pairs.first(where: { $0.0 == r })?.1 ?? dflt ?? r
            }
        }
        return r
    }

    static let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

    /// exact_match with lm-eval's options, applied in its order: regexes, case, punctuation, numbers.
    public static func exactMatch(prediction: String, reference: String, metric: TaskConfig.Metric) -> Double {
        var p = prediction, r = reference
        for re in metric.regexesToIgnore { p = re.replace(in: p, with: ""); r = re.replace(in: r, with: "") }
        if metric.ignoreCase { p = p.lowercased(); r = r.lowercased() }
        if metric.ignorePunctuation { p.removeAll { punctuation.contains($0) }; r.removeAll { punctuation.contains($0) } }
        if metric.ignoreNumbers { p.removeAll { $0.isASCII && $0.isNumber }; r.removeAll { $0.isASCII && $0.isNumber } }
        return p == r ? 1 : 0
    }

    /// A mean with lm-eval's standard error: the sample standard deviation (n − 1) over √n.
    public struct Score: Sendable, Equatable, Codable {
        /// The mean of the per-document scores.
        public var value: Double
        /// Its standard error.
        public var stderr: Double
        /// Documents scored.
        public var count: Int

        /// Creates a score.
        public init(value: Double, stderr: Double, count: Int) { self.value = value; self.stderr = stderr; self.count = count }

        /// The 95% normal interval, clipped to [0, 1] (every supported metric is a proportion).
        public var interval95: (lower: Double, upper: Double) {
            (max(0, value - 1.959964 * stderr), min(1, value + 1.959964 * stderr))
        }

        /// Scores the per-document values.
        public init(_ xs: [Double]) {
            count = xs.count
            value = xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count)
            guard xs.count > 1 else { stderr = 0; return }
            let mu = value
            let variance = xs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(xs.count - 1)
            stderr = (variance / Double(xs.count)).squareRoot()
        }

        /// The unweighted mean of independent task scores; its standard error is √(Σ seᵢ²) / k.
        public static func average(_ scores: [Score]) -> Score {
            guard !scores.isEmpty else { return Score(value: 0, stderr: 0, count: 0) }
            let k = Double(scores.count)
            return Score(value: scores.map(\.value).reduce(0, +) / k,
                         stderr: scores.map { $0.stderr * $0.stderr }.reduce(0, +).squareRoot() / k,
                         count: scores.map(\.count).reduce(0, +))
        }
    }
}
