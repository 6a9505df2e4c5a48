import Foundation

/// A small character-level language model: variable-order n-grams (up to `order` characters of
/// history) with Witten-Bell interpolation down to a uniform floor, trained on a built-in corpus.
/// Each Unicode scalar is one token (its id is the code point), so tokenization is exact and the
/// same for every client. Long histories let it recall the corpus ("…capital of Kenya?\nAnswer: N…").
///
/// Deterministic: the same text always gets the same log-probabilities, bit for bit.
public struct NGramModel: Sendable {
    /// Follower counts of each history (the last 1…order characters).
    var followers: [[UInt32]: [UInt32: Int]] = [:]
    /// Characters the model can generate, in code-point order (ties go to the lowest).
    let alphabet: [UInt32]
    let unigram: [UInt32: Int]
    let total: Int
    let order: Int

    /// Trains on `corpus`.
    public init(corpus: String, order: Int = 24) {
        self.order = order
        let s = corpus.unicodeScalars.map(\.value)
        var uni: [UInt32: Int] = [:]
        for (i, c) in s.enumerated() {
            uni[c, default: 0] += 1
            for k in 1...order where i >= k {
                followers[Array(s[(i - k)..<i]), default: [:]][c, default: 0] += 1
            }
        }
        unigram = uni
        total = s.count
        alphabet = uni.keys.sorted()
    }

    /// The model for a mode: `honest` is the claimed model, `impostor` a different one.
    public static func standard(impostor: Bool = false) -> NGramModel {
        impostor ? NGramModel(corpus: Corpus.impostor, order: 4) : NGramModel(corpus: Corpus.text)
    }

    /// The next-character distribution after `history` (only the last `order` characters matter).
    public func distribution(after history: ArraySlice<UInt32>) -> [UInt32: Double] {
        let floor = 1.0 / 256
        var p: [UInt32: Double] = [:]
        for c in alphabet { p[c] = 0.05 * floor + 0.95 * Double(unigram[c]!) / Double(total) }
        let h = Array(history.suffix(order))
        for k in stride(from: 1, through: h.count, by: 1) {
            guard let f = followers[Array(h[(h.count - k)...])] else { break }
            let n = f.values.reduce(0, +), u = f.count
            let lambda = Double(n) / Double(n + u)
            for c in alphabet { p[c] = (1 - lambda) * p[c]! + lambda * Double(f[c] ?? 0) / Double(n) }
        }
        return p
    }

    /// log p(c | history).
    public func logprob(_ c: UInt32, after history: ArraySlice<UInt32>) -> Double {
        log(distribution(after: history)[c] ?? 0.05 / 256 * 0.0001)
    }

    /// The most likely next character and its logprob, from a distribution.
    static func best(_ p: [UInt32: Double], alphabet: [UInt32]) -> (UInt32, Double) {
        var best: (UInt32, Double) = (alphabet.first ?? 32, -1)
        for c in alphabet where p[c]! > best.1 { best = (c, p[c]!) }
        return (best.0, log(best.1))
    }

    /// log p of every character of `text` after the first, and the best alternative at each position.
    public func score(_ text: [UInt32]) -> [(logprob: Double, best: UInt32, bestLogprob: Double)?] {
        text.indices.map { i in
            guard i > 0 else { return nil }
            let d = distribution(after: text[..<i])
            let (b, blp) = Self.best(d, alphabet: alphabet)
            return (log(d[text[i]] ?? 0.05 / 256 * 0.0001), b, blp)
        }
    }

    /// Greedy generation: stops before a stop sequence, or after `maxTokens` characters.
    public func generate(after prompt: [UInt32], maxTokens: Int, stop: [String]) -> (text: String, tokens: [UInt32], finish: String) {
        var ctx = prompt
        var out: [UInt32] = []
        var text = ""
        while out.count < maxTokens {
            let (c, _) = Self.best(distribution(after: ctx[...]), alphabet: alphabet)
            out.append(c)
            ctx.append(c)
            text.unicodeScalars.append(Unicode.Scalar(c) ?? " ")
            for s in stop where !s.isEmpty {
                if let r = text.range(of: s) {
                    let cut = String(text[..<r.lowerBound])
                    return (cut, cut.unicodeScalars.map(\.value), "stop")
                }
            }
        }
        return (text, out, "length")
    }
}
