/// A key-value pair (tags, params).
public struct KeyValue: Sendable, Equatable, Hashable {
    /// The key.
    public var key: String
    /// The value.
    public var value: String
    /// Creates a pair.
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
}

extension Array where Element == KeyValue {
    /// Sets `pair`: replaces the value of its key, or adds it.
    public mutating func set(_ pair: KeyValue) {
        if let i = firstIndex(where: { $0.key == pair.key }) { self[i].value = pair.value } else { append(pair) }
    }

    /// One pair per key, the last value of a key winning (as when they are set one after the other), by key.
    public var lastValuePerKey: [KeyValue] {
        var byKey: [String: String] = [:]
        for p in self { byKey[p.key] = p.value }
        return byKey.keys.sorted().map { KeyValue($0, byKey[$0]!) }
    }
}

/// A registered model: MLflow's registered model and Merit's tokenized model are the same thing.
public struct RegisteredModel: Sendable {
    /// The unique name.
    public var name: String
    /// The token ID (`hokusai_token_id`, such as `CHURN-001`): upper-case letters, digits and hyphens.
    public var tokenId: String?
    /// The token's ticker, its ERC-20 symbol (3-6 letters A-Z): from the spec, or set by the owner for a
    /// model registered through MLflow.
    public var ticker: String?
    /// Token tags whose values could not be used, by tag, with the reason (see `tokenStatus`).
    public var tokenIssues: [KeyValue] = []
    /// Free text.
    public var description: String
    /// For example `finance`.
    public var category: String?
    /// The license, when known.
    public var license: ModelSpec.License?
    /// The benchmark metric, when it is one Merit computes.
    public var metric: MetricKind?
    /// The metric's direction, when the metric is known.
    public var direction: Direction?
    /// The baseline score on the benchmark.
    public var baseline: Double?
    /// Tokens minted per DeltaOne.
    public var tokensPerDeltaOne: Int64?
    /// The contributors' share of a reward, in basis points.
    public var contributorShareBps: Int?
    /// The model spec, parsed once when the store read the model; nil when it was not created from one.
    public var spec: ModelSpec?
    /// The model spec's canonical JSON and its hash, when the model was created from a spec.
    public var specJSON: String?
    /// The hash attestations carry.
    public var specHash: String?
    /// The API key id of the owner.
    public var ownerKey: String?
    /// When it was created and last changed.
    public var createdMs: Int64, updatedMs: Int64
    /// Its tags, by key.
    public var tags: [KeyValue]
    /// Its aliases, by alias.
    public var aliases: [(alias: String, version: Int)]

    /// Creates a model as a store returns it.
    public init(name: String, tokenId: String? = nil, ticker: String? = nil, tokenIssues: [KeyValue] = [], description: String = "", category: String? = nil, license: ModelSpec.License? = nil,
                metric: MetricKind? = nil, direction: Direction? = nil, baseline: Double? = nil, tokensPerDeltaOne: Int64? = nil,
                contributorShareBps: Int? = nil, spec: ModelSpec? = nil, specJSON: String? = nil, specHash: String? = nil, ownerKey: String? = nil,
                createdMs: Int64 = 0, updatedMs: Int64 = 0, tags: [KeyValue] = [], aliases: [(alias: String, version: Int)] = []) {
        self.name = name; self.tokenId = tokenId; self.ticker = ticker; self.tokenIssues = tokenIssues; self.description = description; self.category = category; self.license = license
        self.metric = metric; self.direction = direction; self.baseline = baseline; self.tokensPerDeltaOne = tokensPerDeltaOne
        self.contributorShareBps = contributorShareBps; self.spec = spec; self.specJSON = specJSON; self.specHash = specHash; self.ownerKey = ownerKey
        self.createdMs = createdMs; self.updatedMs = updatedMs; self.tags = tags; self.aliases = aliases
    }
}

/// The fields of a model to create.
public struct NewModel: Sendable {
    /// The unique, non-empty name.
    public var name: String
    /// A unique ticker.
    public var ticker: String?
    /// Free text.
    public var description = ""
    /// For example `finance`.
    public var category: String?
    /// The license.
    public var license: ModelSpec.License?
    /// The benchmark metric and its direction.
    public var metric: MetricKind?
    /// The metric's direction.
    public var direction: Direction?
    /// The baseline score.
    public var baseline: Double?
    /// Tokens per DeltaOne.
    public var tokensPerDeltaOne: Int64?
    /// The contributors' share in basis points.
    public var contributorShareBps: Int?
    /// The spec the model is created from (its canonical JSON and hash are stored with it).
    public var spec: ModelSpec? {
        didSet {
            specJSON = spec.map { String(decoding: $0.canonicalJSON(), as: UTF8.self) }
            specHash = spec?.specHash.hex
        }
    }
    /// The spec's canonical JSON (set with `spec`).
    public private(set) var specJSON: String?
    /// The spec's hash (set with `spec`).
    public private(set) var specHash: String?
    /// The owner's API key id.
    public var ownerKey: String?
    /// Tags (token tags among them apply).
    public var tags: [KeyValue] = []
    /// Creates the fields.
    public init(name: String) { self.name = name }
}

/// Native fields of a model to change; nil leaves a field as it is.
public struct ModelChanges: Sendable {
    /// New description.
    public var description: String?
    /// New category.
    public var category: String?
    /// New baseline.
    public var baseline: Double?
    /// New license.
    public var license: ModelSpec.License?
    /// The ticker (3-6 letters A-Z, unique), which a model registered through MLflow gets from its owner.
    public var ticker: String?
    /// Creates the changes.
    public init(description: String? = nil, category: String? = nil, baseline: Double? = nil, license: ModelSpec.License? = nil, ticker: String? = nil) {
        self.description = description; self.category = category; self.baseline = baseline; self.license = license; self.ticker = ticker
    }
}
