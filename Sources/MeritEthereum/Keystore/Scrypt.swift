import Crypto
import _CryptoExtras

/// scrypt (RFC 7914) for keystores whose parameters BoringSSL refuses.
///
/// BoringSSL (swift-crypto) enforces RFC 7914's N < 2^(16·r), so it rejects files that geth and
/// eth-account read without complaint, such as the Web3 Secret Storage spec's own vector
/// (n = 2^18, r = 1). Merit uses BoringSSL when it accepts the parameters and this implementation
/// otherwise; both give the same bytes (a test checks them against each other).
enum Scrypt {
    static func derive(password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, length: Int) throws -> [UInt8] {
        let blockWords = 32 * r  // 128·r bytes
        let b = try pbkdf2(password, salt, length: p * 128 * r)
        var words = [UInt32](repeating: 0, count: p * blockWords)
        for i in 0..<words.count {
            words[i] = UInt32(b[4 * i]) | UInt32(b[4 * i + 1]) << 8 | UInt32(b[4 * i + 2]) << 16 | UInt32(b[4 * i + 3]) << 24
        }
        var v = [UInt32](repeating: 0, count: n * blockWords)
        var x = [UInt32](repeating: 0, count: blockWords)
        var y = [UInt32](repeating: 0, count: blockWords)
        for chunk in 0..<p {
            words.withUnsafeMutableBufferPointer { w in
                v.withUnsafeMutableBufferPointer { v in
                    x.withUnsafeMutableBufferPointer { x in
                        y.withUnsafeMutableBufferPointer { y in
                            let block = UnsafeMutableBufferPointer(rebasing: w[(chunk * blockWords)..<((chunk + 1) * blockWords)])
                            roMix(block, n: n, r: r, v: v.baseAddress!, x: x.baseAddress!, y: y.baseAddress!)
                        }
                    }
                }
            }
        }
        var mixed = [UInt8](repeating: 0, count: words.count * 4)
        for (i, w) in words.enumerated() {
            mixed[4 * i] = UInt8(truncatingIfNeeded: w); mixed[4 * i + 1] = UInt8(truncatingIfNeeded: w >> 8)
            mixed[4 * i + 2] = UInt8(truncatingIfNeeded: w >> 16); mixed[4 * i + 3] = UInt8(truncatingIfNeeded: w >> 24)
        }
        return try pbkdf2(password, mixed, length: length)
    }

    static func pbkdf2(_ password: [UInt8], _ salt: [UInt8], length: Int) throws -> [UInt8] {
        let k = try KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256, outputByteCount: length, unsafeUncheckedRounds: 1)
        return k.withUnsafeBytes { Array($0) }
    }

    static func roMix(_ b: UnsafeMutableBufferPointer<UInt32>, n: Int, r: Int, v: UnsafeMutablePointer<UInt32>, x: UnsafeMutablePointer<UInt32>, y: UnsafeMutablePointer<UInt32>) {
        let words = 32 * r
        x.update(from: b.baseAddress!, count: words)
        for i in 0..<n {
            (v + i * words).update(from: x, count: words)
            blockMix(x, y, r: r)
        }
        for _ in 0..<n {
            let j = Int(x[(2 * r - 1) * 16]) & (n - 1)
            let vj = v + j * words
            for k in 0..<words { x[k] ^= vj[k] }
            blockMix(x, y, r: r)
        }
        b.baseAddress!.update(from: x, count: words)
    }

    /// BlockMix with Salsa20/8: y holds scratch; the result is written back to b.
    static func blockMix(_ b: UnsafeMutablePointer<UInt32>, _ y: UnsafeMutablePointer<UInt32>, r: Int) {
        var t = (UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0),
                 UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0), UInt32(0))
        withUnsafeMutableBytes(of: &t) { raw in
            let x = raw.baseAddress!.assumingMemoryBound(to: UInt32.self)
            x.update(from: b + (2 * r - 1) * 16, count: 16)
            for i in 0..<(2 * r) {
                for k in 0..<16 { x[k] ^= b[i * 16 + k] }
                salsa8(x)
                // Even blocks go to the first half, odd blocks to the second.
                let dest = y + ((i & 1) * r + (i >> 1)) * 16
                dest.update(from: x, count: 16)
            }
        }
        b.update(from: y, count: 32 * r)
    }

    @inline(__always)
    static func salsa8(_ b: UnsafeMutablePointer<UInt32>) {
        var x0 = b[0], x1 = b[1], x2 = b[2], x3 = b[3], x4 = b[4], x5 = b[5], x6 = b[6], x7 = b[7]
        var x8 = b[8], x9 = b[9], x10 = b[10], x11 = b[11], x12 = b[12], x13 = b[13], x14 = b[14], x15 = b[15]
        @inline(__always) func rotl(_ a: UInt32, _ s: UInt32) -> UInt32 { (a << s) | (a >> (32 - s)) }
        for _ in 0..<4 {
            x4 ^= rotl(x0 &+ x12, 7); x8 ^= rotl(x4 &+ x0, 9); x12 ^= rotl(x8 &+ x4, 13); x0 ^= rotl(x12 &+ x8, 18)
            x9 ^= rotl(x5 &+ x1, 7); x13 ^= rotl(x9 &+ x5, 9); x1 ^= rotl(x13 &+ x9, 13); x5 ^= rotl(x1 &+ x13, 18)
            x14 ^= rotl(x10 &+ x6, 7); x2 ^= rotl(x14 &+ x10, 9); x6 ^= rotl(x2 &+ x14, 13); x10 ^= rotl(x6 &+ x2, 18)
            x3 ^= rotl(x15 &+ x11, 7); x7 ^= rotl(x3 &+ x15, 9); x11 ^= rotl(x7 &+ x3, 13); x15 ^= rotl(x11 &+ x7, 18)
            x1 ^= rotl(x0 &+ x3, 7); x2 ^= rotl(x1 &+ x0, 9); x3 ^= rotl(x2 &+ x1, 13); x0 ^= rotl(x3 &+ x2, 18)
            x6 ^= rotl(x5 &+ x4, 7); x7 ^= rotl(x6 &+ x5, 9); x4 ^= rotl(x7 &+ x6, 13); x5 ^= rotl(x4 &+ x7, 18)
            x11 ^= rotl(x10 &+ x9, 7); x8 ^= rotl(x11 &+ x10, 9); x9 ^= rotl(x8 &+ x11, 13); x10 ^= rotl(x9 &+ x8, 18)
            x12 ^= rotl(x15 &+ x14, 7); x13 ^= rotl(x12 &+ x15, 9); x14 ^= rotl(x13 &+ x12, 13); x15 ^= rotl(x14 &+ x13, 18)
        }
        b[0] &+= x0; b[1] &+= x1; b[2] &+= x2; b[3] &+= x3; b[4] &+= x4; b[5] &+= x5; b[6] &+= x6; b[7] &+= x7
        b[8] &+= x8; b[9] &+= x9; b[10] &+= x10; b[11] &+= x11; b[12] &+= x12; b[13] &+= x13; b[14] &+= x14; b[15] &+= x15
    }
}

extension Keystore {
    /// Merit's own scrypt, exposed for its known-answer tests.
    public static func scryptForTesting(password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, length: Int) throws -> [UInt8] {
        try Scrypt.derive(password: password, salt: salt, n: n, r: r, p: p, length: length)
    }
}
