import Crypto
import MeritBase
import MeritCore
import MeritEthereum

/// The reference protocol's EIP-712 `MintRequest` (domain `HokusaiDeltaVerifier`, version 1) and its
/// `submitMintRequest` call data, made from a Merit DeltaOne attestation (docs/token.md, "Feeding the
/// real contracts"). Every field comes from the attestation and the arguments, never from a clock or a
/// random source, so the same attestation always gives the same request.
public enum HokusaiMintRequest {
    typealias F = TypedData.Field

    /// The struct types, as the contract declares them.
    public static let types: [(String, [TypedData.Field])] = [
        ("MintRequest", [F("modelId", "uint256"), F("payload", "MintRequestPayload"), F("contributors", "Contributor[]")]),
        ("MintRequestPayload", [F("pipelineRunId", "string"), F("baselineScoreBps", "uint256"), F("candidateScoreBps", "uint256"),
                                F("maxCostUsdMicro", "uint256"), F("actualCostUsdMicro", "uint256"), F("totalSamples", "uint256"),
                                F("anchors", "BenchmarkAnchors"), F("baselineCommitment", "bytes32"), F("candidateCommitment", "bytes32"),
                                F("deadline", "uint256")]),
        ("BenchmarkAnchors", [F("benchmarkSpecHash", "bytes32"), F("datasetHash", "bytes32"), F("attestationHash", "bytes32"),
                              F("idempotencyKey", "bytes32"), F("metricName", "string"), F("metricFamily", "string")]),
        ("Contributor", [F("walletAddress", "address"), F("weight", "uint256")]),
    ]

    /// `submitMintRequest(uint256,(…),(address,uint256)[],bytes[])`'s argument types.
    public static let callTypes: [ABIType] = [
        .uint(256),
        .tuple([.string, .uint(256), .uint(256), .uint(256), .uint(256), .uint(256),
                .tuple([.fixedBytes(32), .fixedBytes(32), .fixedBytes(32), .fixedBytes(32), .string, .string]),
                .fixedBytes(32), .fixedBytes(32), .uint(256)]),
        .array(.tuple([.address, .uint(256)]), nil),
        .array(.bytes, nil),
    ]

    /// The request's values.
    public struct Fields: Sendable {
        public var modelId: String
        public var pipelineRunId: String
        public var baselineScoreBps: UInt64, candidateScoreBps: UInt64
        public var maxCostUsdMicro: UInt64, actualCostUsdMicro: UInt64
        public var totalSamples: UInt64
        public var benchmarkSpecHash: Bytes32, datasetHash: Bytes32, attestationHash: Bytes32, idempotencyKey: Bytes32
        public var metricName: String, metricFamily: String
        public var baselineCommitment: Bytes32, candidateCommitment: Bytes32
        public var deadline: UInt64
        public var contributors: [(wallet: Address, weight: UInt64)]

        /// Creates the values.
        public init(modelId: String, pipelineRunId: String, baselineScoreBps: UInt64, candidateScoreBps: UInt64, maxCostUsdMicro: UInt64,
                    actualCostUsdMicro: UInt64, totalSamples: UInt64, benchmarkSpecHash: Bytes32, datasetHash: Bytes32, attestationHash: Bytes32,
                    idempotencyKey: Bytes32, metricName: String, metricFamily: String, baselineCommitment: Bytes32, candidateCommitment: Bytes32,
                    deadline: UInt64, contributors: [(wallet: Address, weight: UInt64)]) {
            self.modelId = modelId; self.pipelineRunId = pipelineRunId; self.baselineScoreBps = baselineScoreBps; self.candidateScoreBps = candidateScoreBps
            self.maxCostUsdMicro = maxCostUsdMicro; self.actualCostUsdMicro = actualCostUsdMicro; self.totalSamples = totalSamples
            self.benchmarkSpecHash = benchmarkSpecHash; self.datasetHash = datasetHash; self.attestationHash = attestationHash
            self.idempotencyKey = idempotencyKey; self.metricName = metricName; self.metricFamily = metricFamily
            self.baselineCommitment = baselineCommitment; self.candidateCommitment = candidateCommitment; self.deadline = deadline
            self.contributors = contributors
        }

        var message: JSONValue {
            func n(_ v: UInt64) -> JSONValue { .string(String(v)) }
            return .object([
                .init("modelId", .string(modelId)),
                .init("payload", .object([
                    .init("pipelineRunId", .string(pipelineRunId)), .init("baselineScoreBps", n(baselineScoreBps)), .init("candidateScoreBps", n(candidateScoreBps)),
                    .init("maxCostUsdMicro", n(maxCostUsdMicro)), .init("actualCostUsdMicro", n(actualCostUsdMicro)), .init("totalSamples", n(totalSamples)),
                    .init("anchors", .object([.init("benchmarkSpecHash", .string(benchmarkSpecHash.hex)), .init("datasetHash", .string(datasetHash.hex)),
                                              .init("attestationHash", .string(attestationHash.hex)), .init("idempotencyKey", .string(idempotencyKey.hex)),
                                              .init("metricName", .string(metricName)), .init("metricFamily", .string(metricFamily))])),
                    .init("baselineCommitment", .string(baselineCommitment.hex)), .init("candidateCommitment", .string(candidateCommitment.hex)),
                    .init("deadline", n(deadline)),
                ])),
                .init("contributors", .array(contributors.map { .object([.init("walletAddress", .string($0.wallet.checksummed)), .init("weight", n($0.weight))]) })),
            ])
        }
    }

    /// The typed data in the verifier's domain.
    public static func typedData(_ f: Fields, chainId: UInt64, verifyingContract: Address) -> TypedData {
        TypedData(types: types, primaryType: "MintRequest",
                  domain: .object([.init("name", .string("HokusaiDeltaVerifier")), .init("version", .string("1")),
                                   .init("chainId", .string(String(chainId))), .init("verifyingContract", .string(verifyingContract.checksummed))]),
                  message: f.message)
    }

    /// `submitMintRequest` call data with the attesters' signatures, sorted by signer as the contract requires.
    public static func callData(_ f: Fields, signatures: [(signer: Address, signature: Secp256k1.Signature)]) throws -> [UInt8] {
        let m = f.message, p = m["payload"]!, a = p["anchors"]!
        let sorted = signatures.sorted { $0.signer < $1.signer }
        let args: [JSONValue] = [
            m["modelId"]!,
            .array([p["pipelineRunId"]!, p["baselineScoreBps"]!, p["candidateScoreBps"]!, p["maxCostUsdMicro"]!, p["actualCostUsdMicro"]!, p["totalSamples"]!,
                    .array([a["benchmarkSpecHash"]!, a["datasetHash"]!, a["attestationHash"]!, a["idempotencyKey"]!, a["metricName"]!, a["metricFamily"]!]),
                    p["baselineCommitment"]!, p["candidateCommitment"]!, p["deadline"]!]),
            .array(f.contributors.map { .array([.string($0.wallet.checksummed), .string(String($0.weight))]) }),
            .array(sorted.map { .string($0.signature.hex) }),
        ]
        return try ABIEncoder.callData("submitMintRequest", callTypes, args)
    }

    /// An 18-decimal fixed-point value as basis points, rounded half to even (the reference pipeline's rule).
    static func bps(fixed18 text: String) -> UInt64? {
        guard let v = Int(text), v >= 0 else { return nil }  // values in [0, 1] fit easily
        let unit = 100_000_000_000_000  // 10^14: one basis point in 18 decimals
        var q = v / unit
        let r = v % unit
        if r > unit / 2 || (r == unit / 2 && q % 2 == 1) { q += 1 }
        return UInt64(q)
    }

    /// The request a paid Merit attestation makes: scores in bps of the metric (the candidate is the
    /// baseline plus the improvement Merit attests at its one-sided 95% bound, so the contract pays what
    /// Merit awarded), the benchmark's and the contribution's Merkle roots as anchors, the lineage's
    /// model hashes as commitments, and idempotencyKey = sha256("MODELID:DIGEST") with the attestation's
    /// digest in 0x-less lower-case hex.
    public static func fields(from file: AttestationFile, modelId: String, deadline: UInt64?) throws -> Fields {
        let m = file.typedData.message
        guard DeltaOneAttestation.hasMeritTypes(file.typedData) else { throw EvalError(.invalidArgument, "only a DeltaOne attestation becomes a mint request") }
        guard let metric = m["model"]?["metric"]?.stringValue, let kind = MetricKind(rawValue: metric), kind.isBounded, m["model"]?["maximize"] == .bool(true) else {
            throw EvalError(.invalidArgument, "the reference contract scores a maximised metric in [0, 1] (a proportion) in bps; this attestation's metric is not one")
        }
        guard let baseline = m["result"]?["baseline"]?.stringValue.flatMap({ bps(fixed18: $0) }),
              let awarded = m["result"]?["deltaOneBps"]?.stringValue.flatMap(UInt64.init), awarded > 0 else {
            throw EvalError(.invalidArgument, "the attestation awards no DeltaOne; only a paid contribution becomes a mint request")
        }
        guard UInt64(modelId) != nil || modelId.allSatisfy(\.isNumber), !modelId.isEmpty else { throw EvalError(.invalidArgument, "--model-id is the contract's uint256 model id, in decimal") }
        func b32(_ v: JSONValue?, _ what: String) throws -> Bytes32 {
            guard let t = v?.stringValue, let b = Bytes32(hex: t) else { throw EvalError(.invalidArgument, "the attestation lacks \(what)") }
            return b
        }
        let digest = try file.digest()
        let key = Bytes32(bytes: Array(SHA256.hash(data: Array("\(modelId):\(digest.hex.dropFirst(2))".utf8))))!
        let evaluationTime = UInt64(m["evaluationTime"]?.stringValue ?? "") ?? 0
        let contributors = try (m["contributors"]?.arrayValue ?? []).map { c -> (wallet: Address, weight: UInt64) in
            guard let a = c["account"]?.stringValue, let w = c["weightBps"]?.stringValue, let weight = UInt64(w) else { throw EvalError(.invalidArgument, "the attestation's contributors are malformed") }
            return (try Address(hex: a), weight)
        }
        return Fields(modelId: modelId, pipelineRunId: "merit:" + digest.hex, baselineScoreBps: baseline, candidateScoreBps: min(10_000, baseline + awarded),
                      maxCostUsdMicro: 0, actualCostUsdMicro: 0, totalSamples: UInt64(m["result"]?["benchmarkSize"]?.stringValue ?? "") ?? 0,
                      benchmarkSpecHash: try b32(m["data"]?["benchmarkRoot"], "data.benchmarkRoot"), datasetHash: try b32(m["data"]?["contributionRoot"], "data.contributionRoot"),
                      attestationHash: digest, idempotencyKey: key, metricName: metric, metricFamily: "proportion",
                      baselineCommitment: try b32(m["lineage"]?["parentModelHash"], "lineage.parentModelHash"),
                      candidateCommitment: try b32(m["lineage"]?["modelHash"], "lineage.modelHash"),
                      deadline: deadline ?? evaluationTime + 5 * 86_400, contributors: contributors)
    }
}
