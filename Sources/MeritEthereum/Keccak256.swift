/// Keccak-256 as Ethereum uses it: rate 136 bytes, padding `pad10*1` with domain byte 0x01.
///
/// This is not FIPS-202 SHA3-256 (domain byte 0x06), so swift-crypto's `SHA3_256` cannot stand in.
/// Use the static functions for one-shot hashing and an instance to hash a stream.
public struct Keccak256: Sendable {
    /// Bytes absorbed per permutation.
    public static let rate = 136

    private var state = [UInt64](repeating: 0, count: 25)
    private var buffer = [UInt8](repeating: 0, count: 136)
    private var buffered = 0

    /// Creates an empty hasher.
    public init() {}

    /// Absorbs more input.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        for b in bytes {
            buffer[buffered] = b
            buffered += 1
            if buffered == Self.rate { absorbBuffer() }
        }
    }

    /// Absorbs raw bytes.
    public mutating func update(_ raw: UnsafeRawBufferPointer) {
        var i = 0
        // Fast path: whole blocks straight from the input when nothing is buffered.
        if buffered == 0 {
            while raw.count - i >= Self.rate {
                state.withUnsafeMutableBufferPointer { s in
                    Self.absorbBlock(s.baseAddress!, raw.baseAddress! + i)
                    KeccakF1600.permute(s.baseAddress!)
                }
                i += Self.rate
            }
        }
        while i < raw.count {
            buffer[buffered] = raw[i]
            buffered += 1
            i += 1
            if buffered == Self.rate { absorbBuffer() }
        }
    }

    /// Pads, permutes and returns the 32-byte digest. The hasher must not be used afterwards.
    public mutating func finalize() -> Bytes32 {
        for i in buffered..<Self.rate { buffer[i] = 0 }
        buffer[buffered] ^= 0x01
        buffer[Self.rate - 1] ^= 0x80
        absorbBuffer()
        return Bytes32(state[0].byteSwapped, state[1].byteSwapped, state[2].byteSwapped, state[3].byteSwapped)
    }

    private mutating func absorbBuffer() {
        buffer.withUnsafeBytes { b in
            state.withUnsafeMutableBufferPointer { s in
                Self.absorbBlock(s.baseAddress!, b.baseAddress!)
                KeccakF1600.permute(s.baseAddress!)
            }
        }
        buffered = 0
    }

    @inline(__always)
    static func absorbBlock(_ s: UnsafeMutablePointer<UInt64>, _ p: UnsafeRawPointer) {
        for lane in 0..<17 {
            s[lane] ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: lane * 8, as: UInt64.self))
        }
    }

    // MARK: One-shot

    /// The Keccak-256 digest of `raw`, computed with the state on the stack.
    public static func hash(_ raw: UnsafeRawBufferPointer) -> Bytes32 {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25) { tmp in
            let s = tmp.baseAddress!
            s.initialize(repeating: 0, count: 25)
            var p = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            var remaining = raw.count
            while remaining >= rate {
                absorbBlock(s, p)
                KeccakF1600.permute(s)
                p += rate
                remaining -= rate
            }
            // Last partial block: whole lanes, then the tail bytes, then the padding.
            let lanes = remaining / 8
            for lane in 0..<lanes {
                s[lane] ^= UInt64(littleEndian: p.loadUnaligned(fromByteOffset: lane * 8, as: UInt64.self))
            }
            var tail: UInt64 = 0
            let tailCount = remaining - lanes * 8
            for j in 0..<tailCount {
                tail |= UInt64(p.load(fromByteOffset: lanes * 8 + j, as: UInt8.self)) << UInt64(8 * j)
            }
            tail |= UInt64(0x01) << UInt64(8 * tailCount)
            s[lanes] ^= tail
            s[16] ^= 0x8000_0000_0000_0000
            KeccakF1600.permute(s)
            return Bytes32(s[0].byteSwapped, s[1].byteSwapped, s[2].byteSwapped, s[3].byteSwapped)
        }
    }

    /// The Keccak-256 digest of a byte array.
    public static func hash(_ bytes: [UInt8]) -> Bytes32 {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The Keccak-256 digest of a byte collection.
    public static func hash<C: Collection>(_ bytes: C) -> Bytes32 where C.Element == UInt8 {
        if let d = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return d }
        return Array(bytes).withUnsafeBytes { hash($0) }
    }

    /// The Keccak-256 digest of a string's UTF-8 bytes.
    public static func hash(_ text: String) -> Bytes32 {
        var t = text
        return t.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    /// keccak256 of one 32-byte word (for example `abi.encode(bytes32)`), in a single permutation.
    @inline(__always)
    public static func hash(word a: Bytes32) -> Bytes32 {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25) { tmp in
            let s = tmp.baseAddress!
            s.initialize(repeating: 0, count: 25)
            s[0] = a.w0.byteSwapped; s[1] = a.w1.byteSwapped; s[2] = a.w2.byteSwapped; s[3] = a.w3.byteSwapped
            s[4] = 0x01
            s[16] = 0x8000_0000_0000_0000
            KeccakF1600.permute(s)
            return Bytes32(s[0].byteSwapped, s[1].byteSwapped, s[2].byteSwapped, s[3].byteSwapped)
        }
    }

    /// keccak256(a ‖ b) for two 32-byte words, in a single permutation.
    @inline(__always)
    public static func hash(_ a: Bytes32, _ b: Bytes32) -> Bytes32 {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25) { tmp in
            let s = tmp.baseAddress!
            s.initialize(repeating: 0, count: 25)
            s[0] = a.w0.byteSwapped; s[1] = a.w1.byteSwapped; s[2] = a.w2.byteSwapped; s[3] = a.w3.byteSwapped
            s[4] = b.w0.byteSwapped; s[5] = b.w1.byteSwapped; s[6] = b.w2.byteSwapped; s[7] = b.w3.byteSwapped
            s[8] = 0x01
            s[16] = 0x8000_0000_0000_0000
            KeccakF1600.permute(s)
            return Bytes32(s[0].byteSwapped, s[1].byteSwapped, s[2].byteSwapped, s[3].byteSwapped)
        }
    }
}
