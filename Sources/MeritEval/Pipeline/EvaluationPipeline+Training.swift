import MeritBase
import MeritCore
import MeritData
import MeritEthereum

extension EvaluationPipeline {
    /// Trains the baseline on the base data and the improved model on the base data plus the accepted
    /// contribution rows, with the same parameters and seed, and predicts the benchmark with both.
    func trainBoth(base: LoadedDataset, benchmark: LoadedDataset, contribution: LoadedDataset, accepted: [Int], classes: [String],
                   baseLabels: [Double], encodeLabel: (Value) -> Double?, known: KnownBaseline?,
                   progress: Progress?) throws -> (baseline: Baseline, improved: TrainedModel) {
        let task = spec.task, featureCount = task.features.count
        let benchRows = benchmark.rows.map { Array($0.prefix(featureCount)) }
        let baseRows = base.rows.map { Array($0.prefix(featureCount)) }
        let improvedRows = baseRows + accepted.map { Array(contribution.rows[$0].prefix(featureCount)) }
        let improvedLabels = baseLabels + accepted.map { encodeLabel(contribution.rows[$0][featureCount])! }
        func improved() throws -> TrainedModel {
            try trainer.train(TrainingJob(kind: task.kind, features: task.features, label: task.label, classes: classes,
                                          trainRows: improvedRows, trainLabels: improvedLabels, benchmarkRows: benchRows, seed: spec.trainer.seed))
        }
        let width = task.kind == .multiclassClassification ? classes.count : 1
        if let known, known.predictions.values.count == benchRows.count * width {
            progress?("training improved", 0)
            let model = try improved()
            progress?("training improved", 1)
            return (Baseline(predictions: known.predictions, file: nil, knownHash: known.modelHash), model)
        }
        progress?("training baseline", 0)
        let baseline = try trainer.train(TrainingJob(kind: task.kind, features: task.features, label: task.label, classes: classes,
                                                       trainRows: baseRows, trainLabels: baseLabels, benchmarkRows: benchRows, seed: spec.trainer.seed))
        progress?("training improved", 0.5)
        let model = try improved()
        progress?("training improved", 1)
        return (Baseline(predictions: baseline.predictions, file: baseline.file, knownHash: nil), model)
    }

    /// The accepted rows' leaves and tree, and the training set's grown from the base's frontier (only the
    /// accepted rows are hashed, once for each tree, one on each core).
    static func trees(base: LoadedDataset, contribution: LoadedDataset, accepted: [Int]) -> Trees {
        let leaves = Merkle.leaves(accepted.map { contribution.recordHashes[$0] })
        let frontier = base.frontier.count == base.recordHashes.count ? base.frontier : Merkle.Builder(leaves: Merkle.leaves(base.recordHashes))
        let (root, (trainingRoot, proof)) = Parallel.both({ Merkle.root(leaves: leaves) }, { Merkle.extend(frontier, with: leaves) })
        return Trees(leaves: leaves, root: root, trainingRoot: trainingRoot, proof: proof)
    }

    /// The accepted rows' leaves and tree, and the training set's root with its consistency proof from the base's.
    struct Trees: Sendable {
        var leaves: [Bytes32]
        var root: Bytes32
        var trainingRoot: Bytes32
        var proof: [Bytes32]
    }

    /// The baseline as trained, or as known from the head.
    struct Baseline {
        var predictions: Predictions
        var file: [UInt8]?
        var knownHash: Bytes32?
    }
}
