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
///   server has vLLM's `/tokenize`, the prompt is sent as token ids and the context boundary comes from
///   tokenizing the context; otherwise it comes from the echoed `text_offset`s.
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
    let tokenizer: TokenizerState

    /// Whether the server tokenizes, learned on first use.
    actor TokenizerState {
        var probed: Bool?
        func set(_ ok: Bool) { probed = ok }
    }

    /// Creates a client; `http` is shared and shut down by its owner.
    public init(target: EndpointTarget, http: HTTPClient, observer: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.target = target
        self.http = http
        self.observer = observer
        self.tokenizer = TokenizerState()
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

    /// Whether `/tokenizer_info` and `/tokenize` exist (asked once).
    func hasTokenizer() async -> Bool {
        if let p = await tokenizer.probed { return p }
        do {
            _ = try await post(serverRoot + "/tokenizer_info", nil, method: .GET)
            _ = try await tokenize("probe")
            await tokenizer.set(true)
            return true
        } catch {
            await tokenizer.set(false)
            return false
        }
    }

    /// Token ids from `/tokenize`.
    public func tokenize(_ text: String) async throws -> [Int] {
        let (json, _) = try await post(serverRoot + "/tokenize", .object(["prompt": .string(text), "add_special_tokens": .bool(false)]))
        guard let list = json["tokens"]?.arrayValue else { throw EndpointFailure(.malformed, "/tokenize answered without a tokens list") }
        return try list.map { v in
            guard case .number(let n) = v, let i = Int(n) else { throw EndpointFailure(.malformed, "/tokenize answered a token that is not an integer") }
            return i
        }
    }

    // MARK: EndpointClient

    public func loglikelihood(context rawContext: String, continuation rawContinuation: String) async throws -> LogLikelihood {
        guard target.api == .completions else {
            throw WatchError(.invalidArgument, "the chat API returns no logprobs for the prompt, so log-likelihood (multiple-choice) tasks cannot run on a chat endpoint")
        }
        // lm-eval's _encode_pair: trailing spaces of the context belong to the continuation.
        var context = rawContext, continuation = rawContinuation
        let spaces = context.reversed().prefix(while: { $0.isWhitespace }).count
        if spaces > 0 { continuation = String(context.suffix(spaces)) + continuation; context = String(context.dropLast(spaces)) }
        let prompt: JSONValue
        var ctxlen: Int
        if await hasTokenizer() {
            let whole = try await tokenize(context + continuation)
            let ctx = try await tokenize(context)
            let maxLength = 2047  // lm-eval's default max_length, less one
            let input = Array(whole.suffix(maxLength))
            ctxlen = ctx.count - max(0, whole.count - maxLength)
            prompt = .array(input.map { .number(String($0)) })
        } else {
            prompt = .string(context + continuation)
            ctxlen = -1
        }
        let body: JSONValue = .object(["model": .string(target.model), "prompt": prompt, "temperature": .number("0"),
                                       "max_tokens": .number("1"), "logprobs": .number("1"), "seed": .number("1234"), "echo": .bool(true)])
        let (json, timing) = try await post(target.baseURL + "/completions", body)
        guard let choice = json["choices"]?.arrayValue?.first, let lp = choice["logprobs"],
              let values = lp["token_logprobs"]?.arrayValue else {
            observer(.failure(.malformed))
            throw EndpointFailure(.malformed, "the completion has no choices[0].logprobs.token_logprobs; the server must support echo with logprobs")
        }
        if ctxlen < 0 {
            // No tokenizer: the first token starting at or after the context's end begins the continuation.
            guard let offsets = lp["text_offset"]?.arrayValue?.compactMap({ v -> Int? in if case .number(let n) = v { return Int(n) }; return nil }) else {
                observer(.failure(.malformed))
                throw EndpointFailure(.malformed, "without /tokenize the server must return logprobs.text_offset")
            }
            // Offsets count what the server's language counts: Unicode code points for Python servers
            // (OpenAI's, vLLM, llama-cpp-python), not UTF-16 units (each character outside the Basic
            // Multilingual Plane, such as an emoji, would otherwise move the boundary by one token).
            let boundary = context.unicodeScalars.count
            ctxlen = offsets.firstIndex(where: { $0 >= boundary }) ?? offsets.count
        }
        guard ctxlen > 0, values.count >= ctxlen + 1 else {
            observer(.failure(.malformed))
            throw EndpointFailure(.malformed, "the echoed logprobs are shorter than the prompt")
        }
        var sum = 0.0
        var n = 0
        for v in values[ctxlen..<(values.count - 1)] {
            guard case .number(let text) = v, let x = Double(text) else {
                observer(.failure(.malformed))
                throw EndpointFailure(.malformed, "a continuation token has no logprob")
            }
            sum += x
            n += 1
        }
        observer(.success(timing))
        return LogLikelihood(value: sum, tokens: n, timing: timing)
    }

    public func complete(prompt: String, until: [String], maxTokens: Int, stream: Bool) async throws -> Completion {
        let chat = target.api == .chat
        // lm-eval keeps the last max_length − 1 − max_tokens prompt tokens (2047 − max_tokens by default).
        var promptValue: JSONValue = .string(prompt)
        let maxContext = 2047 - maxTokens
        if !chat, maxContext > 0, prompt.unicodeScalars.count > maxContext, await hasTokenizer() {
            let ids = try await tokenize(prompt)
            if ids.count > maxContext { promptValue = .array(ids.suffix(maxContext).map { .number(String($0)) }) }
        }
        var members: [JSONValue.Member] = chat
            ? [.init("model", .string(target.model)), .init("messages", .array([.object(["role": .string("user"), "content": .string(prompt)])]))]
            : [.init("prompt", promptValue), .init("model", .string(target.model))]
        members += [.init("max_tokens", .number(String(maxTokens))), .init("temperature", .number("0")),
                    .init("stop", .array(until.map { .string($0) })), .init("seed", .number("1234"))]
        let url = target.baseURL + (chat ? "/chat/completions" : "/completions")
        if !stream {
            let (json, timing) = try await post(url, .object(members))
            let choice = json["choices"]?.arrayValue?.first
            guard let text = chat ? choice?["message"]?["content"]?.stringValue : choice?["text"]?.stringValue else {
                observer(.failure(.malformed))
                throw EndpointFailure(.malformed, chat ? "the chat completion has no choices[0].message.content" : "the completion has no choices[0].text")
            }
            var t = timing
            t.outputTokens = Int(json["usage"]?["completion_tokens"].flatMap { if case .number(let n) = $0 { return Int(n) }; return nil } ?? 0)
            observer(.success(t))
            return Completion(text: Self.cut(text, at: until), timing: t)
        }
        members.append(.init("stream", .bool(true)))
        return try await streamed(url: url, .object(members), stops: until, chat: chat)
    }

    /// lm-eval cuts the text at the first stop sequence too, in case the server did not.
    static func cut(_ text: String, at stops: [String]) -> String {
        var t = text
        for s in stops where !s.isEmpty {
            if let r = t.range(of: s) { t = String(t[..<r.lowerBound]) }
        }
        return t
    }

    /// A streamed completion: server-sent events, `data: {json}` lines until `data: [DONE]`.
    func streamed(url: String, _ body: JSONValue, stops: [String], chat: Bool) async throws -> Completion {
        let clock = ContinuousClock()
        let start = clock.now
        var text = ""
        var first: UInt64? = nil
        var chunks = 0
        var usageTokens: Int? = nil
        do {
            let response = try await send(url, method: .POST, body, accept: "text/event-stream")
            let status = Int(response.status.code)
            if status >= 400 {
                _ = try? await response.body.collect(upTo: 1 << 20)
                let f = EndpointFailure(status >= 500 ? .serverError : .clientError, status: status, "\(url) answered HTTP \(status)")
                observer(.failure(f.errorClass))
                throw f
            }
            var parser = ServerSentEvents()
            var done = false
            for try await buffer in response.body {
                for event in parser.feed(Array(buffer: buffer)) {
                    if event == "[DONE]" { done = true; continue }
                    guard let json = try? JSONValue.parse(event, name: url) else {
                        observer(.failure(.malformed))
                        throw EndpointFailure(.malformed, "a streamed event is not JSON")
                    }
                    if case .number(let n)? = json["usage"]?["completion_tokens"] { usageTokens = Int(n) }
                    let choice = json["choices"]?.arrayValue?.first
                    guard let piece = chat ? choice?["delta"]?["content"]?.stringValue : choice?["text"]?.stringValue else { continue }
                    if first == nil && !piece.isEmpty { first = Self.micros(clock.now - start) }
                    if !piece.isEmpty { chunks += 1 }
                    text += piece
                }
            }
            guard done else {
                observer(.failure(.malformed))
                throw EndpointFailure(.malformed, "the stream ended without data: [DONE]")
            }
        } catch let f as EndpointFailure {
            throw f
        } catch {
            let cls = Self.classify(error)
            observer(.failure(cls))
            throw EndpointFailure(cls, "\(url): \(cls == .timeout ? "no complete answer within \(target.timeoutSeconds) s" : "the connection failed")")
        }
        let timing = RequestTiming(latencyMicros: Self.micros(clock.now - start), firstTokenMicros: first, outputTokens: usageTokens ?? chunks)
        observer(.success(timing))
        return Completion(text: Self.cut(text, at: stops), timing: timing)
    }
}

/// Splits a server-sent-event byte stream into the `data:` payloads of its events.
struct ServerSentEvents {
    var pending: [UInt8] = []
    var data: [String] = []

    mutating func feed(_ bytes: [UInt8]) -> [String] {
        pending += bytes
        var events: [String] = []
        while let nl = pending.firstIndex(of: 0x0A) {
            var line = Array(pending[..<nl])
            pending.removeSubrange(...nl)
            if line.last == 0x0D { line.removeLast() }
            if line.isEmpty {
                if !data.isEmpty { events.append(data.joined(separator: "\n")); data = [] }
                continue
            }
            let s = String(decoding: line, as: UTF8.self)
            if s.hasPrefix("data:") {
                var v = s.dropFirst(5)
                if v.first == " " { v = v.dropFirst() }
                data.append(String(v))
            }
        }
        return events
    }
}
