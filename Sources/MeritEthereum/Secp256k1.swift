import CSecp256k1
import MeritBase

/// secp256k1 through Debian's libsecp256k1: keys, recoverable ECDSA signatures and recovery.
///
/// Signing uses the library's default nonce (RFC 6979, no extra entropy), so the same key and digest
/// always give the same signature, low-s, identical to eth-account's. Verification rejects high-s
/// signatures and any v other than 27/28, as OpenZeppelin's ECDSA and the ecrecover precompile do.
public enum Secp256k1 {
    /// The group order n, big-endian.
    public static let order = Bytes32(0xFFFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFE, 0xBAAE_DCE6_AF48_A03B, 0xBFD2_5E8C_D036_4141)
    /// n / 2: a signature's s must not exceed it.
    public static let halfOrder = Bytes32(0x7FFF_FFFF_FFFF_FFFF, 0xFFFF_FFFF_FFFF_FFFF, 0x5D57_6E73_57A4_501D, 0xDFE9_2F46_681B_20A0)

    /// A signing context, created once. libsecp256k1 contexts are safe to share between threads for
    /// every call that takes a `const secp256k1_context*`, which all calls used here do; the
    /// randomization seed only blinds the computation and never changes a signature.
    final class Context: @unchecked Sendable {
        let raw: OpaquePointer
        init() {
            raw = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!
            var seed = [UInt8](repeating: 0, count: 32)
            var rng = SystemRandomNumberGenerator()
            for i in 0..<32 { seed[i] = UInt8.random(in: 0...255, using: &rng) }
            _ = secp256k1_context_randomize(raw, seed)
        }
        deinit { secp256k1_context_destroy(raw) }
    }

    static let context = Context()

    /// A private key: 32 bytes d with 1 ≤ d < n. Its description never shows the key.
    public struct PrivateKey: Sendable, CustomStringConvertible {
        /// The key bytes, big-endian.
        public let bytes: [UInt8]

        /// Wraps 32 bytes; throws unless 1 ≤ d < n.
        public init(bytes: [UInt8]) throws {
            guard bytes.count == 32, secp256k1_ec_seckey_verify(Secp256k1.context.raw, bytes) == 1 else {
                throw EthereumError(.invalidPrivateKey, "a private key must be 32 bytes with 1 ≤ key < n (the secp256k1 group order); this one is not")
            }
            self.bytes = bytes
        }

        /// Parses 64 hex digits, with or without `0x`, ignoring surrounding white space.
        public init(hex: String) throws {
            let trimmed = hex.trimmingWhitespace()
            guard let b = Hex.decode(trimmed), b.count == 32 else {
                throw EthereumError(.invalidPrivateKey, "a private key must be 64 hex digits (32 bytes), optionally after 0x")
            }
            try self.init(bytes: b)
        }

        /// A new random key from the system's secure generator.
        public static func generate() -> PrivateKey {
            var rng = SystemRandomNumberGenerator()
            while true {
                let b = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
                if let key = try? PrivateKey(bytes: b) { return key }
            }
        }

        /// The public key.
        public var publicKey: PublicKey {
            var pk = secp256k1_pubkey()
            let ok = secp256k1_ec_pubkey_create(Secp256k1.context.raw, &pk, bytes)
            precondition(ok == 1, "a validated private key always has a public key")
            return PublicKey(pk)
        }

        /// The Ethereum address of this key.
        public var address: Address { publicKey.address }

        /// Signs a 32-byte digest: RFC 6979 nonce, low-s, v = 27/28.
        public func sign(digest: Bytes32) -> Signature {
            var sig = secp256k1_ecdsa_recoverable_signature()
            let ok = secp256k1_ecdsa_sign_recoverable(Secp256k1.context.raw, &sig, digest.bytes, bytes, nil, nil)
            precondition(ok == 1, "signing with a validated key and the default nonce function cannot fail")
            var compact = [UInt8](repeating: 0, count: 64)
            var recid: Int32 = 0
            secp256k1_ecdsa_recoverable_signature_serialize_compact(Secp256k1.context.raw, &compact, &recid, &sig)
            return Signature(r: Bytes32(bytes: compact[0..<32])!, s: Bytes32(bytes: compact[32..<64])!, v: UInt8(27 + recid))
        }

        public var description: String { "PrivateKey(redacted)" }
    }

    /// An uncompressed public point.
    public struct PublicKey: Sendable, Equatable {
        /// X ‖ Y, 64 bytes, without the 0x04 prefix.
        public let xy: [UInt8]

        init(_ pk: secp256k1_pubkey) {
            var pk = pk
            var out = [UInt8](repeating: 0, count: 65)
            var len = 65
            secp256k1_ec_pubkey_serialize(Secp256k1.context.raw, &out, &len, &pk, UInt32(SECP256K1_EC_UNCOMPRESSED))
            xy = Array(out[1..<65])
        }

        /// Parses a 33-byte compressed or 65-byte uncompressed SEC1 encoding.
        public init(sec1: [UInt8]) throws {
            var pk = secp256k1_pubkey()
            guard secp256k1_ec_pubkey_parse(Secp256k1.context.raw, &pk, sec1, sec1.count) == 1 else {
                throw EthereumError(.invalidAddress, "not a secp256k1 public key: expected 33 (compressed) or 65 (uncompressed) bytes of a point on the curve")
            }
            self.init(pk)
        }

        /// The address: the last 20 bytes of keccak256(X ‖ Y).
        public var address: Address { Address(bytes: Array(Keccak256.hash(xy).bytes[12..<32]))! }

        /// Verifies a plain ECDSA signature over a digest; high-s is rejected, as in OpenZeppelin.
        public func isValidSignature(r: Bytes32, s: Bytes32, digest: Bytes32) -> Bool {
            guard s <= Secp256k1.halfOrder else { return false }
            var sig = secp256k1_ecdsa_signature()
            guard secp256k1_ecdsa_signature_parse_compact(Secp256k1.context.raw, &sig, r.bytes + s.bytes) == 1 else { return false }
            var pk = secp256k1_pubkey()
            guard secp256k1_ec_pubkey_parse(Secp256k1.context.raw, &pk, [4] + xy, 65) == 1 else { return false }
            return secp256k1_ecdsa_verify(Secp256k1.context.raw, &sig, digest.bytes, &pk) == 1
        }

        /// Verifies a strict-DER ECDSA signature over a digest; high-s is rejected.
        public func isValidSignature(der: [UInt8], digest: Bytes32) -> Bool {
            var sig = secp256k1_ecdsa_signature()
            guard secp256k1_ecdsa_signature_parse_der(Secp256k1.context.raw, &sig, der, der.count) == 1 else { return false }
            var compact = [UInt8](repeating: 0, count: 64)
            secp256k1_ecdsa_signature_serialize_compact(Secp256k1.context.raw, &compact, &sig)
            return isValidSignature(r: Bytes32(bytes: compact[0..<32])!, s: Bytes32(bytes: compact[32..<64])!, digest: digest)
        }
    }

    /// A recoverable signature: r ‖ s ‖ v, 65 bytes, v = 27 or 28.
    public struct Signature: Sendable, Equatable, CustomStringConvertible {
        /// r.
        public var r: Bytes32
        /// s.
        public var s: Bytes32
        /// 27 or 28.
        public var v: UInt8

        /// Creates a signature from its parts (not validated; see `recover`).
        public init(r: Bytes32, s: Bytes32, v: UInt8) { self.r = r; self.s = s; self.v = v }

        /// Parses 65 bytes r ‖ s ‖ v. Only v = 27/28 is accepted: v = 0/1 makes ecrecover return
        /// nothing on chain, so Merit refuses it rather than accept what a contract would reject.
        public init(bytes: [UInt8]) throws {
            guard bytes.count == 65 else {
                throw EthereumError(.invalidSignature, "a signature is 65 bytes (r ‖ s ‖ v); this one has \(bytes.count)")
            }
            guard bytes[64] == 27 || bytes[64] == 28 else {
                throw EthereumError(.invalidSignature, "v must be 27 or 28, got \(bytes[64]); add 27 to a 0/1 recovery id")
            }
            self.init(r: Bytes32(bytes: bytes[0..<32])!, s: Bytes32(bytes: bytes[32..<64])!, v: bytes[64])
        }

        /// Parses 0x-hex of 65 bytes.
        public init(hex: String) throws {
            guard let b = Hex.decode(hex.trimmingWhitespace()) else {
                throw EthereumError(.invalidSignature, "a signature is 130 hex digits (65 bytes r ‖ s ‖ v), optionally after 0x")
            }
            try self.init(bytes: b)
        }

        /// The 65 bytes.
        public var bytes: [UInt8] { r.bytes + s.bytes + [v] }
        /// 0x-hex of the 65 bytes.
        public var hex: String { "0x" + Hex.encode(bytes) }
        public var description: String { hex }

        /// Whether s is in the lower half of the order, as Ethereum requires.
        public var isLowS: Bool { s <= Secp256k1.halfOrder }

        /// Recovers the public key that signed `digest`. Rejects high-s, bad v, r or s of 0 or ≥ n.
        public func recoverPublicKey(digest: Bytes32) throws -> PublicKey {
            guard v == 27 || v == 28 else {
                throw EthereumError(.invalidSignature, "v must be 27 or 28, got \(v)")
            }
            guard isLowS else {
                throw EthereumError(.invalidSignature, "s is in the upper half of the curve order (a malleable high-s signature); Ethereum accepts only low-s")
            }
            var sig = secp256k1_ecdsa_recoverable_signature()
            guard r != .zero, s != .zero,
                  secp256k1_ecdsa_recoverable_signature_parse_compact(Secp256k1.context.raw, &sig, r.bytes + s.bytes, Int32(v) - 27) == 1 else {
                throw EthereumError(.invalidSignature, "r or s is zero or not below the curve order")
            }
            var pk = secp256k1_pubkey()
            guard secp256k1_ecdsa_recover(Secp256k1.context.raw, &pk, &sig, digest.bytes) == 1 else {
                throw EthereumError(.invalidSignature, "no public key recovers from this signature and digest")
            }
            return PublicKey(pk)
        }

        /// The address that signed `digest`.
        public func recoverAddress(digest: Bytes32) throws -> Address {
            try recoverPublicKey(digest: digest).address
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
