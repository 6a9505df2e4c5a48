import FakeOpenAI
import Foundation
import MeritCore
import MeritEthereum
import MeritStore
import TestSupport
import Testing
@testable import MeritWatch

@Suite(.serialized) struct RoundTests {
    static let key = try! Secp256k1.PrivateKey(hex: "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")

    /// Three endpoints claim one model: the reference, an honest copy and an impostor. Two rounds on
    /// each database; the impostor is flagged with evidence, the chain verifies, and any edit to a stored
    /// round or a fork of the chain is caught.
    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func roundsAreScoredJudgedSignedAndChained() async throws {
        var impostor = FakeOpenAIConfiguration()
        impostor.impostor = true
        try await withFakeServers([FakeOpenAIConfiguration(), impostor, FakeOpenAIConfiguration()]) { ports in
            var stores: [(String, any WatchStore, Database?)] = try await freshDatabases().map { ($0.0, SQLWatchStore(db: $0.1, clock: { 1_790_000_000_000 }), $0.1) }
            stores.append(("memory", MemoryWatchStore(clock: { 1_790_000_000_000 }), nil))
            for (engine, store, db) in stores {
                try await store.add(WatchedEndpoint(id: "honest", operatorName: "alice", url: "http://127.0.0.1:\(ports[0])/v1", model: "merit-tiny", concurrency: 4))
                try await store.add(WatchedEndpoint(id: "mallory", operatorName: "mallory", url: "http://127.0.0.1:\(ports[1])/v1", model: "merit-tiny", concurrency: 4))
                try await store.add(WatchedEndpoint(id: "ref", operatorName: "merit", url: "http://127.0.0.1:\(ports[2])/v1", model: "merit-tiny",
                                                   isReference: true, concurrency: 4))
                await #expect(throws: StoreError.self) { try await store.add(WatchedEndpoint(id: "ref", operatorName: "x", url: "http://x/v1", model: "m")) }
                let plans = [try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_capitals")), limit: 12),
                             try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_arithmetic")), limit: 8)]
                let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 16)
                let service = WatchService(store: store, runner: WatchRunner(http: http, key: Self.key, probeCount: 8, meritVersion: "test"),
                                           clock: { 1_790_000_000_000 })
                let (first, row1) = try await service.runRound(plans: plans)
                let (second, row2) = try await service.runRound(plans: plans)
                try await http.shutdown()

                #expect(row1.round == 1 && row2.round == 2 && row2.previous == row1.digest, "\(engine)")
                #expect(first.identity["mallory"]?.status == "impostor" && !(first.identity["mallory"]?.evidence.isEmpty ?? true), "\(engine)")
                #expect(first.identity["honest"]?.status == "consistent" && first.identity["honest"]?.agreement == 1, "\(engine)")
                // Fresh probes each round, from the watcher's signature.
                let p1 = first.data.sections["prompts"]?["probes"], p2 = second.data.sections["prompts"]?["probes"]
                #expect(p1 != nil && p1 != p2, "\(engine)")
                // The honest copy scores what the reference scores; the impostor less.
                func score(_ o: WatchRunner.Outcome, _ e: String) -> Double { o.scores.first { $0.endpoint == e && $0.task == "merit_capitals" && $0.primary }!.score.value }
                #expect(score(first, "honest") == score(first, "ref") && score(first, "mallory") < score(first, "honest"), "\(engine)")

                let rows = try await store.rounds()
                #expect(ChainVerifier.verify(rows).allSatisfy { $0.problems.isEmpty }, "\(engine): \(ChainVerifier.verify(rows).flatMap(\.problems))")
                #expect(!ChainVerifier.verify(rows, signers: [try Address(hex: "0x0000000000000000000000000000000000000001")]).allSatisfy { $0.problems.isEmpty })

                // Rewrite a score in the stored data: its hash no longer matches the signed record.
                var tampered = rows
                tampered[0].dataJSON = rows[0].dataJSON.replacingOccurrences(of: "\"perDocument\":[1.0", with: "\"perDocument\":[0.0")
                #expect(tampered[0].dataJSON != rows[0].dataJSON)
                #expect(ChainVerifier.verify(tampered)[0].problems.contains { $0.contains("scores section") }, "\(engine)")
                // Drop round 1: round 2 no longer links to what precedes it.
                #expect(ChainVerifier.verify([rows[1]])[0].problems.contains { $0.contains("chain was rewritten") })
                // A second round 2 (a fork) is refused by the store.
                await #expect(throws: StoreError.self) { try await store.append(RoundResults(round: row2)) }

                let board = try await Leaderboard.compute(store: store, window: 10)
                #expect(board.entries.count == 3 && board.windowRounds == 2, "\(engine)")
                #expect(board.entries.last?.endpoint == "mallory" && board.entries.last?.identity == "impostor", "\(engine)")
                let honest = board.entries.first { $0.endpoint == "honest" }!
                #expect(honest.history.count == 2 && honest.tasks.count == 2 && honest.availability == 1, "\(engine)")
                #expect(honest.average.lower95 <= honest.average.value && honest.average.value <= honest.average.upper95)
                // Latency percentiles over the window: both rounds' histograms merged.
                let p50 = try #require(honest.latencyP50), p99 = try #require(honest.latencyP99)
                #expect(p50 > 0 && p99 >= p50 && honest.firstTokenP50 != nil, "\(engine)")
                try await db?.close()
            }
        }
    }

    /// The same inputs give byte-identical prompts, probe seed and responses from a deterministic endpoint.
    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func theSignedContentIsDeterministic() async throws {
        try await withFakeServers([FakeOpenAIConfiguration()]) { ports in
            let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 4)
            let runner = WatchRunner(http: http, key: Self.key, probeCount: 4, meritVersion: "test")
            let target = WatchRunner.Target(record: WatchedEndpoint(id: "a", operatorName: "o", url: "http://127.0.0.1:\(ports[0])/v1", model: "merit-tiny"), apiKey: nil)
            let plans = [try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_facts")), limit: 6)]
            let a = try await runner.run(round: 7, previous: Keccak256.hash("x"), startedAt: 1, targets: [target], plans: plans)
            let b = try await runner.run(round: 7, previous: Keccak256.hash("x"), startedAt: 1, targets: [target], plans: plans)
            for s in ["endpoints", "tasks", "prompts", "responses", "scores", "identity"] {
                #expect(a.data.sectionHash(s) == b.data.sectionHash(s), "\(s)")
            }
            #expect(a.record.probeSeed == b.record.probeSeed)
            try await http.shutdown()
        }
    }
}

/// An endpoint that is down costs a few timeouts, not one per request: after 8 connection failures or
/// timeouts in a row the rest of its work is not sent (fewer than 64 requests reach it). Its documents
/// score zero and its availability is 0.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func aDeadEndpointFailsFastAndScoresZero() async throws {
    try await withFakeServers([FakeOpenAIConfiguration()]) { ports in
        let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 4)
        let runner = WatchRunner(http: http, key: RoundTests.key, probeCount: 4, meritVersion: "test")
        let up = WatchRunner.Target(record: WatchedEndpoint(id: "up", operatorName: "o", url: "http://127.0.0.1:\(ports[0])/v1", model: "merit-tiny", concurrency: 2), apiKey: nil)
        let down = WatchRunner.Target(record: WatchedEndpoint(id: "down", operatorName: "o", url: "http://127.0.0.1:9/v1", model: "merit-tiny",
                                                             concurrency: 2, timeoutMs: 200), apiKey: nil)
        let plans = [try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_facts")))]
        let o = try await runner.run(round: 1, previous: Bytes32(0, 0, 0, 0), startedAt: 0, targets: [up, down], plans: plans)
        // Failing fast is counted in requests sent, not timed: a wall-clock bound fails on a busy machine.
        #expect(o.scores.first { $0.endpoint == "down" && $0.primary }?.score.value == 0)
        #expect((o.scores.first { $0.endpoint == "up" && $0.primary }?.score.value ?? 0) > 0.5)
        #expect(o.qos["down"]?.successes == 0 && (o.qos["down"]?.requests ?? 0) < 64)
        #expect(o.identity["down"]?.status == "unanswered")
        // Failed probes are recorded as failed documents are: "failed: CLASS".
        let downData = o.data.sections["responses"]?.arrayValue?.first { $0["endpoint"]?.stringValue == "down" }
        let probes = downData?["probes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(probes.count == 4 && probes.allSatisfy { $0 == "failed: refused" }, "\(probes)")
        #expect(o.qos["down"]?.loglikelihoodCheck?.status == "inconclusive" && o.qos["down"]?.loglikelihoodCheck?.evidence.count == 1)
        try await http.shutdown()
    }
}

/// A chat-only endpoint runs the generation tasks and the probes through /v1/chat/completions (streamed,
/// for TTFT); multiple-choice tasks, which need prompt logprobs, are marked unsupported rather than scored.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func chatEndpointsRunGenerationTasksAndProbes() async throws {
    try await withFakeServers([FakeOpenAIConfiguration()]) { ports in
        let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 4)
        let runner = WatchRunner(http: http, key: RoundTests.key, probeCount: 4, meritVersion: "test")
        let url = "http://127.0.0.1:\(ports[0])/v1"
        let completions = WatchRunner.Target(record: WatchedEndpoint(id: "a-completions", operatorName: "o", url: url, model: "merit-tiny", isReference: true), apiKey: nil)
        let chat = WatchRunner.Target(record: WatchedEndpoint(id: "b-chat", operatorName: "o", url: url, model: "merit-tiny", api: "chat"), apiKey: nil)
        let plans = [try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_facts")), limit: 4),
                     try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_arithmetic")), limit: 6)]
        let o = try await runner.run(round: 1, previous: Bytes32(0, 0, 0, 0), startedAt: 0, targets: [completions, chat], plans: plans)
        #expect(!o.scores.contains { $0.endpoint == "b-chat" && $0.task == "merit_facts" }, "\(o.scores.map { "\($0.endpoint) \($0.task) \($0.metric) \($0.primary)" })")
        let viaChat = o.scores.first { $0.endpoint == "b-chat" && $0.task == "merit_arithmetic" && $0.primary }
        let viaCompletions = o.scores.first { $0.endpoint == "a-completions" && $0.task == "merit_arithmetic" && $0.primary }
        #expect(viaChat != nil && viaChat?.score == viaCompletions?.score, "\(o.scores.map { "\($0.endpoint) \($0.task) \($0.metric) \($0.primary)" })")
        #expect(o.qos["b-chat"]?.firstTokenP50 != nil && o.qos["b-chat"]?.successes == 10)
        #expect(o.identity["b-chat"]?.status == "consistent")
        try await http.shutdown()
    }
}
