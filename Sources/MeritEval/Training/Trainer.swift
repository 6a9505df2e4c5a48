import MeritCore
import MeritData

/// Everything a trainer needs to fit one model and predict the benchmark.
public struct TrainingJob: Sendable {
    /// The task kind.
    public var kind: TaskSpec.Kind
    /// Feature columns, in spec order.
    public var features: [FeatureSpec]
    /// The label column's name.
    public var label: String
    /// Class names in index order (empty for regression).
    public var classes: [String]
    /// Training rows: feature values only.
    public var trainRows: [[Value]]
    /// Training labels: class indices or regression values.
    public var trainLabels: [Double]
    /// Benchmark rows: feature values only (labels are withheld from trainers).
    public var benchmarkRows: [[Value]]
    /// Seed for the trainer.
    public var seed: UInt64

    /// Creates a job.
    public init(kind: TaskSpec.Kind, features: [FeatureSpec], label: String, classes: [String],
                trainRows: [[Value]], trainLabels: [Double], benchmarkRows: [[Value]], seed: UInt64) {
        self.kind = kind; self.features = features; self.label = label; self.classes = classes
        self.trainRows = trainRows; self.trainLabels = trainLabels; self.benchmarkRows = benchmarkRows; self.seed = seed
    }
}

/// Fits a model on a training set and predicts the benchmark rows.
public protocol Trainer: Sendable {
    /// A stable description of the trainer and its parameters, hashed into reports.
    var identity: String { get }
    /// Trains and returns predictions for `job.benchmarkRows`, in order.
    func predict(_ job: TrainingJob) throws -> Predictions
}
