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
    /// The version judged against and the two models compared (absent from reports written before
    /// versions existed).
    public var lineage: Lineage?
    /// Things a reader should know (for example an overridden metric direction).
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case status, reason, meritVersion = "merit_version", specHash = "spec_hash", model, parameters
        case inputs, rejected, accepted, results, lineage, warnings
    }

    /// What the comparison was a step from: the version whose training set was the base, and the
    /// keccak256 of each model's file (zero when the trainer keeps no file, or nothing was trained).
    public struct Lineage: Codable, Sendable, Equatable {
        /// The registry version judged against; 0 when the base was a file given directly (`merit evaluate`).
        public var parentVersion: Int
        /// The baseline's model: the parent version's, retrained from its training set.
        public var baselineModelHash: Bytes32
        /// The candidate's model: what the next version would be.
        public var candidateModelHash: Bytes32
        enum CodingKeys: String, CodingKey {
            case parentVersion = "parent_version", baselineModelHash = "baseline_model_hash", candidateModelHash = "candidate_model_hash"
        }
        /// Creates one.
        public init(parentVersion: Int, baselineModelHash: Bytes32 = Bytes32.zero, candidateModelHash: Bytes32 = Bytes32.zero) {
            self.parentVersion = parentVersion; self.baselineModelHash = baselineModelHash; self.candidateModelHash = candidateModelHash
        }
    }

    /// Identity of the model.
    public struct ModelSummary: Codable, Sendable {
        /// The model name.
        public var name: String
        /// Its token ticker.
        public var ticker: String
        /// The benchmark metric.
        public var metric: MetricKind
        /// Whether larger or smaller is better.
        public var direction: Direction
        /// The owner's claimed baseline value (Merit's recomputed one is in `results.baseline`).
        public var baselineClaimed: Double
        enum CodingKeys: String, CodingKey {
            case name, ticker, metric, direction, baselineClaimed = "baseline_claimed"
        }
    }

    /// Parameters of the run.
    public struct Parameters: Codable, Sendable {
        /// The trainer's identity: mechanism, library version, parameters, rounds, threads.
        public var trainer: String
        /// keccak256 of `trainer`.
        public var trainerHash: Bytes32
        /// The trainer's seed.
        public var trainerSeed: UInt64
        /// Paired bootstrap resamples.
        public var bootstrapResamples: Int
        /// The bootstrap's SplitMix64 seed.
        public var bootstrapSeed: UInt64
        /// Two-sided confidence level of the intervals.
        public var confidence: Double
        /// Benchmarks with fewer usable rows are refused.
        public var minBenchmarkRows: Int
        /// Significant digits within which numbers count as equal for near copies.
        public var nearDuplicateDigits: Int
        /// Unix seconds, from the spec; never the clock.
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
        /// The file name, without its folder.
        public var file: String
        /// Merkle root and record count of the rows as read.
        public var fingerprint: Fingerprint
        /// Records read.
        public var readRows: Int
        /// Records that failed schema validation.
        public var invalidRows: Int
        /// Records dropped for personal data.
        public var piiRejectedRows: Int
        /// The first row issues, with file, line, column and reason.
        public var issues: [RowIssue]
        /// Personal-data findings by kind and column (never values).
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
        /// The owner's base training data.
        public var base: DatasetSummary
        /// The held-out benchmark.
        public var benchmark: DatasetSummary
        /// The contributor's data.
        public var contribution: DatasetSummary
    }

    /// Rejections of contribution rows after validation and PII.
    public struct Rejections: Codable, Sendable {
        /// Benchmark copies (exact and near), in-file duplicates and rows already in the base.
        public var contamination: ContaminationFilter.Counts
        /// Rows whose label is not a known class.
        public var unknownLabel: Int
        /// A few 0-based row numbers per reason, to look at.
        public var examples: [String: [Int]]
        enum CodingKeys: String, CodingKey { case contamination, unknownLabel = "unknown_label", examples }
    }

    /// What was accepted, and the training set's provable extension of the base.
    public struct Accepted: Codable, Sendable {
        /// Accepted contribution rows.
        public var rows: Int
        /// Merkle root of the accepted rows, in file order.
        public var root: Bytes32
        /// Merkle root of the improved model's training set: base rows then accepted rows.
        public var trainingRoot: Bytes32
        /// Records in that training set.
        public var trainingRecords: Int
        /// RFC 9162 consistency proof that the training set extends the base set.
        public var consistencyProof: [Bytes32]
        enum CodingKeys: String, CodingKey {
            case rows, root, trainingRoot = "training_root", trainingRecords = "training_records"
            case consistencyProof = "consistency_proof"
        }
    }

    /// The comparison.
    public struct Results: Codable, Sendable {
        /// Benchmark rows compared.
        public var benchmarkRows: Int
        /// The baseline model's metric, recomputed by Merit.
        public var baseline: Double
        /// The improved model's metric.
        public var improved: Double
        /// improved − baseline, signed so that positive is better.
        public var delta: Double
        /// The statistical method, in words.
        public var method: String
        /// The paired bootstrap of the delta, with each model's own interval.
        public var bootstrap: PairedBootstrap.Result
        /// For accuracy, the exact McNemar test.
        public var mcnemar: McNemar.Result?
        /// The delta and its bounds in DeltaOne units.
        public var deltaOnes: DeltaOnes
        /// DeltaOnes awarded, in basis points (0 unless the one-sided bound is at least 1 DeltaOne).
        public var awardedBps: Int
        /// Tokens minted and their split, from the spec's token settings.
        public var rewards: Rewards
        enum CodingKeys: String, CodingKey {
            case benchmarkRows = "benchmark_rows", baseline, improved, delta, method, bootstrap, mcnemar
            case deltaOnes = "delta_ones", awardedBps = "awarded_bps", rewards
        }
    }

    /// The improvement in DeltaOne units.
    public struct DeltaOnes: Codable, Sendable {
        /// The point estimate.
        public var point: Double
        /// Lower end of the two-sided 95% interval.
        public var lower95: Double
        /// Upper end of the two-sided 95% interval.
        public var upper95: Double
        /// The one-sided 95% lower bound the award is based on.
        public var lowerOneSided95: Double
        /// What one DeltaOne means for this metric.
        public var scale: String
        enum CodingKeys: String, CodingKey {
            case point, lower95 = "lower_95", upper95 = "upper_95", lowerOneSided95 = "lower_one_sided_95", scale
        }
    }

    /// Tokens minted for the award, split by the model's token settings.
    public struct Rewards: Codable, Sendable {
        /// Tokens minted.
        public var minted: UInt64
        /// The contributors' share.
        public var contributors: UInt64
        /// The model owner's share.
        public var owner: UInt64
    }
}
