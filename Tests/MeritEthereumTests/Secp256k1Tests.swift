import Crypto
import MeritBase
import MeritEthereum
import TestSupport
import Testing

/// Method: Wycheproof's secp256k1 ECDSA vectors (checked in unchanged, see Fixtures/wycheproof/SOURCES.md),
/// every test case, decoded by one loader. The Bitcoin file's rules (strict DER, low-s) are Ethereum's.
@Test(.tags(.unit)) func wycheproofBitcoinDERVectors() throws {
    let file = try Fixtures.json("wycheproof/ecdsa_secp256k1_sha256_bitcoin_test.json")
    var checked = 0
    for group in file.req("testGroups").arr {
        let key = try Secp256k1.PublicKey(sec1: Hex.decode(group.req("publicKey").req("uncompressed").str)!)
        for t in group.req("tests").arr {
            let digest = Bytes32(bytes: Array(SHA256.hash(data: Hex.decode(t.req("msg").str)!)))!
            let got = key.isValidSignature(der: Hex.decode(t.req("sig").str) ?? [], digest: digest)
            let expected = t.req("result").str == "valid"
            #expect(got == expected, "tcId \(t.req("tcId").int): \(t["comment"]?.stringValue ?? "")")
            checked += 1
        }
    }
    #expect(checked == 463)
}

/// Method: Wycheproof's raw r‖s vectors. Ethereum rejects high-s, which Wycheproof accepts here, so the
/// expectation is `valid && s ≤ n/2`; every high-s valid signature must verify once normalised to n − s.
@Test(.tags(.unit)) func wycheproofP1363VectorsWithEthereumsLowSRule() throws {
    let file = try Fixtures.json("wycheproof/ecdsa_secp256k1_sha256_p1363_test.json")
    var highS = 0, checked = 0
    for group in file.req("testGroups").arr {
        let key = try Secp256k1.PublicKey(sec1: Hex.decode(group.req("publicKey").req("uncompressed").str)!)
        for t in group.req("tests").arr {
            let digest = Bytes32(bytes: Array(SHA256.hash(data: Hex.decode(t.req("msg").str)!)))!
            let sig = Hex.decode(t.req("sig").str) ?? []
            checked += 1
            guard sig.count == 64 else { continue }  // wrong-length encodings cannot even be parsed
            let r = Bytes32(bytes: sig[0..<32])!, s = Bytes32(bytes: sig[32..<64])!
            let valid = t.req("result").str == "valid"
            #expect(key.isValidSignature(r: r, s: s, digest: digest) == (valid && s <= Secp256k1.halfOrder), "tcId \(t.req("tcId").int)")
            if valid && s > Secp256k1.halfOrder {
                highS += 1
                #expect(key.isValidSignature(r: r, s: negate(s), digest: digest), "tcId \(t.req("tcId").int) normalised")
            }
        }
    }
    #expect(checked == 252)
    #expect(highS > 0)
}

/// n − s, for building high-s twins.
func negate(_ s: Bytes32) -> Bytes32 {
    let n = Secp256k1.order
    let a = [n.w3, n.w2, n.w1, n.w0], b = [s.w3, s.w2, s.w1, s.w0]
    var out = [UInt64](repeating: 0, count: 4)
    var borrow: UInt64 = 0
    for k in 0..<4 {
        let (d1, o1) = a[k].subtractingReportingOverflow(b[k])
        let (d2, o2) = d1.subtractingReportingOverflow(borrow)
        out[k] = d2
        borrow = (o1 || o2) ? 1 : 0
    }
    return Bytes32(out[3], out[2], out[1], out[0])
}

@Test(.tags(.unit)) func signaturesAreDeterministicLowSAndRecoverTheSigner() throws {
    let key = try Secp256k1.PrivateKey(hex: "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
    #expect(key.address.checksummed == "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23")
    let digest = Keccak256.hash("merit")
    let a = key.sign(digest: digest), b = key.sign(digest: digest)
    #expect(a == b)
    #expect(a.isLowS)
    #expect(a.v == 27 || a.v == 28)
    #expect(try a.recoverAddress(digest: digest) == key.address)
    #expect(key.publicKey.isValidSignature(r: a.r, s: a.s, digest: digest))
}

@Test(.tags(.unit)) func highSAndBadVAreRejected() throws {
    let key = try Secp256k1.PrivateKey(hex: "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
    let digest = Keccak256.hash("merit")
    let sig = key.sign(digest: digest)
    // The high-s twin recovers the same key mathematically; Ethereum (and Merit) must refuse it.
    let twin = Secp256k1.Signature(r: sig.r, s: negate(sig.s), v: sig.v == 27 ? 28 : 27)
    #expect(throws: EthereumError.self) { try twin.recoverAddress(digest: digest) }
    #expect(!key.publicKey.isValidSignature(r: twin.r, s: twin.s, digest: digest))
    for v: UInt8 in [0, 1, 26, 29, 255] {
        #expect(throws: EthereumError.self) { try Secp256k1.Signature(bytes: sig.r.bytes + sig.s.bytes + [v]) }
        #expect(throws: EthereumError.self) { try Secp256k1.Signature(r: sig.r, s: sig.s, v: v).recoverAddress(digest: digest) }
    }
    #expect(throws: EthereumError.self) { try Secp256k1.Signature(r: .zero, s: sig.s, v: 27).recoverAddress(digest: digest) }
}

@Test(.tags(.unit)) func privateKeysOutsideTheGroupAreRejected() throws {
    #expect(throws: EthereumError.self) { try Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0, count: 32)) }
    #expect(throws: EthereumError.self) { try Secp256k1.PrivateKey(bytes: Secp256k1.order.bytes) }
    #expect(throws: EthereumError.self) { try Secp256k1.PrivateKey(bytes: [1]) }
    var nMinus1 = Secp256k1.order.bytes
    nMinus1[31] -= 1
    #expect(throws: Never.self) { try Secp256k1.PrivateKey(bytes: nMinus1) }
    // The description never shows key material.
    let key = try Secp256k1.PrivateKey(bytes: nMinus1)
    #expect(!"\(key)".contains("4140"))
}

@Test(.tags(.unit)) func eip55ChecksumsAndStrictParsing() throws {
    // The examples from the EIP-55 text.
    for a in ["0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
              "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"] {
        #expect(try Address(hex: a.lowercased()).checksummed == a)
        #expect(try Address(hex: a).checksummed == a)
    }
    #expect(throws: EthereumError.self) { try Address(hex: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD") }  // one case flipped
    #expect(throws: EthereumError.self) { try Address(hex: "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") }
    #expect(throws: EthereumError.self) { try Address(hex: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea") }
}

@Test(.tags(.unit)) func personalSignCountsBytesNotCharacters() throws {
    let text = "héllo ✓"  // 7 characters, 10 bytes
    var k = Keccak256()
    k.update(Array("\u{19}Ethereum Signed Message:\n10".utf8))
    k.update(Array(text.utf8))
    #expect(EIP191.digest(text) == k.finalize())
    let key = try Secp256k1.PrivateKey(hex: "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
    let sig = EIP191.sign(Array(text.utf8), with: key)
    #expect(try EIP191.recover(Array(text.utf8), signature: sig) == key.address)
}
