import MeritBase
import MeritCore

/// The job queue in memory, for unit tests: the same rules as `SQLJobQueue` (idempotency per key holder
/// and model, leases, attempts, late results ignored) over dictionaries in one actor.
public actor MemoryJobQueue: JobQueue {
    public nonisolated let leaseMs: Int64
    let maxAttempts: Int
    let now: MillisecondClock
    var jobs: [String: Contribution] = [:]
    var data: [String: [DataRole: ModelData]] = [:]
    var sequence = 0
    var order: [String: Int] = [:]

    /// Creates an empty queue.
    public init(clock: @escaping MillisecondClock = systemMilliseconds, leaseMs: Int64 = 10_000, maxAttempts: Int = 3) {
        self.now = clock; self.leaseMs = leaseMs; self.maxAttempts = maxAttempts
    }

    public func setModelData(_ d: ModelData) async throws { data[d.modelName, default: [:]][d.role] = d }

    public func modelData(_ model: String) async throws -> [DataRole: ModelData] { data[model] ?? [:] }

    public func submit(model: String, idempotencyKey: String?, submittedBy: String, contributors: [Contributor],
                       sha256: String, fileName: String, size: Int64) async throws -> (Contribution, created: Bool) {
        if let key = idempotencyKey,
           let existing = jobs.values.first(where: { $0.modelName == model && $0.submittedBy == submittedBy && $0.idempotencyKey == key }) {
            return (existing, false)
        }
        let t = now()
        let c = Contribution(id: "c-" + randomHexID(), modelName: model, idempotencyKey: idempotencyKey, submittedBy: submittedBy,
                             contributors: contributors, sha256: sha256, fileName: fileName, size: size, state: .queued, attempts: 0,
                             claimedBy: nil, leaseUntilMs: nil, reportJSON: nil, attestationJSON: nil, error: nil, createdMs: t, updatedMs: t)
        jobs[c.id] = c
        sequence += 1
        order[c.id] = sequence
        return (c, true)
    }

    public func contribution(_ id: String) async throws -> Contribution {
        guard let c = jobs[id] else { throw StoreError(.notFound, "contribution '\(id)' not found") }
        return c
    }

    public func contributions(model: String?, state: JobState?, limit: Int) async throws -> [Contribution] {
        let all = jobs.values.sorted { ($0.createdMs, order[$0.id] ?? 0) > ($1.createdMs, order[$1.id] ?? 0) }
        return Array(all.filter { (model == nil || $0.modelName == model) && (state == nil || $0.state == state) }.prefix(limit))
    }

    public func countsByState() async throws -> [JobState: Int] {
        var out = Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0, 0) })
        for c in jobs.values { out[c.state, default: 0] += 1 }
        return out
    }

    public func claim(worker: String, isGone: @escaping @Sendable (String) -> Bool) async throws -> Contribution? {
        let t = now()
        for (id, c) in jobs where c.state == .running {
            let expired = (c.leaseUntilMs ?? 0) < t || (c.claimedBy.map { $0 != worker && isGone($0) } ?? false)
            guard expired else { continue }
            if c.attempts >= maxAttempts {
                jobs[id]?.state = .failed; jobs[id]?.error = "the worker stopped during every attempt"; jobs[id]?.updatedMs = t
            } else {
                jobs[id]?.leaseUntilMs = t - 1
            }
        }
        let candidates = jobs.values.filter { $0.state == .queued || ($0.state == .running && ($0.leaseUntilMs ?? 0) < t) }
        guard let next = candidates.min(by: { ($0.createdMs, order[$0.id] ?? 0) < ($1.createdMs, order[$1.id] ?? 0) }) else { return nil }
        var c = next
        c.state = .running; c.claimedBy = worker; c.leaseUntilMs = t + leaseMs; c.attempts += 1; c.updatedMs = t
        jobs[c.id] = c
        return c
    }

    public func renew(_ id: String, worker: String) async throws -> Bool {
        guard let c = jobs[id], c.claimedBy == worker, c.state == .running else { return false }
        jobs[id]?.leaseUntilMs = now() + leaseMs
        return true
    }

    public func finish(_ id: String, worker: String, state: JobState, reportJSON: String?, attestationJSON: String?, error: String?) async throws {
        guard let c = jobs[id], c.claimedBy == worker, c.state == .running else { return }
        jobs[id] = Contribution(id: c.id, modelName: c.modelName, idempotencyKey: c.idempotencyKey, submittedBy: c.submittedBy,
                                contributors: c.contributors, sha256: c.sha256, fileName: c.fileName, size: c.size, state: state,
                                attempts: c.attempts, claimedBy: c.claimedBy, leaseUntilMs: nil, reportJSON: reportJSON,
                                attestationJSON: attestationJSON, error: error, createdMs: c.createdMs, updatedMs: now())
    }
}
