/// A metric Merit can compute, with its natural direction and its DeltaOne scale.
public enum MetricKind: String, Codable, Sendable, CaseIterable {
    case accuracy, precision, recall, f1, auroc, logloss, rmse, mae, r2

    /// The direction in which the metric improves when nothing overrides it.
    public var naturalDirection: Direction {
        switch self {
        case .logloss, .rmse, .mae: return .minimize
        default: return .maximize
        }
    }

    /// Whether 1 DeltaOne is one absolute percentage point (true) or 1% relative to the baseline.
    ///
    /// Accuracy, precision, recall, F1 and AUROC lie in [0, 1]. R² is at most 1 and is read as a
    /// fraction of variance explained, so it is scored in absolute points too: a relative scale would
    /// explode for a baseline near zero. Log loss, RMSE and MAE have no upper bound and are scored
    /// relative to the baseline.
    public var isBounded: Bool {
        switch self {
        case .logloss, .rmse, .mae: return false
        default: return true
        }
    }

    /// Whether the metric applies to classification (true) or regression (false).
    public var isClassification: Bool {
        switch self {
        case .rmse, .mae, .r2: return false
        default: return true
        }
    }
}

/// Whether larger or smaller values of a metric are better.
public enum Direction: String, Codable, Sendable, CaseIterable {
    case maximize, minimize
}
