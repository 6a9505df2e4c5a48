import Foundation
import TestSupport
import Testing

/// Method: the reference verifier (contracts/DeltaOneVerifier.vy) compiled with vyper from PyPI and run
/// in py-evm through eth-tester (contracts/evm_check.py), fed attestations, call data and proofs that
/// the Swift CLI produced. Valid ones must be accepted; tampered, high-s, wrong-signer, replayed and
/// bad-proof submissions must each be rejected, with the contract's own revert reason.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func theVerifierContractAcceptsMeritsOutputAndRejectsForgeries() throws {
    let domain = try JSONSerialization.jsonObject(with: Data(CLI.python("evm_check.py", ["run", "--print-domain"], folder: "contracts").utf8)) as! [String: Any]
    let chainId = "\(domain["chainId"]!)", contract = domain["verifyingContract"] as! String

    let work = FileManager.default.temporaryDirectory.appendingPathComponent("merit-evm-\(UUID().uuidString)")
    #expect(try CLI.run(["demo", "--quiet", "--out", work.path]).status == 0)
    let data = work.appendingPathComponent("data")
    let keys = ["0x" + String(repeating: "a1", count: 32), "0x" + String(repeating: "b2", count: 32), "0x" + String(repeating: "c3", count: 32)]
        .map { CLI.temp("k.key", Array($0.utf8)) }
    let signers = try keys.map { try CLI.run(["eth", "address", "--private-key-file", $0]).out.trimmingCharacters(in: .whitespacesAndNewlines) }
    let out = work.appendingPathComponent("signed").path
    let ev = try CLI.run(["evaluate", "--quiet", "--model", data.appendingPathComponent("model.yaml").path,
                          "--base", data.appendingPathComponent("base.csv").path, "--benchmark", data.appendingPathComponent("benchmark.csv").path,
                          "--contribution", data.appendingPathComponent("contribution-good.csv").path, "--out", out,
                          "--sign", "--private-key-file", keys[0], "--contributor", "0x00000000000000000000000000000000000000a1",
                          "--chain-id", chainId, "--verifying-contract", contract])
    #expect(ev.status == 0, "\(ev.err)")
    let att = out + "/attestation.json"
    #expect(try CLI.run(["attest", "cosign", att, "--private-key-file", keys[1]]).status == 0)
    let text = try String(contentsOfFile: att, encoding: .utf8)

    // Variants, each written by editing the JSON the CLI produced.
    let json = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    let sigs = json["signatures"] as! [[String: String]]
    func variant(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> String {
        var j = json
        edit(&j)
        let d = try JSONSerialization.data(withJSONObject: j, options: [.prettyPrinted, .sortedKeys])
        return CLI.temp(name, Array(d))
    }
    // High-s: s' = n - s, v flipped; it recovers the same signer, but Ethereum's rule (and the contract) refuse it.
    let highS = try variant("highs.json") { j in
        var s = sigs
        s[0]["signature"] = highSTwin(s[0]["signature"]!)
        j["signatures"] = s
    }
    let thirdOnly = CLI.temp("c3.json", Array(text.utf8))
    let outsiderKey = CLI.temp("x.key", Array(("0x" + String(repeating: "d4", count: 32)).utf8))
    let outsider = thirdOnly.replacingOccurrences(of: "c3.json", with: "outsider.json")
    try FileManager.default.copyItem(atPath: thirdOnly, toPath: outsider)
    #expect(try CLI.run(["attest", "cosign", outsider, "--private-key-file", outsiderKey]).status == 0)

    let calldata = try CLI.run(["attest", "calldata", att])
    #expect(calldata.status == 0)
    let callFile = CLI.temp("call.hex", Array(calldata.out.utf8))
    let proof = try CLI.run(["prove", "--dataset", data.appendingPathComponent("contribution-good.csv").path, "--record", "3", "--attestation", att])
    #expect(proof.status == 0)
    let proofFile = CLI.temp("proof.json", Array(proof.out.utf8))
    var bad = try JSONSerialization.jsonObject(with: Data(proof.out.utf8)) as! [String: Any]
    var siblings = bad["proof"] as! [String]
    siblings[0] = "0x" + String(repeating: "ee", count: 32)
    bad["proof"] = siblings
    let badProof = CLI.temp("bad.json", Array(try JSONSerialization.data(withJSONObject: bad)))
    let wrongLeaf = try tamperLeaf(proof.out)

    // One chain: the forgeries, the real attestation, then its replay; then the proofs against the attested root.
    let run = try CLI.python("evm_check.py", ["run", "--signers", signers.joined(separator: ","), "--threshold", "2",
                                              "--attestation", try tamperedField(text), "--attestation", highS, "--attestation", outsider,
                                              "--attestation", att, "--attestation", att,
                                              "--proof", proofFile, "--proof", wrongLeaf, "--proof", badProof], folder: "contracts")
    let report = try JSONSerialization.jsonObject(with: Data(run.utf8)) as! [String: Any]
    let subs = report["submissions"] as! [[String: Any]]
    #expect(subs.map { $0["accepted"] as? Bool ?? false } == [false, false, false, true, false], "\(run)")
    let reasons = String(decoding: try JSONSerialization.data(withJSONObject: subs), as: UTF8.self)
    #expect(reasons.contains("high s") && reasons.contains("nonce"), "\(reasons)")
    let proofs = (report["proofs"] as! [[String: Any]]).map { $0["included"] as? Bool ?? false }
    #expect(proofs == [true, false, false], "\(run)")

    // A fresh chain: the ABI call data `merit attest calldata` printed is accepted as it is.
    let raw = try CLI.python("evm_check.py", ["run", "--signers", signers.joined(separator: ","), "--threshold", "2", "--calldata", callFile], folder: "contracts")
    let rawReport = try JSONSerialization.jsonObject(with: Data(raw.utf8)) as! [String: Any]
    #expect((rawReport["submissions"] as! [[String: Any]]).map { $0["accepted"] as? Bool ?? false } == [true], "\(raw)")
}

/// The high-s twin of a 65-byte signature hex: s → n − s, v flipped.
func highSTwin(_ hex: String) -> String {
    let b = Array(hex.dropFirst(2))
    let r = String(b[0..<64]), s = String(b[64..<128]), v = String(b[128..<130])
    let n: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
                      0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41]
    var sb = stride(from: 0, to: 64, by: 2).map { i -> UInt8 in
        let start = s.index(s.startIndex, offsetBy: i)
        return UInt8(s[start..<s.index(start, offsetBy: 2)], radix: 16)!
    }
    var borrow = 0
    for i in stride(from: 31, through: 0, by: -1) {
        let d = Int(n[i]) - Int(sb[i]) - borrow
        sb[i] = UInt8((d + 256) % 256)
        borrow = d < 0 ? 1 : 0
    }
    return "0x" + r + sb.map { String(format: "%02x", $0) }.joined() + (v == "1b" ? "1c" : "1b")
}

/// The attestation with its award raised after signing, and the stored digest updated to match,
/// so only the signatures can catch it.
func tamperedField(_ text: String) throws -> String {
    let raised = text.replacingOccurrences(of: "\"deltaOneBps\": \"", with: "\"deltaOneBps\": \"1")
    return CLI.temp("tampered.json", Array(raised.utf8))
}

/// A proof whose record hash is changed, so its leaf no longer matches.
func tamperLeaf(_ proof: String) throws -> String {
    var j = try JSONSerialization.jsonObject(with: Data(proof.utf8)) as! [String: Any]
    j["leaf"] = "0x" + String(repeating: "ee", count: 32)
    j.removeValue(forKey: "record_hash")
    return CLI.temp("wrongleaf.json", Array(try JSONSerialization.data(withJSONObject: j)))
}
