import MeritBase
import MeritCore
import MeritEthereum

/// The EIP-712 attestation of a DeltaOne result; docs/attestation.md documents every field.
public enum DeltaOneAttestation {
    /// The primary type's name.
    public static let primaryType = "DeltaOne"
    /// The domain's name.
    public static let domainName = "Merit"
    /// The attestation format's version (the domain's `version`).
    public static let formatVersion = "2"

    typealias F = TypedData.Field

    /// The struct types, in the order attestation.json declares them.
    public static let types: [(String, [TypedData.Field])] = [
        ("DeltaOne", [F("model", "Model"), F("data", "Datasets"), F("lineage", "Lineage"), F("evaluation", "Evaluation"), F("result", "Result"),
                      F("contributors", "Contributor[]"), F("reward", "Reward"), F("evaluationTime", "uint64"), F("nonce", "bytes32")]),
        ("Model", [F("modelId", "bytes32"), F("ticker", "string"), F("specHash", "bytes32"), F("metric", "string"), F("maximize", "bool")]),
        ("Datasets", [F("baseRoot", "bytes32"), F("baseRecords", "uint64"), F("benchmarkRoot", "bytes32"), F("benchmarkRecords", "uint64"),
                      F("contributionRoot", "bytes32"), F("contributionRecords", "uint64"), F("acceptedRoot", "bytes32"),
                      F("acceptedRecords", "uint64"), F("trainingRoot", "bytes32")]),
        ("Lineage", [F("parentVersion", "uint64"), F("parentModelHash", "bytes32"), F("modelHash", "bytes32")]),
        ("Evaluation", [F("trainerHash", "bytes32"), F("trainerSeed", "uint64"), F("bootstrapSeed", "uint64"), F("bootstrapResamples", "uint32"),
                        F("method", "string"), F("meritVersion", "string")]),
        ("Result", [F("baseline", "int256"), F("improved", "int256"), F("delta", "int256"), F("lower95", "int256"), F("upper95", "int256"),
                    F("lowerOneSided95", "int256"), F("benchmarkSize", "uint64"), F("deltaOneBps", "uint32")]),
        ("Contributor", [F("account", "address"), F("weightBps", "uint16"), F("tokens", "uint256")]),
        ("Reward", [F("minted", "uint256"), F("contributors", "uint256"), F("owner", "uint256")]),
    ]

    /// A payee and its share of the contributors' tokens, typed once in MeritCore.
    public typealias Contributor = MeritCore.Contributor

    /// The domain's optional fields.
    public struct Domain: Sendable, Equatable {
        /// EIP-155 chain id.
        public var chainId: UInt64
        /// The verifier contract, when the attestation is bound to one.
        public var verifyingContract: Address?
        /// Creates a domain.
        public init(chainId: UInt64 = 1, verifyingContract: Address? = nil) { self.chainId = chainId; self.verifyingContract = verifyingContract }

        /// Where an attestation's `domain` differs from this one in chain id or verifying contract, in words
        /// (empty when it does not): what `merit verify --server` and a server's mint check.
        public func problems(in domain: JSONValue) -> [String] {
            func text(_ v: JSONValue?) -> String? {
                switch v {
                case .string(let s)?: return s
                case .number(let n)?: return n
                default: return nil
                }
            }
            var out: [String] = []
            let chain = text(domain["chainId"])
            if chain != String(chainId) {
                out.append("the attestation is for chain \(chain ?? "(none)"), but the server signs for chain \(chainId)")
            }
            let contract = text(domain["verifyingContract"])?.lowercased()
            if contract != verifyingContract?.checksummed.lowercased() {
                out.append("the attestation's verifyingContract is \(contract ?? "(none)"), but the server's is \(verifyingContract?.checksummed ?? "(none)")")
            }
            return out
        }

        /// The `EIP712Domain` value: name, version, chainId and the contract when there is one.
        public var json: JSONValue {
            var m: [JSONValue.Member] = [.init("name", .string(domainName)), .init("version", .string(formatVersion)), .init("chainId", .string("\(chainId)"))]
            if let verifyingContract { m.append(.init("verifyingContract", .string(verifyingContract.checksummed))) }
            return .object(m)
        }
    }

    /// keccak256("merit:model:" ‖ ticker).
    public static func modelId(ticker: String) -> Bytes32 { Keccak256.hash("merit:model:" + ticker) }

    /// keccak256(abi.encode(keccak256("merit.delta-one.nonce.v1"), modelId, specHash, baseRoot, benchmarkRoot, contributionRoot, trainerHash, trainerSeed)).
    public static func nonce(modelId: Bytes32, specHash: Bytes32, baseRoot: Bytes32, benchmarkRoot: Bytes32,
                             contributionRoot: Bytes32, trainerHash: Bytes32, trainerSeed: UInt64) -> Bytes32 {
        let words = [Keccak256.hash("merit.delta-one.nonce.v1"), modelId, specHash, baseRoot, benchmarkRoot, contributionRoot, trainerHash, Bytes32(0, 0, 0, trainerSeed)]
        return Keccak256.hash(words.flatMap(\.bytes))
    }

    /// The short method id signed in `evaluation.method`.
    static func method(_ r: EvaluationReport.Results) -> String {
        "paired-bootstrap-percentile" + (r.mcnemar == nil ? "" : "+mcnemar-exact")
    }

    /// Builds the typed data for a report. Refuses a report whose input was rejected: nothing was evaluated.
    public static func typedData(report: EvaluationReport, contributors: [Contributor], domain: Domain) throws -> TypedData {
        guard let r = report.results else {
            throw EvalError(.invalidArgument, "the contribution was rejected before evaluation (\(report.reason)); there is no result to attest")
        }
        guard contributors.reduce(0, { $0 + $1.weightBps }) == 10_000 else {
            throw EvalError(.invalidArgument, "contributor weights must total 10000 bps")
        }
        func fixed(_ x: Double, _ name: String) throws -> JSONValue {
            guard let s = FixedPoint.decimal18(x) else { throw EvalError(.invalidArgument, "result.\(name) is not a finite value below 10^40; it cannot be attested") }
            return .string(s)
        }
        func b32(_ v: Bytes32) -> JSONValue { .string(v.hex) }
        func u(_ v: some BinaryInteger) -> JSONValue { .string("\(v)") }
        let p = report.parameters
        let i = report.inputs
        let lineage = report.lineage ?? .init(parentVersion: 0)
        let id = modelId(ticker: report.model.ticker)
        // The contributors' tokens: floor of each share, the remainder to the first contributor.
        let pool = r.rewards.contributors
        var tokens = contributors.map { pool * UInt64($0.weightBps) / 10_000 }
        if !tokens.isEmpty { tokens[0] += pool - tokens.reduce(0, +) }
        let message: JSONValue = .object([
            "model": .object(["modelId": b32(id), "ticker": .string(report.model.ticker), "specHash": b32(report.specHash),
                              "metric": .string(report.model.metric.rawValue), "maximize": .bool(report.model.direction == .maximize)]),
            "data": .object(["baseRoot": b32(i.base.fingerprint.root), "baseRecords": u(i.base.fingerprint.records),
                             "benchmarkRoot": b32(i.benchmark.fingerprint.root), "benchmarkRecords": u(i.benchmark.fingerprint.records),
                             "contributionRoot": b32(i.contribution.fingerprint.root), "contributionRecords": u(i.contribution.fingerprint.records),
                             "acceptedRoot": b32(report.accepted.root), "acceptedRecords": u(report.accepted.rows),
                             "trainingRoot": b32(report.accepted.trainingRoot)]),
            "lineage": .object(["parentVersion": u(lineage.parentVersion), "parentModelHash": b32(lineage.baselineModelHash),
                                "modelHash": b32(lineage.candidateModelHash)]),
            "evaluation": .object(["trainerHash": b32(p.trainerHash), "trainerSeed": u(p.trainerSeed), "bootstrapSeed": u(p.bootstrapSeed),
                                   "bootstrapResamples": u(p.bootstrapResamples), "method": .string(method(r)), "meritVersion": .string(report.meritVersion)]),
            "result": .object(["baseline": try fixed(r.baseline, "baseline"), "improved": try fixed(r.improved, "improved"), "delta": try fixed(r.delta, "delta"),
                               "lower95": try fixed(r.bootstrap.lower95, "lower95"), "upper95": try fixed(r.bootstrap.upper95, "upper95"),
                               "lowerOneSided95": try fixed(r.bootstrap.lowerOneSided95, "lowerOneSided95"),
                               "benchmarkSize": u(r.benchmarkRows), "deltaOneBps": u(r.awardedBps)]),
            "contributors": .array(zip(contributors, tokens).map { c, t in
                .object(["account": .string(c.account.checksummed), "weightBps": u(c.weightBps), "tokens": u(t)])
            }),
            "reward": .object(["minted": u(r.rewards.minted), "contributors": u(r.rewards.contributors), "owner": u(r.rewards.owner)]),
            "evaluationTime": u(p.evaluationTime),
            "nonce": b32(nonce(modelId: id, specHash: report.specHash, baseRoot: i.base.fingerprint.root, benchmarkRoot: i.benchmark.fingerprint.root,
                               contributionRoot: i.contribution.fingerprint.root, trainerHash: p.trainerHash, trainerSeed: p.trainerSeed)),
        ])
        let td = TypedData(types: types, primaryType: primaryType, domain: domain.json, message: message)
        _ = try td.digest()  // every value is range-checked now, not when someone verifies
        return td
    }

    /// Whether typed data has exactly the DeltaOne types (so a signature over it means what Merit says).
    public static func hasMeritTypes(_ td: TypedData) -> Bool { td.declares(primaryType: primaryType, types: types) }
}
