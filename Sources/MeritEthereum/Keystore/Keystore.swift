import Crypto
import Foundation
import MeritBase
import _CryptoExtras

/// Web3 Secret Storage (keystore V3), as written by geth and eth-account.
///
/// The key-derivation parameters are read from the file, never assumed. The MAC is checked in
/// constant time before anything is decrypted, so a wrong password is told apart from a damaged file.
public enum Keystore {
    /// A key-derivation function and its parameters.
    public enum KeyDerivation: Sendable, Equatable {
        /// scrypt with cost n (a power of two), block size r and parallelism p.
        case scrypt(n: Int, r: Int, p: Int)
        /// PBKDF2-HMAC-SHA256 with c iterations.
        case pbkdf2(c: Int)

        /// geth's standard parameters: scrypt n = 2^18, r = 8, p = 1 (256 MiB, about a second).
        public static let standard = KeyDerivation.scrypt(n: 1 << 18, r: 8, p: 1)
    }

    /// The most memory a file's scrypt parameters may ask for: 2 GiB.
    public static let maxScryptMemory = 2 << 30

    /// Encrypts a private key. `salt`, `iv` and `id` are random unless given (tests pin them).
    public static func encrypt(_ key: Secp256k1.PrivateKey, password: [UInt8], kdf: KeyDerivation = .standard,
                               salt: [UInt8]? = nil, iv: [UInt8]? = nil, id: String? = nil) throws -> JSONValue {
        let salt = salt ?? randomBytes(32)
        let iv = iv ?? randomBytes(16)
        let derived = try deriveKey(kdf, password: password, salt: salt, location: "kdfparams")
        let ciphertext = try aesCTR(Array(derived[0..<16]), iv: iv, key.bytes)
        let mac = Keccak256.hash(Array(derived[16..<32]) + ciphertext)
        let kdfName: String
        let params: JSONValue
        switch kdf {
        case .scrypt(let n, let r, let p):
            kdfName = "scrypt"
            params = .object(["dklen": .number("32"), "n": .number("\(n)"), "p": .number("\(p)"), "r": .number("\(r)"), "salt": .string(Hex.encode(salt))])
        case .pbkdf2(let c):
            kdfName = "pbkdf2"
            params = .object(["c": .number("\(c)"), "dklen": .number("32"), "prf": .string("hmac-sha256"), "salt": .string(Hex.encode(salt))])
        }
        return .object([
            "address": .string(Hex.encode(key.address.bytes)),
            "crypto": .object([
                "cipher": .string("aes-128-ctr"),
                "cipherparams": .object(["iv": .string(Hex.encode(iv))]),
                "ciphertext": .string(Hex.encode(ciphertext)),
                "kdf": .string(kdfName),
                "kdfparams": params,
                "mac": .string(Hex.encode(mac.bytes)),
            ]),
            "id": .string(id ?? uuid4()),
            "version": .number("3"),
        ])
    }

    /// The address a keystore declares, without decrypting it (nil when it has none).
    public static func declaredAddress(_ json: JSONValue) throws -> Address? {
        guard let a = json["address"]?.stringValue else { return nil }
        return try Address(hex: a.hasPrefix("0x") ? a : "0x" + a)
    }

    /// Decrypts a keystore. Throws `.wrongPassword` when the MAC does not match.
    public static func decrypt(_ json: JSONValue, password: [UInt8]) throws -> Secp256k1.PrivateKey {
        func fail(_ m: String, _ at: String) -> EthereumError { EthereumError(.invalidKeystore, m, at: at) }
        guard let version = json["version"], version == .number("3") else { throw fail("only version 3 keystores are supported", "version") }
        guard let crypto = json["crypto"] ?? json["Crypto"] else { throw fail("missing", "crypto") }
        guard crypto["cipher"]?.stringValue == "aes-128-ctr" else { throw fail("the cipher must be aes-128-ctr", "crypto.cipher") }
        func hexField(_ v: JSONValue?, _ at: String, count: Int? = nil) throws -> [UInt8] {
            guard let s = v?.stringValue, let b = Hex.decode(s), count == nil || b.count == count else {
                throw fail(count.map { "expected \($0 * 2) hex digits" } ?? "expected hex", at)
            }
            return b
        }
        func intField(_ v: JSONValue?, _ at: String) throws -> Int {
            guard case .number(let t)? = v, let n = Int(t), n > 0 else { throw fail("expected a positive integer", at) }
            return n
        }
        let iv = try hexField(crypto["cipherparams"]?["iv"], "crypto.cipherparams.iv", count: 16)
        let ciphertext = try hexField(crypto["ciphertext"], "crypto.ciphertext", count: 32)
        let mac = try hexField(crypto["mac"], "crypto.mac", count: 32)
        let params = crypto["kdfparams"]
        guard try intField(params?["dklen"], "crypto.kdfparams.dklen") == 32 else { throw fail("dklen must be 32", "crypto.kdfparams.dklen") }
        let salt = try hexField(params?["salt"], "crypto.kdfparams.salt")
        let kdf: KeyDerivation
        switch crypto["kdf"]?.stringValue {
        case "scrypt":
            kdf = .scrypt(n: try intField(params?["n"], "crypto.kdfparams.n"), r: try intField(params?["r"], "crypto.kdfparams.r"),
                          p: try intField(params?["p"], "crypto.kdfparams.p"))
        case "pbkdf2":
            guard params?["prf"]?.stringValue == "hmac-sha256" else { throw fail("only hmac-sha256 is supported", "crypto.kdfparams.prf") }
            kdf = .pbkdf2(c: try intField(params?["c"], "crypto.kdfparams.c"))
        default:
            throw fail("the kdf must be scrypt or pbkdf2", "crypto.kdf")
        }
        let derived = try deriveKey(kdf, password: password, salt: salt, location: "crypto.kdfparams")
        let expected = Keccak256.hash(Array(derived[16..<32]) + ciphertext).bytes
        guard constantTimeEqual(expected, mac) else {
            throw EthereumError(.wrongPassword, "the password is wrong (the keystore's MAC does not match)")
        }
        let plain = try aesCTR(Array(derived[0..<16]), iv: iv, ciphertext)
        return try Secp256k1.PrivateKey(bytes: plain)
    }

    /// Compares without an early exit, so timing does not reveal how many bytes matched.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    static func deriveKey(_ kdf: KeyDerivation, password: [UInt8], salt: [UInt8], location: String) throws -> [UInt8] {
        let key: SymmetricKey
        switch kdf {
        case .scrypt(let n, let r, let p):
            guard n > 1, n & (n - 1) == 0 else {
                throw EthereumError(.invalidKeystore, "scrypt n must be a power of two greater than 1", at: location + ".n")
            }
            let memory = 128 * r * n + 128 * r * p
            guard r < 1 << 20, p < 1 << 20, memory <= maxScryptMemory else {
                throw EthereumError(.invalidKeystore, "scrypt parameters ask for \(memory >> 20) MiB; Merit allows at most \(maxScryptMemory >> 20) MiB", at: location)
            }
            // BoringSSL enforces RFC 7914's n < 2^(16·r); geth and eth-account do not, so such files
            // are derived by Merit's own scrypt.
            if 16 * r < 63 && n >= 1 << (16 * r) {
                return try Scrypt.derive(password: password, salt: salt, n: n, r: r, p: p, length: 32)
            }
            key = try scrypt(password: password, salt: salt, n: n, r: r, p: p)
        case .pbkdf2(let c):
            guard c <= 100_000_000 else { throw EthereumError(.invalidKeystore, "pbkdf2 c is implausibly large", at: location + ".c") }
            key = try _CryptoExtras.KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: c)
        }
        return key.withUnsafeBytes { Array($0) }
    }

    static func scrypt(password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int) throws -> SymmetricKey {
        do {
            return try _CryptoExtras.KDF.Scrypt.deriveKey(from: password, salt: salt, outputByteCount: 32, rounds: n, blockSize: r, parallelism: p)
        } catch {
            throw EthereumError(.invalidKeystore, "scrypt failed for these parameters (n=\(n), r=\(r), p=\(p))", at: "crypto.kdfparams")
        }
    }

    static func aesCTR(_ key: [UInt8], iv: [UInt8], _ data: [UInt8]) throws -> [UInt8] {
        let out = try AES._CTR.encrypt(data, using: SymmetricKey(data: key), nonce: AES._CTR.Nonce(nonceBytes: iv))
        return Array(out)
    }

    static func randomBytes(_ n: Int) -> [UInt8] {
        var rng = SystemRandomNumberGenerator()
        return (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    static func uuid4() -> String {
        var b = randomBytes(16)
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        let h = Hex.encode(b)
        let c = Array(h)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-" + String(c[20..<32])
    }
}
