/// A model as its owner describes it: identity, task, metric, baseline claim, trainer and policies.
///
/// Load one with `ModelSpec.parse(_:fileName:)`; the result is validated and has every default
/// filled in, so two files that say the same thing produce the same `specHash`.
public struct ModelSpec: Codable, Sendable, Equatable {
    /// The terms under which the model is offered.
    public enum License: String, Codable, Sendable, CaseIterable {
        case decentralized, proprietary
        case openSource = "open-source"
    }

    /// Human-readable model name.
    public var name: String
    /// Token ticker: 3 to 6 upper-case ASCII letters.
    public var ticker: String
    /// Free-text description.
    public var description: String
    /// Category, for example `finance`.
    public var category: String
    /// Search tags.
    public var tags: [String]
    /// License.
    public var license: License
    /// The prediction task.
    public var task: TaskSpec
    /// The benchmark metric and its direction.
    public var metric: MetricSpec
    /// The owner's claimed baseline value on the benchmark. Merit recomputes it and reports both.
    public var baseline: Double
    /// How models are trained.
    public var trainer: TrainerSpec
    /// Statistical settings of the comparison.
    public var evaluation: EvaluationSettings
    /// What happens to rows that fail schema validation.
    public var validation: ValidationSettings
    /// PII policies per column.
    public var pii: PIISettings
    /// Token settings used to turn DeltaOnes into rewards.
    public var token: TokenSettings
    /// The contributor allow-list and treasury; required when the license is proprietary. Absent from the
    /// canonical JSON (and so from `specHash`) when not given.
    public var access: AccessSettings?
    /// Whether a paid version goes to production at once; `effectivePromotion` gives the default.
    /// Absent from the canonical JSON when not given.
    public var promotion: Promotion?

    /// The promotion setting, defaulted: automatic for decentralized models, the owner's decision otherwise.
    public var effectivePromotion: Promotion { promotion ?? (license == .decentralized ? .automatic : .owner) }

    enum CodingKeys: String, CodingKey {
        case name, ticker, description, category, tags, license, task, metric, baseline, trainer
        case evaluation, validation, pii, token, access, promotion
    }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        ticker = try c.decode(String.self, forKey: .ticker)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        category = try c.decodeIfPresent(String.self, forKey: .category) ?? ""
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        license = try SpecDecoding.decodeEnum(License.self, c, .license)
        task = try c.decode(TaskSpec.self, forKey: .task)
        metric = try c.decode(MetricSpec.self, forKey: .metric)
        baseline = try c.decode(Double.self, forKey: .baseline)
        trainer = try c.decodeIfPresent(TrainerSpec.self, forKey: .trainer) ?? TrainerSpec()
        evaluation = try c.decodeIfPresent(EvaluationSettings.self, forKey: .evaluation) ?? EvaluationSettings()
        validation = try c.decodeIfPresent(ValidationSettings.self, forKey: .validation) ?? ValidationSettings()
        pii = try c.decodeIfPresent(PIISettings.self, forKey: .pii) ?? PIISettings()
        token = try c.decodeIfPresent(TokenSettings.self, forKey: .token) ?? TokenSettings()
        access = try c.decodeIfPresent(AccessSettings.self, forKey: .access)
        promotion = try SpecDecoding.decodeEnumIfPresent(Promotion.self, c, .promotion)
    }
}

/// The benchmark metric and the direction in which it improves.
public struct MetricSpec: Codable, Sendable, Equatable {
    /// The metric.
    public var name: MetricKind
    /// The direction; defaults to the metric's natural direction.
    public var direction: Direction

    enum CodingKeys: String, CodingKey { case name, direction }

    /// Creates a metric spec with the natural direction unless one is given.
    public init(name: MetricKind, direction: Direction? = nil) {
        self.name = name
        self.direction = direction ?? name.naturalDirection
    }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try SpecDecoding.decodeEnum(MetricKind.self, c, .name)
        direction = try SpecDecoding.decodeEnumIfPresent(Direction.self, c, .direction) ?? name.naturalDirection
    }

    /// True when the direction contradicts the metric's natural one (allowed, but reported).
    public var overridesNaturalDirection: Bool { direction != name.naturalDirection }
}
