import MeritBase
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
    /// Trains and returns the predictions with the trained model's file, when the trainer can save one.
    func train(_ job: TrainingJob) throws -> TrainedModel
}

/// A trained model: its benchmark predictions and, when the trainer saves one, its file.
public struct TrainedModel: Sendable {
    /// Predictions for the benchmark rows, in order.
    public var predictions: Predictions
    /// The model file (an XGBoost booster in its JSON format), or nil.
    public var file: [UInt8]?
    /// How rows become the model's input (`FeatureEncoder.encodingJSON`), when there is a file.
    public var encoding: JSONValue?
    /// Creates one.
    public init(predictions: Predictions, file: [UInt8]?, encoding: JSONValue? = nil) { self.predictions = predictions; self.file = file; self.encoding = encoding }
}

extension Trainer {
    /// Trainers that keep no model file (a command trainer) give predictions only.
    public func train(_ job: TrainingJob) throws -> TrainedModel { TrainedModel(predictions: try predict(job), file: nil) }
}
