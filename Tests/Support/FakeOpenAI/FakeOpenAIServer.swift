import Foundation
import Hummingbird
import Logging
import MeritBase
import MeritEthereum
import NIOCore
import Synchronization

/// A deterministic OpenAI-compatible server for tests and benchmarks: the outside world Merit
/// watches, faked. It serves `/v1/completions` (echo, logprobs, stop, streaming), `/v1/chat/completions`,
/// `/v1/models`, and vLLM's `/tokenizer_info`, `/tokenize` and `/detokenize`, from `NGramModel`.
///
/// Latency, failures and an impostor mode are configurable; failures hit every Nth request, so a run
/// sees the same number of each whatever the interleaving.
public struct FakeOpenAIConfiguration: Sendable {
    /// The model name it claims.
    public var model = "merit-tiny"
    /// Serve a different model under the same name.
    public var impostor = false
    /// Added before each answer.
    public var latencyMilliseconds = 0
    /// Every Nth completion request gets HTTP 500 (0: never).
    public var serverErrorEvery = 0
    /// Every Nth completion request gets a body that is not JSON (0: never).
    public var malformedEvery = 0
    /// Every Nth completion request gets HTTP 429 (0: never).
    public var rateLimitEvery = 0
    /// Offer `/tokenize` (vLLM) or not (like OpenAI itself).
    public var tokenizer = true
    /// Refuse prompts sent as token ids with HTTP 500, as llama-cpp-python's server does.
    public var tokenIDPrompts = true
    /// Streams are sent a token at a time, and one in progress stops (with `data: [DONE]` but no final
    /// event) when another completion request arrives, as llama-cpp-python's server does by default.
    public var interruptStreams = false
    /// Echoed prompt logprobs come back shifted by one token (each position carries the next one's), as
    /// seen on llama-cpp-python for a model without a beginning-of-sequence token.
    public var shiftEchoedLogprobs = false
    /// Echoed tokens as llama-cpp-python gives them for a SentencePiece model: the first one with a
    /// leading space the prompt does not have, every later offset one too high, and tokens outside
    /// ASCII as empty text.
    public var leadingSpaceOffsets = false
    /// Requests need this bearer token, when set.
    public var apiKey: String? = nil
    /// Creates the default configuration.
    public init() {}
}

/// Builds the fake server's application, listening on 127.0.0.1 (`port` 0 picks a free one).
public func buildFakeOpenAI(_ c: FakeOpenAIConfiguration, port: Int = 0, logLevel: Logger.Level = .critical,
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
    let model = NGramModel.standard(impostor: c.impostor)
    let counter = RequestCounter(), arrivals = RequestCounter()
    let router = Router()
    @Sendable func json(_ v: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: v.serialized(pretty: false))))
    }
    @Sendable func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(.object(["error": .object(["message": .string(message), "type": .string("invalid_request_error")])]), status: status)
    }
    @Sendable func body(_ request: Request) async throws -> JSONValue {
        let buffer = try await request.body.collect(upTo: 16 << 20)
        return try JSONValue.parse(Array(buffer: buffer), name: "request")
    }
    @Sendable func authorized(_ request: Request) -> Bool {
        guard let key = c.apiKey else { return true }
        return request.headers[.authorization] == "Bearer \(key)"
    }
    /// Latency and injected failures, shared by the completion routes.
    @Sendable func gate() async throws -> Response? {
        let n = counter.next()
        if c.serverErrorEvery > 0, n % c.serverErrorEvery == 0 { return error(.internalServerError, "injected failure") }
        if c.rateLimitEvery > 0, n % c.rateLimitEvery == 0 { return error(.tooManyRequests, "injected rate limit") }
        if c.malformedEvery > 0, n % c.malformedEvery == 0 {
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"choices\": [")))
        }
        return nil
    }
    @Sendable func scalars(_ prompt: JSONValue) -> [UInt32]? {
        switch prompt {
        case .string(let s): return s.unicodeScalars.map(\.value)
        case .array(let items):
            if items.count == 1, case .string(let s) = items[0] { return s.unicodeScalars.map(\.value) }
            if items.count == 1, case .array = items[0] { return scalars(items[0]) }
            var out: [UInt32] = []
            for i in items { guard case .number(let n) = i, let v = UInt32(n) else { return nil }; out.append(v) }
            return out
        default: return nil
        }
    }
    @Sendable func text(_ s: [UInt32]) -> String { String(String.UnicodeScalarView(s.compactMap(Unicode.Scalar.init))) }
    @Sendable func int(_ v: JSONValue?, _ d: Int) -> Int { if case .number(let n)? = v, let i = Int(n) { return i }; return d }
    @Sendable func stops(_ v: JSONValue?) -> [String] {
        switch v {
        case .string(let s)?: return [s]
        case .array(let a)?: return a.compactMap(\.stringValue)
        default: return []
        }
    }
    @Sendable func stream(_ chunks: [JSONValue]) -> Response {
        let event = { @Sendable (chunk: JSONValue) in "data: " + chunk.serialized(pretty: false) + "\n\n" }
        guard c.interruptStreams else {
            let out = chunks.map(event).joined() + "data: [DONE]\n\n"
            return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: .init(byteBuffer: ByteBuffer(string: out)))
        }
        let mine = arrivals.current
        return Response(status: .ok, headers: [.contentType: "text/event-stream"], body: .init { writer in
            for chunk in chunks {
                try await Task.sleep(for: .milliseconds(2))
                if arrivals.current != mine { break }  // another request arrived: stop, as llama-cpp-python does
                try await writer.write(ByteBuffer(string: event(chunk)))
            }
            try await writer.write(ByteBuffer(string: "data: [DONE]\n\n"))
            try await writer.finish(nil)
        })
    }

    router.get("/v1/models") { _, _ in json(.object(["object": .string("list"), "data": .array([.object(["id": .string(c.model), "object": .string("model")])])])) }
    router.get("/health") { _, _ in "OK" }
    if c.tokenizer {
        router.get("/tokenizer_info") { _, _ in json(.object(["model_max_length": .number("4096"), "tokenizer_class": .string("CharacterTokenizer")])) }
        router.post("/tokenize") { request, _ -> Response in
            guard let b = try? await body(request), let p = b["prompt"]?.stringValue else { return error(.badRequest, "send {\"prompt\": TEXT}") }
            let ids = p.unicodeScalars.map { JSONValue.number(String($0.value)) }
            return json(.object(["count": .number(String(ids.count)), "max_model_len": .number("4096"), "tokens": .array(ids)]))
        }
        router.post("/detokenize") { request, _ -> Response in
            guard let b = try? await body(request), let t = b["tokens"], let s = scalars(t) else { return error(.badRequest, "send {\"tokens\": [ids]}") }
            return json(.object(["prompt": .string(text(s))]))
        }
    }
    /// Answers `latencyMilliseconds` after the request arrived, whatever the work took.
    @Sendable func answered(_ handler: @escaping @Sendable (Request) async throws -> Response) -> @Sendable (Request, BasicRequestContext) async throws -> Response {
        { request, _ in
            let arrived = ContinuousClock.now
            let response = try await handler(request)
            if c.latencyMilliseconds > 0 {
                try await Task.sleep(until: arrived + .milliseconds(c.latencyMilliseconds), tolerance: .zero, clock: .continuous)
            }
            return response
        }
    }
    router.post("/v1/completions", use: answered { request -> Response in
        guard authorized(request) else { return error(.unauthorized, "missing or wrong API key") }
        guard let b = try? await body(request) else { return error(.badRequest, "the body is not JSON") }
        if let r = try await gate() { return r }
        guard b["model"]?.stringValue == c.model else { return error(.notFound, "the model '\(b["model"]?.stringValue ?? "")' does not exist") }
        _ = arrivals.next()
        guard let p = b["prompt"], let prompt = scalars(p), !prompt.isEmpty else { return error(.badRequest, "prompt must be text or token ids") }
        if !c.tokenIDPrompts, p.stringValue == nil { return error(.internalServerError, "prompts of token ids are not supported") }
        let maxTokens = int(b["max_tokens"], 16)
        let echo = b["echo"] == .bool(true)
        let wantLogprobs = b["logprobs"] != nil && b["logprobs"] != .null
        let gen = model.generate(after: prompt, maxTokens: maxTokens, stop: stops(b["stop"]))
        if b["stream"] == .bool(true) {
            var chunks: [JSONValue] = gen.tokens.map { t in
                .object(["id": .string("cmpl-fake"), "object": .string("text_completion"), "model": .string(c.model),
                         "choices": .array([.object(["index": .number("0"), "text": .string(text([t])), "finish_reason": .null])])])
            }
            chunks.append(.object(["id": .string("cmpl-fake"), "object": .string("text_completion"), "model": .string(c.model),
                                   "choices": .array([.object(["index": .number("0"), "text": .string(""), "finish_reason": .string(gen.finish)])]),
                                   "usage": .object(["prompt_tokens": .number(String(prompt.count)), "completion_tokens": .number(String(gen.tokens.count))])]))
            return stream(chunks)
        }
        let all = (echo ? prompt : []) + gen.tokens
        var choice: [JSONValue.Member] = [.init("index", .number("0")), .init("text", .string(text(all)))]
        if wantLogprobs {
            var tokens: [JSONValue] = [], lps: [JSONValue] = [], tops: [JSONValue] = [], offsets: [JSONValue] = []
            let full = prompt + gen.tokens
            let scored = model.score(full)
            let start = echo ? 0 : prompt.count
            var offset = 0
            for i in start..<full.count {
                tokens.append(.string(text([full[i]])))
                offsets.append(.number(String(offset)))
                offset += text([full[i]]).unicodeScalars.count  // code points, as Python's servers count
                guard let s = scored[i] else { lps.append(.null); tops.append(.null); continue }
                lps.append(.number("\(s.logprob)"))
                tops.append(.object([.init(text([s.best]), .number("\(s.bestLogprob)"))]))
            }
            if c.leadingSpaceOffsets && echo {
                // Its byte tokens come back as empty text (decoded alone, a part of a character is nothing).
                for i in tokens.indices where !(tokens[i].stringValue ?? "").utf8.allSatisfy({ $0 < 0x80 }) { tokens[i] = .string("") }
                tokens[0] = .string(" " + (tokens[0].stringValue ?? ""))
                for i in 1..<offsets.count { if case .number(let n) = offsets[i], let v = Int(n) { offsets[i] = .number(String(v + 1)) } }
            }
            if c.shiftEchoedLogprobs && echo {
                // Each echoed position carries the next position's values; the generated token is right.
                for i in 1..<prompt.count { lps[i] = lps[i + 1]; tops[i] = tops[i + 1] }
            }
            choice.append(.init("logprobs", .object(["tokens": .array(tokens), "token_logprobs": .array(lps), "top_logprobs": .array(tops), "text_offset": .array(offsets)])))
        }
        choice.append(.init("finish_reason", .string(gen.finish)))
        return json(.object(["id": .string("cmpl-fake"), "object": .string("text_completion"), "model": .string(c.model),
                             "choices": .array([.object(choice)]),
                             "usage": .object(["prompt_tokens": .number(String(prompt.count)), "completion_tokens": .number(String(gen.tokens.count)),
                                               "total_tokens": .number(String(prompt.count + gen.tokens.count))])]))
    })
    router.post("/v1/chat/completions", use: answered { request -> Response in
        guard authorized(request) else { return error(.unauthorized, "missing or wrong API key") }
        guard let b = try? await body(request), let messages = b["messages"]?.arrayValue else { return error(.badRequest, "send messages") }
        _ = arrivals.next()
        if let r = try await gate() { return r }
        let prompt = messages.compactMap { $0["content"]?.stringValue }.joined(separator: "\n").unicodeScalars.map(\.value)
        let gen = model.generate(after: prompt, maxTokens: int(b["max_tokens"], 16), stop: stops(b["stop"]))
        if b["stream"] == .bool(true) {
            let chunk = { (delta: JSONValue, finish: JSONValue) -> JSONValue in
                .object(["object": .string("chat.completion.chunk"), "model": .string(c.model),
                         "choices": .array([.object(["index": .number("0"), "delta": delta, "finish_reason": finish])])])
            }
            return stream(gen.tokens.map { t in chunk(.object(["content": .string(text([t]))]), .null) } + [chunk(.object([]), .string(gen.finish))])
        }
        return json(.object(["object": .string("chat.completion"), "model": .string(c.model),
                             "choices": .array([.object(["index": .number("0"), "message": .object(["role": .string("assistant"), "content": .string(gen.text)]),
                                                         "finish_reason": .string(gen.finish)])]),
                             "usage": .object(["completion_tokens": .number(String(gen.tokens.count))])]))
    })
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "fake-openai"),
                       onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                       logger: { var l = Logger(label: "fake-openai"); l.logLevel = logLevel; return l }())
}

/// Counts completion requests, to inject failures on every Nth.
final class RequestCounter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
    var current: Int { value.load(ordering: .relaxed) }
}
