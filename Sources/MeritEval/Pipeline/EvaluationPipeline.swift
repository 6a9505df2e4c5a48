import Dispatch
import Foundation
import MeritBase
import MeritCore
import MeritData
import MeritEthereum

/// The contribution pipeline: read and check three datasets, filter the contribution, train the
/// baseline and the improved model, compare them with a paired bootstrap, and decide the award.
public struct EvaluationPipeline: Sendable {
    /// Progress: a stage name and the fraction of that stage done.
    public typealias Progress = @Sendable (String, Double) -> Void

    /// Wall-clock seconds per stage. Never written to the report, which must not depend on time.
    public struct Timings: Sendable {
        public var readingAndValidation = 0.0
        public var fingerprinting = 0.0
        public var training = 0.0
        public var evaluation = 0.0
        /// Creates zero timings.
        public init() {}
    }

    /// The spec.
    public let spec: ModelSpec
    /// The trainer.
    public let trainer: any Trainer
    /// Work to do beside the training, given the contribution and its accepted rows (a server writes the
    /// next training set there): it runs only when there is a training, and decides nothing.
    public var besideTraining: (@Sendable (LoadedDataset, [Int]) -> Void)?

    /// Creates a pipeline; the trainer comes from the spec unless one is given.
    public init(spec: ModelSpec, trainer: (any Trainer)? = nil, workDirectory: URL) throws {
        self.spec = spec
        if let trainer { self.trainer = trainer; return }
        switch spec.trainer.kind {
        case .xgboost:
            self.trainer = try XGBoostTrainer(spec: spec.trainer)
        case .command:
            self.trainer = CommandTrainer(command: spec.trainer.command ?? [], timeoutSeconds: spec.trainer.timeoutSeconds,
                                          seed: spec.trainer.seed, workDirectory: workDirectory)
        }
    }

    /// Runs the pipeline on files, each read in its format and named in errors and the report as
    /// `DatasetFile.name` says (a server passes the names its users gave, never its own folders).
    public func run(base: DatasetFile, benchmark: DatasetFile, contribution: DatasetFile,
                    progress: Progress? = nil) throws -> (EvaluationReport, Timings) {
        let e = try judge(base: base, benchmark: benchmark, contribution: contribution, progress: progress)
        return (e.report, e.timings)
    }

    /// An evaluation with what a new model version is made of: the candidate model, and the accepted
    /// rows of the contribution.
    public struct Evaluation: Sendable {
        /// The report.
        public var report: EvaluationReport
        /// Wall-clock seconds per stage.
        public var timings: Timings
        /// The candidate's model (its file when the trainer saves one); nil when nothing was trained.
        public var candidate: TrainedModel?
        /// The contribution as read.
        public var contribution: LoadedDataset
        /// Indices into `contribution.rows` of the accepted rows, in file order.
        public var accepted: [Int]
        /// The accepted rows' Merkle leaves, in the same order (what a proof index appends).
        public var acceptedLeaves: [Bytes32] = []
        /// The base and the benchmark as read (a server keeps them for the next contribution).
        public var base: LoadedDataset? = nil
        public var benchmark: LoadedDataset? = nil
    }


    /// A dataset to judge with: a file to read, or one already read (a server keeps its models' heads
    /// and benchmarks read). A dataset read from a file is the one `DatasetLoader.load` gives for it.
    public enum Input: Sendable {
        case file(DatasetFile)
        case loaded(LoadedDataset)
    }

    /// The baseline's benchmark predictions when they are already known. Training is deterministic, so
    /// the head's model is the one retraining its training set gives, and the predictions it made on this
    /// benchmark when it was trained stand in for retraining it: the report is the same, byte for byte.
    public struct KnownBaseline: Sendable {
        /// The model's predictions for the benchmark rows, in order.
        public var predictions: Predictions
        /// keccak256 of the model's file.
        public var modelHash: Bytes32
        /// Creates one.
        public init(predictions: Predictions, modelHash: Bytes32) { self.predictions = predictions; self.modelHash = modelHash }
    }

    /// Reads the files and judges: the report with the candidate model and the accepted rows.
    public func judge(base: DatasetFile, benchmark: DatasetFile, contribution: DatasetFile, parentVersion: Int = 0, progress: Progress? = nil) throws -> Evaluation {
        try judge(base: .file(base), benchmark: .file(benchmark), contribution: contribution, parentVersion: parentVersion, progress: progress)
    }

    /// Reads what is not read yet and judges; with `baseline`, the baseline is not trained again.
    public func judge(base: Input, benchmark: Input, contribution: DatasetFile, parentVersion: Int = 0, baseline: KnownBaseline? = nil,
                      progress: Progress? = nil) throws -> Evaluation {
        var timings = Timings()
        let loader = DatasetLoader(spec: spec)
        let t0 = Date()
        // The files are read at once, one per core; progress is the bytes read of all of them.
        let inputs: [Input] = [base, benchmark, .file(contribution)]
        let files = inputs.compactMap { if case .file(let f) = $0 { return f } else { return nil } }
        let shown = ReadProgress(files: files.count, report: progress)
        var loaded = [Result<LoadedDataset, any Error>?](repeating: nil, count: files.count)
        progress?("reading data", 0)
        loaded.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            Parallel.forEach(files.count) { k in
                slots[k] = Result { try loader.load(files[k]) { read, total in shown.update(k, read: read, total: total) } }
            }
        }
        progress?("reading data", 1)
        // The first failure in file order, whichever thread met it first.
        var next = 0
        let data = try inputs.map { input -> LoadedDataset in
            if case .loaded(let d) = input { return d }
            defer { next += 1 }
            return try loaded[next]!.get()
        }
        timings.readingAndValidation = Date().timeIntervalSince(t0)
        return try judge(base: data[0], benchmark: data[1], contribution: data[2], parentVersion: parentVersion, baseline: baseline, timings: timings, progress: progress)
    }

    /// Runs the comparison on loaded datasets.
    public func evaluate(base: LoadedDataset, benchmark: LoadedDataset, contribution: LoadedDataset,
                         timings: Timings = Timings(), progress: Progress? = nil) throws -> (EvaluationReport, Timings) {
        let e = try judge(base: base, benchmark: benchmark, contribution: contribution, timings: timings, progress: progress)
        return (e.report, e.timings)
    }

    /// Runs the comparison on loaded datasets, keeping the candidate model and the accepted rows.
    public func judge(base: LoadedDataset, benchmark: LoadedDataset, contribution: LoadedDataset, parentVersion: Int = 0,
                      baseline known: KnownBaseline? = nil, timings: Timings = Timings(), progress: Progress? = nil) throws -> Evaluation {
        var timings = timings
        let task = spec.task
        let featureCount = task.features.count
        let warnings = specWarnings

        // Classes and label encoding, fixed by the spec or the base data, shared by both models.
        let (classes, encodeLabel, benchLabels) = try labels(training: base, benchmark: benchmark)
        let baseLabels = base.rows.map { encodeLabel($0[featureCount])! }

        // Contamination and duplicates, then labels outside the known classes.
        let t1 = Date()
        progress?("checking contamination", 0)
        let filter = ContaminationFilter(benchmark: benchmark, base: base, digits: spec.evaluation.nearDuplicateDigits)
        let filtered = filter.filter(contribution)
        var acceptedIdx: [Int] = [], unknownLabel = 0
        for i in filtered.accepted {
            if encodeLabel(contribution.rows[i][featureCount]) == nil { unknownLabel += 1 } else { acceptedIdx.append(i) }
        }
        timings.fingerprinting = Date().timeIntervalSince(t1)
        progress?("checking contamination", 1)

        // The trees of the accepted rows and of the training set: training does not need them, so when there
        // is a training they are computed beside it.
        let accepted = acceptedIdx
        let trees: @Sendable () -> Trees = { Self.trees(base: base, contribution: contribution, accepted: accepted) }
        let problem = benchmark.rows.count < spec.evaluation.minBenchmarkRows
            ? "the benchmark has \(benchmark.rows.count) usable rows; at least \(spec.evaluation.minBenchmarkRows) are required (evaluation.min_benchmark_rows)"
            : acceptedIdx.isEmpty ? "no contribution row was accepted: every row was invalid, personal data, contamination or a duplicate" : nil

        let t2 = Date()
        let trained: Result<(baseline: Baseline, improved: TrainedModel), any Error>?, tree: Trees
        if problem == nil {
            (trained, tree) = Parallel.both({
                Result { try self.trainBoth(base: base, benchmark: benchmark, contribution: contribution, accepted: accepted, classes: classes,
                                            baseLabels: baseLabels, encodeLabel: encodeLabel, known: known, progress: progress) }
            }, { [besideTraining] in
                let t = trees()
                besideTraining?(contribution, accepted)
                return t
            })
            timings.training = Date().timeIntervalSince(t2)
        } else {
            (trained, tree) = (nil, trees())
        }

        var report = EvaluationReport(
            status: .rejected, reason: problem ?? "", meritVersion: MeritVersion.current, specHash: spec.specHash,
            model: .init(name: spec.name, ticker: spec.ticker, metric: spec.metric.name, direction: spec.metric.direction, baselineClaimed: spec.baseline),
            parameters: parameters,
            inputs: .init(base: .init(base), benchmark: .init(benchmark), contribution: .init(contribution)),
            rejected: .init(contamination: filtered.counts, unknownLabel: unknownLabel, examples: filtered.examples),
            accepted: .init(rows: acceptedIdx.count, root: tree.root, trainingRoot: tree.trainingRoot,
                            trainingRecords: base.recordHashes.count + tree.leaves.count, consistencyProof: tree.proof),
            results: nil, lineage: .init(parentVersion: parentVersion), warnings: warnings)
        guard let trained else {
            return Evaluation(report: report, timings: timings, candidate: nil, contribution: contribution, accepted: acceptedIdx, acceptedLeaves: tree.leaves,
                              base: base, benchmark: benchmark)
        }
        let (baseline, improved) = try trained.get()
        let acceptedLeaves = tree.leaves

        // Paired comparison.
        let t3 = Date()
        progress?("bootstrap", 0)
        let targets = Targets(labels: benchLabels, classes: task.kind == .regression ? 0 : classes.count)
        report.lineage = .init(parentVersion: parentVersion, baselineModelHash: baseline.file.map { Keccak256.hash($0) } ?? baseline.knownHash ?? .zero,
                               candidateModelHash: improved.file.map { Keccak256.hash($0) } ?? .zero)
        let r = try Self.compare(spec: spec, targets: targets, baseline: baseline.predictions, improved: improved.predictions)
        report.results = r
        progress?("bootstrap", 1)
        timings.evaluation = Date().timeIntervalSince(t3)
        report.status = r.awardedBps > 0 ? .awarded : .noDeltaOne
        report.reason = String(format: "the one-sided 95%% lower bound is %.2f DeltaOnes, " + (r.awardedBps > 0 ? "at least 1" : "below the 1 DeltaOne threshold"),
                               r.deltaOnes.lowerOneSided95)
        return Evaluation(report: report, timings: timings, candidate: improved, contribution: contribution, accepted: acceptedIdx, acceptedLeaves: acceptedLeaves,
                       base: base, benchmark: benchmark)
    }

    /// One model trained on a whole training set and scored on the benchmark: a first version.
    public struct Scored: Sendable {
        /// The trained model.
        public var model: TrainedModel
        /// The metric on the benchmark.
        public var metric: Double
        /// Its 95% percentile bootstrap interval (the spec's resamples and seed).
        public var interval: [Double]
        /// Benchmark rows scored.
        public var benchmarkRows: Int
        /// How the interval was computed.
        public var method: String
    }

    /// Trains on `training` and scores the benchmark, with the interval of the metric: what version 1 of
    /// a model is recorded with.
    public func scoreAlone(training: LoadedDataset, benchmark: LoadedDataset) throws -> Scored {
        let task = spec.task, featureCount = task.features.count
        let (classes, encodeLabel, benchLabels) = try labels(training: training, benchmark: benchmark)
        let model = try trainer.train(TrainingJob(kind: task.kind, features: task.features, label: task.label, classes: classes,
                                                  trainRows: training.rows.map { Array($0.prefix(featureCount)) },
                                                  trainLabels: training.rows.map { encodeLabel($0[featureCount])! },
                                                  benchmarkRows: benchmark.rows.map { Array($0.prefix(featureCount)) }, seed: spec.trainer.seed))
        let targets = Targets(labels: benchLabels, classes: task.kind == .regression ? 0 : classes.count)
        let value = Metrics.value(spec.metric.name, targets, model.predictions)
        guard value.isFinite else {
            throw EvalError(.inputRejected, "\(spec.metric.name.rawValue) is undefined on this benchmark (for AUROC, both classes must appear); use a larger or more balanced benchmark")
        }
        // The same model on both sides: the baseline interval is the model's own.
        let boot = PairedBootstrap(metric: spec.metric.name, direction: spec.metric.direction,
                                   resamples: spec.evaluation.bootstrapResamples, seed: spec.evaluation.seed)
            .run(targets, baseline: model.predictions, candidate: model.predictions)
        return Scored(model: model, metric: value, interval: boot.baselineInterval, benchmarkRows: targets.count,
                      method: "percentile bootstrap, \(boot.resamples) resamples, SplitMix64 seed \(boot.seed)")
    }

    /// The classes (fixed by the spec or the training data), the label encoding both models share, and
    /// the benchmark's encoded labels (a label outside the classes rejects the benchmark, naming its line).
    func labels(training: LoadedDataset, benchmark: LoadedDataset) throws -> (classes: [String], encode: @Sendable (Value) -> Double?, benchmark: [Double]) {
        let task = spec.task, featureCount = task.features.count
        let classes = try Self.classes(task: task, base: training)
        let kind = task.kind
        let encode: @Sendable (Value) -> Double? = { v in
            if kind == .regression { return v.numeric }
            if case .text(let s) = v, let i = classes.firstIndex(of: s) { return Double(i) }
            return nil
        }
        let benchLabels = try benchmark.rows.indices.map { i in
            guard let y = encode(benchmark.rows[i][featureCount]) else {
                throw EvalError(.inputRejected, "\(benchmark.name):\(benchmark.lines[i]): the benchmark label is not one of the classes \(classes.joined(separator: ", ")); fix the benchmark or list the class in task.classes")
            }
            return y
        }
        return (classes, encode, benchLabels)
    }

    /// The parameters the report records: everything that fixes the outcome besides the data.
    var parameters: EvaluationReport.Parameters {
        .init(trainer: trainer.identity, trainerHash: Keccak256.hash(trainer.identity), trainerSeed: spec.trainer.seed,
              bootstrapResamples: spec.evaluation.bootstrapResamples, bootstrapSeed: spec.evaluation.seed, confidence: 0.95,
              minBenchmarkRows: spec.evaluation.minBenchmarkRows, nearDuplicateDigits: spec.evaluation.nearDuplicateDigits,
              evaluationTime: spec.evaluation.evaluationTime)
    }

    /// What the report warns about the spec itself.
    var specWarnings: [String] {
        guard spec.metric.overridesNaturalDirection else { return [] }
        return ["metric.direction \(spec.metric.direction.rawValue) overrides \(spec.metric.name.rawValue)'s natural \(spec.metric.name.naturalDirection.rawValue): an improvement now means moving the metric that way"]
    }

    /// The paired comparison and the award, from predictions.
    public static func compare(spec: ModelSpec, targets: Targets, baseline: Predictions, improved: Predictions) throws -> EvaluationReport.Results {
        let metric = spec.metric.name
        let mBase = Metrics.value(metric, targets, baseline)
        let mImp = Metrics.value(metric, targets, improved)
        guard mBase.isFinite, mImp.isFinite else {
            throw EvalError(.inputRejected, "\(metric.rawValue) is undefined on this benchmark (for AUROC, both classes must appear); use a larger or more balanced benchmark")
        }
        let boot = PairedBootstrap(metric: metric, direction: spec.metric.direction,
                                   resamples: spec.evaluation.bootstrapResamples, seed: spec.evaluation.seed)
            .run(targets, baseline: baseline, candidate: improved)
        let delta = DeltaOne.improvement(baseline: mBase, candidate: mImp, direction: spec.metric.direction)
        func d1(_ x: Double) -> Double { DeltaOne.deltaOnes(improvement: x, metric: metric, baseline: mBase) ?? 0 }
        let lowerOne = d1(boot.lowerOneSided95)
        let award = targets.count >= spec.evaluation.minBenchmarkRows ? DeltaOne.awardBasisPoints(lowerBound: lowerOne) : 0
        var mcnemar: McNemar.Result? = nil
        if metric == .accuracy {
            let a = (0..<targets.count).map { Metrics.predictedClass(targets, baseline, $0) == Int(targets.labels[$0]) }
            let b = (0..<targets.count).map { Metrics.predictedClass(targets, improved, $0) == Int(targets.labels[$0]) }
            mcnemar = McNemar.test(baselineCorrect: a, candidateCorrect: b)
        }
        let minted = UInt64(award) * spec.token.tokensPerDeltaOne / UInt64(DeltaOne.basisPoints)
        let toContributors = minted * UInt64(spec.token.contributorShareBps) / 10_000
        return EvaluationReport.Results(
            benchmarkRows: targets.count, baseline: mBase, improved: mImp, delta: delta,
            method: "paired percentile bootstrap, \(boot.resamples) resamples, SplitMix64 seed \(boot.seed)" + (mcnemar == nil ? "" : "; exact McNemar test"),
            bootstrap: boot, mcnemar: mcnemar,
            deltaOnes: .init(point: d1(delta), lower95: d1(boot.lower95), upper95: d1(boot.upper95), lowerOneSided95: lowerOne,
                             scale: metric.isBounded ? "1 DeltaOne = 1 percentage point (absolute)" : "1 DeltaOne = 1% of the baseline \(metric.rawValue)"),
            awardedBps: award,
            rewards: .init(minted: minted, contributors: toContributors, owner: minted - toContributors))
    }

    /// Class names in index order: the spec's, or the base data's sorted; for binary, the positive class last.
    static func classes(task: TaskSpec, base: LoadedDataset) throws -> [String] {
        if task.kind == .regression { return [] }
        var classes = task.classes ?? Array(Set(base.rows.compactMap { row -> String? in
            if case .text(let s) = row.last! { return s } else { return nil }
        })).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        if task.kind == .binaryClassification {
            guard classes.count == 2 else {
                throw EvalError(.inputRejected, "\(base.name): binary classification needs exactly 2 label values in the base data, found \(classes.count); list them in task.classes")
            }
            if let p = task.positiveClass, let i = classes.firstIndex(of: p), i == 0 { classes.swapAt(0, 1) }
        } else if classes.count < 2 {
            throw EvalError(.inputRejected, "\(base.name): classification needs at least 2 label values in the base data")
        }
        return classes
    }

    /// Encodes a report as `report.json`: sorted keys, two-space indent, a final newline.
    public static func encode(_ report: EvaluationReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var data = try encoder.encode(report)
        data.append(0x0A)
        return data
    }
}

/// The bytes read of several files being read at once, as one fraction for a progress bar; reports are
/// made under a lock, one at a time.
final class ReadProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var read: [UInt64], total: [UInt64]
    private let report: EvaluationPipeline.Progress?

    init(files: Int, report: EvaluationPipeline.Progress?) {
        read = Array(repeating: 0, count: files); total = Array(repeating: 0, count: files); self.report = report
    }

    func update(_ file: Int, read bytes: UInt64, total size: UInt64) {
        guard let report else { return }
        lock.lock(); defer { lock.unlock() }
        read[file] = bytes; total[file] = size
        let all = total.reduce(0, +)
        report("reading data", all == 0 ? 0 : Double(read.reduce(0, +)) / Double(all))
    }
}
