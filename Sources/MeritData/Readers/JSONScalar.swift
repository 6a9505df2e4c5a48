/// A scalar JSON value from a JSONL record. Nested arrays and objects are not records' fields.
public enum JSONScalar: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)

    /// The text the PII scanner reads of this value: a string as it is, an integer in decimal; nil for
    /// the others, which hold no personal data.
    public var scannedText: String? {
        switch self {
        case .string(let s): s
        case .integer(let n): String(n)
        default: nil
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        // JSONDecoder is strict: a number never decodes as Bool, and 1.5 never as Int64.
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let i = try? c.decode(Int64.self) { self = .integer(i); return }
        if let d = try? c.decode(Double.self) { self = .number(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "a field must be a string, number, boolean or null, not an array or object")
    }

    /// The spec-less type of this value (docs/fingerprint.md section 1).
    public var inferred: Value {
        switch self {
        case .null: return .missing
        case .bool(let b): return .boolean(b)
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d == 0 ? 0 : d)
        case .string(let s):
            var copy = s
            return copy.withUTF8 { s in s.isEmpty ? .missing : .text(Text.normalize(UnsafeRawBufferPointer(s))) }
        }
    }
}
