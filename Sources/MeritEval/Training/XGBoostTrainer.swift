import CXGBoost
import Foundation
import MeritCore
import MeritData

/// Trains gradient-boosted trees with Debian's libxgboost through its C API.
///
/// Deterministic by construction: `tree_method=hist`, the spec's seed, and the spec's thread count
/// (never the machine's), so the same inputs give bit-identical predictions anywhere.
public struct XGBoostTrainer: Trainer {
    /// Booster parameters from the spec.
    public var params: [String: ParamValue]
    /// Boosting rounds.
    public var rounds: Int
    /// Seed.
    public var seed: UInt64
    /// OpenMP threads.
    public var threads: Int

    static let reserved: Set<String> = ["nthread", "seed", "objective", "num_class"]

    /// Creates a trainer; `params` may not set the keys Merit controls (`nthread`, `seed`, `objective`, `num_class`).
    public init(params: [String: ParamValue], rounds: Int, seed: UInt64, threads: Int) throws {
        if let bad = params.keys.sorted().first(where: { Self.reserved.contains($0) }) {
            throw EvalError(.invalidArgument, "trainer.params.\(bad) is set by Merit; use trainer.threads and trainer.seed, and the task type picks the objective")
        }
        self.params = params; self.rounds = rounds; self.seed = seed; self.threads = threads
    }

    /// Creates the trainer a spec describes.
    public init(spec: TrainerSpec) throws {
        try self.init(params: spec.params, rounds: spec.rounds, seed: spec.seed, threads: spec.threads)
    }

    public var identity: String {
        let p = params.keys.sorted().map { "\($0)=\(params[$0]!)" }.joined(separator: ",")
        return "xgboost/\(Self.libraryVersion) rounds=\(rounds) seed=\(seed) threads=\(threads) params{\(p)}"
    }

    /// The linked libxgboost's version, e.g. `1.7.4`.
    public static var libraryVersion: String {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        XGBoostVersion(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }

    static func check(_ rc: Int32, _ step: String) throws {
        if rc != 0 {
            let detail = XGBGetLastError().map { String(cString: $0) } ?? "no detail"
            let firstLine = detail.split(separator: "\n").first.map(String.init) ?? detail
            throw EvalError(.trainerFailed, "XGBoost failed to \(step): \(firstLine)")
        }
    }

    public func predict(_ job: TrainingJob) throws -> Predictions {
        try fit(job, keep: false).predictions
    }

    /// Trains, predicts and saves the booster in XGBoost's JSON model format (what `xgboost.Booster.load_model`
    /// and MLflow's xgboost flavor read), with the encoded features' names and types.
    public func train(_ job: TrainingJob) throws -> TrainedModel {
        try fit(job, keep: true)
    }

    func fit(_ job: TrainingJob, keep: Bool) throws -> TrainedModel {
        try XGBoostThread.shared.run { try fitHere(job, keep: keep) }
    }

    private func fitHere(_ job: TrainingJob, keep: Bool) throws -> TrainedModel {
        _ = XGBSetGlobalConfig("{\"verbosity\":0}")
        let encoder = FeatureEncoder(features: job.features, trainRows: job.trainRows)
        let width = encoder.width
        let train = try Self.dmatrix(encoder.matrix(job.trainRows), rows: job.trainRows.count, width: width, types: encoder.featureTypes,
                                     names: keep ? encoder.columnNames : nil)
        defer { XGDMatrixFree(train) }
        let labels = job.trainLabels.map { Float($0) }
        try Self.check(XGDMatrixSetFloatInfo(train, "label", labels, UInt64(labels.count)), "set the training labels")
        let bench = try Self.dmatrix(encoder.matrix(job.benchmarkRows), rows: job.benchmarkRows.count, width: width, types: encoder.featureTypes,
                                     names: keep ? encoder.columnNames : nil)
        defer { XGDMatrixFree(bench) }

        var booster: BoosterHandle? = nil
        var handles: [DMatrixHandle?] = [train]
        try Self.check(XGBoosterCreate(&handles, 1, &booster), "create a booster")
        defer { XGBoosterFree(booster) }
        if keep {
            // The saved model carries its input columns, as Python's Booster records them from its DMatrix.
            try Self.setInfo("feature_name", encoder.columnNames) { XGBoosterSetStrFeatureInfo(booster, $0, $1, $2) }
            try Self.setInfo("feature_type", encoder.featureTypes) { XGBoosterSetStrFeatureInfo(booster, $0, $1, $2) }
        }
        var settings: [(String, String)] = [
            ("tree_method", "hist"), ("verbosity", "0"),
            ("nthread", String(threads)), ("seed", String(seed % UInt64(Int32.max))),
        ]
        switch job.kind {
        case .binaryClassification: settings.append(("objective", "binary:logistic"))
        case .multiclassClassification:
            settings.append(("objective", "multi:softprob"))
            settings.append(("num_class", String(job.classes.count)))
        case .regression: settings.append(("objective", "reg:squarederror"))
        }
        for key in params.keys.sorted() { settings.append((key, params[key]!.description)) }
        for (k, v) in settings { try Self.check(XGBoosterSetParam(booster, k, v), "set parameter \(k)") }
        for i in 0..<rounds { try Self.check(XGBoosterUpdateOneIter(booster, Int32(i), train), "run boosting round \(i)") }

        let config = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}"
        var shape: UnsafePointer<UInt64>? = nil
        var dim: UInt64 = 0
        var result: UnsafePointer<Float>? = nil
        try Self.check(XGBoosterPredictFromDMatrix(booster, bench, config, &shape, &dim, &result), "predict the benchmark")
        var total = 1
        for d in 0..<Int(dim) { total *= Int(shape![d]) }
        let expected = job.benchmarkRows.count * (job.kind == .multiclassClassification ? job.classes.count : 1)
        guard total == expected, let result else {
            throw EvalError(.trainerFailed, "XGBoost returned \(total) predictions for \(expected) expected values")
        }
        let predictions = Predictions(values: (0..<total).map { Double(result[$0]) })
        guard keep else { return TrainedModel(predictions: predictions, file: nil) }
        var length: UInt64 = 0
        var bytes: UnsafePointer<CChar>? = nil
        try Self.check(XGBoosterSaveModelToBuffer(booster, "{\"format\": \"json\"}", &length, &bytes), "save the model")
        guard let bytes else { throw EvalError(.trainerFailed, "XGBoost saved an empty model") }
        let file = bytes.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
        return TrainedModel(predictions: predictions, file: file, encoding: encoder.encodingJSON)
    }

    static func dmatrix(_ data: [Float], rows: Int, width: Int, types: [String], names: [String]? = nil) throws -> DMatrixHandle? {
        var handle: DMatrixHandle? = nil
        try check(XGDMatrixCreateFromMat(data, UInt64(rows), UInt64(width), Float.nan, &handle), "build a data matrix")
        try setInfo("feature_type", types) { XGDMatrixSetStrFeatureInfo(handle, $0, $1, $2) }
        if let names { try setInfo("feature_name", names) { XGDMatrixSetStrFeatureInfo(handle, $0, $1, $2) } }
        return handle
    }

    /// Passes `values` as a C string array to one of XGBoost's string feature-info setters.
    static func setInfo(_ field: String, _ values: [String],
                        _ set: (String, UnsafeMutablePointer<UnsafePointer<CChar>?>, UInt64) -> Int32) throws {
        var cStrings = values.map { strdup($0) }
        defer { cStrings.forEach { free($0) } }
        let rc = cStrings.withUnsafeMutableBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buf.count) { set(field, $0, UInt64(values.count)) }
        }
        try check(rc, "set \(field)")
    }
}
