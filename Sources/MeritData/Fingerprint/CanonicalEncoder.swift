import Foundation
import MeritEthereum

/// The canonical record encoding `merit-record-v1` (docs/fingerprint.md section 2) and its hashes.
public enum CanonicalEncoder {
    static let tagMissing: UInt8 = 0x00, tagNumber: UInt8 = 0x01, tagInteger: UInt8 = 0x02
    static let tagText: UInt8 = 0x03, tagBoolean: UInt8 = 0x04

    /// Appends the encoding of one value.
    @inline(__always)
    public static func append(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .missing:
            out.append(tagMissing)
        case .number(let d):
            out.append(tagNumber)
            appendBigEndian((d == 0 ? 0.0 : d).bitPattern, to: &out)
        case .integer(let i):
            out.append(tagInteger)
            appendBigEndian(UInt64(bitPattern: i), to: &out)
        case .text(let s):
            appendText(s.utf8, to: &out)
        case .boolean(let b):
            out.append(tagBoolean)
            out.append(b ? 1 : 0)
        }
    }

    /// Appends a text field from UTF-8 bytes that are already normalised.
    @inline(__always)
    public static func appendText<C: Collection>(_ utf8: C, to out: inout [UInt8]) where C.Element == UInt8 {
        out.append(tagText)
        let n = UInt32(utf8.count)
        out.append(UInt8(n >> 24)); out.append(UInt8((n >> 16) & 0xFF)); out.append(UInt8((n >> 8) & 0xFF)); out.append(UInt8(n & 0xFF))
        out.append(contentsOf: utf8)
    }

    @inline(__always)
    static func appendBigEndian(_ v: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }

    /// The encoding of a whole record.
    public static func encode(_ values: [Value]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for v in values { append(v, to: &out) }
        return out
    }

    /// keccak256 of the record's encoding: the record hash.
    public static func recordHash(_ values: [Value]) -> Bytes32 {
        Keccak256.hash(encode(values))
    }

    /// The exact-feature key: the canonical encoding of the features only (the label excluded).
    public static func featureKey(_ values: ArraySlice<Value>) -> Bytes32 {
        var out = [UInt8]()
        for v in values { append(v, to: &out) }
        return Keccak256.hash(out)
    }
}
