import Foundation

/// A tiny character-level language model: interpolated trigram, bigram, unigram and uniform
/// estimates from a built-in corpus. Each Unicode scalar is one token (its id is the code point), so
/// tokenization is exact and the same for every client.
///
/// Deterministic: the same text always gets the same log-probabilities, bit for bit.
public struct NGramModel: Sendable {
    var tri: [UInt64: [UInt32: Int]] = [:]
    var triTotal: [UInt64: Int] = [:]
    var bi: [UInt32: [UInt32: Int]] = [:]
    var biTotal: [UInt32: Int] = [:]
    var uni: [UInt32: Int] = [:]
    var total = 0
    /// Characters the model can generate, in code-point order (ties go to the lowest).
    let alphabet: [UInt32]
    let weights: (Double, Double, Double, Double)

    /// Trains on `corpus`; `weights` are the trigram, bigram, unigram and uniform interpolation weights.
    public init(corpus: String, weights: (Double, Double, Double, Double) = (0.6, 0.25, 0.1, 0.05)) {
        self.weights = weights
        let s = corpus.unicodeScalars.map(\.value)
        for (i, c) in s.enumerated() {
            uni[c, default: 0] += 1
            total += 1
            if i >= 1 {
                bi[s[i - 1], default: [:]][c, default: 0] += 1
                biTotal[s[i - 1], default: 0] += 1
            }
            if i >= 2 {
                let h = UInt64(s[i - 2]) << 32 | UInt64(s[i - 1])
                tri[h, default: [:]][c, default: 0] += 1
                triTotal[h, default: 0] += 1
            }
        }
        alphabet = uni.keys.sorted()
    }

    /// The model for a given mode: `honest` is the claimed model, `impostor` a different one.
    public static func standard(impostor: Bool = false) -> NGramModel {
        impostor ? NGramModel(corpus: Corpus.impostor, weights: (0.1, 0.5, 0.3, 0.1)) : NGramModel(corpus: Corpus.text)
    }

    /// log p(c | the two characters before it).
    public func logprob(_ c: UInt32, after h2: UInt32?, _ h1: UInt32?) -> Double {
        var p = weights.3 / 256
        p += weights.2 * Double(uni[c] ?? 0) / Double(max(total, 1))
        if let h1, let t = biTotal[h1] { p += weights.1 * Double(bi[h1]?[c] ?? 0) / Double(t) }
        if let h1, let h2 {
            let h = UInt64(h2) << 32 | UInt64(h1)
            if let t = triTotal[h] { p += weights.0 * Double(tri[h]?[c] ?? 0) / Double(t) }
        }
        return log(p)
    }

    /// The most likely next character and its logprob.
    public func best(after h2: UInt32?, _ h1: UInt32?) -> (UInt32, Double) {
        var best: (UInt32, Double) = (alphabet.first ?? 32, -Double.infinity)
        for c in alphabet {
            let lp = logprob(c, after: h2, h1)
            if lp > best.1 { best = (c, lp) }
        }
        return best
    }

    /// Greedy generation: stops before a stop sequence, or after `maxTokens` characters.
    public func generate(after prompt: [UInt32], maxTokens: Int, stop: [String]) -> (text: String, tokens: [UInt32], finish: String) {
        var ctx = prompt
        var out: [UInt32] = []
        var text = ""
        while out.count < maxTokens {
            let (c, _) = best(after: ctx.count >= 2 ? ctx[ctx.count - 2] : nil, ctx.last)
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
