import MeritBase
extension TypedData {
    /// `encodeType`: `T(type1 name1,…)` followed by every struct type T reaches, sorted by name.
    public func encodeType(_ name: String) throws -> String {
        var deps = Set<String>()
        try collectDependencies(name, into: &deps)
        deps.remove(name)
        return try ([name] + deps.sorted()).map { t in
            guard let fields = fieldsOf(t) else { throw EthereumError(.invalidTypedData, "unknown struct type \(t)") }
            return t + "(" + fields.map { "\($0.type) \($0.name)" }.joined(separator: ",") + ")"
        }.joined()
    }

    func fieldsOf(_ name: String) -> [Field]? {
        name == "EIP712Domain" ? domainType : types[name]
    }

    func collectDependencies(_ name: String, into deps: inout Set<String>) throws {
        guard !deps.contains(name), let fields = fieldsOf(name) else { return }
        deps.insert(name)
        for f in fields {
            let base = Self.baseType(f.type)
            if fieldsOf(base) != nil && base != "EIP712Domain" { try collectDependencies(base, into: &deps) }
        }
    }

    /// keccak256(encodeType(name)).
    public func typeHash(_ name: String) throws -> Bytes32 {
        Keccak256.hash(try encodeType(name))
    }

    /// hashStruct: keccak256(typeHash ‖ enc(member) for each member in declared order).
    public func hashStruct(_ name: String, _ value: JSONValue, path: String) throws -> Bytes32 {
        guard let fields = fieldsOf(name) else { throw EthereumError(.invalidTypedData, "unknown struct type \(name)", at: path) }
        guard let members = value.objectMembers else {
            throw EthereumError(.invalidTypedData, "\(name) needs an object, got \(value.kindName)", at: path)
        }
        for m in members where !fields.contains(where: { $0.name == m.key }) {
            throw EthereumError(.invalidTypedData, "\(name) has no member \(JSONValue.excerpt(m.key)); remove it or declare it in the type", at: JSONValue.path(path, key: m.key))
        }
        var k = Keccak256()
        k.update(try typeHash(name).bytes)
        for f in fields {
            guard let v = value[f.name] else {
                throw EthereumError(.invalidTypedData, "the member \(JSONValue.excerpt(f.name)) of \(name) is missing", at: path)
            }
            k.update(try encodeValue(f.type, v, path: JSONValue.path(path, key: f.name)).bytes)
        }
        return k.finalize()
    }

    /// enc(value) for one member: a single 32-byte word.
    func encodeValue(_ type: String, _ v: JSONValue, path: String) throws -> Bytes32 {
        if type.hasSuffix("]"), let open = type.lastIndex(of: "[") {
            let element = String(type[..<open])
            let lengthText = type[type.index(after: open)..<type.index(before: type.endIndex)]
            guard let items = v.arrayValue else { throw EthereumError(.invalidTypedData, "\(JSONValue.excerpt(type)) needs an array, got \(v.kindName)", at: path) }
            if !lengthText.isEmpty {
                guard let n = Int(lengthText) else { throw EthereumError(.invalidTypedData, "bad array length in \(JSONValue.excerpt(type))", at: path) }
                guard items.count == n else { throw EthereumError(.invalidTypedData, "\(JSONValue.excerpt(type)) needs exactly \(n) elements, got \(items.count)", at: path) }
            }
            var k = Keccak256()  // an empty array hashes to keccak256("")
            for (i, item) in items.enumerated() { k.update(try encodeValue(element, item, path: path + "[\(i)]").bytes) }
            return k.finalize()
        }
        if fieldsOf(type) != nil { return try hashStruct(type, v, path: path) }
        let t: ABIType
        do { t = try Self.atomicOrDynamic(type) } catch {
            throw EthereumError(.invalidTypedData, "unknown type \(JSONValue.excerpt(type))", at: path)
        }
        switch t {
        case .string:
            guard let s = v.stringValue else { throw EthereumError(.invalidTypedData, "string needs a JSON string, got \(v.kindName)", at: path) }
            return Keccak256.hash(s)
        case .bytes:
            guard let s = v.stringValue, s.hasPrefix("0x"), let b = Hex.decode(s) else {
                throw EthereumError(.invalidTypedData, "bytes needs 0x followed by whole bytes of hex", at: path)
            }
            return Keccak256.hash(b)
        default:
            do { return try ABIEncoder.word(t, v, path: path) } catch let e as EthereumError {
                throw EthereumError(.invalidTypedData, e.message, at: e.location ?? path)
            }
        }
    }

    /// hashStruct(EIP712Domain, domain).
    public func domainSeparator() throws -> Bytes32 {
        try hashStruct("EIP712Domain", domain, path: "domain")
    }

    /// The digest to sign: keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message)).
    /// When the primary type is EIP712Domain itself, the message part is omitted, as eth-account does.
    public func digest() throws -> Bytes32 {
        var k = Keccak256()
        k.update([0x19, 0x01])
        k.update(try domainSeparator().bytes)
        if primaryType != "EIP712Domain" { k.update(try hashStruct(primaryType, message, path: "message").bytes) }
        return k.finalize()
    }

    /// Signs the digest.
    public func sign(with key: Secp256k1.PrivateKey) throws -> Secp256k1.Signature {
        key.sign(digest: try digest())
    }

    /// The address that signed these typed data.
    public func recover(_ signature: Secp256k1.Signature) throws -> Address {
        try signature.recoverAddress(digest: try digest())
    }
}
