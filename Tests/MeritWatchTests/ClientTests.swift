import FakeOpenAI
import Foundation
import TestSupport
import Testing
@testable import MeritWatch

@Suite(.serialized) struct ClientTests {
    /// With /tokenize the prompt goes as token ids and the boundary comes from tokenizing the context;
    /// without it, from the echoed text offsets. Both must give the same log-likelihood.
    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func loglikelihoodWithAndWithoutTokenizerAgree() async throws {
        var plain = FakeOpenAIConfiguration()
        plain.tokenizer = false
        try await withFakeServers([FakeOpenAIConfiguration(), plain]) { ports in
            let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 4)
            let a = OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(ports[0])/v1", model: "merit-tiny"), http: http)
            let b = OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(ports[1])/v1", model: "merit-tiny"), http: http)
            let aMode = await a.discover().promptMode, bMode = await b.discover().promptMode
            #expect(aMode == .tokenIDs && bMode == .text)
            // Contexts outside ASCII and outside the Basic Multilingual Plane: the echoed offsets count code
            // points (as Python servers do), so an emoji must not move the context's end.
            for (ctx, cont) in [("Question: What is the capital of Kenya?\nAnswer:", " Nairobi"), ("The sun rises in the ", "east"), ("Trailing space ", "x"),
                                ("Café 😀 in 東京, answer:", " é"), ("😀😀😀 ", "x"), ("Emoji 👩‍👩‍👧 family:", " 😀 yes")] {
                let x = try await a.loglikelihood(context: ctx, continuation: cont)
                let y = try await b.loglikelihood(context: ctx, continuation: cont)
                #expect(x.value == y.value && x.tokens == y.tokens, "\(ctx)")
                #expect(x.value < 0)
            }
            let right = try await a.loglikelihood(context: "Question: What is the capital of Kenya?\nAnswer:", continuation: " Nairobi")
            let wrong = try await a.loglikelihood(context: "Question: What is the capital of Kenya?\nAnswer:", continuation: " Lisbon")
            #expect(right.value > wrong.value)
            try await http.shutdown()
        }
    }

    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func streamingMeasuresTimeToFirstToken() async throws {
        var slow = FakeOpenAIConfiguration()
        slow.latencyMilliseconds = 30
        try await withFakeServers([slow]) { ports in
            let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 4)
            let recorder = QoSRecorder()
            let c = OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(ports[0])/v1", model: "merit-tiny"), http: http,
                                            observer: { recorder.record($0) })
            let streamed = try await c.complete(prompt: "Q: What is 5 + 3?\nA: The answer is", until: ["\n"], maxTokens: 8, stream: true)
            let whole = try await c.complete(prompt: "Q: What is 5 + 3?\nA: The answer is", until: ["\n"], maxTokens: 8, stream: false)
            #expect(streamed.text == whole.text && !streamed.text.isEmpty)
            #expect(streamed.timing.firstTokenMicros != nil && streamed.timing.firstTokenMicros! >= 30_000)
            #expect(streamed.timing.outputTokens == streamed.text.unicodeScalars.count)
            let s = recorder.summary()
            #expect(s.successes == 2 && s.requests == 2 && s.latencyP50 != nil && s.firstTokenP50 != nil)
            try await http.shutdown()
        }
    }

    /// Error classes are counted separately; only a failure the server cannot have acted on (429) is retried.
    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func errorsAreClassifiedAndOnlySafeOnesRetried() async throws {
        var failing = FakeOpenAIConfiguration()
        failing.serverErrorEvery = 2
        var limited = FakeOpenAIConfiguration()
        limited.rateLimitEvery = 2
        var broken = FakeOpenAIConfiguration()
        broken.malformedEvery = 1
        try await withFakeServers([failing, limited, broken]) { ports in
            let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 4)
            func client(_ k: Int, _ r: QoSRecorder, port: Int? = nil, timeout: Double = 10) -> OpenAICompletionsClient {
                OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(port ?? ports[k])/v1", model: "merit-tiny", timeoutSeconds: timeout),
                                        http: http, observer: { r.record($0) })
            }
            let r0 = QoSRecorder(), r1 = QoSRecorder(), r2 = QoSRecorder(), r3 = QoSRecorder()
            for _ in 0..<4 { _ = try? await client(0, r0).complete(prompt: "Hello", until: [], maxTokens: 2, stream: false) }
            #expect(r0.summary().failures.first { $0.errorClass == .serverError }?.count == 2)   // 500s: not retried
            #expect(r0.summary().successes == 2)
            for _ in 0..<4 { _ = try await client(1, r1).complete(prompt: "Hello", until: [], maxTokens: 2, stream: false) }
            #expect(r1.summary().successes == 4)                                                 // 429s: retried, all succeed
            #expect(r1.summary().failures.first { $0.errorClass == .clientError }!.count >= 2)
            await #expect(throws: EndpointFailure.self) { try await client(2, r2).complete(prompt: "Hello", until: [], maxTokens: 2, stream: false) }
            #expect(r2.summary().failures.first { $0.errorClass == .malformed }?.count == 1)
            // Nothing listens on port 9 here: connecting fails (async-http-client keeps trying until the
            // request's deadline), and the request is retried, as the server never saw it.
            await #expect(throws: EndpointFailure.self) { try await client(0, r3, port: 9, timeout: 0.3).complete(prompt: "Hello", until: [], maxTokens: 2, stream: false) }
            #expect((r3.summary().failures.first { $0.errorClass == .refused }?.count ?? 0) >= 3)
            try await http.shutdown()
        }
    }

    /// Prompts longer than lm-eval's context (2047 − max_tokens tokens) are cut on the left, as lm-eval
    /// cuts them, through /tokenize: the answer equals the answer to the kept part.
    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func longPromptsAreCutOnTheLeftAsLMEvalCutsThem() async throws {
        try await withFakeServers([FakeOpenAIConfiguration()]) { ports in
            let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 2)
            let c = OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(ports[0])/v1", model: "merit-tiny"), http: http)
            let long = String(repeating: "The sun rises in the east. ", count: 120) + "Q: What is 5 + 4?\nA: The answer is"
            let kept = String(long.unicodeScalars.suffix(2047 - 8).map(Character.init))
            let a = try await c.complete(prompt: long, until: ["\n"], maxTokens: 8, stream: false)
            let b = try await c.complete(prompt: kept, until: ["\n"], maxTokens: 8, stream: false)
            #expect(long.unicodeScalars.count > 3000 && a.text == b.text)
            try await http.shutdown()
        }
    }

    @Test(.tags(.integration), .enabled(if: TestScope.everything)) func slowAnswersCountAsTimeouts() async throws {
        var slow = FakeOpenAIConfiguration()
        slow.latencyMilliseconds = 500
        try await withFakeServers([slow]) { ports in
            let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 4)
            let r = QoSRecorder()
            let c = OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(ports[0])/v1", model: "merit-tiny", timeoutSeconds: 0.1),
                                            http: http, observer: { r.record($0) })
            do { _ = try await c.complete(prompt: "Hello", until: [], maxTokens: 2, stream: false); Issue.record("expected a timeout") } catch let f as EndpointFailure {
                #expect(f.errorClass == .timeout)
            }
            #expect(r.summary().failures.first { $0.errorClass == .timeout }?.count == 1)  // not retried
            try await http.shutdown()
        }
    }
}
