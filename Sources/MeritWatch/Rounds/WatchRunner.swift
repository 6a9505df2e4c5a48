import AsyncHTTPClient
import Foundation
import MeritEthereum
import MeritCore
import Synchronization

/// Runs one measurement round: every task and the identity probes against every endpoint, each
/// endpoint with its own concurrency bound, then scores, judges identity and signs the record.
///
/// A request that fails scores zero for its document (failing cannot raise a score) and is counted
/// under its error class.
public struct WatchRunner: Sendable {
    /// An endpoint to measure, with its key resolved from the environment.
    public struct Target: Sendable {
        /// The stored endpoint.
        public var record: WatchedEndpoint
        /// The API key, if it needs one.
        public var apiKey: String?
        /// Creates a target.
        public init(record: WatchedEndpoint, apiKey: String?) { self.record = record; self.apiKey = apiKey }
    }

    /// What a round produced.
    public struct Outcome: Sendable {
        /// The signed record.
        public var record: RoundRecord
        /// The data it commits to.
        public var data: RoundData
        /// Scores: endpoint, task, metric key, score.
        public var scores: [(endpoint: String, task: String, metric: String, score: TaskScoring.Score, primary: Bool)]
        /// QoS by endpoint.
        public var qos: [String: QoSSummary]
        /// Identity verdicts by endpoint.
        public var identity: [String: IdentityCheck.Verdict]
        /// Seconds the measurements took.
        public var seconds: Double
    }

    let http: HTTPClient
    let key: Secp256k1.PrivateKey
    let probeCount: Int
    let probeTokens: Int
    let meritVersion: String
    let progress: @Sendable (String, Double) -> Void

    /// Creates a runner. `progress` receives a stage name and the fraction of requests done.
    public init(http: HTTPClient, key: Secp256k1.PrivateKey, probeCount: Int = 16, probeTokens: Int = 16, meritVersion: String,
                progress: @escaping @Sendable (String, Double) -> Void = { _, _ in }) {
        self.http = http; self.key = key; self.probeCount = probeCount; self.probeTokens = probeTokens
        self.meritVersion = meritVersion; self.progress = progress
    }

    /// One request of the round's work list.
    enum Work: Sendable {
        case loglikelihood(task: Int, item: Int, choice: Int)
        case generate(task: Int, item: Int)
        case probe(Int)
    }

    /// Answers of one endpoint, by work index.
    enum Answer: Sendable, Equatable {
        case loglikelihood(Double)
        case text(String)
        case failed(ErrorClass)
        /// The endpoint's API cannot answer this kind of request (log-likelihood on a chat endpoint).
        case unsupported
    }

    /// Runs the round.
    public func run(round: UInt64, previous: Bytes32, startedAt: UInt64, targets: [Target], plans: [TaskPlan]) async throws -> Outcome {
        let seedSignature = key.sign(digest: ProbePrompts.seedMessage(round: round, previous: previous))
        let probeSeed = Keccak256.hash(seedSignature.bytes)
        let probes = ProbePrompts.generate(seed: probeSeed, count: probeCount)
        var work: [Work] = []
        for (t, plan) in plans.enumerated() {
            for (i, item) in plan.items.enumerated() {
                switch plan.config.outputType {
                case .multipleChoice: for c in item.continuations.indices { work.append(.loglikelihood(task: t, item: i, choice: c)) }
                case .generateUntil: work.append(.generate(task: t, item: i))
                }
            }
        }
        for p in probes.indices { work.append(.probe(p)) }
        let totalRequests = work.count * targets.count
        let done = Counter()
        let clock = ContinuousClock()
        let start = clock.now
        let frozenWork = work
        let multipleChoice = plans.contains { $0.config.outputType == .multipleChoice }
        let results: [EndpointResult] = try await withThrowingTaskGroup(of: EndpointResult.self) { group in
            for target in targets {
                group.addTask {
                    let recorder = QoSRecorder()
                    let t = EndpointTarget(baseURL: target.record.url, model: target.record.model, apiKey: target.apiKey,
                                           concurrency: target.record.concurrency, timeoutSeconds: Double(target.record.timeoutMs) / 1000,
                                           api: EndpointTarget.API(rawValue: target.record.api) ?? .completions)
                    let client = OpenAICompletionsClient(target: t, http: http, observer: { recorder.record($0) })
                    // Before the work: what the endpoint supports (not counted), and whether its echoed
                    // logprobs can be trusted (counted: they are requests like any other).
                    let capabilities = await client.discover()
                    let selfCheck = multipleChoice && t.api == .completions ? await LoglikelihoodSelfCheck.run(client) : nil
                    let (answers, latencies) = await Self.execute(frozenWork, plans: plans, probes: probes, probeTokens: probeTokens,
                                                                  client: client, concurrency: target.record.concurrency) {
                        let n = done.increment()
                        progress("round \(round): \(totalRequests) requests to \(targets.count) endpoint\(targets.count == 1 ? "" : "s")", Double(n) / Double(max(totalRequests, 1)))
                    }
                    var summary = recorder.summary()
                    summary.capabilities = capabilities
                    summary.loglikelihoodCheck = selfCheck
                    return EndpointResult(endpoint: target.record.id, answers: answers, latencies: latencies, qos: summary)
                }
            }
            var out: [EndpointResult] = []
            for try await r in group { out.append(r) }
            return out.sorted { $0.endpoint < $1.endpoint }
        }
        let seconds = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
        return try assemble(round: round, previous: previous, startedAt: startedAt, probeSeed: probeSeed, seedSignature: seedSignature,
                            probes: probes, targets: targets, plans: plans, work: work, results: results, seconds: seconds)
    }

    /// One endpoint's part of a round: answers and latencies by work index, and its QoS summary (with
    /// what it supports and its log-likelihood self-check).
    struct EndpointResult: Sendable {
        var endpoint: String
        var answers: [Answer]
        var latencies: [UInt64]
        var qos: QoSSummary
    }

    final class Counter: Sendable {
        let value = Atomic<Int>(0)
        func increment() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
    }

    /// Sends the work list: the tasks' requests with `concurrency` in flight, then the identity probes one at
    /// a time, so that they never compete with each other (a server may cut off a stream when another
    /// request arrives) and their streamed timings are the endpoint's alone. Answers and latencies by index.
    static func execute(_ work: [Work], plans: [TaskPlan], probes: [String], probeTokens: Int, client: OpenAICompletionsClient,
                        concurrency: Int, tick: @escaping @Sendable () -> Void) async -> ([Answer], [UInt64]) {
        let breaker = Breaker()
        let answers = Slots<Answer>(repeating: .failed(.malformed), count: work.count)
        let latencies = Slots<UInt64>(repeating: 0, count: work.count)
        let isProbe = { (w: Work) -> Bool in if case .probe = w { return true }; return false }
        for (indices, inFlight) in [(work.indices.filter { !isProbe(work[$0]) }, concurrency), (work.indices.filter { isProbe(work[$0]) }, 1)] {
            let next = Counter()
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<max(1, min(inFlight, indices.count)) {
                    group.addTask {
                        while true {
                            let n = next.increment() - 1
                            guard n < indices.count else { return }
                            let k = indices[n]
                            let (answer, latency) = await Self.request(work[k], plans: plans, probes: probes, probeTokens: probeTokens, client: client, breaker: breaker)
                            answers.set(k, answer)
                            latencies.set(k, latency)
                            tick()
                        }
                    }
                }
            }
        }
        return (answers.values, latencies.values)
    }

    /// One request of the work list, unless the endpoint is down or its API cannot answer it.
    static func request(_ work: Work, plans: [TaskPlan], probes: [String], probeTokens: Int, client: OpenAICompletionsClient,
                       breaker: Breaker) async -> (Answer, UInt64) {
        // The endpoint is down: the rest of its work fails without being sent.
        if let down = breaker.open { return (.failed(down), 0) }
        if case .loglikelihood = work, client.target.api == .chat { return (.unsupported, 0) }
        do {
            let answer: Answer, latency: UInt64
            switch work {
            case .loglikelihood(let t, let i, let c):
                let item = plans[t].items[i]
                let r = try await client.loglikelihood(context: item.context, continuation: item.continuations[c])
                (answer, latency) = (.loglikelihood(r.value), r.timing.latencyMicros)
            case .generate(let t, let i):
                let plan = plans[t]
                let until = plan.config.until ?? [plan.config.fewshotDelimiter]
                let r = try await client.complete(prompt: plan.items[i].context, until: until, maxTokens: plan.config.maxGenTokens, stream: false)
                (answer, latency) = (.text(r.text), r.timing.latencyMicros)
            case .probe(let p):
                let r = try await client.complete(prompt: probes[p], until: ["\n"], maxTokens: probeTokens, stream: true)
                (answer, latency) = (.text(r.text), r.timing.latencyMicros)
            }
            breaker.record(nil)
            return (answer, latency)
        } catch let f as EndpointFailure {
            breaker.record(f.errorClass)
            return (.failed(f.errorClass), 0)
        } catch {
            breaker.record(.refused)
            return (.failed(.refused), 0)
        }
    }
}

/// Stops sending to an endpoint after `limit` connection failures or timeouts in a row, so a
/// dead endpoint costs a few timeouts rather than one per request. Other failures end a run; an
/// interrupted stream is retried without streaming, and only the retry's outcome counts here.
final class Breaker: Sendable {
    static let limit = 8
    private let state = Mutex<(run: Int, tripped: ErrorClass?)>((0, nil))

    var open: ErrorClass? { state.withLock { $0.tripped } }

    func record(_ failure: ErrorClass?) {
        state.withLock { s in
            guard let failure, failure == .refused || failure == .timeout else { s.run = 0; return }
            s.run += 1
            if s.run >= Self.limit { s.tripped = failure }
        }
    }
}

/// Results written by index from concurrent tasks.
final class Slots<T: Sendable>: Sendable {
    private let storage: Mutex<[T]>
    init(repeating v: T, count: Int) { storage = Mutex([T](repeating: v, count: count)) }
    func set(_ k: Int, _ v: T) { storage.withLock { $0[k] = v } }
    var values: [T] { storage.withLock { $0 } }
}
