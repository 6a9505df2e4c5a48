/// Ground truth and predictions for one benchmark, in the form every metric reads.
///
/// Classification labels are class indices (0..<classes); binary predictions are the probability
/// of class 1; multiclass predictions are row-major probabilities, `classes` per row; regression
/// labels and predictions are values.
public struct Targets: Sendable {
    /// Labels: class indices or regression values.
    public var labels: [Double]
    /// Number of classes (0 for regression).
    public var classes: Int

    /// Creates targets.
    public init(labels: [Double], classes: Int) {
        self.labels = labels
        self.classes = classes
    }

    /// Rows.
    public var count: Int { labels.count }
}

/// A model's predictions on the benchmark rows, in benchmark order.
public struct Predictions: Sendable, Equatable {
    /// Binary: P(class 1) per row. Multiclass: `classes` probabilities per row. Regression: values.
    public var values: [Double]

    /// Creates predictions.
    public init(values: [Double]) { self.values = values }
}
