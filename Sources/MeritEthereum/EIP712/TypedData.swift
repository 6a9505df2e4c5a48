import MeritBase
/// EIP-712 typed structured data, as in `eth_signTypedData_v4`: `{types, primaryType, domain, message}`.
///
/// Strict where wallets are lax: a message or domain key that its type does not declare, a missing
/// member, a byte string of the wrong length or an integer out of range is an error naming the
/// JSON path, because signing something other than what the user sees is the failure to avoid.
public struct TypedData: Sendable, Equatable {
    /// One member of a struct type.
    public struct Field: Sendable, Equatable {
        /// The member's name.
        public var name: String
        /// Its type: atomic, `string`, `bytes`, a struct name, or any of these with `[]` / `[k]`.
        public var type: String
        /// Creates a field.
        public init(_ name: String, _ type: String) { self.name = name; self.type = type }
    }

    /// Struct types by name, members in declared order; includes `EIP712Domain` when declared.
    public var types: [String: [Field]]
    /// The order in which types were declared in the JSON, for writing it back unchanged.
    public var typeOrder: [String]
    /// The message's type.
    public var primaryType: String
    /// The domain object.
    public var domain: JSONValue
    /// The message object.
    public var message: JSONValue

    /// The domain fields EIP-712 defines, in the order they are hashed.
    public static let domainFields: [Field] = [
        Field("name", "string"), Field("version", "string"), Field("chainId", "uint256"),
        Field("verifyingContract", "address"), Field("salt", "bytes32"),
    ]

    /// Creates typed data from parts; `types` need not declare `EIP712Domain`.
    public init(types: [(String, [Field])], primaryType: String, domain: JSONValue, message: JSONValue) {
        self.types = Dictionary(uniqueKeysWithValues: types)
        self.typeOrder = types.map(\.0)
        self.primaryType = primaryType
        self.domain = domain
        self.message = message
    }

    /// Reads the standard JSON shape.
    public init(json: JSONValue) throws {
        guard case .object = json else { throw EthereumError(.invalidTypedData, "typed data must be a JSON object with types, primaryType, domain and message") }
        for m in json.objectMembers! where !["types", "primaryType", "domain", "message"].contains(m.key) {
            throw EthereumError(.invalidTypedData, "unknown key; typed data has only types, primaryType, domain and message: remove it", at: JSONValue.path("", key: m.key))
        }
        guard let typesJSON = json["types"]?.objectMembers else { throw EthereumError(.invalidTypedData, "missing or not an object", at: "types") }
        var types: [(String, [Field])] = []
        for t in typesJSON {
            guard Self.isIdentifier(t.key) else { throw EthereumError(.invalidTypedData, "a type name must be an identifier (letters, digits, _ or $, not starting with a digit)", at: JSONValue.path("types", key: t.key)) }
            guard let members = t.value.arrayValue else { throw EthereumError(.invalidTypedData, "a type is an array of {name, type}", at: "types.\(t.key)") }
            var fields: [Field] = []
            for (k, m) in members.enumerated() {
                guard let name = m["name"]?.stringValue, let type = m["type"]?.stringValue else {
                    throw EthereumError(.invalidTypedData, "each member needs a string name and a string type", at: "types.\(t.key)[\(k)]")
                }
                guard !fields.contains(where: { $0.name == name }) else {
                    throw EthereumError(.invalidTypedData, "the member name \(JSONValue.excerpt(name)) appears twice", at: "types.\(t.key)[\(k)]")
                }
                fields.append(Field(name, type))
            }
            types.append((t.key, fields))
        }
        guard let primary = json["primaryType"]?.stringValue else { throw EthereumError(.invalidTypedData, "missing or not a string", at: "primaryType") }
        guard let domain = json["domain"], case .object = domain else { throw EthereumError(.invalidTypedData, "missing or not an object", at: "domain") }
        guard let message = json["message"], case .object = message else { throw EthereumError(.invalidTypedData, "missing or not an object", at: "message") }
        self.init(types: types, primaryType: primary, domain: domain, message: message)
        try validate()
    }

    /// Parses JSON text.
    public init(jsonText: String, name: String = "typed data") throws {
        let json: JSONValue
        do { json = try JSONValue.parse(jsonText, name: name) } catch let e as JSONError { throw EthereumError(e) }
        try self.init(json: json)
    }

    /// The standard JSON shape, types in declared order (EIP712Domain first when it is implied).
    public var json: JSONValue {
        var typeMembers: [JSONValue.Member] = []
        if types["EIP712Domain"] == nil {
            typeMembers.append(.init("EIP712Domain", .array(domainType.map { .object(["name": .string($0.name), "type": .string($0.type)]) })))
        }
        for name in typeOrder {
            typeMembers.append(.init(name, .array(types[name]!.map { .object(["name": .string($0.name), "type": .string($0.type)]) })))
        }
        return .object([
            .init("types", .object(typeMembers)), .init("primaryType", .string(primaryType)),
            .init("domain", domain), .init("message", message),
        ])
    }

    /// The domain's type: declared, or else the standard fields present in the domain, in order.
    public var domainType: [Field] {
        if let declared = types["EIP712Domain"] { return declared }
        return Self.domainFields.filter { domain[$0.name] != nil }
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, !("0"..."9").contains(f) else { return false }
        return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "$" }
    }

    /// Checks that every referenced type exists and the primary type is declared.
    func validate() throws {
        guard types[primaryType] != nil || primaryType == "EIP712Domain" else {
            throw EthereumError(.invalidTypedData, "\(JSONValue.excerpt(primaryType)) is not declared in types (declared: \(typeOrder.joined(separator: ", ")))", at: "primaryType")
        }
        for (name, fields) in types {
            for (k, f) in fields.enumerated() {
                let base = Self.baseType(f.type)
                if types[base] == nil, (try? Self.atomicOrDynamic(base)) == nil {
                    throw EthereumError(.invalidTypedData, "unknown type \(JSONValue.excerpt(f.type)); declare the struct \(JSONValue.excerpt(base)) or use an EIP-712 atomic type", at: "types.\(name)[\(k)]")
                }
            }
        }
    }

    /// `Foo[2][]` → `Foo`.
    static func baseType(_ t: String) -> String {
        if let i = t.firstIndex(of: "[") { return String(t[..<i]) }
        return t
    }

    /// Parses an atomic or dynamic (non-struct, non-array) type name.
    static func atomicOrDynamic(_ t: String) throws -> ABIType {
        let parsed = try ABIType.parse(t)
        switch parsed {
        case .tuple, .array: throw EthereumError(.invalidTypedData, "not an atomic type: \(t)")
        default:
            // EIP-712 spells the full names; `uint` alone is not valid there.
            guard parsed.description == t else { throw EthereumError(.invalidTypedData, "write \(parsed.description), not \(t)") }
            return parsed
        }
    }
}

extension TypedData {
    /// Whether this typed data has exactly `primaryType` and the struct `types` (besides `EIP712Domain`),
    /// field for field: what a signature over it means is then what those types say.
    public func declares(primaryType expected: String, types expectedTypes: [(String, [Field])]) -> Bool {
        guard primaryType == expected else { return false }
        for (name, fields) in expectedTypes where types[name] != fields { return false }
        return Set(types.keys.filter { $0 != "EIP712Domain" }) == Set(expectedTypes.map(\.0))
    }
}
