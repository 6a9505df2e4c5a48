/// Compares endpoints' greedy answers to the same probe prompts.
///
/// Greedy decoding of the same weights gives the same text, so two endpoints serving one model agree
/// on almost every probe, and a different model on almost none. Each probe scores 1 for an identical
/// answer, else the shared prefix over the longer answer; an endpoint's agreement is the mean.
/// Among endpoints claiming one model, each is compared with the reference endpoint when one is
/// configured, otherwise with the group's medoid (the endpoint that agrees most with the others).
/// Below `threshold` it is flagged as an impostor, with the probes where it differs as evidence.
public enum IdentityCheck {
    /// One endpoint's probe answers.
    public struct Signature: Sendable {
        /// The endpoint's id.
        public var endpoint: String
        /// The model it claims.
        public var claimedModel: String
        /// Whether it is a trusted reference for its model.
        public var isReference: Bool
        /// Its answer to each probe, nil where the request failed.
        public var answers: [String?]
        /// Creates a signature.
        public init(endpoint: String, claimedModel: String, isReference: Bool, answers: [String?]) {
            self.endpoint = endpoint; self.claimedModel = claimedModel; self.isReference = isReference; self.answers = answers
        }
    }

    /// The verdict on one endpoint.
    public struct Verdict: Sendable, Equatable, Codable {
        /// consistent, impostor, inconclusive (nothing to compare with) or unanswered.
        public var status: String
        /// The endpoint it was compared with.
        public var comparedWith: String?
        /// Mean agreement over the probes both answered.
        public var agreement: Double?
        /// Probes both answered.
        public var probes: Int
        /// Up to three probes where the answers differ: prompt, this answer, the other answer.
        public var evidence: [[String]]
    }

    static func similarity(_ a: String, _ b: String) -> Double {
        if a == b { return 1 }
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        var k = 0
        while k < min(x.count, y.count), x[k] == y[k] { k += 1 }
        return Double(k) / Double(max(x.count, y.count))
    }

    static func agreement(_ a: Signature, _ b: Signature) -> (Double?, Int) {
        var total = 0.0, n = 0
        for (x, y) in zip(a.answers, b.answers) { if let x, let y { total += similarity(x, y); n += 1 } }
        return (n == 0 ? nil : total / Double(n), n)
    }

    /// Verdicts by endpoint id.
    public static func judge(_ signatures: [Signature], prompts: [String], threshold: Double = 0.6) -> [String: Verdict] {
        var verdicts: [String: Verdict] = [:]
        let groups = Dictionary(grouping: signatures, by: \.claimedModel)
        for model in groups.keys.sorted() {
            let group = groups[model]!.sorted { $0.endpoint < $1.endpoint }
            let answered = group.filter { $0.answers.contains { $0 != nil } }
            for s in group where !answered.contains(where: { $0.endpoint == s.endpoint }) {
                verdicts[s.endpoint] = Verdict(status: "unanswered", comparedWith: nil, agreement: nil, probes: 0, evidence: [])
            }
            // The anchor: a reference if there is one, else the medoid.
            let anchor: Signature?
            if let ref = answered.first(where: \.isReference) { anchor = ref }
            else if answered.count >= 3 {
                anchor = answered.max { a, b in
                    let sa = answered.map { agreement(a, $0).0 ?? 0 }.reduce(0, +)
                    let sb = answered.map { agreement(b, $0).0 ?? 0 }.reduce(0, +)
                    return sa < sb || (sa == sb && a.endpoint > b.endpoint)
                }
            } else { anchor = nil }
            for s in answered {
                guard let anchor, anchor.endpoint != s.endpoint else {
                    // Two endpoints alone: agreement says both are one model or that one of them is not,
                    // but not which one; a reference endpoint settles it.
                    if answered.count == 2, let other = answered.first(where: { $0.endpoint != s.endpoint }) {
                        let (a, n) = agreement(s, other)
                        let ok = (a ?? 0) >= threshold
                        verdicts[s.endpoint] = Verdict(status: ok ? "consistent" : "inconclusive", comparedWith: other.endpoint, agreement: a, probes: n,
                                                       evidence: ok ? [] : evidence(s, other, prompts))
                    } else {
                        verdicts[s.endpoint] = Verdict(status: anchor == nil ? "inconclusive" : "consistent", comparedWith: nil, agreement: nil, probes: 0, evidence: [])
                    }
                    continue
                }
                let (a, n) = agreement(s, anchor)
                let ok = (a ?? 0) >= threshold
                verdicts[s.endpoint] = Verdict(status: n == 0 ? "inconclusive" : ok ? "consistent" : "impostor", comparedWith: anchor.endpoint,
                                               agreement: a, probes: n, evidence: ok ? [] : evidence(s, anchor, prompts))
            }
        }
        return verdicts
    }

    static func evidence(_ s: Signature, _ other: Signature, _ prompts: [String]) -> [[String]] {
        var out: [[String]] = []
        for (k, (x, y)) in zip(s.answers, other.answers).enumerated() {
            if let x, let y, x != y, k < prompts.count { out.append([prompts[k], x, y]) }
            if out.count == 3 { break }
        }
        return out
    }
}
