/// How Merit obtains predictions: XGBoost through its C API, or an external command.
public struct TrainerSpec: Codable, Sendable, Equatable {
    /// The trainer mechanism.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case xgboost
        case command
    }

    /// The mechanism.
    public var kind: Kind
    /// XGBoost booster parameters (`max_depth`, `eta`, ...), passed to `XGBoosterSetParam` in key order.
    public var params: [String: ParamValue]
    /// Boosting rounds.
    public var rounds: Int
    /// Training seed (XGBoost `seed`; `MERIT_SEED` for a command).
    public var seed: UInt64
    /// Thread count. Fixed by the spec, never taken from the machine, so results do not depend on it.
    public var threads: Int
    /// For `command`: the program and its arguments. See docs/trainer-command.md.
    public var command: [String]?
    /// For `command`: seconds before the program is stopped.
    public var timeoutSeconds: Int

    enum CodingKeys: String, CodingKey {
        case kind, params, rounds, seed, threads, command
        case timeoutSeconds = "timeout_seconds"
    }

    /// The default trainer: XGBoost, 200 rounds, depth 4, eta 0.1, seed 0, one thread.
    public init() {
        kind = .xgboost
        params = ["max_depth": .integer(4), "eta": .number(0.1)]
        rounds = 200
        seed = 0
        threads = 1
        command = nil
        timeoutSeconds = 3600
    }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainerSpec()
        kind = try SpecDecoding.decodeEnumIfPresent(Kind.self, c, .kind) ?? .xgboost
        params = try c.decodeIfPresent([String: ParamValue].self, forKey: .params) ?? d.params
        rounds = try c.decodeIfPresent(Int.self, forKey: .rounds) ?? d.rounds
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? d.threads
        command = try c.decodeIfPresent([String].self, forKey: .command)
        timeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .timeoutSeconds) ?? d.timeoutSeconds
    }
}

/// Settings of the paired statistical comparison and of contamination checks.
public struct EvaluationSettings: Codable, Sendable, Equatable {
    /// Paired bootstrap resamples; at least 10,000.
    public var bootstrapResamples: Int
    /// Seed of the bootstrap's random generator.
    public var seed: UInt64
    /// Benchmarks with fewer rows are refused.
    public var minBenchmarkRows: Int
    /// Significant digits kept when numbers are compared for near-duplicates.
    public var nearDuplicateDigits: Int
    /// The Unix time (seconds) the evaluation is dated with. Taken from the input, never the clock.
    public var evaluationTime: UInt64

    enum CodingKeys: String, CodingKey {
        case bootstrapResamples = "bootstrap_resamples", seed
        case minBenchmarkRows = "min_benchmark_rows"
        case nearDuplicateDigits = "near_duplicate_digits"
        case evaluationTime = "evaluation_time"
    }

    /// Defaults: 10,000 resamples, seed 0, 800 benchmark rows, 3 significant digits, time 0.
    public init() {
        bootstrapResamples = 10_000
        seed = 0
        minBenchmarkRows = 800
        nearDuplicateDigits = 3
        evaluationTime = 0
    }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = EvaluationSettings()
        bootstrapResamples = try c.decodeIfPresent(Int.self, forKey: .bootstrapResamples) ?? d.bootstrapResamples
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        minBenchmarkRows = try c.decodeIfPresent(Int.self, forKey: .minBenchmarkRows) ?? d.minBenchmarkRows
        nearDuplicateDigits = try c.decodeIfPresent(Int.self, forKey: .nearDuplicateDigits) ?? d.nearDuplicateDigits
        evaluationTime = try c.decodeIfPresent(UInt64.self, forKey: .evaluationTime) ?? d.evaluationTime
    }
}
