import Dispatch
import Foundation
import MeritBase
import MeritCore
import MeritData
import MeritEthereum
import MeritEval
import MeritStore
import NIOCore

/// Makes the model versions Merit trains: version 1 from the owner's base data, and each later version
/// from its parent's training set plus the accepted rows of one paid contribution. Each version keeps
/// its training set (a Merit-written CSV, content-addressed), its model in MLflow's format for XGBoost
/// (`MLmodel` beside the booster, under `mlflow-artifacts:/merit-registry/TICKER/…`), and a lineage
/// entry; the head moves to it by compare-and-swap (`LineageStore.advanceHead`).
struct VersionBuilder: Sendable {
    let models: any ModelStore
    let artifacts: any ArtifactStore
    let jobs: any JobQueue
    let workDirectory: URL
    /// The key that signs version 1's record, and its domain; unsigned (in the attesters' domain) without one.
    var signing: JobWorker.Signing? = nil
    var domain: DeltaOneAttestation.Domain = .init()

    /// Where the models' proof indexes live: beside the work folder, in the data directory.
    var proofsDirectory: URL { workDirectory.deletingLastPathComponent().appendingPathComponent("proof-index") }

    /// A model's proof index, named by its ticker and version 1's root (both survive a rename).
    func proofIndex(spec: ModelSpec, first: LineageEntry) throws -> ProofIndex {
        try ProofIndex(directory: proofsDirectory.appendingPathComponent("\(spec.ticker)-\(first.trainingRoot.dropFirst(2).prefix(16))"))
    }

    /// The proof index holding at least `entry`'s training set, appending what it lacks from the stored
    /// training file (after a crash between a version and its index, or for versions made before indexes).
    func indexed(_ name: String, spec: ModelSpec, entry: LineageEntry, lineage: [LineageEntry]) async throws -> ProofIndex {
        guard let first = lineage.first(where: { $0.version == 1 }) ?? lineage.first else {
            throw StoreError(.notFound, "model '\(name)' has no version trained by Merit")
        }
        let index = try proofIndex(spec: spec, first: first)
        let have = index.count
        guard have < entry.trainingRecords else { return index }
        let file = trainingFile(entry)
        try await StoredData.offPool {
            let hashes = try DatasetLoader(spec: spec).load(file).recordHashes
            guard hashes.count == Int(entry.trainingRecords) else {
                throw DataError(.invalidArgument, "version \(entry.version)'s training file holds \(hashes.count) records, not \(entry.trainingRecords)")
            }
            try index.append(leaves: hashes[have...].map(Merkle.leaf), at: have)
        }
        return index
    }

    /// Adds a new version's records to its model's proof index (best effort: a failure is repaired when
    /// a proof is asked for).
    func index(_ name: String, spec: ModelSpec, parentRecords: Int, leaves: @escaping @Sendable () -> [Bytes32]) async {
        guard let lineage = try? await models.lineage(name), let first = lineage.first, let index = try? proofIndex(spec: spec, first: first) else { return }
        _ = try? await StoredData.offPool { try index.append(leaves: leaves(), at: parentRecords) }
    }

    /// The head's training set as a dataset file, named as reports name it.
    func trainingFile(_ head: LineageEntry) -> DatasetFile {
        DatasetFile(path: artifacts.file(sha256: head.trainingSha256).path, format: .csv, name: "training-v\(head.version).csv")
    }

    /// A stored data blob as a dataset file.
    func dataFile(_ d: ModelData) -> DatasetFile {
        DatasetFile(path: artifacts.file(sha256: d.sha256).path, format: DatasetFormat(fileName: d.fileName), name: d.fileName)
    }

    /// Version 1, when the model has a spec, base and benchmark data, and no head yet; nil otherwise.
    /// Another writer that took the head first wins, and its version is returned.
    func firstVersionIfNeeded(_ name: String) async throws -> ModelVersion? {
        let model = try await models.model(name)
        guard let spec = model.spec, try await models.head(name) == nil else { return nil }
        let data = try await jobs.modelData(name)
        guard let base = data[.base], let bench = data[.benchmark] else { return nil }
        let (baseFile, benchFile) = (dataFile(base), dataFile(bench))
        let dir = workDirectory.appendingPathComponent("version-1-\(randomHexID(bytes: 6))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let trainingPath = dir.appendingPathComponent("training.csv").path
        let (scored, training) = try await StoredData.offPool { () -> (EvaluationPipeline.Scored, LoadedDataset) in
            let loader = DatasetLoader(spec: spec)
            let training = try loader.load(baseFile), benchmark = try LoadedCache.shared.dataset(benchFile, spec: spec) ?? loader.load(benchFile)
            LoadedCache.shared.keep(benchFile, spec: spec, benchmark)
            // Contributions are filtered against this benchmark: index it once, now, beside the training.
            Parallel.detached { ContaminationFilter.index(benchmark) }
            var writer = try TrainingSetWriter(path: trainingPath, spec: spec)
            for row in training.rows { try writer.append(row) }
            try writer.close()
            let pipeline = try EvaluationPipeline(spec: spec, workDirectory: dir.appendingPathComponent("work"))
            return (try pipeline.scoreAlone(training: training, benchmark: benchmark), training)
        }
        let stored = try await artifacts.putBlob(body: Self.fileChunks(trainingPath))
        if let hash = scored.model.file.map({ Keccak256.hash($0) }) {
            try await storePredictions(scored.model.predictions, spec: spec, modelHash: hash, benchmark: bench)
        }
        let record = VersionRecord(model: name, version: 1, parent: nil, spec: spec, trainingRoot: training.fingerprint.root, trainingRecords: training.rows.count,
                                   modelHash: scored.model.file.map { Keccak256.hash($0) }, metric: scored.metric, interval: scored.interval,
                                   benchmarkRoot: Bytes32(hex: bench.root) ?? Merkle.emptyRoot, benchmarkRows: scored.benchmarkRows, method: scored.method)
        let source = try await storeModel(scored.model, spec: spec, record: record)
        let attestation = try await storeVersionAttestation(spec: spec, record: record, base: base.fileName, benchmark: bench.fileName)
        let entry = LineageEntry(modelName: name, version: 1, parentVersion: nil, trainingSha256: stored.sha256, trainingRoot: training.fingerprint.root.hex,
                                 trainingRecords: Int64(training.rows.count), consistencyProof: [], boosterSha256: source?.boosterSha256,
                                 modelHash: record.modelHash?.hex, metric: scored.metric, metricLow: scored.interval[0], metricHigh: scored.interval[1],
                                 deltaOneBps: 0, contributors: [], contributionId: nil, reportDigest: Keccak256.hash(record.json.serialized()).hex,
                                 attestationDigest: attestation.hex, createdMs: 0)
        var v = NewVersion()
        v.source = source?.uri ?? ""
        v.description = "Version 1, trained by Merit on the base data \(base.fileName) (\(training.rows.count) records)"
        v.tags = [KeyValue("merit.training_root", training.fingerprint.root.hex), KeyValue("merit.metric", String(scored.metric))]
        v.datasets = [(role: "training", root: training.fingerprint.root.hex, records: Int64(training.rows.count))]
        // The head as contributions read it, kept for the first of them (read from the stored file, as a cold worker reads it).
        await warm(trainingFile(entry), spec: spec)
        do {
            let created = try await models.advanceHead(name, expectedHead: nil, entry: entry, version: v, stage: "Production")
            await index(name, spec: spec, parentRecords: 0, leaves: { Merkle.leaves(training.recordHashes) })
            return created
        } catch let e as StoreError where e.code == .conflict {
            guard let head = try await models.head(name) else { throw e }
            return try await models.version(name, head.version)
        }
    }

    /// Reads `file` into the process's cache of datasets, unless it is there (best effort).
    func warm(_ file: DatasetFile, spec: ModelSpec) async {
        guard LoadedCache.shared.dataset(file, spec: spec) == nil else { return }
        if let data = try? await StoredData.offPool({ try DatasetLoader(spec: spec).load(file) }) { LoadedCache.shared.keep(file, spec: spec, data) }
    }

    /// Where a model's predictions on a benchmark are kept: named by the model's hash and the benchmark blob.
    static func predictionsPath(ticker: String, modelHash: Bytes32, benchmark: ModelData) -> String {
        "merit-registry/\(ticker)/predictions/\(modelHash.hex.dropFirst(2))-\(benchmark.sha256.prefix(16)).f64"
    }

    /// Keeps a version's predictions on the benchmark, so that contributions judged against it need not
    /// train it again (`EvaluationPipeline.KnownBaseline`): the spec's hash (32 bytes), then each
    /// prediction as a little-endian IEEE 754 double.
    func storePredictions(_ p: Predictions, spec: ModelSpec, modelHash: Bytes32, benchmark: ModelData) async throws {
        var bytes = spec.specHash.bytes
        bytes.reserveCapacity(32 + 8 * p.values.count)
        for v in p.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        _ = try await artifacts.put(path: Self.predictionsPath(ticker: spec.ticker, modelHash: modelHash, benchmark: benchmark), body: Self.chunks(bytes))
    }

    /// The head's predictions on the benchmark as kept when it was trained; nil when none were kept (a
    /// version made before they were, or by a trainer without a model file), and the baseline is trained again.
    func knownBaseline(spec: ModelSpec, head: LineageEntry, benchmark: ModelData) async -> EvaluationPipeline.KnownBaseline? {
        guard let hash = head.modelHash.flatMap(Bytes32.init(hex:)),
              let stored = try? await artifacts.entry(Self.predictionsPath(ticker: spec.ticker, modelHash: hash, benchmark: benchmark)),
              let bytes = try? await StoredData.offPool({ [UInt8](try Data(contentsOf: artifacts.file(stored))) }),
              bytes.count >= 32, (bytes.count - 32) % 8 == 0, Array(bytes[..<32]) == spec.specHash.bytes else { return nil }
        let values = stride(from: 32, to: bytes.count, by: 8).map { i in
            Double(bitPattern: bytes[i..<(i + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        }
        return EvaluationPipeline.KnownBaseline(predictions: Predictions(values: values), modelHash: hash)
    }

    /// Where version 1's signed record is stored, named by its digest (which the lineage entry keeps).
    static func versionAttestationPath(ticker: String, digest: Bytes32) -> String {
        "merit-registry/\(ticker)/versions/\(digest.hex.dropFirst(2)).json"
    }

    /// Signs version 1's record (`VersionAttestation`) with this process's key, when it has one, and stores
    /// it; returns its digest. Unsigned, it waits for a worker with a key (`addSignature`).
    func storeVersionAttestation(spec: ModelSpec, record: VersionRecord, base: String, benchmark: String) async throws -> Bytes32 {
        let signed = VersionAttestation.Record(
            ticker: spec.ticker, specHash: spec.specHash, metric: spec.metric.name, maximize: spec.metric.direction == .maximize,
            version: record.version ?? 1, trainingRoot: record.trainingRoot, trainingRecords: record.trainingRecords,
            benchmarkRoot: record.benchmarkRoot, benchmarkRecords: record.benchmarkRows, modelHash: record.modelHash ?? .zero,
            value: record.metric, interval: record.interval, method: record.method)
        var file = AttestationFile(typedData: try VersionAttestation.typedData(signed, domain: signing?.domain ?? domain),
                                   inputs: .init(spec: "model.json", base: base, benchmark: benchmark, contribution: ""),
                                   report: Keccak256.hash(record.json.serialized()))
        if let signing { try file.sign(with: signing.key) }
        let digest = try file.digest()
        _ = try await artifacts.put(path: Self.versionAttestationPath(ticker: spec.ticker, digest: digest), body: Self.chunks(Array(try file.json.serialized().utf8)))
        return digest
    }

    /// Version `entry`'s record as stored; nil for a version with none (a contribution's attestation binds it).
    func versionAttestation(spec: ModelSpec, entry: LineageEntry) async throws -> AttestationFile? {
        guard entry.contributionId == nil, let digest = entry.attestationDigest.flatMap(Bytes32.init(hex:)),
              let stored = try await artifacts.entry(Self.versionAttestationPath(ticker: spec.ticker, digest: digest)) else { return nil }
        let bytes = try await StoredData.offPool { try Data(contentsOf: artifacts.file(stored)) }
        return try AttestationFile(json: JSONValue.parse(Array(bytes), name: "version \(entry.version)'s record"), name: "version \(entry.version)'s record")
    }

    /// Adds this process's signature to version `entry`'s record when it lacks it (version 1 trained by a
    /// process without a key). Signatures are deterministic, so two workers with one key write the same bytes.
    func addSignature(spec: ModelSpec, entry: LineageEntry) async throws {
        guard let signing, var file = try await versionAttestation(spec: spec, entry: entry),
              !file.signatures.contains(where: { $0.signer == signing.key.address }), file.typedData.domain == signing.domain.json else { return }
        try file.sign(with: signing.key)
        _ = try await artifacts.put(path: Self.versionAttestationPath(ticker: spec.ticker, digest: try file.digest()), body: Self.chunks(Array(try file.json.serialized().utf8)))
    }

    /// Writes the next training set: the head's file with the accepted rows appended. Returns its blob.
    /// `prepared`: the file `writeTrainingSet` already wrote (beside the training); it is removed here.
    func nextTrainingSet(head: LineageEntry, spec: ModelSpec, contribution: LoadedDataset, accepted: [Int], prepared: String? = nil) async throws -> String {
        let path: String
        if let prepared { path = prepared } else {
            path = try await StoredData.offPool { try self.writeTrainingSet(head: head, spec: spec, contribution: contribution, accepted: accepted) }
        }
        defer { Self.discard(path) }
        return try await artifacts.putBlob(body: Self.fileChunks(path)).sha256
    }

    /// Writes the next training set (the head's file, then the accepted rows) to a file of its own in the
    /// work directory; its path. `discard` removes it.
    func writeTrainingSet(head: LineageEntry, spec: ModelSpec, contribution: LoadedDataset, accepted: [Int]) throws -> String {
        let dir = workDirectory.appendingPathComponent("training-\(randomHexID(bytes: 6))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("training.csv").path
        do {
            try FileManager.default.copyItem(atPath: artifacts.file(sha256: head.trainingSha256).path, toPath: path)
            var writer = try TrainingSetWriter(appendingTo: path, spec: spec)
            for i in accepted { try writer.append(contribution.rows[i]) }
            try writer.close()
        } catch {
            Self.discard(path)
            throw error
        }
        return path
    }

    /// Removes a file `writeTrainingSet` wrote, with its folder.
    static func discard(_ path: String?) {
        guard let path else { return }
        try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
    }

    /// What a stored model is: its MLflow source URI and the booster's blob.
    struct StoredModel { var uri: String; var boosterSha256: String }

    /// Stores a trained model in MLflow's format for XGBoost, under a path named by its hash (so the
    /// path is known before its version number); nil when the trainer keeps no model file.
    func storeModel(_ model: TrainedModel, spec: ModelSpec, record: VersionRecord) async throws -> StoredModel? {
        guard let file = model.file, let hash = record.modelHash else { return nil }
        let folder = "merit-registry/\(spec.ticker)/m-\(hash.hex.dropFirst(2).prefix(16))"
        let booster = try await artifacts.put(path: folder + "/model.json", body: Self.chunks(file))
        _ = try await artifacts.put(path: folder + "/MLmodel", body: Self.chunks(Array(Self.mlmodel(record: record).utf8)))
        if let encoding = model.encoding {
            _ = try await artifacts.put(path: folder + "/merit_encoding.json", body: Self.chunks(Array(encoding.serialized().utf8)))
        }
        _ = try await artifacts.put(path: folder + "/merit_version.json", body: Self.chunks(Array(record.json.serialized().utf8)))
        _ = try await artifacts.put(path: folder + "/requirements.txt", body: Self.chunks(Array("mlflow\nxgboost\n".utf8)))
        return StoredModel(uri: "mlflow-artifacts:/" + folder, boosterSha256: booster.sha256)
    }

    /// The `MLmodel` file: MLflow's xgboost and python_function flavors over `model.json`, and what Merit
    /// knows of the version. No creation time: the same model gives the same file.
    static func mlmodel(record: VersionRecord) -> String {
        """
        artifact_path: model
        flavors:
          python_function:
            data: model.json
            loader_module: mlflow.xgboost
          xgboost:
            code: null
            data: model.json
            model_class: xgboost.core.Booster
            model_format: json
            xgb_version: \(XGBoostTrainer.libraryVersion)
        metadata:
          merit_model: \(JSONValue.string(record.model).serialized())
          merit_training_root: '\(record.trainingRoot.hex)'
          merit_training_records: \(record.trainingRecords)
          merit_model_hash: '\(record.modelHash?.hex ?? "")'
          merit_feature_encoding: merit_encoding.json
        model_uuid: \(record.modelHash.map { String($0.hex.dropFirst(2).prefix(32)) } ?? "none")

        """
    }

    /// Bytes as one upload chunk.
    static func chunks(_ bytes: [UInt8]) -> AsyncStream<ByteBuffer> {
        AsyncStream { c in
            c.yield(ByteBuffer(bytes: bytes))
            c.finish()
        }
    }

    /// A file as upload chunks of 1 MiB.
    static func fileChunks(_ path: String) -> AsyncThrowingStream<ByteBuffer, any Error> {
        AsyncThrowingStream { c in
            guard let h = FileHandle(forReadingAtPath: path) else { c.finish(throwing: EvalError(.invalidArgument, "a training file disappeared before it was stored")); return }
            do {
                while let chunk = try h.read(upToCount: 1 << 20), !chunk.isEmpty { c.yield(ByteBuffer(bytes: chunk)) }
                c.finish()
            } catch { c.finish(throwing: error) }
            try? h.close()
        }
    }
}

/// What a Merit-trained version is, as `merit_version.json` beside its model records it and as its
/// lineage entry's report digest commits to (keccak256 of the file's bytes).
struct VersionRecord: Sendable {
    var model: String
    /// The version number, when known (a later version's is assigned as the head moves to it).
    var version: Int?
    var parent: Int?
    var spec: ModelSpec
    var trainingRoot: Bytes32
    var trainingRecords: Int
    var modelHash: Bytes32?
    var metric: Double
    var interval: [Double]
    var benchmarkRoot: Bytes32
    var benchmarkRows: Int
    var method: String

    var json: JSONValue {
        .object([
            .init("format", .string("merit.version.v1")),
            .init("model", .string(model)), .init("version", version.map { .number(String($0)) } ?? .null),
            .init("parent_version", parent.map { .number(String($0)) } ?? .null),
            .init("spec_hash", .string(spec.specHash.hex)),
            .init("training_root", .string(trainingRoot.hex)), .init("training_records", .number(String(trainingRecords))),
            .init("model_hash", modelHash.map { .string($0.hex) } ?? .null),
            .init("metric", .object([.init("name", .string(spec.metric.name.rawValue)), .init("direction", .string(spec.metric.direction.rawValue)),
                                     .init("value", .number(String(metric))),
                                     .init("interval_95", .array(interval.map { .number(String($0)) }))])),
            .init("benchmark", .object([.init("root", .string(benchmarkRoot.hex)), .init("records", .number(String(benchmarkRows)))])),
            .init("method", .string(method)),
            .init("merit_version", .string(MeritVersion.current)),
        ])
    }
}
