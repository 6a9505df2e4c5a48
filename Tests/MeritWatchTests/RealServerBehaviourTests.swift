import FakeOpenAI
import Foundation
import MeritBase
import MeritCore
import MeritEthereum
import MeritStore
import TestSupport
import Testing
@testable import MeritWatch

/// What real OpenAI-compatible servers do that the project's own fake did not (seen on llama-cpp-python's
/// server), each reproduced by a mode of the fake: streams cut off by another request, no tokenizer
/// routes, token-id prompts refused, echoed logprobs shifted by one token.
@Suite(.serialized) struct RealServerBehaviourTests {
    static func target(_ id: String, _ port: Int, concurrency: Int = 4, reference: Bool = false) -> WatchRunner.Target {
        WatchRunner.Target(record: WatchedEndpoint(id: id, operatorName: "o", url: "http://127.0.0.1:\(port)/v1", model: "merit-tiny",
                                                   isReference: reference, concurrency: concurrency), apiKey: nil)
    }

    static func count(_ q: QoSSummary?, _ c: ErrorClass) -> Int { q?.failures.first { $0.errorClass == c }?.count ?? -1 }

    /// A stream cut off by another request is `interrupted` (not `refused`), counted once, and asked again
    /// without streaming, which gives the whole answer.
    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func anInterruptedStreamIsRetriedWithoutStreaming() async throws {
        var cutting = FakeOpenAIConfiguration()
        cutting.interruptStreams = true
        try await withFakeServers([cutting]) { ports in
            let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 4)
            let recorder = QoSRecorder()
            let c = OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(ports[0])/v1", model: "merit-tiny"), http: http,
                                            observer: { recorder.record($0) })
            let prompt = "Once upon a time"
            async let streamed = c.complete(prompt: prompt, until: [], maxTokens: 64, stream: true)
            // Other requests keep arriving while the stream is sent (64 tokens, 2 ms apart).
            let quiet = OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(ports[0])/v1", model: "merit-tiny"), http: http)
            var whole: Completion? = nil
            for _ in 0..<20 {
                whole = try await quiet.complete(prompt: prompt, until: [], maxTokens: 64, stream: false)
                try await Task.sleep(for: .milliseconds(3))
            }
            let s = try await streamed
            #expect(s.text == whole?.text && s.text.unicodeScalars.count == 64)
            #expect(s.timing.firstTokenMicros == nil, "the answer is the retry's, which was not streamed")
            let q = recorder.summary()
            #expect(Self.count(q, .interrupted) == 1 && Self.count(q, .refused) == 0 && q.successes == 1, "\(q.failures)")
            try await http.shutdown()
        }
    }

    /// Against a server that cuts streams off, at concurrency 4: the probes run one at a time after the
    /// tasks, so none is cut off and identity is judged; capability discovery (no tokenizer routes on one
    /// server, token ids refused on another) is not counted, so availability stays 1; each endpoint's
    /// prompt mode is recorded.
    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func probesAreNotLostAndDiscoveryIsNotAFailure() async throws {
        var cutting = FakeOpenAIConfiguration()
        cutting.interruptStreams = true
        cutting.tokenizer = false
        var noTokenIDs = FakeOpenAIConfiguration()
        noTokenIDs.tokenIDPrompts = false
        try await withFakeServers([FakeOpenAIConfiguration(), cutting, noTokenIDs]) { ports in
            let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 16)
            let runner = WatchRunner(http: http, key: RoundTests.key, probeCount: 6, meritVersion: "test")
            let plans = [try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_facts")), limit: 6),
                         try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_arithmetic")), limit: 4)]
            let targets = [Self.target("a-ref", ports[0], reference: true), Self.target("b-cutting", ports[1]), Self.target("c-text", ports[2])]
            let o = try await runner.run(round: 1, previous: Bytes32(0, 0, 0, 0), startedAt: 0, targets: targets, plans: plans)
            for id in ["a-ref", "b-cutting", "c-text"] {
                let q = try #require(o.qos[id])
                #expect(q.successes == q.requests && q.failures.allSatisfy { $0.count == 0 }, "\(id): \(q.failures)")
                #expect(q.loglikelihoodCheck?.status == "passed" && q.loglikelihoodCheck?.checked == LoglikelihoodSelfCheck.prompts.count, "\(id)")
            }
            #expect(o.identity["b-cutting"]?.status == "consistent" && o.identity["b-cutting"]?.probes == 6, "\(String(describing: o.identity["b-cutting"]))")
            #expect(o.qos["a-ref"]?.capabilities == EndpointCapabilities(tokenizer: true, promptMode: .tokenIDs))
            #expect(o.qos["b-cutting"]?.capabilities == EndpointCapabilities(tokenizer: false, promptMode: .text))
            #expect(o.qos["c-text"]?.capabilities?.promptMode == .text && o.qos["c-text"]?.capabilities?.note != nil)
            // Same model, so the same scores, whichever way the prompts went.
            func primary(_ e: String, _ t: String) -> Double? { o.scores.first { $0.endpoint == e && $0.task == t && $0.primary }?.score.value }
            for task in ["merit_facts", "merit_arithmetic"] {
                #expect(primary("a-ref", task) != nil && primary("a-ref", task) == primary("b-cutting", task) && primary("a-ref", task) == primary("c-text", task))
            }
            let responses = try #require(o.data.sections["responses"]?.arrayValue)
            let cut = try #require(responses.first { $0["endpoint"]?.stringValue == "b-cutting" })
            #expect(cut["capabilities"]?["promptMode"]?.stringValue == "text")
            #expect(cut["probes"]?.arrayValue?.allSatisfy { !($0.stringValue ?? "failed").hasPrefix("failed") } == true)
            try await http.shutdown()
        }
    }

    /// Echoed offsets counted with the leading space a SentencePiece server adds to the first piece (as
    /// llama-cpp-python does): the boundary is found from the tokens' text, so every log-likelihood
    /// equals the one from a server that counts right, and the self-check passes.
    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func offsetsCountedWithALeadingSpaceDoNotMoveTheBoundary() async throws {
        var plain = FakeOpenAIConfiguration(), spaced = FakeOpenAIConfiguration()
        plain.tokenizer = false
        spaced.tokenizer = false
        spaced.leadingSpaceOffsets = true
        try await withFakeServers([plain, spaced]) { ports in
            let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 4)
            let a = OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(ports[0])/v1", model: "merit-tiny"), http: http)
            let b = OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(ports[1])/v1", model: "merit-tiny"), http: http)
            for (ctx, cont) in [("Question: What is the capital of Kenya?\nAnswer:", " Nairobi"), ("Q:", " x"), ("Café 😀 in 東京, answer:", " é")] {
                let x = try await a.loglikelihood(context: ctx, continuation: cont)
                let y = try await b.loglikelihood(context: ctx, continuation: cont)
                #expect(x.value == y.value && x.tokens == y.tokens, "\(ctx)")
            }
            let check = await LoglikelihoodSelfCheck.run(b)
            #expect(check.status == "passed", "\(check.evidence)")
            try await http.shutdown()
        }
    }

    /// Echoed logprobs shifted by one token fail the self-check with evidence; that endpoint's
    /// multiple-choice scores are kept in the signed data, marked, and left out of the scores that are
    /// stored and ranked; its generation scores still count. A correct endpoint passes.
    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func theSelfCheckCatchesShiftedLogprobs() async throws {
        var shifted = FakeOpenAIConfiguration()
        shifted.shiftEchoedLogprobs = true
        try await withFakeServers([FakeOpenAIConfiguration(), shifted]) { ports in
            let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 8)
            let store = MemoryWatchStore(clock: { 1_790_000_000_000 })
            try await store.add(Self.target("good", ports[0], reference: true).record)
            try await store.add(Self.target("shifted", ports[1]).record)
            let service = WatchService(store: store, runner: WatchRunner(http: http, key: RoundTests.key, probeCount: 4, meritVersion: "test"),
                                       clock: { 1_790_000_000_000 })
            let plans = [try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_facts")), limit: 6),
                         try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_arithmetic")), limit: 4)]
            let (o, _) = try await service.runRound(plans: plans)
            try await http.shutdown()

            #expect(o.qos["good"]?.loglikelihoodCheck?.status == "passed")
            let check = try #require(o.qos["shifted"]?.loglikelihoodCheck)
            #expect(check.status == "failed" && check.checked == LoglikelihoodSelfCheck.prompts.count, "\(check)")
            #expect(check.evidence.count == check.checked && check.evidence.allSatisfy { $0.count == 3 && $0[2].contains("logprob") }, "\(check.evidence)")
            #expect(!o.scores.contains { $0.endpoint == "shifted" && $0.task == "merit_facts" })
            #expect(o.scores.contains { $0.endpoint == "shifted" && $0.task == "merit_arithmetic" })
            let responses = try #require(o.data.sections["responses"]?.arrayValue)
            let mine = try #require(responses.first { $0["endpoint"]?.stringValue == "shifted" })
            #expect(mine["loglikelihoodCheck"]?["status"]?.stringValue == "failed")
            #expect(mine["tasks"]?.arrayValue?.first { $0["task"]?.stringValue == "merit_facts" }?["unreliable"] != nil)

            let board = try await Leaderboard.compute(store: store)
            let row = try #require(board.entries.first { $0.endpoint == "shifted" })
            #expect(row.loglikelihoodCheck == "failed" && !(row.loglikelihoodEvidence ?? []).isEmpty)
            #expect(row.tasks.map(\.task) == ["merit_arithmetic"])
            #expect(board.entries.first { $0.endpoint == "good" }?.tasks.count == 2)
        }
    }
}
