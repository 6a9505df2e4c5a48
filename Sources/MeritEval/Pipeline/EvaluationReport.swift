import MeritCore
import MeritData
import MeritEthereum

/// The full, deterministic record of one evaluation: written as `report.json` with sorted keys.
///
/// Nothing in it depends on the clock, the machine or the order of a hash map: the same inputs and
/// spec give the same bytes.
public struct EvaluationReport: Codable, Sendable {
    /// The outcome.
    public enum Status: String, Codable, Sendable {
        /// DeltaOnes were awarded.
        case awarded
        /// Evaluated, but the improvement did not clear its interval.
        case noDeltaOne = "no_delta_one"
        /// The input was refused before any comparison.
        case rejected
    }

    /// The outcome.
    public var status: Status
    /// Why, in one sentence.
    public var reason: String
    /// Merit's version.
    public var meritVersion: String
    /// keccak256 of the spec's canonical JSON.
    public var specHash: Bytes32
    /// The model.
    public var model: ModelSummary
    /// Every parameter the result depends on.
    public var parameters: Parameters
    /// Base, benchmark and contribution, as read.
    public var inputs: Inputs
    /// Contribution rows rejected by reason.
    public var rejected: Rejections
    /// The accepted rows and the training set they extend.
    public var accepted: Accepted
    /// The comparison; nil when the input was rejected before training.
    public var results: Results?
    /// Things a reader should know (for example an overridden metric direction).
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case status, reason, meritVersion = "merit_version", specHash = "spec_hash", model, parameters
        case inputs, rejected, accepted, results, warnings
    }

    /// Identity of the model.
    public struct ModelSummary: Codable, Sendable {
        public var name: String
        public var ticker: String
        public var metric: MetricKind
        public var direction: Direction
        public var baselineClaimed: Double
        enum CodingKeys: String, CodingKey {
            case name, ticker, metric, direction, baselineClaimed = "baseline_claimed"
        }
    }

    /// Parameters of the run.
    public struct Parameters: Codable, Sendable {
        public var trainer: String
        public var trainerHash: Bytes32
        public var trainerSeed: UInt64
        public var bootstrapResamples: Int
        public var bootstrapSeed: UInt64
        public var confidence: Double
        public var minBenchmarkRows: Int
        public var nearDuplicateDigits: Int
        public var evaluationTime: UInt64
        enum CodingKeys: String, CodingKey {
            case trainer, trainerHash = "trainer_hash", trainerSeed = "trainer_seed"
            case bootstrapResamples = "bootstrap_resamples", bootstrapSeed = "bootstrap_seed", confidence
            case minBenchmarkRows = "min_benchmark_rows", nearDuplicateDigits = "near_duplicate_digits"
            case evaluationTime = "evaluation_time"
        }
    }

    /// One input file as read.
    public struct DatasetSummary: Codable, Sendable {
        public var file: String
        public var fingerprint: Fingerprint
        public var readRows: Int
        public var invalidRows: Int
        public var piiRejectedRows: Int
        public var issues: [RowIssue]
        public var pii: PIIReport
        enum CodingKeys: String, CodingKey {
            case file, fingerprint, readRows = "read_rows", invalidRows = "invalid_rows"
            case piiRejectedRows = "pii_rejected_rows", issues, pii
        }

        init(_ d: LoadedDataset) {
            file = d.name.split(separator: "/").last.map(String.init) ?? d.name
            fingerprint = d.fingerprint
            readRows = d.readRows; invalidRows = d.invalidRows; piiRejectedRows = d.piiRejectedRows
            issues = d.issues; pii = d.pii
        }
    }

    /// The three inputs.
    public struct Inputs: Codable, Sendable {
        public var base: DatasetSummary
        public var benchmark: DatasetSummary
        public var contribution: DatasetSummary
    }

    /// Rejections of contribution rows after validation and PII.
    public struct Rejections: Codable, Sendable {
        public var contamination: ContaminationFilter.Counts
        public var unknownLabel: Int
        public var examples: [String: [Int]]
        enum CodingKeys: String, CodingKey { case contamination, unknownLabel = "unknown_label", examples }
    }

    /// What was accepted, and the training set's provable extension of the base.
    public struct Accepted: Codable, Sendable {
        public var rows: Int
        public var root: Bytes32
        public var trainingRoot: Bytes32
        public var trainingRecords: Int
        public var consistencyProof: [Bytes32]
        enum CodingKeys: String, CodingKey {
            case rows, root, trainingRoot = "training_root", trainingRecords = "training_records"
            case consistencyProof = "consistency_proof"
        }
    }

    /// The comparison.
    public struct Results: Codable, Sendable {
        public var benchmarkRows: Int
        public var baseline: Double
        public var improved: Double
        public var delta: Double
        public var method: String
        public var bootstrap: PairedBootstrap.Result
        public var mcnemar: McNemar.Result?
        public var deltaOnes: DeltaOnes
        public var awardedBps: Int
        public var rewards: Rewards
        enum CodingKeys: String, CodingKey {
            case benchmarkRows = "benchmark_rows", baseline, improved, delta, method, bootstrap, mcnemar
            case deltaOnes = "delta_ones", awardedBps = "awarded_bps", rewards
        }
    }

    /// The improvement in DeltaOne units.
    public struct DeltaOnes: Codable, Sendable {
        public var point: Double
        public var lower95: Double
        public var upper95: Double
        public var lowerOneSided95: Double
        public var scale: String
        enum CodingKeys: String, CodingKey {
            case point, lower95 = "lower_95", upper95 = "upper_95", lowerOneSided95 = "lower_one_sided_95", scale
        }
    }

    /// Tokens minted for the award, split by the model's token settings.
    public struct Rewards: Codable, Sendable {
        public var minted: UInt64
        public var contributors: UInt64
        public var owner: UInt64
    }
}
