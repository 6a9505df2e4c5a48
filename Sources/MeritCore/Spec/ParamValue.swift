/// A scalar trainer parameter as written in the spec: a number, an integer, a string or a boolean.
public enum ParamValue: Codable, Sendable, Equatable, CustomStringConvertible {
    case integer(Int64)
    case number(Double)
    case string(String)
    case boolean(Bool)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .boolean(b); return }
        if let i = try? c.decode(Int64.self) { self = .integer(i); return }
        if let d = try? c.decode(Double.self) { self = .number(d); return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a number, string or boolean")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .integer(let v): try c.encode(v)
        case .number(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .boolean(let v): try c.encode(v)
        }
    }

    /// The value as a parameter string: integers in decimal, numbers in shortest round-trip form.
    public var description: String {
        switch self {
        case .integer(let v): return String(v)
        case .number(let v): return v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(v)
        case .string(let v): return v
        case .boolean(let v): return v ? "true" : "false"
        }
    }
}
