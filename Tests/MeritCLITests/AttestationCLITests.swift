import Foundation
import TestSupport
import Testing

/// The EIP-712 Mail example, for the `merit eth` commands.
let mailTyped = """
{"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
"Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
"Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
"primaryType":"Mail","domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
"message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
"""
/// keccak256("cow"), the Mail example's signer.
let cowKey = "0xc85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4"
let cowSignature = "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b915621c"

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func ethCommandsSpeakTheStandardFormats() throws {
    let typed = CLI.temp("mail.json", Array(mailTyped.utf8))
    let keyFile = CLI.temp("cow.key", Array((cowKey + "\n").utf8))
    let digest = try CLI.run(["eth", "digest", typed])
    #expect(digest.status == 0 && digest.out == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2\n")
    let sig = try CLI.run(["eth", "sign", typed, "--private-key-file", keyFile])
    #expect(sig.status == 0 && sig.out == cowSignature + "\n")
    let who = try CLI.run(["eth", "recover", typed, cowSignature])
    #expect(who.status == 0 && who.out == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826\n")
    // The high-s twin of the same signature is refused with exit code 4.
    let highS = try CLI.run(["eth", "recover", typed, "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9df8d666c92cfb3eac09bbc205fa0bf00eb2d7b3d4f8517d33c63c3b76ca7d2bdf1b"])
    #expect(highS.status == 4 && highS.err.contains("high-s"))
    let keccak = try CLI.run(["eth", "keccak", "abc"])
    #expect(keccak.out == "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45\n")
    let abi = try CLI.run(["eth", "abi-encode", "--selector", "transfer(address,uint256)", "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB", "1000"])
    #expect(abi.status == 0 && abi.out.hasPrefix("0xa9059cbb000000000000000000000000bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb00000000000000000000000000000000000000000000000000000000000003e8"))
    // eth-account agrees with what Merit signed.
    let py = try CLI.python("check_typed.py", [typed, sig.out.trimmingCharacters(in: .whitespacesAndNewlines)])
    #expect(py.contains("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"))
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func keysNewNeverTakesThePasswordFromArgvAndNeverOverwrites() throws {
    let pw = CLI.temp("pw", Array("correct horse".utf8))
    let dir = URL(fileURLWithPath: pw).deletingLastPathComponent()
    let ks = dir.appendingPathComponent("key.json").path
    let made = try CLI.run(["keys", "new", "--out", ks, "--password-file", pw, "--scrypt-n", "1024"])
    #expect(made.status == 0)
    let address = made.out.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(address.hasPrefix("0x") && address.count == 42)
    let attrs = try FileManager.default.attributesOfItem(atPath: ks)
    #expect((attrs[.posixPermissions] as? Int) == 0o600)
    let again = try CLI.run(["keys", "new", "--out", ks, "--password-file", pw])
    #expect(again.status != 0 && again.err.contains("never overwrites"))
    let shown = try CLI.run(["eth", "address", "--keystore", ks, "--password-file", pw])
    #expect(shown.out.trimmingCharacters(in: .whitespacesAndNewlines) == address)
    let wrong = try CLI.run(["eth", "address", "--keystore", ks, "--password-file", CLI.temp("bad", Array("nope".utf8))])
    #expect(wrong.status == 1 && wrong.err.contains("password is wrong"))
    // eth-account reads Merit's keystore.
    let py = try CLI.python("check_keystore.py", [ks, pw])
    #expect(py.contains(address))
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func signCosignVerifyReproduceAndProve() throws {
    let demoDir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-att-\(UUID().uuidString)")
    let demo = try CLI.run(["demo", "--quiet", "--out", demoDir.path])
    #expect(demo.status == 0)
    let data = demoDir.appendingPathComponent("data")
    let keys = ["0x" + String(repeating: "11", count: 32), "0x" + String(repeating: "22", count: 32), "0x" + String(repeating: "33", count: 32)]
        .map { CLI.temp("k.key", Array($0.utf8)) }
    let signers = try keys.map { try CLI.run(["eth", "address", "--private-key-file", $0]).out.trimmingCharacters(in: .whitespacesAndNewlines) }
    let out = demoDir.appendingPathComponent("signed").path
    let contributorA = "0x00000000000000000000000000000000000000a1", contributorB = "0x00000000000000000000000000000000000000b2"
    let ev = try CLI.run(["evaluate", "--quiet", "--model", data.appendingPathComponent("model.yaml").path,
                          "--base", data.appendingPathComponent("base.csv").path, "--benchmark", data.appendingPathComponent("benchmark.csv").path,
                          "--contribution", data.appendingPathComponent("contribution-good.csv").path, "--out", out,
                          "--sign", "--private-key-file", keys[0], "--contributor", contributorA + ":7000", "--contributor", contributorB])
    #expect(ev.status == 0, "\(ev.err)")
    let att = out + "/attestation.json"
    // Deterministic end to end: a second run writes the same attestation, byte for byte.
    let out2 = demoDir.appendingPathComponent("signed-again").path
    let ev2 = try CLI.run(["evaluate", "--quiet", "--model", data.appendingPathComponent("model.yaml").path,
                           "--base", data.appendingPathComponent("base.csv").path, "--benchmark", data.appendingPathComponent("benchmark.csv").path,
                           "--contribution", data.appendingPathComponent("contribution-good.csv").path, "--out", out2,
                           "--sign", "--private-key-file", keys[0], "--contributor", contributorA + ":7000", "--contributor", contributorB])
    #expect(ev2.status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: att)) == Data(contentsOf: URL(fileURLWithPath: out2 + "/attestation.json")))
    let one = try CLI.run(["verify", att, "--signers", signers.joined(separator: ","), "--threshold", "2"])
    #expect(one.status == 4 && one.out.contains("1 of 2"))
    let cosign = try CLI.run(["attest", "cosign", att, "--private-key-file", keys[1]])
    #expect(cosign.status == 0, "\(cosign.err)")
    let two = try CLI.run(["verify", att, "--signers", signers.joined(separator: ","), "--threshold", "2", "--data", data.path])
    #expect(two.status == 0 && two.out.contains("attestation holds"), "\(two.out)\(two.err)")
    // A signer outside the set does not count.
    let outsider = try CLI.run(["verify", att, "--signers", signers[2], "--threshold", "1"])
    #expect(outsider.status == 4)

    // Byte-identical reproduction, then a changed contribution is caught by name.
    let same = try CLI.run(["reproduce", att, "--data", data.path, "--quiet", "--out", demoDir.appendingPathComponent("re").path])
    #expect(same.status == 0 && same.out.hasPrefix("identical"), "\(same.out)\(same.err)")
    let altered = demoDir.appendingPathComponent("altered")
    try FileManager.default.copyItem(at: data, to: altered)
    let contrib = altered.appendingPathComponent("contribution-good.csv")
    var lines = try String(contentsOf: contrib, encoding: .utf8).components(separatedBy: "\n")
    lines.remove(at: 5)
    try lines.joined(separator: "\n").write(to: contrib, atomically: true, encoding: .utf8)
    let differs = try CLI.run(["reproduce", att, "--data", altered.path, "--quiet", "--json", "--out", demoDir.appendingPathComponent("re2").path])
    #expect(differs.status == 4 && differs.out.contains("\"firstDifference\": \"message.data.contributionRecords\"") || differs.out.contains("\"firstDifference\": \"message.data.contributionRoot\""), "\(differs.out)")

    // Tampering with a signed field is detected.
    let text = try String(contentsOfFile: att, encoding: .utf8)
    let tampered = CLI.temp("t.json", Array(text.replacingOccurrences(of: "\"deltaOneBps\": \"", with: "\"deltaOneBps\": \"9").utf8))
    let bad = try CLI.run(["verify", tampered])
    #expect(bad.status == 4 && bad.err.contains("altered"), "\(bad.out)\(bad.err)")

    // An inclusion proof against the attested contribution root.
    let proof = try CLI.run(["prove", "--dataset", data.appendingPathComponent("contribution-good.csv").path, "--record", "7", "--attestation", att])
    #expect(proof.status == 0 && proof.out.contains("\"attested_as\" : \"data.contributionRoot\""), "\(proof.out)\(proof.err)")
    let check = try CLI.run(["verify-proof", CLI.temp("p.json", Array(proof.out.utf8))])
    #expect(check.status == 0)

    let call = try CLI.run(["attest", "calldata", att, "--json"])
    #expect(call.status == 0 && call.out.contains("\"function\": \"submit(((bytes32,string,bytes32,string,bool),"))
}
