/// The tags through which a model registered with MLflow becomes a tokenized model: `hokusai_token_id`
/// (the ticker), `benchmark_metric` (the metric, and its natural direction when Merit computes it) and
/// `benchmark_value` (the baseline), on the model, on a version or on the run behind a version.
///
/// The rules are here, once; the stores apply the effects and check what needs the other models (that a
/// ticker is not taken).
public enum TokenTags {
    /// What a token tag changes on its model.
    public enum Effect: Equatable, Sendable {
        /// The ticker, upper-cased.
        case ticker(String)
        /// The metric and its direction; both nil for a metric Merit does not compute.
        case metric(MetricKind?, Direction?)
        /// The baseline.
        case baseline(Double)
    }

    /// The effect of `tag`: nil when it is not a token tag; `CoreError.invalidArgument` naming the tag
    /// when its value cannot be used.
    public static func effect(of tag: KeyValue) throws -> Effect? {
        switch tag.key {
        case "hokusai_token_id":
            let ticker = tag.value.uppercased()
            guard (3...6).contains(ticker.count), ticker.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                throw CoreError(.invalidArgument, "hokusai_token_id '\(tag.value)' is not a ticker: use 3 to 6 letters A-Z")
            }
            return .ticker(ticker)
        case "benchmark_metric":
            let metric = MetricKind(rawValue: tag.value.lowercased())
            return .metric(metric, metric?.naturalDirection)
        case "benchmark_value":
            guard let v = Double(tag.value), v.isFinite else { throw CoreError(.invalidArgument, "benchmark_value '\(tag.value)' is not a number") }
            return .baseline(v)
        default:
            return nil
        }
    }

    /// Applies `effect` to `model` (the ticker's uniqueness is the store's to check).
    public static func apply(_ effect: Effect, to model: inout RegisteredModel) {
        switch effect {
        case .ticker(let t): model.ticker = t
        case .metric(let m, let d): model.metric = m; model.direction = d
        case .baseline(let b): model.baseline = b
        }
    }
}
