import Dispatch
import Foundation
import Logging
import MeritBase
import MeritCore
import MeritData
import MeritEthereum
import MeritEval
import MeritStore

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
            try? await Task.sleep(for: pollInterval)
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
        } catch {
            try? await jobs.finish(job.id, worker: id, state: .failed, reportJSON: nil, attestationJSON: nil, error: publicMessage(error))
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
    }

    func evaluate(_ job: Contribution) async throws -> Outcome {
        let model = try await stores.models.model(job.modelName)
        guard let spec = model.spec else {
            return Outcome(state: .rejected, error: "model '\(model.name)' was not created from a spec (POST /api/v1/models), so it cannot be evaluated")
        }
        let data = try await jobs.modelData(model.name)
        guard let base = data[.base], let bench = data[.benchmark] else {
            return Outcome(state: .rejected, error: "model '\(model.name)' has no registered base and benchmark data (PUT /api/v1/models/\(model.name)/data/base and /benchmark)")
        }
        let dir = workDirectory.appendingPathComponent(job.id)
        try? FileManager.default.removeItem(at: dir)
        func stored(_ sha: String, _ name: String) -> DatasetFile {
            DatasetFile(path: stores.artifacts.file(sha256: sha).path, format: DatasetFormat(fileName: name), name: name)
        }
        let (baseFile, benchFile, contribFile) = (stored(base.sha256, base.fileName), stored(bench.sha256, bench.fileName), stored(job.sha256, job.fileName))
        let contributors = job.contributors
        let signing = self.signing
        let work = dir.appendingPathComponent("work")
        // The evaluation is CPU work: run it off the concurrency pool so the server stays responsive.
        let result: Result<Outcome, Error> = await withCheckedContinuation { cont in
            DispatchQueue.global().async {
                cont.resume(returning: Result {
                    let pipeline = try EvaluationPipeline(spec: spec, workDirectory: work)
                    let (report, _) = try pipeline.run(base: baseFile, benchmark: benchFile, contribution: contribFile)
                    let reportBytes = try EvaluationPipeline.encode(report)
                    let reportText = String(decoding: reportBytes, as: UTF8.self)
                    guard report.results != nil else { return Outcome(state: .rejected, report: reportText, error: report.reason) }
                    var attestation: String? = nil
                    if let signing {
                        let td = try DeltaOneAttestation.typedData(report: report, contributors: contributors, domain: signing.domain)
                        var file = AttestationFile(typedData: td, inputs: .init(spec: "model.json", base: base.fileName, benchmark: bench.fileName, contribution: job.fileName),
                                                   report: Keccak256.hash(Array(reportBytes)))
                        try file.sign(with: signing.key)
                        attestation = try file.json.serialized()
                    }
                    return Outcome(state: .done, report: reportText, attestation: attestation)
                })
            }
        }
        try? FileManager.default.removeItem(at: dir)
        do { return try result.get() } catch let e as EvalError where e.code == .inputRejected {
            return Outcome(state: .rejected, error: publicMessage(e))
        } catch let e as DataError {
            return Outcome(state: .rejected, error: publicMessage(e))
        }
    }
}
