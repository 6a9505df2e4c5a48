import MeritBase
/// A 20-byte Ethereum address, written with the EIP-55 mixed-case checksum.
public struct Address: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The 20 bytes.
    public let bytes: [UInt8]

    /// The zero address.
    public static let zero = Address(bytes: [UInt8](repeating: 0, count: 20))!

    /// Wraps exactly 20 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 20 else { return nil }
        self.bytes = bytes
    }

    /// Parses `0x` and 40 hex digits. All-lower or all-upper case is accepted as is; mixed case must
    /// carry a correct EIP-55 checksum, since a wrong one means a typo.
    public init(hex text: String) throws {
        // Byte checks only: this runs for every address of every ledger entry read back.
        var t = text
        if let f = t.utf8.first, let l = t.utf8.last, f <= 32 || l <= 32 || f >= 0x80 || l >= 0x80 { t = text.trimmingWhitespace() }
        let u = Array(t.utf8)
        guard u.count == 42, u[0] == 48, u[1] | 0x20 == 120, let b = Hex.decode(t) else {
            throw EthereumError(.invalidAddress, "an address is 0x followed by 40 hex digits")
        }
        self.bytes = b
        var lower = false, upper = false
        for c in u[2...] {
            if c >= 97 && c <= 102 { lower = true } else if c >= 65 && c <= 70 { upper = true }
        }
        if lower && upper && Array(checksummed.utf8)[2...] != u[2...] {
            throw EthereumError(.invalidAddress, "the mixed-case address \(t) fails its EIP-55 checksum (a typo?); expected \(checksummed)")
        }
    }

    /// EIP-55: keccak the lower-case hex, upper-case each letter whose hash nibble is ≥ 8.
    public var checksummed: String {
        let lower = Array(Hex.encode(bytes).utf8)
        let hash = Keccak256.hash(lower).bytes
        var out = [UInt8]()
        out.reserveCapacity(42)
        out.append(contentsOf: "0x".utf8)
        for (i, c) in lower.enumerated() {
            let nibble = i % 2 == 0 ? hash[i / 2] >> 4 : hash[i / 2] & 0x0F
            out.append(c >= UInt8(ascii: "a") && nibble >= 8 ? c - 32 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The address as an ABI word: left-padded to 32 bytes.
    public var word: Bytes32 { Bytes32(bytes: [UInt8](repeating: 0, count: 12) + bytes)! }

    public var description: String { checksummed }

    public static func < (a: Address, b: Address) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        self = try Address(hex: c.decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(checksummed)
    }
}
