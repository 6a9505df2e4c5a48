import MeritBase
import MeritEthereum

/// Reads the members of one ledger entry's JSON, with errors that name the entry and the field.
struct Fields {
    let object: JSONValue
    let at: String

    init(_ value: JSONValue?, at: String) throws {
        guard let value, value.objectMembers != nil else { throw TokenError(.invalidAmount, "expected an object", at: at) }
        object = value; self.at = at
    }

    func fail(_ key: String, _ message: String) -> TokenError { TokenError(.invalidAmount, message, at: "\(at).\(key)") }

    func value(_ key: String) throws -> JSONValue {
        guard let v = object[key] else { throw fail(key, "missing") }
        return v
    }

    func string(_ key: String) throws -> String {
        guard let s = try value(key).stringValue else { throw fail(key, "expected a string") }
        return s
    }

    func amount(_ key: String) throws -> UInt256 {
        guard let v = UInt256(decimal: try string(key)) else { throw fail(key, "expected an amount: a decimal string of digits, at most 2^256 - 1") }
        return v
    }

    func address(_ key: String) throws -> Address {
        do { return try Address(hex: try string(key)) } catch let e as TokenError { throw e } catch { throw fail(key, "expected a 0x address of 40 hex digits") }
    }

    func optionalAddress(_ key: String) throws -> Address? {
        if object[key] == nil || object[key] == .null { return nil }
        return try address(key)
    }

    func bytes32(_ key: String) throws -> Bytes32 {
        guard let v = Bytes32(hex: try string(key)) else { throw fail(key, "expected 0x and 64 hex digits") }
        return v
    }

    func optionalBytes32(_ key: String) throws -> Bytes32? {
        if object[key] == nil || object[key] == .null { return nil }
        return try bytes32(key)
    }

    func integer(_ key: String) throws -> UInt64 {
        guard case .number(let text) = try value(key), let v = UInt64(text) else { throw fail(key, "expected a whole number") }
        return v
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let a = try value(key).arrayValue else { throw fail(key, "expected an array") }
        return a
    }
}

/// JSON builders for ledger values: amounts as decimal strings, addresses in EIP-55 form.
enum LedgerJSON {
    static func amount(_ v: UInt256) -> JSONValue { .string(v.description) }
    static func address(_ a: Address) -> JSONValue { .string(a.checksummed) }
    static func optional(_ a: Address?) -> JSONValue { a.map(address) ?? .null }
    static func bytes32(_ b: Bytes32) -> JSONValue { .string(b.hex) }
    static func integer(_ n: some BinaryInteger) -> JSONValue { .number(String(n)) }
}
