import AsyncHTTPClient
import Foundation
import MeritBase
import MeritCore
import MeritEthereum

/// Runs rounds against the registered endpoints and appends them to the signed chain in the store.
public struct WatchService: Sendable {
    let store: any WatchStore
    let runner: WatchRunner
    let environment: [String: String]
    let now: MillisecondClock

    /// Creates the service; API keys are read from `environment` by the names stored with each endpoint.
    public init(store: any WatchStore, runner: WatchRunner, environment: [String: String] = ProcessInfo.processInfo.environment,
                clock: @escaping MillisecondClock = systemMilliseconds) {
        self.store = store; self.runner = runner; self.environment = environment; self.now = clock
    }

    /// The enabled endpoints, with their keys; an endpoint whose key variable is unset is an error.
    public func targets() async throws -> [WatchRunner.Target] {
        try await store.endpoints().filter(\.enabled).map { e in
            var key: String? = nil
            if let name = e.apiKeyEnv {
                guard let v = environment[name], !v.isEmpty else {
                    throw WatchError(.invalidArgument, "endpoint \(e.id) reads its API key from $\(name), which is not set; export it and run again")
                }
                key = v
            }
            return WatchRunner.Target(record: e, apiKey: key)
        }
    }

    /// Runs one round and stores it; returns the outcome and the stored row.
    public func runRound(plans: [TaskPlan], startedAt: Int64? = nil) async throws -> (WatchRunner.Outcome, SignedRound) {
        let targets = try await targets()
        guard !targets.isEmpty else { throw WatchError(.invalidArgument, "no endpoints are registered; add one with `merit watch add`") }
        let last = try await store.lastRound()
        let number = UInt64((last?.round ?? 0) + 1)
        let previous = last.flatMap { Bytes32(hex: $0.digest) } ?? Bytes32(0, 0, 0, 0)
        let started = startedAt ?? now()
        let outcome = try await runner.run(round: number, previous: previous, startedAt: UInt64(started), targets: targets, plans: plans)
        let digest = try outcome.record.digest()
        let row = SignedRound(round: Int64(number), digest: digest.hex, previous: previous.hex, startedMs: started, signer: outcome.record.signer.checksummed,
                           recordJSON: try outcome.record.json.serialized(), dataJSON: outcome.data.json.serialized(pretty: false))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let scores = outcome.scores.map {
            RoundScore(round: Int64(number), endpointId: $0.endpoint, task: $0.task, metric: $0.metric, value: $0.score.value,
                     stderr: $0.score.stderr, samples: $0.score.count, isPrimary: $0.primary)
        }
        let qos = try outcome.qos.keys.sorted().map {
            RoundQoS(round: Int64(number), endpointId: $0, summaryJSON: String(decoding: try encoder.encode(outcome.qos[$0]!), as: UTF8.self))
        }
        let identity = try outcome.identity.keys.sorted().map { id in
            RoundIdentity(round: Int64(number), endpointId: id, status: outcome.identity[id]!.status,
                          verdictJSON: String(decoding: try encoder.encode(outcome.identity[id]!), as: UTF8.self))
        }
        try await store.append(RoundResults(round: row, scores: scores, qos: qos, identity: identity))
        return (outcome, row)
    }
}
