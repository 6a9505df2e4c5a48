import MeritBase
/// Solidity ABI encoding (`abi.encode`) from JSON values.
///
/// Values follow the usual JSON conventions: integers as JSON numbers, decimal or 0x strings;
/// `address`, `bytes` and `bytesN` as 0x-hex; `bool` as true/false; `string` as a string; arrays and
/// tuples as JSON arrays. A dynamic member's head holds its offset from the start of the enclosing tuple.
public enum ABIEncoder {
    /// `abi.encode(v1, …, vk)`: the arguments encoded as one tuple, without a leading offset.
    public static func encode(_ types: [ABIType], _ values: [JSONValue]) throws -> [UInt8] {
        guard types.count == values.count else {
            throw EthereumError(.invalidABI, "\(types.count) types but \(values.count) values; give one value per type")
        }
        var out: [UInt8] = []
        try encodeTuple(types, values, path: "", into: &out)
        return out
    }

    /// The 4-byte selector of a canonical signature such as `transfer(address,uint256)`.
    public static func selector(_ signature: String) -> [UInt8] {
        Array(Keccak256.hash(signature).bytes.prefix(4))
    }

    /// The canonical signature of `name` with `types`: `name(t1,t2)` with canonical type names.
    public static func signature(_ name: String, _ types: [ABIType]) -> String {
        name + "(" + types.map(\.description).joined(separator: ",") + ")"
    }

    /// Call data: selector ‖ abi.encode(args).
    public static func callData(_ name: String, _ types: [ABIType], _ values: [JSONValue]) throws -> [UInt8] {
        selector(signature(name, types)) + (try encode(types, values))
    }

    static func encodeTuple(_ types: [ABIType], _ values: [JSONValue], path: String, into out: inout [UInt8]) throws {
        let start = out.count
        let headSize = types.reduce(0) { $0 + $1.headSize }
        out.append(contentsOf: repeatElement(0, count: headSize))
        var head = start
        for (k, (t, v)) in zip(types, values).enumerated() {
            let p = path + "[\(k)]"
            if t.isDynamic {
                let offset = out.count - start
                write(ABIInteger.word(UInt64(offset)), at: head, in: &out)
                try encodeValue(t, v, path: p, into: &out)
                head += 32
            } else {
                var piece: [UInt8] = []
                try encodeValue(t, v, path: p, into: &piece)
                out.replaceSubrange(head..<(head + piece.count), with: piece)
                head += piece.count
            }
        }
    }

    static func write(_ w: Bytes32, at i: Int, in out: inout [UInt8]) {
        out.replaceSubrange(i..<(i + 32), with: w.bytes)
    }

    static func encodeValue(_ t: ABIType, _ v: JSONValue, path: String, into out: inout [UInt8]) throws {
        switch t {
        case .tuple(let ts):
            guard let items = v.arrayValue, items.count == ts.count else {
                throw EthereumError(.invalidABI, "\(t) needs an array of \(ts.count) values, got \(v.kindName)", at: path)
            }
            try encodeTuple(ts, items, path: path, into: &out)
        case .array(let et, let k):
            guard let items = v.arrayValue else { throw EthereumError(.invalidABI, "\(t) needs an array, got \(v.kindName)", at: path) }
            if let k, items.count != k { throw EthereumError(.invalidABI, "\(t) needs exactly \(k) elements, got \(items.count)", at: path) }
            if k == nil { out.append(contentsOf: ABIInteger.word(UInt64(items.count)).bytes) }
            try encodeTuple(Array(repeating: et, count: items.count), items, path: path, into: &out)
        case .bytes, .string:
            let data = try dynamicBytes(t, v, path: path)
            out.append(contentsOf: ABIInteger.word(UInt64(data.count)).bytes)
            out.append(contentsOf: data)
            out.append(contentsOf: repeatElement(0, count: (32 - data.count % 32) % 32))
        default:
            out.append(contentsOf: try word(t, v, path: path).bytes)
        }
    }

    static func dynamicBytes(_ t: ABIType, _ v: JSONValue, path: String) throws -> [UInt8] {
        guard let s = v.stringValue else { throw EthereumError(.invalidABI, "\(t) needs a string, got \(v.kindName)", at: path) }
        if t == .string { return Array(s.utf8) }
        guard s.hasPrefix("0x"), let b = Hex.decode(s) else { throw EthereumError(.invalidABI, "bytes needs 0x followed by whole bytes of hex", at: path) }
        return b
    }

    /// The single word of a static elementary value.
    public static func word(_ t: ABIType, _ v: JSONValue, path: String) throws -> Bytes32 {
        switch t {
        case .uint(let n): return try ABIInteger.word(v, bits: n, signed: false, at: path)
        case .int(let n): return try ABIInteger.word(v, bits: n, signed: true, at: path)
        case .bool:
            if case .bool(let b) = v { return ABIInteger.word(b ? 1 : 0) }
            throw EthereumError(.invalidABI, "bool needs true or false, got \(v.kindName)", at: path)
        case .address:
            guard let s = v.stringValue else { throw EthereumError(.invalidABI, "address needs a 0x string, got \(v.kindName)", at: path) }
            do { return try Address(hex: s).word } catch let e as EthereumError { throw EthereumError(e.code, e.message, at: path) }
        case .fixedBytes(let n):
            guard let s = v.stringValue, s.hasPrefix("0x"), let b = Hex.decode(s), b.count == n else {
                throw EthereumError(.invalidABI, "bytes\(n) needs 0x followed by exactly \(2 * n) hex digits", at: path)
            }
            return Bytes32(bytes: b + [UInt8](repeating: 0, count: 32 - n))!
        default:
            throw EthereumError(.invalidABI, "\(t) is not a single-word type", at: path)
        }
    }
}
