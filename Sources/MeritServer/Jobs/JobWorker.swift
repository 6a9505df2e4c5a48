import Dispatch
import Foundation
import Logging
import MeritBase
import MeritCore
import MeritData
import MeritEthereum
import MeritEval
import MeritStore
import MeritToken
import Synchronization

/// Runs contribution jobs: claims one, evaluates it against the model's registered base and benchmark
/// data, stores the report and a signed attestation, and repeats. Several workers (in `merit serve` or
/// `merit worker` processes) can share a PostgreSQL database; each job is held by one lease at a time.
public struct JobWorker: Sendable {
    /// Signing settings for attestations.
    public struct Signing: Sendable {
        /// The server's key.
        public var key: Secp256k1.PrivateKey
        /// The EIP-712 domain.
        public var domain: DeltaOneAttestation.Domain
        /// Creates the settings.
        public init(key: Secp256k1.PrivateKey, domain: DeltaOneAttestation.Domain) { self.key = key; self.domain = domain }
    }

    let stores: Stores
    let jobs: any JobQueue
    let signing: Signing?
    let workDirectory: URL
    /// This worker's id (host, process and a random part; shown in job records).
    public let id: String
    let logger: Logger

    /// Creates a worker.
    /// Creates a worker over the stores; `jobs` replaces their queue (an in-memory one in unit tests).
    public init(stores: Stores, jobs: (any JobQueue)? = nil, signing: Signing?, workDirectory: URL, logger: Logger = Logger(label: "merit.worker")) {
        self.stores = stores; self.jobs = jobs ?? stores.jobs; self.signing = signing; self.workDirectory = workDirectory; self.logger = logger
        self.id = "\(ProcessInfo.processInfo.hostName)-\(getpid())-\(randomHexID(bytes: 3))"
    }

    /// Whether the worker with this id (`host-pid-random`) was a process on this host that no longer
    /// exists. A reused pid reads as alive, and the job then waits for its lease as on another host.
    @Sendable public static func isGone(_ worker: String) -> Bool {
        let parts = worker.split(separator: "-")
        guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), pid > 0 else { return false }
        guard parts.dropLast(2).joined(separator: "-") == ProcessInfo.processInfo.hostName, pid != getpid() else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Runs until the task is cancelled.
    public func run(pollInterval: Duration = .milliseconds(250)) async {
        while !Task.isCancelled {
            do {
                if let job = try await jobs.claim(worker: id, isGone: Self.isGone) {
                    await process(job)
                    continue
                }
            } catch {
                logger.error("claiming a job failed: \(error)")
            }
            await Doorbell.jobs.wait(upTo: pollInterval)
        }
    }

    /// Processes one claimed job to the end; never throws (the outcome is recorded on the job).
    public func process(_ job: Contribution) async {
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(jobs.leaseMs / 5)))
                if Task.isCancelled { return }
                _ = try? await jobs.renew(job.id, worker: id)
            }
        }
        defer { heartbeat.cancel() }
        do {
            let outcome = try await evaluate(job)
            try await jobs.finish(job.id, worker: id, state: outcome.state, reportJSON: outcome.report, attestationJSON: outcome.attestation, error: outcome.error)
            logger.info("contribution \(job.id): \(outcome.state.rawValue)")
            Doorbell.finished.ring()
            if let afterwards = outcome.afterwards { await afterwards() }
        } catch {
            try? await jobs.finish(job.id, worker: id, state: .failed, reportJSON: nil, attestationJSON: nil, error: publicMessage(error))
            Doorbell.finished.ring()
            logger.error("contribution \(job.id) failed: \(String(describing: error))")
        }
    }

    /// What a job record may say about an error: the API shows it to every reader, so Merit's own
    /// errors (which never quote data) keep their text with the server's folders taken out, and any
    /// other error is named only by its kind; the log keeps the whole of it.
    func publicMessage(_ error: any Error) -> String {
        let text: String
        switch error {
        case let e as DataError: text = e.description
        case let e as EvalError: text = e.description
        case let e as CoreError: text = e.description
        default: return "the evaluation failed on the server (\(type(of: error))); the server's log says why"
        }
        var out = text
        for folder in [workDirectory.path, stores.artifacts.root.path] where !folder.isEmpty {
            out = out.replacingOccurrences(of: folder, with: "…")
        }
        return out
    }

    struct Outcome: Sendable {
        var state: JobState
        var report: String?
        var attestation: String?
        var error: String?
        /// What follows once the job is finished (the new version's proof index, the new head read for
        /// the next contribution): none of it decides anything, so the contributor need not wait for it.
        var afterwards: (@Sendable () async -> Void)? = nil
    }

    /// How many times a paid job is judged again when other jobs moved the head first.
    static let headRetries = 8

    /// Judges the job against the model's head (training version 1 first if the model has none); a paid
    /// contribution becomes the next version, and the head moves to it by compare-and-swap. When another
    /// job moved the head first, the job is judged again against the new head.
    func evaluate(_ job: Contribution) async throws -> Outcome {
        let model = try await stores.models.model(job.modelName)
        guard let spec = model.spec else {
            return Outcome(state: .rejected, error: "model '\(model.name)' was not created from a spec (POST /api/v1/models), so it cannot be evaluated")
        }
        let data = try await jobs.modelData(model.name)
        guard data[.base] != nil, let bench = data[.benchmark] else {
            return Outcome(state: .rejected, error: "model '\(model.name)' has no registered base and benchmark data (PUT /api/v1/models/\(model.name)/data/base and /benchmark)")
        }
        let builder = VersionBuilder(models: stores.models, artifacts: stores.artifacts, jobs: jobs, workDirectory: workDirectory, signing: signing)
        do { _ = try await builder.firstVersionIfNeeded(model.name) } catch let e as EvalError where e.code == .inputRejected {
            return Outcome(state: .rejected, error: "version 1 of model '\(model.name)' cannot be trained from its base data: \(publicMessage(e))")
        } catch let e as DataError {
            return Outcome(state: .rejected, error: "version 1 of model '\(model.name)' cannot be trained from its base data: \(publicMessage(e))")
        }
        for _ in 0..<Self.headRetries {
            let lineage = try await stores.models.lineage(model.name)
            if let first = lineage.first(where: { $0.version == 1 }) {
                do { try await builder.addSignature(spec: spec, entry: first) } catch { logger.error("signing version 1's record of '\(model.name)' failed: \(error)") }
            }
            // A job whose version was recorded before its worker stopped is judged again against the same
            // parent (which gives the same bytes), and the head does not move twice.
            let recorded = lineage.first { $0.contributionId == job.id }
            let against: LineageEntry?
            if let recorded { against = lineage.first { $0.version == recorded.parentVersion } } else { against = try await stores.models.head(model.name) }
            guard let against else {
                return Outcome(state: .rejected, error: "model '\(model.name)' has no version to judge contributions against")
            }
            let judged = try await judge(job, spec: spec, against: against, benchmark: bench, builder: builder)
            defer { VersionBuilder.discard(judged.preparedTraining) }  // used by `record`, or not at all
            if let t = judged.evaluation?.timings {
                logger.info("contribution \(job.id): judged against version \(against.version): reading \(String(format: "%.2f", t.readingAndValidation)) s, fingerprints \(String(format: "%.2f", t.fingerprinting)) s, training \(String(format: "%.2f", t.training)) s, comparison \(String(format: "%.2f", t.evaluation)) s\(judged.reused.isEmpty ? "" : " (" + judged.reused.joined(separator: "; ") + ")")")
            }
            if let trained = judged.evaluation?.report.lineage, trained.baselineModelHash != .zero, let recordedHash = against.modelHash,
               trained.baselineModelHash.hex != recordedHash {
                // Retraining a version from its training set must give the same model; if not, an attestation
                // would name a baseline that is not the head. Say so loudly: the trainer is not deterministic.
                logger.error("contribution \(job.id): retraining version \(against.version) gave model \(trained.baselineModelHash.hex), not the recorded \(recordedHash); the trainer is not deterministic on this machine")
            }
            guard judged.outcome.state == .done, let e = judged.evaluation, e.report.status == .awarded, recorded == nil else { return judged.outcome }
            do {
                let started = ContinuousClock.now
                let v = try await record(job, spec: spec, head: against, evaluation: e, reportBytes: judged.reportBytes, attestationDigest: judged.attestationDigest,
                                         benchmark: bench, builder: builder, preparedTraining: judged.preparedTraining)
                let took = ContinuousClock.now - started
                logger.info("contribution \(job.id): model '\(model.name)' version \(v.version) (head moved from version \(against.version)), recorded in \(String(format: "%.2f", Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18)) s")
                await mint(job, spec: spec, attestation: judged.outcome.attestation)
                var outcome = judged.outcome
                let entry = try? await stores.models.lineage(model.name).first(where: { $0.version == v.version })
                let leaves = e.acceptedLeaves, parentRecords = Int(against.trainingRecords), name = model.name
                outcome.afterwards = {
                    // A proof asked for before the index has these rows appends them itself (VersionBuilder.indexed).
                    await builder.index(name, spec: spec, parentRecords: parentRecords, leaves: { leaves })
                    if let entry { await builder.warm(builder.trainingFile(entry), spec: spec) }
                }
                return outcome
            } catch let e as StoreError where e.code == .conflict {
                logger.info("contribution \(job.id): the head of '\(model.name)' moved while it was judged; judging it again")
            }
        }
        throw EvalError(.invalidArgument, "the head of model '\(model.name)' moved \(Self.headRetries) times while this contribution was judged; it will be judged again")
    }

    /// Mints the paid contribution's tokens from its attestation on the model's ledger (once per nonce).
    /// A model whose token is not launched, or a server that signs nothing, mints nothing; the owner can
    /// mint later with `POST /api/v1/models/{name}/ledger/mint`.
    func mint(_ job: Contribution, spec: ModelSpec, attestation: String?) async {
        guard let signing, let attestation else { logger.info("contribution \(job.id): no attestation, so no tokens minted"); return }
        do {
            guard try await stores.ledger.state(spec.ticker).count > 0 else {
                logger.info("contribution \(job.id): the token \(spec.ticker) is not launched (no token.owner_address), so no tokens minted")
                return
            }
            let file = try AttestationFile(json: JSONValue.parse(attestation, name: "attestation"), name: "attestation")
            let request = try TokenMinting.mintRequest(file, spec: spec, attesters: Attesters(addresses: [signing.key.address], domain: signing.domain))
            let out = try await stores.ledger.submit(spec.ticker, .mint(request), time: UInt64(max(0, Date().timeIntervalSince1970)))
            logger.info("contribution \(job.id): \(out.replay ? "already minted in" : "minted as") ledger entry \(out.entry.sequence) of \(spec.ticker)")
        } catch {
            logger.error("contribution \(job.id): minting its tokens failed: \(error); the owner can mint it again with POST /api/v1/models/{name}/ledger/mint")
        }
    }

    /// A judgment and what recording it as a version needs.
    struct Judged: Sendable {
        var outcome: Outcome
        var evaluation: EvaluationPipeline.Evaluation?
        var reportBytes: [UInt8] = []
        var attestationDigest: Bytes32?
        /// What was not done again: "head and benchmark kept in memory", "baseline's predictions kept".
        var reused: [String] = []
        /// The next training set, written beside the training (`VersionBuilder.writeTrainingSet`).
        var preparedTraining: String?
    }

    /// Where the work beside a training leaves the next training set's file.
    final class PreparedTraining: Sendable {
        let path = Mutex<String?>(nil)
    }

    /// Evaluates the job's file against a version's training set and the benchmark, and signs the result.
    /// The head and the benchmark come from the process's cache when it holds them, and the baseline's
    /// predictions from those kept when the head was trained; either way the report is the same bytes.
    func judge(_ job: Contribution, spec: ModelSpec, against head: LineageEntry, benchmark bench: ModelData, builder: VersionBuilder) async throws -> Judged {
        let dir = workDirectory.appendingPathComponent(job.id)
        try? FileManager.default.removeItem(at: dir)
        let baseFile = builder.trainingFile(head), benchmark = builder.dataFile(bench)
        let cache = LoadedCache.shared
        let baseInput: EvaluationPipeline.Input = cache.dataset(baseFile, spec: spec).map { .loaded($0) } ?? .file(baseFile)
        let benchInput: EvaluationPipeline.Input = cache.dataset(benchmark, spec: spec).map { .loaded($0) } ?? .file(benchmark)
        let known = await builder.knownBaseline(spec: spec, head: head, benchmark: bench)
        let contribFile = DatasetFile(path: stores.artifacts.file(sha256: job.sha256).path, format: DatasetFormat(fileName: job.fileName), name: job.fileName)
        let contributors = job.contributors
        let signing = self.signing
        let work = dir.appendingPathComponent("work")
        let prepared = PreparedTraining()
        // The evaluation is CPU work: run it off the concurrency pool so the server stays responsive.
        let result: Result<Judged, Error> = await withCheckedContinuation { cont in
            Parallel.detached {
                cont.resume(returning: Result {
                    var pipeline = try EvaluationPipeline(spec: spec, workDirectory: work)
                    // The next training set does not depend on the training: it is written beside it.
                    pipeline.besideTraining = { contribution, accepted in
                        let path = try? builder.writeTrainingSet(head: head, spec: spec, contribution: contribution, accepted: accepted)
                        prepared.path.withLock { $0 = path }
                    }
                    let e = try pipeline.judge(base: baseInput, benchmark: benchInput, contribution: contribFile, parentVersion: head.version, baseline: known)
                    if let b = e.base { cache.keep(baseFile, spec: spec, b) }
                    if let b = e.benchmark { cache.keep(benchmark, spec: spec, b) }
                    let reportBytes = try EvaluationPipeline.encode(e.report)
                    let reportText = String(decoding: reportBytes, as: UTF8.self)
                    guard e.report.results != nil else { return Judged(outcome: Outcome(state: .rejected, report: reportText, error: e.report.reason), evaluation: e) }
                    var attestation: String? = nil, digest: Bytes32? = nil
                    if let signing {
                        let td = try DeltaOneAttestation.typedData(report: e.report, contributors: contributors, domain: signing.domain)
                        var file = AttestationFile(typedData: td, inputs: .init(spec: "model.json", base: baseFile.name, benchmark: benchmark.name, contribution: job.fileName),
                                                   report: Keccak256.hash(Array(reportBytes)))
                        try file.sign(with: signing.key)
                        attestation = try file.json.serialized()
                        digest = try file.digest()
                    }
                    return Judged(outcome: Outcome(state: .done, report: reportText, attestation: attestation), evaluation: e,
                                  reportBytes: Array(reportBytes), attestationDigest: digest)
                })
            }
        }
        try? FileManager.default.removeItem(at: dir)
        var reused: [String] = []
        if case .loaded = baseInput { reused.append("head kept in memory") }
        if case .loaded = benchInput { reused.append("benchmark kept in memory") }
        if known != nil { reused.append("baseline's predictions kept") }
        let preparedPath = prepared.path.withLock { $0 }
        do { var r = try result.get(); r.reused = reused; r.preparedTraining = preparedPath; return r } catch let e as EvalError where e.code == .inputRejected {
            VersionBuilder.discard(preparedPath)
            return Judged(outcome: Outcome(state: .rejected, error: publicMessage(e)))
        } catch let e as DataError {
            VersionBuilder.discard(preparedPath)
            return Judged(outcome: Outcome(state: .rejected, error: publicMessage(e)))
        } catch {
            VersionBuilder.discard(preparedPath)
            throw error
        }
    }

    /// Records a paid contribution as the next version: its training set, its model, its lineage, and the
    /// head moved to it (or a conflict when the head moved first).
    func record(_ job: Contribution, spec: ModelSpec, head: LineageEntry, evaluation e: EvaluationPipeline.Evaluation, reportBytes: [UInt8],
                attestationDigest: Bytes32?, benchmark bench: ModelData, builder: VersionBuilder, preparedTraining: String? = nil) async throws -> ModelVersion {
        guard let r = e.report.results else { throw EvalError(.invalidArgument, "only a judged contribution becomes a version") }
        // The training set, the model and its predictions are written at once: none needs another.
        async let training = builder.nextTrainingSet(head: head, spec: spec, contribution: e.contribution, accepted: e.accepted, prepared: preparedTraining)
        let modelHash = e.candidate?.file.map { Keccak256.hash($0) }
        let versionRecord = VersionRecord(model: job.modelName, version: nil, parent: head.version, spec: spec, trainingRoot: e.report.accepted.trainingRoot,
                                          trainingRecords: e.report.accepted.trainingRecords, modelHash: modelHash, metric: r.improved,
                                          interval: r.bootstrap.candidateInterval, benchmarkRoot: e.report.inputs.benchmark.fingerprint.root,
                                          benchmarkRows: r.benchmarkRows, method: r.method)
        async let predictions: Void = {
            if let candidate = e.candidate, let modelHash {
                try await builder.storePredictions(candidate.predictions, spec: spec, modelHash: modelHash, benchmark: bench)
            }
        }()
        var stored: VersionBuilder.StoredModel? = nil
        if let candidate = e.candidate { stored = try await builder.storeModel(candidate, spec: spec, record: versionRecord) }
        let trainingSha = try await training
        try await predictions
        let entry = LineageEntry(modelName: job.modelName, version: 0, parentVersion: head.version, trainingSha256: trainingSha,
                                 trainingRoot: e.report.accepted.trainingRoot.hex, trainingRecords: Int64(e.report.accepted.trainingRecords),
                                 consistencyProof: e.report.accepted.consistencyProof.map(\.hex), boosterSha256: stored?.boosterSha256, modelHash: modelHash?.hex,
                                 metric: r.improved, metricLow: r.bootstrap.candidateInterval[0], metricHigh: r.bootstrap.candidateInterval[1],
                                 deltaOneBps: r.awardedBps, contributors: job.contributors, contributionId: job.id,
                                 reportDigest: Keccak256.hash(reportBytes).hex, attestationDigest: attestationDigest?.hex, createdMs: 0)
        var v = NewVersion()
        v.source = stored?.uri ?? ""
        v.parentVersion = head.version
        v.description = "Trained by Merit: version \(head.version) plus the \(e.accepted.count) accepted rows of contribution \(job.id) (\(String(format: "%.2f", Double(r.awardedBps) / 100)) DeltaOnes)"
        v.tags = [KeyValue("merit.contribution", job.id), KeyValue("merit.training_root", entry.trainingRoot), KeyValue("merit.metric", String(r.improved))]
        v.datasets = [(role: "training", root: entry.trainingRoot, records: entry.trainingRecords)]
        let created = try await stores.models.advanceHead(job.modelName, expectedHead: head.version, entry: entry, version: v,
                                                          stage: spec.effectivePromotion == .automatic ? "Production" : nil)
        return created
    }
}
