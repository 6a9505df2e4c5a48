/// A Solidity ABI type: `uint256`, `bytes32`, `string`, `(address,uint16)[]`, ...
public indirect enum ABIType: Equatable, Sendable, CustomStringConvertible {
    /// `uintN`, N a multiple of 8 from 8 to 256.
    case uint(Int)
    /// `intN`.
    case int(Int)
    /// `address`.
    case address
    /// `bool`.
    case bool
    /// `bytesN`, 1 ≤ N ≤ 32.
    case fixedBytes(Int)
    /// `bytes`.
    case bytes
    /// `string`.
    case string
    /// `T[]` (length nil) or `T[k]`.
    case array(ABIType, Int?)
    /// `(T1,T2,...)`.
    case tuple([ABIType])

    /// Whether the encoding has a variable size (and so sits in the tail behind an offset).
    public var isDynamic: Bool {
        switch self {
        case .bytes, .string, .array(_, nil): true
        case .array(let t, _): t.isDynamic
        case .tuple(let ts): ts.contains { $0.isDynamic }
        default: false
        }
    }

    /// Bytes the value takes in the head of its enclosing tuple.
    var headSize: Int {
        switch self {
        case _ where isDynamic: 32
        case .array(let t, let k?): t.headSize * k
        case .tuple(let ts): ts.reduce(0) { $0 + $1.headSize }
        default: 32
        }
    }

    /// The canonical spelling used in function signatures: `uint256`, never `uint`.
    public var description: String {
        switch self {
        case .uint(let n): "uint\(n)"
        case .int(let n): "int\(n)"
        case .address: "address"
        case .bool: "bool"
        case .fixedBytes(let n): "bytes\(n)"
        case .bytes: "bytes"
        case .string: "string"
        case .array(let t, nil): "\(t)[]"
        case .array(let t, let k?): "\(t)[\(k)]"
        case .tuple(let ts): "(" + ts.map(\.description).joined(separator: ",") + ")"
        }
    }

    /// Parses a type; `uint`/`int` mean `uint256`/`int256`. White space is not allowed inside.
    public static func parse(_ text: String) throws -> ABIType {
        var p = Substring(text)
        let t = try parseOne(&p, whole: text)
        guard p.isEmpty else { throw EthereumError(.invalidABI, "unexpected \"\(p)\" after the type \(t) in \"\(text)\"") }
        return t
    }

    /// Parses a parenthesised, comma-separated list: `(uint256,string)` → [uint256, string].
    public static func parseList(_ text: String) throws -> [ABIType] {
        guard case .tuple(let ts) = try parse(text) else {
            throw EthereumError(.invalidABI, "expected a parenthesised list of types such as (uint256,string), got \"\(text)\"")
        }
        return ts
    }

    static func parseOne(_ p: inout Substring, whole: String) throws -> ABIType {
        var base: ABIType
        if p.first == "(" {
            p.removeFirst()
            var members: [ABIType] = []
            if p.first == ")" { p.removeFirst() } else {
                while true {
                    members.append(try parseOne(&p, whole: whole))
                    guard let c = p.first else { throw EthereumError(.invalidABI, "a tuple is not closed in \"\(whole)\"") }
                    p.removeFirst()
                    if c == ")" { break }
                    guard c == "," else { throw EthereumError(.invalidABI, "expected ',' or ')' in \"\(whole)\"") }
                }
            }
            base = .tuple(members)
        } else {
            let name = p.prefix(while: { $0.isLetter || $0.isNumber })
            p = p.dropFirst(name.count)
            base = try elementary(String(name), whole: whole)
        }
        while p.first == "[" {
            p.removeFirst()
            let digits = p.prefix(while: { $0.isNumber })
            p = p.dropFirst(digits.count)
            guard p.first == "]" else { throw EthereumError(.invalidABI, "an array suffix is not closed in \"\(whole)\"") }
            p.removeFirst()
            if digits.isEmpty { base = .array(base, nil) } else {
                guard let k = Int(digits), k > 0, k <= 1 << 16 else { throw EthereumError(.invalidABI, "a fixed array length must be 1 to 65536 in \"\(whole)\"") }
                base = .array(base, k)
            }
        }
        return base
    }

    static func elementary(_ name: String, whole: String) throws -> ABIType {
        func bits(_ suffix: Substring, default d: Int) -> Int? {
            if suffix.isEmpty { return d }
            guard let n = Int(suffix), n >= 8, n <= 256, n % 8 == 0, !suffix.hasPrefix("0") else { return nil }
            return n
        }
        switch name {
        case "address": return .address
        case "bool": return .bool
        case "string": return .string
        case "bytes": return .bytes
        default: break
        }
        if name.hasPrefix("uint"), let n = bits(name.dropFirst(4), default: 256) { return .uint(n) }
        if name.hasPrefix("int"), let n = bits(name.dropFirst(3), default: 256) { return .int(n) }
        if name.hasPrefix("bytes"), let n = Int(name.dropFirst(5)), (1...32).contains(n), !name.dropFirst(5).hasPrefix("0") { return .fixedBytes(n) }
        throw EthereumError(.invalidABI, "unknown type \"\(name)\" in \"\(whole)\"; use uintN/intN (N = 8..256, step 8), address, bool, bytesN (1..32), bytes, string, tuples (...) and arrays T[] / T[k]")
    }
}
