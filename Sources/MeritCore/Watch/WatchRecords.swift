/// An OpenAI-compatible endpoint the watcher measures.
public struct WatchedEndpoint: Sendable, Equatable, Codable {
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

/// One round of the watcher: its signed record and the data it commits to, chained to the round before.
public struct SignedRound: Sendable, Equatable {
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
    /// What the first round's `previous` is: 32 zero bytes.
    public static let genesisPrevious = "0x" + String(repeating: "0", count: 64)
    /// Creates a row.
    public init(round: Int64, digest: String, previous: String, startedMs: Int64, signer: String, recordJSON: String, dataJSON: String) {
        self.round = round; self.digest = digest; self.previous = previous; self.startedMs = startedMs
        self.signer = signer; self.recordJSON = recordJSON; self.dataJSON = dataJSON
    }
}

/// One task score of one endpoint in one round.
public struct RoundScore: Sendable, Equatable {
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

/// One endpoint's QoS summary in one round (the watcher's JSON, kept verbatim: it is what was signed).
public struct RoundQoS: Sendable, Equatable {
    /// The round.
    public var round: Int64
    /// The endpoint.
    public var endpointId: String
    /// The summary, as JSON.
    public var summaryJSON: String
    /// Creates a row.
    public init(round: Int64, endpointId: String, summaryJSON: String) { self.round = round; self.endpointId = endpointId; self.summaryJSON = summaryJSON }
}

/// One endpoint's identity verdict in one round.
public struct RoundIdentity: Sendable, Equatable {
    /// The round.
    public var round: Int64
    /// The endpoint.
    public var endpointId: String
    /// consistent, impostor, inconclusive or unanswered.
    public var status: String
    /// The verdict with its evidence, as JSON.
    public var verdictJSON: String
    /// Creates a row.
    public init(round: Int64, endpointId: String, status: String, verdictJSON: String) {
        self.round = round; self.endpointId = endpointId; self.status = status; self.verdictJSON = verdictJSON
    }
}

/// A round with everything measured in it, as appended to the store in one transaction.
public struct RoundResults: Sendable, Equatable {
    /// The signed round.
    public var round: SignedRound
    /// Its task scores.
    public var scores: [RoundScore]
    /// Its QoS summaries, one per endpoint.
    public var qos: [RoundQoS]
    /// Its identity verdicts, one per endpoint compared.
    public var identity: [RoundIdentity]
    /// Creates the results.
    public init(round: SignedRound, scores: [RoundScore] = [], qos: [RoundQoS] = [], identity: [RoundIdentity] = []) {
        self.round = round; self.scores = scores; self.qos = qos; self.identity = identity
    }
}
