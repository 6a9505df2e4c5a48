import Foundation
import TestSupport
import Testing

/// An attestation file around the EIP-712 Mail example, signed by cow: well formed, but its typed data are
/// not Merit's DeltaOne types, so it never holds. `entry` is one signature object; `extra` adds top-level
/// members. Built as text, so that each test can break exactly one thing.
func mailAttestation(signature: String = cowSignature, entry: String? = nil, copies: Int = 1, extra: String = "") -> String {
    let one = entry ?? #"{"signer": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "signature": "\#(signature)"}"#
    return """
    {"format": "merit-attestation-v1", "typedData": \(mailTyped),
     "digest": "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2",
     "signatures": [\(Array(repeating: one, count: copies).joined(separator: ", "))],
     "inputs": {"spec": "model.yaml", "base": "base.csv", "benchmark": "benchmark.csv", "contribution": "c.csv"},
     "report": "0x\(String(repeating: "ab", count: 32))"\(extra)}
    """
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func verifyStatesOneVerdictWithItsReasons() throws {
    let att = CLI.temp("att.json", Array(mailAttestation().utf8))
    let r = try CLI.run(["verify", att])
    #expect(r.status == 4, "\(r.out)\(r.err)")
    #expect(r.out.contains("✓ 0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"), "\(r.out)")
    #expect(r.out.hasSuffix("attestation does NOT hold: the typed data does not use Merit's DeltaOne or ModelVersion types (see docs/attestation.md)\n"), "\(r.out)")
    // The old summary said "1 of 1 required signature(s)" and then "does NOT hold".
    #expect(!r.out.contains("1 of 1"), "\(r.out)")
    #expect(r.out.components(separatedBy: "hold").count == 2, "one verdict line: \(r.out)")
    let j = try CLI.run(["verify", att, "--json"])
    #expect(j.status == 4 && j.out.contains(#""summary": "attestation does NOT hold: the typed data"#), "\(j.out)")
    #expect(j.out.contains(#""problems": ["#), "\(j.out)")
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func verifyRefusesLooseOrRepeatedSignaturesAndUnknownKeys() throws {
    let spaced = String(cowSignature.prefix(20)) + " " + cowSignature.dropFirst(20)
    let cases: [(String, String, String)] = [
        ("a space inside", mailAttestation(signature: spaced), "signatures[0].signature: it contains white space; a signature (65 bytes r ‖ s ‖ v) is 0x followed by exactly 130 hex digits"),
        ("a leading space", mailAttestation(signature: " " + cowSignature), "signatures[0].signature: it contains white space"),
        ("no 0x", mailAttestation(signature: String(cowSignature.dropFirst(2))), "signatures[0].signature: it does not start with 0x"),
        ("an unknown top-level key", mailAttestation(extra: #", "signedBy": "me""#), "att.json: signedBy: unknown key; an attestation has exactly the keys format, typedData, digest, signatures, inputs, report"),
        ("an unknown key in a signature",
         mailAttestation(entry: #"{"signer": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", "signature": "\#(cowSignature)", "weight": 2}"#),
         "att.json: signatures[0].weight: unknown key; a signature entry has exactly the keys signer, signature"),
        ("one signature twice", mailAttestation(copies: 2), "att.json: signatures[1]: signature 2 repeats signature 1 (signatures[0]) byte for byte"),
    ]
    for (name, text, message) in cases {
        let r = try CLI.run(["verify", CLI.temp("att.json", Array(text.utf8))])
        #expect(r.status == 4, "\(name): \(r.out)\(r.err)")
        #expect(r.err.contains(message) && r.err.contains("attestation does NOT hold"), "\(name): \(r.err)")
        #expect(r.out.isEmpty, "\(name): nothing is counted for a refused file: \(r.out)")
    }
    // Cosigning reads the file just as strictly.
    let cosign = try CLI.run(["attest", "cosign", CLI.temp("att.json", Array(mailAttestation(copies: 2).utf8)),
                              "--private-key-file", CLI.temp("cow.key", Array(cowKey.utf8))])
    #expect(cosign.status != 0 && cosign.err.contains("signature 2 repeats signature 1"), "\(cosign.err)")
}
