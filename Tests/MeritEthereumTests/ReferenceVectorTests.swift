import Foundation
import MeritBase
import MeritEthereum
import TestSupport
import Testing

// Method: vectors generated in the test run by eth-account 0.14, eth-abi 6 and eth-keys 0.8 from PyPI
// (Python/make_vectors.py, seeded), compared with Merit's implementation value by value.

@Test(.tags(.unit)) func keysAndAddressesMatchEthKeys() throws {
    let vectors = try PythonReference.file("keys.json")
    #expect(vectors.count >= 50)
    for v in vectors {
        let key = try Secp256k1.PrivateKey(hex: v.req("privateKey").str)
        #expect(key.address.checksummed == v.req("address").str)
    }
}

@Test(.tags(.unit)) func personalSignMatchesEthAccount() throws {
    for v in try PythonReference.file("personal_sign.json") {
        let key = try Secp256k1.PrivateKey(hex: v.req("privateKey").str)
        let message = Hex.decode(v.req("message").str)!
        #expect(EIP191.digest(message).hex == v.req("digest").str)
        #expect(EIP191.sign(message, with: key).hex == v.req("signature").str, "\(v.req("name").str)")
        #expect(try EIP191.recover(message, signature: Secp256k1.Signature(hex: v.req("signature").str)) == key.address)
    }
}

@Test(.tags(.unit)) func typedDataMatchesEthAccount() throws {
    let vectors = try PythonReference.file("typed_data.json")
    #expect(vectors.count >= 60)
    for v in vectors {
        let name = v.req("name").str
        let td = try TypedData(json: v.req("typedData"))
        #expect(try td.domainSeparator().hex == v.req("domainSeparator").str, "\(name)")
        if case .string(let e)? = v["encodeType"] { #expect(try td.encodeType(td.primaryType) == e, "\(name)") }
        #expect(try td.digest().hex == v.req("digest").str, "\(name)")
        let key = try Secp256k1.PrivateKey(hex: v.req("privateKey").str)
        #expect(try td.sign(with: key).hex == v.req("signature").str, "\(name)")
        #expect(try td.recover(Secp256k1.Signature(hex: v.req("signature").str)) == key.address)
    }
}

@Test(.tags(.unit)) func abiEncodingMatchesEthAbi() throws {
    let vectors = try PythonReference.file("abi.json")
    #expect(vectors.count >= 80)
    for v in vectors {
        let types = try v.req("types").arr.map { try ABIType.parse($0.str) }
        let encoded = try ABIEncoder.encode(types, v.req("values").arr)
        #expect("0x" + Hex.encode(encoded) == v.req("encoded").str, "\(v.req("types").arr.map(\.str))")
    }
    let url = try PythonReference.vectors.get().appendingPathComponent("abi.json")
    for s in try JSONValue.parse(Array(Data(contentsOf: url))).req("selectors").arr {
        #expect("0x" + Hex.encode(ABIEncoder.selector(s.req("signature").str)) == s.req("selector").str)
    }
}

@Test(.tags(.unit)) func keystoresFromEthAccountDecrypt() throws {
    let vectors = try PythonReference.file("keystores.json")
    #expect(vectors.count >= 6)
    for v in vectors {
        let key = try Keystore.decrypt(v.req("keystore"), password: Hex.decode(v.req("passwordHex").str)!)
        #expect("0x" + Hex.encode(key.bytes) == v.req("privateKey").str, "\(v.req("note").str)")
        #expect(key.address.checksummed == v.req("address").str)
    }
}

@Test(.tags(.unit)) func ethAccountDecryptsMeritsKeystores() throws {
    let key = try Secp256k1.PrivateKey(hex: "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-ks-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let passwordFile = dir.appendingPathComponent("pw")
    try Data("Zoë's secret".utf8).write(to: passwordFile)
    for (i, kdf) in [Keystore.KeyDerivation.scrypt(n: 1 << 12, r: 8, p: 1), .pbkdf2(c: 2048)].enumerated() {
        let file = dir.appendingPathComponent("k\(i).json")
        try Data(Keystore.encrypt(key, password: Array("Zoë's secret".utf8), kdf: kdf).serialized().utf8).write(to: file)
        let out = try JSONValue.parse(PythonReference.run("check_keystore.py", [file.path, passwordFile.path]))
        #expect(out.req("privateKey").str == "0x" + Hex.encode(key.bytes))
    }
}

@Test(.tags(.unit)) func keccakMatchesEthUtils() throws {
    for v in try PythonReference.file("keccak.json") {
        let n = v.req("length").int
        let input = (0..<n).map { UInt8($0 % 251) }
        #expect(Keccak256.hash(input).hex == v.req("digest").str, "length \(n)")
    }
}
