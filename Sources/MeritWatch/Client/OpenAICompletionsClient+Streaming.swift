import AsyncHTTPClient
import MeritBase
import NIOCore
import NIOHTTP1

extension OpenAICompletionsClient {
    /// A streamed completion: server-sent events, `data: {json}` lines, usually ending with `data: [DONE]`.
    ///
    /// The answer is complete when a choice carries its `finish_reason`. A stream that stops before that,
    /// whether it closes, breaks or sends `[DONE]` early (llama-cpp-python does when another request
    /// arrives), is `interrupted`, which the caller retries without streaming.
    func streamed(url: String, _ body: JSONValue, stops: [String], chat: Bool) async throws -> Completion {
        let clock = ContinuousClock()
        let start = clock.now
        var text = ""
        var first: UInt64? = nil
        var chunks = 0
        var usageTokens: Int? = nil
        var answered = false, finished = false
        do {
            let response = try await send(url, method: .POST, body, accept: "text/event-stream")
            let status = Int(response.status.code)
            if status >= 400 {
                _ = try? await response.body.collect(upTo: 1 << 20)
                let f = EndpointFailure(status >= 500 ? .serverError : .clientError, status: status, "\(url) answered HTTP \(status)")
                observer(.failure(f.errorClass))
                throw f
            }
            answered = true
            var parser = ServerSentEvents()
            for try await buffer in response.body {
                for event in parser.feed(Array(buffer: buffer)) where event != "[DONE]" {
                    guard let json = try? JSONValue.parse(event, name: url) else {
                        observer(.failure(.malformed))
                        throw EndpointFailure(.malformed, "a streamed event is not JSON")
                    }
                    if case .number(let n)? = json["usage"]?["completion_tokens"] { usageTokens = Int(n) }
                    let choice = json["choices"]?.arrayValue?.first
                    if let reason = choice?["finish_reason"], reason != .null { finished = true }
                    guard let piece = chat ? choice?["delta"]?["content"]?.stringValue : choice?["text"]?.stringValue else { continue }
                    if first == nil && !piece.isEmpty { first = Self.micros(clock.now - start) }
                    if !piece.isEmpty { chunks += 1 }
                    text += piece
                }
            }
        } catch let f as EndpointFailure {
            throw f
        } catch {
            // After the answer began, a broken connection is the stream cut off (below), not a refused
            // request; after the final event, the answer is whole whatever happens to the connection.
            let cls = Self.classify(error)
            if !finished && !(answered && cls == .refused) {
                observer(.failure(cls))
                throw EndpointFailure(cls, "\(url): \(cls == .timeout ? "no complete answer within \(target.timeoutSeconds) s" : "the connection failed")")
            }
        }
        guard finished else {
            observer(.failure(.interrupted))
            throw EndpointFailure(.interrupted, "\(url): the stream stopped before its final event (no finish_reason)")
        }
        let timing = RequestTiming(latencyMicros: Self.micros(clock.now - start), firstTokenMicros: first, outputTokens: usageTokens ?? chunks)
        observer(.success(timing))
        return Completion(text: Self.cut(text, at: stops), timing: timing)
    }
}

extension OpenAICompletionsClient {
    /// What the server supports, found out on first use and then remembered: `/tokenizer_info` and
    /// `/tokenize` (vLLM), and whether a prompt of token ids is accepted (llama-cpp-python answers
    /// HTTP 500). These requests are not reported to the observer: a missing route is not a request the
    /// endpoint failed.
    public func discover() async -> EndpointCapabilities {
        await capabilities.get { await self.findCapabilities() }
    }

    private func findCapabilities() async -> EndpointCapabilities {
        let none = EndpointCapabilities(tokenizer: false, promptMode: .text)
        guard target.api == .completions, await quietly(serverRoot + "/tokenizer_info", nil, method: .GET) != nil,
              let ids = Self.tokenIDs(await quietly(serverRoot + "/tokenize", .object(["prompt": .string("Hello"), "add_special_tokens": .bool(false)]))),
              !ids.isEmpty else { return none }
        let body = Self.echoBody(model: target.model, prompt: .array(ids.map { .number(String($0)) }))
        guard let json = await quietly(target.baseURL + "/completions", body), Self.parseEcho(json) != nil else {
            return EndpointCapabilities(tokenizer: true, promptMode: .text,
                                        note: "the server tokenizes but did not answer a prompt of token ids, so prompts are sent as text")
        }
        return EndpointCapabilities(tokenizer: true, promptMode: .tokenIDs)
    }

    /// One request whose failure only says that the server lacks something: the JSON of a 2xx answer,
    /// or nil; neither retried nor reported.
    private func quietly(_ url: String, _ body: JSONValue?, method: HTTPMethod = .POST) async -> JSONValue? {
        guard let response = try? await send(url, method: method, body),
              let bytes = try? await response.body.collect(upTo: 16 << 20), response.status.code < 400 else { return nil }
        return try? JSONValue.parse(Array(buffer: bytes), name: url)
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
