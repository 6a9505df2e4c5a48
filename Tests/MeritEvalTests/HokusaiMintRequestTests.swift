import Foundation
import MeritBase
import MeritEthereum
@testable import MeritEval
import TestSupport
import Testing

/// Method: the reference contract's own known answer (Fixtures/hokusai, see its SOURCES.md): from the
/// vector's message, Merit's struct hash, digest, signature (RFC 6979 with the vector's key) and full
/// `submitMintRequest` call data equal the expected values byte for byte.
@Test(.tags(.unit)) func theMintRequestMatchesTheReferenceVector() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/hokusai/mint_request.json")
    let v = try JSONValue.parse(Array(try Data(contentsOf: url)), name: "mint_request.json")
    let m = try #require(v["message"]), p = try #require(m["payload"]), a = try #require(p["anchors"])
    func n(_ x: JSONValue?) -> UInt64 { if case .number(let t) = x { return UInt64(t) ?? 0 }; return UInt64(x?.stringValue ?? "") ?? 0 }
    func b(_ x: JSONValue?) -> Bytes32 { Bytes32(hex: x?.stringValue ?? "")! }
    let contributors = try (m["contributors"]?.arrayValue ?? []).map { (wallet: try Address(hex: $0["walletAddress"]!.stringValue!), weight: n($0["weight"])) }
    let f = HokusaiMintRequest.Fields(
        modelId: m["modelId"]!.stringValue!, pipelineRunId: p["pipelineRunId"]!.stringValue!, baselineScoreBps: n(p["baselineScoreBps"]),
        candidateScoreBps: n(p["candidateScoreBps"]), maxCostUsdMicro: n(p["maxCostUsdMicro"]), actualCostUsdMicro: n(p["actualCostUsdMicro"]),
        totalSamples: n(p["totalSamples"]), benchmarkSpecHash: b(a["benchmarkSpecHash"]), datasetHash: b(a["datasetHash"]),
        attestationHash: b(a["attestationHash"]), idempotencyKey: b(a["idempotencyKey"]), metricName: a["metricName"]!.stringValue!,
        metricFamily: a["metricFamily"]!.stringValue!, baselineCommitment: b(p["baselineCommitment"]), candidateCommitment: b(p["candidateCommitment"]),
        deadline: n(p["deadline"]), contributors: contributors)
    let d = try #require(v["domain"])
    let td = HokusaiMintRequest.typedData(f, chainId: n(d["chainId"]), verifyingContract: try Address(hex: d["verifyingContract"]!.stringValue!))
    let e = try #require(v["expected"])
    #expect(Keccak256.hash(v["benchmarkSpecId"]!.stringValue!) == f.benchmarkSpecHash)
    #expect(try td.hashStruct("MintRequest", td.message, path: "") == b(e["structHash"]))
    #expect(try td.digest() == b(e["digest"]))
    let key = try Secp256k1.PrivateKey(hex: e["signerPrivateKey"]!.stringValue!)
    #expect(key.address.checksummed == e["signer"]!.stringValue!)
    let signature = try td.sign(with: key)
    #expect(signature.hex == e["signature"]!.stringValue!.lowercased())
    #expect(ABIEncoder.signature("submitMintRequest", HokusaiMintRequest.callTypes) == e["submitMintRequestSignature"]!.stringValue!)
    let call = try HokusaiMintRequest.callData(f, signatures: [(key.address, signature)])
    #expect("0x" + Hex.encode(call) == e["submitCalldata"]!.stringValue!.lowercased())
    // Scores round half to even from 18 decimals.
    #expect(HokusaiMintRequest.bps(fixed18: "781250000000000000") == 7812 && HokusaiMintRequest.bps(fixed18: "781350000000000000") == 7814)
}
