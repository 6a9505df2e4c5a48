import MeritBase
extension TypedData {
    /// The ABI type of a struct type, as a contract receives it: a tuple of its members in order.
    public func abiType(_ type: String) throws -> ABIType {
        if type.hasSuffix("]"), let open = type.lastIndex(of: "[") {
            let lengthText = type[type.index(after: open)..<type.index(before: type.endIndex)]
            return .array(try abiType(String(type[..<open])), lengthText.isEmpty ? nil : Int(lengthText))
        }
        if let fields = fieldsOf(type) { return .tuple(try fields.map { try abiType($0.type) }) }
        return try Self.atomicOrDynamic(type)
    }

    /// A value of `type` as ABI JSON: structs become arrays of their members in declared order.
    public func abiValue(_ type: String, _ value: JSONValue, path: String) throws -> JSONValue {
        if type.hasSuffix("]"), let open = type.lastIndex(of: "[") {
            guard let items = value.arrayValue else { throw EthereumError(.invalidTypedData, "\(type) needs an array", at: path) }
            let element = String(type[..<open])
            return .array(try items.enumerated().map { try abiValue(element, $1, path: path + "[\($0)]") })
        }
        if let fields = fieldsOf(type) {
            return .array(try fields.map { f in
                guard let v = value[f.name] else { throw EthereumError(.invalidTypedData, "the member \"\(f.name)\" is missing", at: path) }
                return try abiValue(f.type, v, path: path + "." + f.name)
            })
        }
        return value
    }
}
