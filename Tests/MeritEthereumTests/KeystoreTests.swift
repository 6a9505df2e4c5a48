import MeritBase
import MeritEthereum
import TestSupport
import Testing

/// The Web3 Secret Storage definition's two test vectors: password "testpassword",
/// key 7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d.
let specPBKDF2 = """
{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},"ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2","kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},"mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
"""
let specScrypt = """
{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"83dbcc02d8ccb40e466191a123791e0e"},"ciphertext":"d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c","kdf":"scrypt","kdfparams":{"dklen":32,"n":262144,"p":8,"r":1,"salt":"ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},"mac":"2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
"""

/// The Web3 Secret Storage definition's test vectors, unchanged. The scrypt one costs n = 2^18, about
/// a minute in a debug build, so the unit subset (MERIT_TEST_SCOPE=unit) leaves it out; smaller scrypt
/// vectors (RFC 7914) run there.
@Test(.tags(.unit), arguments: TestScope.everything ? [specPBKDF2, specScrypt] : [specPBKDF2])
func web3SecretStorageVectors(text: String) throws {
    let key = try Keystore.decrypt(JSONValue.parse(text), password: Array("testpassword".utf8))
    #expect(Hex.encode(key.bytes) == "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d")
    #expect(throws: EthereumError(.wrongPassword, "the password is wrong (the keystore's MAC does not match)")) {
        try Keystore.decrypt(JSONValue.parse(text), password: Array("testpassworD".utf8))
    }
}

@Test(.tags(.unit)) func encryptThenDecryptWithParametersReadFromTheFile() throws {
    let key = try Secp256k1.PrivateKey(hex: "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
    for kdf: Keystore.KeyDerivation in [.scrypt(n: 1 << 10, r: 8, p: 1), .pbkdf2(c: 1000)] {
        let json = try Keystore.encrypt(key, password: Array("pässwörd".utf8), kdf: kdf)
        let back = try Keystore.decrypt(JSONValue.parse(json.serialized()), password: Array("pässwörd".utf8))
        #expect(back.bytes == key.bytes)
        #expect(try Keystore.declaredAddress(json) == key.address)
        // Nothing secret in the file's text: the key's hex must not appear.
        #expect(!json.serialized().contains(Hex.encode(key.bytes)))
    }
}

@Test(.tags(.unit)) func hostileParametersAreRefused() throws {
    let big = specScrypt.replacingOccurrences(of: "\"n\":262144", with: "\"n\":1073741824")
    #expect(throws: EthereumError.self) { try Keystore.decrypt(JSONValue.parse(big), password: []) }
    let odd = specScrypt.replacingOccurrences(of: "\"n\":262144", with: "\"n\":1000")
    #expect(throws: EthereumError.self) { try Keystore.decrypt(JSONValue.parse(odd), password: []) }
    let cipher = specScrypt.replacingOccurrences(of: "aes-128-ctr", with: "aes-128-cbc")
    #expect(throws: EthereumError.self) { try Keystore.decrypt(JSONValue.parse(cipher), password: []) }
}

/// Method: RFC 7914's own scrypt test vectors for Merit's scrypt, and agreement with BoringSSL's.
@Test(.tags(.unit)) func scryptMatchesRFC7914() throws {
    let v1 = try Keystore.scryptForTesting(password: [], salt: [], n: 16, r: 1, p: 1, length: 64)
    #expect(Hex.encode(v1) == "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")
    let v2 = try Keystore.scryptForTesting(password: Array("password".utf8), salt: Array("NaCl".utf8), n: 1024, r: 8, p: 16, length: 64)
    #expect(Hex.encode(v2) == "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
}
