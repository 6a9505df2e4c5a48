import MeritBase
import MeritCore
import MeritEthereum

/// The EIP-712 record of a model version Merit trained without a contribution: version 1, trained on the
/// owner's base data. A later version is bound by the DeltaOne attestation that paid for it; version 1 has
/// no such attestation, so its attesters sign this record instead, and a membership proof against version
/// 1's training root is checked against it. Same domain as the DeltaOne attestations (docs/attestation.md).
public enum VersionAttestation {
    /// The primary type's name.
    public static let primaryType = "ModelVersion"

    typealias F = TypedData.Field

    /// The struct types; `Model` is the DeltaOne attestation's, field for field.
    public static let types: [(String, [TypedData.Field])] = [
        ("ModelVersion", [F("model", "Model"), F("version", "uint64"), F("trainingRoot", "bytes32"), F("trainingRecords", "uint64"),
                          F("benchmarkRoot", "bytes32"), F("benchmarkRecords", "uint64"), F("modelHash", "bytes32"), F("score", "Score"),
                          F("meritVersion", "string")]),
        DeltaOneAttestation.types.first { $0.0 == "Model" }!,
        ("Score", [F("value", "int256"), F("lower95", "int256"), F("upper95", "int256"), F("method", "string")]),
    ]

    /// What is signed, in plain values.
    public struct Record: Sendable {
        /// The model's ticker (its id is keccak256("merit:model:" ‖ ticker)).
        public var ticker: String
        /// keccak256 of the spec's canonical JSON.
        public var specHash: Bytes32
        /// The metric and its direction.
        public var metric: MetricKind
        /// Whether the metric is maximised.
        public var maximize: Bool
        /// The version number.
        public var version: Int
        /// The training set's Merkle root and record count.
        public var trainingRoot: Bytes32
        public var trainingRecords: Int
        /// The benchmark the score was measured on.
        public var benchmarkRoot: Bytes32
        public var benchmarkRecords: Int
        /// keccak256 of the model file; zero when the trainer keeps none.
        public var modelHash: Bytes32
        /// The metric on the benchmark and its 95% interval.
        public var value: Double
        public var interval: [Double]
        /// How the interval was computed.
        public var method: String

        /// Creates a record.
        public init(ticker: String, specHash: Bytes32, metric: MetricKind, maximize: Bool, version: Int, trainingRoot: Bytes32, trainingRecords: Int,
                    benchmarkRoot: Bytes32, benchmarkRecords: Int, modelHash: Bytes32, value: Double, interval: [Double], method: String) {
            self.ticker = ticker; self.specHash = specHash; self.metric = metric; self.maximize = maximize; self.version = version
            self.trainingRoot = trainingRoot; self.trainingRecords = trainingRecords; self.benchmarkRoot = benchmarkRoot
            self.benchmarkRecords = benchmarkRecords; self.modelHash = modelHash; self.value = value; self.interval = interval; self.method = method
        }
    }

    /// The typed data of a record in `domain`.
    public static func typedData(_ r: Record, domain: DeltaOneAttestation.Domain) throws -> TypedData {
        func fixed(_ x: Double, _ name: String) throws -> JSONValue {
            guard let s = FixedPoint.decimal18(x) else { throw EvalError(.invalidArgument, "score.\(name) is not a finite value below 10^40; it cannot be signed") }
            return .string(s)
        }
        guard r.interval.count == 2 else { throw EvalError(.invalidArgument, "a version's interval has two ends") }
        func u(_ v: some BinaryInteger) -> JSONValue { .string("\(v)") }
        let message: JSONValue = .object([
            "model": .object(["modelId": .string(DeltaOneAttestation.modelId(ticker: r.ticker).hex), "ticker": .string(r.ticker),
                              "specHash": .string(r.specHash.hex), "metric": .string(r.metric.rawValue), "maximize": .bool(r.maximize)]),
            "version": u(r.version),
            "trainingRoot": .string(r.trainingRoot.hex), "trainingRecords": u(r.trainingRecords),
            "benchmarkRoot": .string(r.benchmarkRoot.hex), "benchmarkRecords": u(r.benchmarkRecords),
            "modelHash": .string(r.modelHash.hex),
            "score": .object(["value": try fixed(r.value, "value"), "lower95": try fixed(r.interval[0], "lower95"),
                              "upper95": try fixed(r.interval[1], "upper95"), "method": .string(r.method)]),
            "meritVersion": .string(MeritVersion.current),
        ])
        let td = TypedData(types: types, primaryType: primaryType, domain: domain.json, message: message)
        _ = try td.digest()
        return td
    }

    /// Whether typed data has exactly the ModelVersion types.
    public static func hasMeritTypes(_ td: TypedData) -> Bool { td.declares(primaryType: primaryType, types: types) }
}
