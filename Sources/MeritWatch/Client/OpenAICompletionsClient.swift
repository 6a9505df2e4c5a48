import AsyncHTTPClient
import Foundation
import MeritBase
import NIOCore
import NIOHTTP1

/// An `EndpointClient` for OpenAI-compatible servers (vLLM, TGI, llama.cpp, Ollama), over
/// async-http-client: `/v1/completions`, or `/v1/chat/completions` for endpoints that only chat (the
/// prompt is one user message; log-likelihood needs the completions API).
///
/// - Log-likelihoods are requested as lm-eval's `local-completions` requests them: the prompt is
///   context + continuation, with `echo`, `logprobs: 1`, `max_tokens: 1` and temperature 0, and the
///   score is the sum of the continuation tokens' logprobs (`token_logprobs[ctxlen:-1]`). When the
///   server has vLLM's `/tokenize` and accepts token ids as a prompt, the prompt is sent as token ids and
///   the context boundary comes from tokenizing the context; otherwise it comes from the echoed
///   `text_offset`s. What the server supports is found out once (`discover`), without counting the
///   requests that find out as failures.
/// - A streamed answer that stops before its final event is `interrupted` and asked again once without
///   streaming.
/// - Retries: only failures where the server cannot have acted (connection refused, 429, 502, 503,
///   504) are retried, with backoff. Timeouts and other errors are not: the request may have run.
/// - Every attempt, failed or not, is reported to `observer`, so error classes are counted per attempt.
/// - Generation requests carry exactly the task's stop sequences, as lm-eval's concurrent requests do (it
///   adds the tokenizer's EOS string only when it sends one request at a time).
public final class OpenAICompletionsClient: EndpointClient {
    /// One attempt's outcome, for QoS accounting.
    public enum Event: Sendable {
        /// A request succeeded.
        case success(RequestTiming)
        /// An attempt failed.
        case failure(ErrorClass)
    }

    let target: EndpointTarget
    let http: HTTPClient
    let observer: @Sendable (Event) -> Void
    let capabilities = CapabilityState()

    /// What the server supports, found out once however many requests ask at the same time.
    actor CapabilityState {
        private var task: Task<EndpointCapabilities, Never>?
        func get(_ find: @escaping @Sendable () async -> EndpointCapabilities) async -> EndpointCapabilities {
            if let task { return await task.value }
            let t = Task { await find() }
            task = t
            return await t.value
        }
    }

    /// Creates a client; `http` is shared and shut down by its owner.
    public init(target: EndpointTarget, http: HTTPClient, observer: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.target = target
        self.http = http
        self.observer = observer
    }

    /// An HTTP client configured for watching: enough pooled connections for `concurrency`, no redirects.
    public static func makeHTTPClient(concurrency: Int) -> HTTPClient {
        var c = HTTPClient.Configuration()
        c.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(concurrency, 8))
        c.redirectConfiguration = .disallow
        c.timeout = .init(connect: .seconds(10))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: c)
    }

    var serverRoot: String {
        var b = target.baseURL
        for suffix in ["/v1/completions", "/v1/chat/completions", "/v1"] where b.hasSuffix(suffix) { b.removeLast(suffix.count); break }
        return b
    }

    // MARK: requests

    struct Response { var status: Int; var body: [UInt8]; var firstByteMicros: UInt64 }

    /// Sends one request with retries where safe; returns the parsed JSON and the timing.
    /// Failed attempts are reported here; successes by the caller, so tokenizer calls add no latency samples
    /// (their latency is not the model's).
    func post(_ url: String, _ body: JSONValue?, method: HTTPMethod = .POST) async throws -> (JSONValue, RequestTiming) {
        var attempt = 0
        while true {
            let clock = ContinuousClock()
            let start = clock.now
            do {
                let response = try await send(url, method: method, body)
                let bytes = try await response.body.collect(upTo: 64 << 20)
                let micros = Self.micros(clock.now - start)
                let status = Int(response.status.code)
                if status >= 400 {
                    let failure = EndpointFailure(status >= 500 ? .serverError : .clientError, status: status, "\(url) answered HTTP \(status)")
                    observer(.failure(failure.errorClass))
                    if attempt < target.retries, [429, 502, 503, 504].contains(status) {
                        attempt += 1
                        try await Task.sleep(for: .milliseconds(100 << attempt))
                        continue
                    }
                    throw failure
                }
                do {
                    let json = try JSONValue.parse(Array(buffer: bytes), name: url)
                    return (json, RequestTiming(latencyMicros: micros))
                } catch {
                    observer(.failure(.malformed))
                    throw EndpointFailure(.malformed, status: status, "\(url) answered with something that is not JSON")
                }
            } catch let f as EndpointFailure {
                throw f
            } catch {
                let cls = Self.classify(error)
                observer(.failure(cls))
                if cls == .refused, attempt < target.retries {
                    attempt += 1
                    try await Task.sleep(for: .milliseconds(100 << attempt))
                    continue
                }
                throw EndpointFailure(cls, "\(url): \(cls == .timeout ? "no answer within \(target.timeoutSeconds) s" : "the connection failed")")
            }
        }
    }

    /// One HTTP request with the endpoint's key and timeout; the caller reads the body.
    func send(_ url: String, method: HTTPMethod, _ body: JSONValue?, accept: String? = nil) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        if let accept { request.headers.add(name: "Accept", value: accept) }
        if let key = target.apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body { request.body = .bytes(ByteBuffer(string: body.serialized(pretty: false))) }
        return try await http.execute(request, timeout: .milliseconds(Int64(target.timeoutSeconds * 1000)))
    }

    static func classify(_ error: any Error) -> ErrorClass {
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout || e == .writeTimeout { return .timeout }
            return .refused
        }
        return .refused
    }

    static func micros(_ d: Duration) -> UInt64 {
        let (s, atto) = d.components
        return UInt64(max(0, s)) * 1_000_000 + UInt64(max(0, atto)) / 1_000_000_000_000
    }

    // MARK: tokenizer

    /// Token ids from `/tokenize`.
    public func tokenize(_ text: String) async throws -> [Int] {
        let (json, _) = try await post(serverRoot + "/tokenize", .object(["prompt": .string(text), "add_special_tokens": .bool(false)]))
        guard let ids = Self.tokenIDs(json) else { throw EndpointFailure(.malformed, "/tokenize answered without a list of integer tokens") }
        return ids
    }

    static func tokenIDs(_ json: JSONValue?) -> [Int]? {
        guard let list = json?["tokens"]?.arrayValue else { return nil }
        var ids: [Int] = []
        for v in list {
            guard case .number(let n) = v, let i = Int(n) else { return nil }
            ids.append(i)
        }
        return ids
    }

    // MARK: EndpointClient

    public func loglikelihood(context: String, continuation: String) async throws -> LogLikelihood {
        let (echoed, timing) = try await echo(context: context, continuation: continuation)
        var sum = 0.0
        for v in echoed.logprobs[echoed.continuationStart..<echoed.continuationEnd] {
            guard let x = v else {
                observer(.failure(.malformed))
                throw EndpointFailure(.malformed, "a continuation token has no logprob")
            }
            sum += x
        }
        observer(.success(timing))
        return LogLikelihood(value: sum, tokens: echoed.continuationEnd - echoed.continuationStart, timing: timing)
    }

    /// Sends context + continuation with `echo` and returns what came back, the continuation located;
    /// the caller reports the success. Context and continuation are split as lm-eval's `_encode_pair`
    /// splits them: trailing spaces of the context belong to the continuation.
    public func echo(context rawContext: String, continuation rawContinuation: String) async throws -> (EchoedPrompt, RequestTiming) {
        guard target.api == .completions else {
            throw WatchError(.invalidArgument, "the chat API returns no logprobs for the prompt, so log-likelihood (multiple-choice) tasks cannot run on a chat endpoint")
        }
        var context = rawContext, continuation = rawContinuation
        let spaces = context.reversed().prefix(while: { $0.isWhitespace }).count
        if spaces > 0 { continuation = String(context.suffix(spaces)) + continuation; context = String(context.dropLast(spaces)) }
        let prompt: JSONValue
        var ctxlen = -1, promptTokens: Int? = nil
        if await discover().promptMode == .tokenIDs {
            let whole = try await tokenize(context + continuation)
            let ctx = try await tokenize(context)
            let maxLength = 2047  // lm-eval's default max_length, less one
            let input = Array(whole.suffix(maxLength))
            ctxlen = ctx.count - max(0, whole.count - maxLength)
            promptTokens = input.count
            prompt = .array(input.map { .number(String($0)) })
        } else {
            prompt = .string(context + continuation)
        }
        let (json, timing) = try await post(target.baseURL + "/completions", Self.echoBody(model: target.model, prompt: prompt))
        guard var echoed = Self.parseEcho(json) else {
            observer(.failure(.malformed))
            throw EndpointFailure(.malformed, "the completion has no choices[0].logprobs.token_logprobs; the server must support echo with logprobs")
        }
        let n = echoed.logprobs.count
        if let promptTokens {
            echoed.continuationEnd = min(promptTokens, n)
        } else {
            echoed.offsets = Self.offsets(of: echoed, prompt: context + continuation)
            guard echoed.offsets.count == n else {
                observer(.failure(.malformed))
                throw EndpointFailure(.malformed, "without token ids the server must return one logprobs.text_offset per token")
            }
            // Offsets count what the server's language counts: Unicode code points for Python servers
            // (OpenAI's, vLLM, llama-cpp-python), not UTF-16 units (each character outside the Basic
            // Multilingual Plane, such as an emoji, would otherwise move the boundary by one token). The
            // first token at or after the context's end begins the continuation; the first at or after the
            // prompt's end is generated (a server whose next token is end-of-sequence may return none).
            let boundary = context.unicodeScalars.count, end = boundary + continuation.unicodeScalars.count
            ctxlen = echoed.offsets.firstIndex(where: { $0 >= boundary }) ?? n
            echoed.continuationEnd = echoed.offsets.firstIndex(where: { $0 >= end }) ?? n
        }
        guard ctxlen > 0, ctxlen <= echoed.continuationEnd else {
            observer(.failure(.malformed))
            throw EndpointFailure(.malformed, "the echoed logprobs are shorter than the prompt")
        }
        echoed.continuationStart = ctxlen
        return (echoed, timing)
    }

    /// Where each echoed token begins in the prompt, in code points: counted from the tokens' own text
    /// when they spell the prompt, else the server's `text_offset`s. llama-cpp-python, for a SentencePiece
    /// model, counts every offset after the first on the prompt with the first piece's leading space
    /// (" " + prompt), so each is one too high and the boundary would move by a token: when the first
    /// token begins with a space that the prompt does not, the offsets are counted without it. (Byte
    /// tokens of a character outside ASCII come back as empty text, so the tokens alone cannot spell
    /// such a prompt; the server's offsets, counted on the decoded text, still can be corrected.)
    static func offsets(of echoed: EchoedPrompt, prompt: String) -> [Int] {
        guard !echoed.tokens.isEmpty, echoed.tokens.count == echoed.logprobs.count else { return echoed.offsets }
        var spelled: [Unicode.Scalar] = [], starts: [Int] = []
        for t in echoed.tokens {
            starts.append(spelled.count)
            spelled += t.unicodeScalars
        }
        let target = Array(prompt.unicodeScalars)
        if spelled.starts(with: target) { return starts }
        guard spelled.first == " ", target.first.map({ !$0.properties.isWhitespace }) ?? false else { return echoed.offsets }
        if spelled.dropFirst().starts(with: target) { return starts.map { max(0, $0 - 1) } }
        return echoed.offsets.map { max(0, $0 - 1) }
    }

    /// lm-eval's log-likelihood request: the prompt echoed with its logprobs, one greedy token.
    static func echoBody(model: String, prompt: JSONValue) -> JSONValue {
        .object(["model": .string(model), "prompt": prompt, "temperature": .number("0"), "max_tokens": .number("1"),
                 "logprobs": .number("1"), "seed": .number("1234"), "echo": .bool(true)])
    }

    /// The legacy completions `logprobs` of choice 0, or nil when it has no `token_logprobs`.
    static func parseEcho(_ json: JSONValue) -> EchoedPrompt? {
        guard let lp = json["choices"]?.arrayValue?.first?["logprobs"], let values = lp["token_logprobs"]?.arrayValue else { return nil }
        func double(_ v: JSONValue) -> Double? { if case .number(let t) = v { return Double(t) }; return nil }
        let tops: [EchoedPrompt.Candidate?] = (lp["top_logprobs"]?.arrayValue ?? []).map { v in
            guard case .object(let members) = v else { return nil }
            return members.compactMap { m in double(m.value).map { EchoedPrompt.Candidate(token: m.key, logprob: $0) } }.max { $0.logprob < $1.logprob }
        }
        return EchoedPrompt(tokens: (lp["tokens"]?.arrayValue ?? []).map { $0.stringValue ?? "" }, logprobs: values.map(double), top: tops,
                            offsets: (lp["text_offset"]?.arrayValue ?? []).compactMap { v in if case .number(let n) = v { return Int(n) }; return nil },
                            continuationStart: 0, continuationEnd: values.count)
    }

    public func complete(prompt: String, until: [String], maxTokens: Int, stream: Bool) async throws -> Completion {
        let chat = target.api == .chat
        // lm-eval keeps the last max_length − 1 − max_tokens prompt tokens (2047 − max_tokens by default).
        var promptValue: JSONValue = .string(prompt)
        let maxContext = 2047 - maxTokens
        if !chat, maxContext > 0, prompt.unicodeScalars.count > maxContext, await discover().promptMode == .tokenIDs {
            let ids = try await tokenize(prompt)
            if ids.count > maxContext { promptValue = .array(ids.suffix(maxContext).map { .number(String($0)) }) }
        }
        var members: [JSONValue.Member] = chat
            ? [.init("model", .string(target.model)), .init("messages", .array([.object(["role": .string("user"), "content": .string(prompt)])]))]
            : [.init("prompt", promptValue), .init("model", .string(target.model))]
        members += [.init("max_tokens", .number(String(maxTokens))), .init("temperature", .number("0")),
                    .init("stop", .array(until.map { .string($0) })), .init("seed", .number("1234"))]
        let url = target.baseURL + (chat ? "/chat/completions" : "/completions")
        guard stream else { return try await whole(url: url, .object(members), stops: until, chat: chat) }
        do {
            return try await streamed(url: url, .object(members + [.init("stream", .bool(true))]), stops: until, chat: chat)
        } catch let f as EndpointFailure where f.errorClass == .interrupted {
            // Cut off (counted as such): asked once more without streaming, so without a time to first token.
            return try await whole(url: url, .object(members), stops: until, chat: chat)
        }
    }

    /// A completion in one answer.
    func whole(url: String, _ body: JSONValue, stops: [String], chat: Bool) async throws -> Completion {
        let (json, timing) = try await post(url, body)
        let choice = json["choices"]?.arrayValue?.first
        guard let text = chat ? choice?["message"]?["content"]?.stringValue : choice?["text"]?.stringValue else {
            observer(.failure(.malformed))
            throw EndpointFailure(.malformed, chat ? "the chat completion has no choices[0].message.content" : "the completion has no choices[0].text")
        }
        var t = timing
        t.outputTokens = Int(json["usage"]?["completion_tokens"].flatMap { if case .number(let n) = $0 { return Int(n) }; return nil } ?? 0)
        observer(.success(t))
        return Completion(text: Self.cut(text, at: stops), timing: t)
    }

    /// Generates `maxTokens` greedily with each token's logprob (no stop sequence, no echo), for the
    /// log-likelihood self-check; counted like any request.
    public func greedyTokens(prompt: String, maxTokens: Int) async throws -> (text: String, tokens: [String], logprobs: [Double]) {
        let body: JSONValue = .object(["model": .string(target.model), "prompt": .string(prompt), "temperature": .number("0"),
                                       "max_tokens": .number(String(maxTokens)), "logprobs": .number("1"), "seed": .number("1234")])
        let (json, timing) = try await post(target.baseURL + "/completions", body)
        let choice = json["choices"]?.arrayValue?.first
        guard let text = choice?["text"]?.stringValue, let lp = choice?["logprobs"], let parsed = Self.parseEcho(json),
              parsed.tokens.count == parsed.logprobs.count, lp["tokens"] != nil else {
            observer(.failure(.malformed))
            throw EndpointFailure(.malformed, "the completion has no choices[0].logprobs with tokens and token_logprobs")
        }
        let values = parsed.logprobs.compactMap { $0 }
        guard values.count == parsed.logprobs.count else {
            observer(.failure(.malformed))
            throw EndpointFailure(.malformed, "a generated token has no logprob")
        }
        observer(.success(timing))
        return (text, parsed.tokens, values)
    }

    /// lm-eval cuts the text at the first stop sequence too, in case the server did not.
    static func cut(_ text: String, at stops: [String]) -> String {
        var t = text
        for s in stops where !s.isEmpty {
            if let r = t.range(of: s) { t = String(t[..<r.lowerBound]) }
        }
        return t
    }
}
