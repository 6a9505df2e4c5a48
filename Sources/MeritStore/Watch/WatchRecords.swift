/// A watched endpoint as stored.
public struct EndpointRecord: Sendable, Equatable, Codable {
    /// A short id chosen by whoever adds it (for example `acme-llama-8b`).
    public var id: String
    /// Who runs it.
    public var operatorName: String
    /// The OpenAI-compatible base URL, up to `/v1`.
    public var url: String
    /// The model it claims to serve.
    public var model: String
    /// `completions` (the default) or `chat` for endpoints that only offer `/v1/chat/completions`.
    public var api: String
    /// The environment variable holding its API key; the key itself is never stored.
    public var apiKeyEnv: String?
    /// A trusted endpoint that others claiming the same model are compared with.
    public var isReference: Bool
    /// Requests in flight at once.
    public var concurrency: Int
    /// Request timeout in milliseconds.
    public var timeoutMs: Int
    /// Watched in rounds.
    public var enabled: Bool
    /// When it was added.
    public var createdMs: Int64

    /// Creates a record.
    public init(id: String, operatorName: String, url: String, model: String, api: String = "completions", apiKeyEnv: String? = nil, isReference: Bool = false,
                concurrency: Int = 8, timeoutMs: Int = 60_000, enabled: Bool = true, createdMs: Int64 = 0) {
        self.id = id; self.operatorName = operatorName; self.url = url; self.model = model; self.api = api; self.apiKeyEnv = apiKeyEnv
        self.isReference = isReference; self.concurrency = concurrency; self.timeoutMs = timeoutMs; self.enabled = enabled; self.createdMs = createdMs
    }
}

/// A signed round as stored.
public struct RoundRow: Sendable, Equatable {
    /// The round number, from 1.
    public var round: Int64
    /// The EIP-712 digest of its record.
    public var digest: String
    /// The previous round's digest (zero for the first).
    public var previous: String
    /// When it started.
    public var startedMs: Int64
    /// The watcher's address.
    public var signer: String
    /// The signed record (JSON).
    public var recordJSON: String
    /// The data the record commits to (JSON).
    public var dataJSON: String
    /// Creates a row.
    public init(round: Int64, digest: String, previous: String, startedMs: Int64, signer: String, recordJSON: String, dataJSON: String) {
        self.round = round; self.digest = digest; self.previous = previous; self.startedMs = startedMs
        self.signer = signer; self.recordJSON = recordJSON; self.dataJSON = dataJSON
    }
}

/// One task score of one endpoint in one round.
public struct ScoreRow: Sendable, Equatable {
    /// The round.
    public var round: Int64
    /// The endpoint.
    public var endpointId: String
    /// The task.
    public var task: String
    /// The metric, with its filter (`acc`, `exact_match,strict-match`).
    public var metric: String
    /// The mean.
    public var value: Double
    /// Its standard error.
    public var stderr: Double
    /// Documents scored.
    public var samples: Int
    /// Whether this is the task's headline metric (its first metric, under its first filter).
    public var isPrimary: Bool
    /// Creates a row.
    public init(round: Int64, endpointId: String, task: String, metric: String, value: Double, stderr: Double, samples: Int, isPrimary: Bool) {
        self.round = round; self.endpointId = endpointId; self.task = task; self.metric = metric
        self.value = value; self.stderr = stderr; self.samples = samples; self.isPrimary = isPrimary
    }
}
