import Foundation
import MeritBase

/// The tags through which a model registered with MLflow becomes a tokenized model, as the reference
/// ecosystem's registration guide sets them: `hokusai_token_id` (the token ID, such as `CHURN-001`),
/// `benchmark_metric` (the metric, and its natural direction when Merit computes it) and
/// `benchmark_value` (the baseline), on the model, on a version or on the run behind a version.
///
/// A tag never makes an MLflow call fail (MLflow refuses no tag value): a value Merit cannot use is
/// kept as a tag, and the model's token status says why (`RegisteredModel.tokenStatus`). The rules are
/// here, once; the stores apply the effects and check what needs the other models (that a token ID is
/// not taken).
public enum TokenTags {
    /// The keys of the token tags.
    public static let keys: Set<String> = ["hokusai_token_id", "benchmark_metric", "benchmark_value"]

    /// The registration guide's message for a malformed token ID.
    public static let tokenIdFormatMessage = "Token ID format invalid: use uppercase letters with hyphens"

    /// What a token tag changes on its model.
    public enum Effect: Equatable, Sendable {
        /// The token ID.
        case tokenId(String)
        /// The metric and its direction.
        case metric(MetricKind, Direction)
        /// The baseline.
        case baseline(Double)
        /// A value Merit cannot use: `reason` says why and what to do.
        case unusable(key: String, reason: String)
    }

    /// Whether `text` is a token ID: upper-case letters, digits and hyphens, 3 to 32 characters,
    /// starting with a letter (`CHURN-001`, `SENT-AI`).
    public static func isTokenId(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard (3...32).contains(b.count), (0x41...0x5A).contains(b[0]) else { return false }
        return b.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    /// Whether `text` is a ticker, the ERC-20 symbol: 3 to 6 letters A-Z.
    public static func isTicker(_ text: String) -> Bool {
        (3...6).contains(text.utf8.count) && text.utf8.allSatisfy { (0x41...0x5A).contains($0) }
    }

    /// The effect of `tag`; nil when it is not a token tag.
    public static func effect(of tag: KeyValue) -> Effect? {
        switch tag.key {
        case "hokusai_token_id":
            guard isTokenId(tag.value) else {
                return .unusable(key: tag.key, reason: "\(tokenIdFormatMessage) (\(Excerpt.quoted(tag.value)) is not 3-32 of A-Z, 0-9 and '-', starting with a letter, such as CHURN-001)")
            }
            return .tokenId(tag.value)
        case "benchmark_metric":
            guard let metric = MetricKind(rawValue: tag.value.lowercased()) else {
                let known = MetricKind.allCases.map(\.rawValue).joined(separator: ", ")
                return .unusable(key: tag.key, reason: "benchmark_metric \(Excerpt.quoted(tag.value)) is not a metric Merit computes (\(known)); set one of these")
            }
            return .metric(metric, metric.naturalDirection)
        case "benchmark_value":
            guard let v = Double(tag.value.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                return .unusable(key: tag.key, reason: "benchmark_value \(Excerpt.quoted(tag.value)) is not a finite number; set the baseline score, such as 0.91")
            }
            return .baseline(v)
        default:
            return nil
        }
    }

    /// Applies `effect` to `model` (that a token ID is not taken is the store's to check): a usable
    /// value clears the problem recorded for its key, an unusable one records it.
    public static func apply(_ effect: Effect, to model: inout RegisteredModel) {
        switch effect {
        case .tokenId(let t): model.tokenId = t; model.tokenIssues.removeAll { $0.key == "hokusai_token_id" }
        case .metric(let m, let d): model.metric = m; model.direction = d; model.tokenIssues.removeAll { $0.key == "benchmark_metric" }
        case .baseline(let b): model.baseline = b; model.tokenIssues.removeAll { $0.key == "benchmark_value" }
        case .unusable(let key, let reason): model.tokenIssues.set(KeyValue(key, reason))
        }
    }
}

/// Where a model stands as a token: what the native API shows.
public enum TokenStatus: Equatable, Sendable {
    /// No token ID: an MLflow model like any other.
    case notTokenized
    /// A token tag could not be used; the reasons, by tag.
    case needsAttention([KeyValue])
    /// A token ID, but something a token needs is missing (named).
    case incomplete([String])
    /// Token ID, ticker, a metric Merit computes and a baseline: contributions can be rewarded.
    case ready

    /// `not_tokenized`, `needs_attention`, `incomplete` or `ready`.
    public var state: String {
        switch self {
        case .notTokenized: "not_tokenized"
        case .needsAttention: "needs_attention"
        case .incomplete: "incomplete"
        case .ready: "ready"
        }
    }

    /// What to fix, one line each.
    public var reasons: [String] {
        switch self {
        case .notTokenized, .ready: []
        case .needsAttention(let issues): issues.map(\.value)
        case .incomplete(let missing): missing
        }
    }
}

extension RegisteredModel {
    /// The model's token status, from its fields and the problems recorded for its token tags.
    public var tokenStatus: TokenStatus {
        if !tokenIssues.isEmpty { return .needsAttention(tokenIssues) }
        guard tokenId != nil || ticker != nil else { return .notTokenized }
        var missing: [String] = []
        if tokenId == nil { missing.append("no token ID: set the tag hokusai_token_id (such as CHURN-001)") }
        if ticker == nil { missing.append("no ticker: the owner sets it (3-6 letters A-Z) with PATCH /api/v1/models/{name}") }
        if metric == nil { missing.append("no benchmark metric Merit computes: set the tag benchmark_metric") }
        if baseline == nil { missing.append("no baseline: set the tag benchmark_value") }
        return missing.isEmpty ? .ready : .incomplete(missing)
    }
}
