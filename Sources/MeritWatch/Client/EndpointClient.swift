/// How a watched endpoint is reached: the OpenAI wire format, over HTTP.
public struct EndpointTarget: Sendable, Equatable, Codable {
    /// Which OpenAI API the endpoint speaks.
    public enum API: String, Sendable, Codable, CaseIterable {
        /// `/v1/completions` (and `/v1/chat/completions`): everything, including log-likelihood.
        case completions
        /// `/v1/chat/completions` only: generation tasks and probes.
        case chat
    }

    /// The base URL, up to and including `/v1` (for example `http://10.0.0.5:8000/v1`).
    public var baseURL: String
    /// The model name sent in each request.
    public var model: String
    /// The bearer token, if the endpoint needs one (never stored: read from the environment).
    public var apiKey: String?
    /// Requests in flight at once.
    public var concurrency: Int
    /// Seconds before a request counts as timed out.
    public var timeoutSeconds: Double
    /// Extra attempts for requests that failed before the server could act on them.
    public var retries: Int
    /// The API it speaks.
    public var api: API

    /// Creates a target.
    public init(baseURL: String, model: String, apiKey: String? = nil, concurrency: Int = 8, timeoutSeconds: Double = 60, retries: Int = 2,
                api: API = .completions) {
        self.api = api
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.model = model; self.apiKey = apiKey; self.concurrency = concurrency
        self.timeoutSeconds = timeoutSeconds; self.retries = retries
    }
}

/// Why a request failed; each class is counted separately.
public enum ErrorClass: String, Sendable, CaseIterable, Codable {
    /// No complete answer within the timeout.
    case timeout
    /// The connection was refused, reset or closed early.
    case refused
    /// The server rejected the request (4xx).
    case clientError = "4xx"
    /// The server failed (5xx).
    case serverError = "5xx"
    /// The answer was not the OpenAI format.
    case malformed
    /// A streamed answer that ended before its final event (the choice's `finish_reason`): the server cut
    /// it off, as llama-cpp-python does to a stream when another request arrives. Not a connection failure:
    /// the request is retried once without streaming.
    case interrupted
}

/// What an endpoint supports, learned once per round before its work (`OpenAICompletionsClient.discover`);
/// the requests that find out are not counted against the endpoint.
public struct EndpointCapabilities: Sendable, Equatable, Codable {
    /// How prompts are sent for log-likelihood.
    public enum PromptMode: String, Sendable, Codable {
        /// As token ids from the server's `/tokenize` (vLLM): the context boundary is exact.
        case tokenIDs = "token ids"
        /// As text: the boundary comes from the echoed `text_offset`s.
        case text
    }
    /// Whether `/tokenizer_info` and `/tokenize` answer.
    public var tokenizer: Bool
    /// How log-likelihood prompts are sent: token ids only when the server tokenizes and accepts them.
    public var promptMode: PromptMode
    /// Why the mode is text, when the server tokenizes but refused a prompt of token ids.
    public var note: String?
    /// Creates a record.
    public init(tokenizer: Bool, promptMode: PromptMode, note: String? = nil) {
        self.tokenizer = tokenizer; self.promptMode = promptMode; self.note = note
    }
}

/// A failed request: its class, the HTTP status if any, and a message without secrets.
public struct EndpointFailure: Error, Sendable, CustomStringConvertible {
    /// The class.
    public var errorClass: ErrorClass
    /// The HTTP status, when there was one.
    public var status: Int?
    /// What happened.
    public var message: String
    /// Creates a failure.
    public init(_ errorClass: ErrorClass, status: Int? = nil, _ message: String) {
        self.errorClass = errorClass; self.status = status; self.message = message
    }
    public var description: String { "\(errorClass.rawValue)\(status.map { " (HTTP \($0))" } ?? ""): \(message)" }
}

/// What one request took.
public struct RequestTiming: Sendable, Equatable, Codable {
    /// From sending the request to the last byte, in microseconds.
    public var latencyMicros: UInt64
    /// From sending the request to the first generated text, when streamed.
    public var firstTokenMicros: UInt64?
    /// Tokens generated.
    public var outputTokens: Int
    /// Creates a timing.
    public init(latencyMicros: UInt64, firstTokenMicros: UInt64? = nil, outputTokens: Int = 0) {
        self.latencyMicros = latencyMicros; self.firstTokenMicros = firstTokenMicros; self.outputTokens = outputTokens
    }
}

/// A generated completion.
public struct Completion: Sendable, Equatable {
    /// The text, cut at the first stop sequence.
    public var text: String
    /// Its timing.
    public var timing: RequestTiming
}

/// The log-likelihood of a continuation given a context.
public struct LogLikelihood: Sendable, Equatable {
    /// Σ log p(continuation token | everything before it).
    public var value: Double
    /// Continuation tokens scored.
    public var tokens: Int
    /// Its timing.
    public var timing: RequestTiming
}

/// Something that answers prompts like an OpenAI-compatible server.
public protocol EndpointClient: Sendable {
    /// Scores a continuation, the way lm-eval's `loglikelihood` requests do.
    func loglikelihood(context: String, continuation: String) async throws -> LogLikelihood
    /// Generates greedily until a stop sequence or `maxTokens`; streamed when `stream`, to time the first token.
    func complete(prompt: String, until: [String], maxTokens: Int, stream: Bool) async throws -> Completion
}

/// A prompt echoed with its logprobs (`echo: true`, `logprobs: 1`, `max_tokens: 1`), as the server
/// returned it: one entry per token, the prompt's tokens first. Arrays the server left out are empty.
public struct EchoedPrompt: Sendable, Equatable {
    /// The tokens' text.
    public var tokens: [String]
    /// Each token's logprob given everything before it (nil for the first, which has no context).
    public var logprobs: [Double?]
    /// The most likely token at each position and its logprob, when the server gave it.
    public var top: [Candidate?]
    /// Each token's offset in the prompt's text, in Unicode code points.
    public var offsets: [Int]
    /// The first continuation token.
    public var continuationStart: Int
    /// One past the last continuation token: the first token the server generated, or the end when it
    /// generated none (its next token was end-of-sequence), so that no continuation token is dropped.
    public var continuationEnd: Int

    /// A token and its logprob.
    public struct Candidate: Sendable, Equatable {
        public var token: String
        public var logprob: Double
    }
}
