import MeritBase
import MeritCore

/// Decodes a request body (a `JSONValue`) into a `Decodable` DTO, under one of two rule sets:
///
/// - `.mlflow`, as MLflow's protobuf JSON parser reads a request: a field comes from the JSON body or,
///   for GET, from the query string (a repeated key is a list); an int64 is a whole number written as
///   a number or a string (`0.5` is refused, never rounded); a double may be `"NaN"`, `"Infinity"` or
///   `"-Infinity"`; a string field takes a number or a boolean as its text; null is absent. Errors are
///   MLflow's INVALID_PARAMETER_VALUE naming the field.
/// - `.native`, exact: each field has the JSON type it is declared with, numbers are finite, integers
///   whole, and null is refused (leave a field out to keep it). Errors are the native API's 400.
///
/// Under both, unknown fields are ignored and a missing non-optional field is an error naming it.
enum RequestDecoder {
    /// Which parser's rules.
    enum Rules: Sendable {
        case mlflow, native

        func fail(_ message: String) -> any Error {
            self == .mlflow ? MLflowError.invalidParameter(message) : APIError.bad(message)
        }
    }

    /// Decodes `T` from `value`, with `query` (MLflow's GET parameters) behind the body's top level.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, query: [String: [String]] = [:], rules: Rules) throws -> T {
        try T(from: Node(value: value, query: query, codingPath: [], rules: rules))
    }
}

/// MLflow's rules (`RequestDecoder.Rules.mlflow`).
enum MLflowDecoder {
    /// Decodes `T` from the request's body and query.
    static func decode<T: Decodable>(_ type: T.Type, from request: MLflowRequest) throws -> T {
        try RequestDecoder.decode(type, from: request.body, query: request.query, rules: .mlflow)
    }
}

extension RequestDecoder {
    static func name(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    static func text(_ v: JSONValue) -> String? {
        switch v {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        default: nil
        }
    }

    static func scalar<T: Decodable>(_ type: T.Type, _ v: JSONValue, _ path: [any CodingKey], _ rules: Rules) throws -> T? {
        rules == .mlflow ? try lenient(type, v, path) : try exact(type, v, path)
    }

    /// MLflow's reading of a scalar.
    static func lenient<T: Decodable>(_ type: T.Type, _ v: JSONValue, _ path: [any CodingKey]) throws -> T? {
        var field: String { name(path) }  // for messages only: built when one is thrown
        switch type {
        case is String.Type:
            guard let s = text(v) else { throw MLflowError.invalidParameter("parameter '\(field)' must be a string, got \(v.kindName)") }
            return s as? T
        case is Int64.Type:
            guard let s = text(v) else { throw MLflowError.invalidParameter("parameter '\(field)' must be an integer") }
            return try MLflowRequest.integer(s, field) as? T
        case is Int.Type:
            guard let s = text(v) else { throw MLflowError.invalidParameter("parameter '\(field)' must be an integer") }
            return Int(try MLflowRequest.integer(s, field)) as? T
        case is Double.Type:
            return try MLflowRequest.double(v, field) as? T
        case is RawJSON.Type:
            return RawJSON(value: v) as? T
        case is Bool.Type:
            switch v {
            case .bool(let b): return b as? T
            case .string(let s): return (s.lowercased() == "true") as? T
            default: throw MLflowError.invalidParameter("parameter '\(field)' must be a boolean")
            }
        default:
            return nil
        }
    }

    /// The native API's reading of a scalar: the JSON type must be the declared one.
    static func exact<T: Decodable>(_ type: T.Type, _ v: JSONValue, _ path: [any CodingKey]) throws -> T? {
        var field: String { name(path) }  // for messages only: built when one is thrown
        func number() throws -> Double {
            guard case .number(let text) = v, let d = Double(text) else { throw APIError.bad("\(field) must be a number") }
            guard d.isFinite else { throw APIError.bad("\(field) is out of range: a number's magnitude must be below about 1.8e308") }
            return d
        }
        func whole() throws -> Int64 {
            guard case .number(let text) = v, let d = Double(text), d.isFinite, d == d.rounded(), let i = Int64(exactly: d) else {
                throw APIError.bad("\(field) must be a whole number")
            }
            return i
        }
        switch type {
        case is String.Type:
            guard case .string(let s) = v else { throw APIError.bad("\(field) must be a string") }
            return s as? T
        case is Double.Type: return try number() as? T
        case is Int64.Type: return try whole() as? T
        case is Int.Type: return Int(exactly: try whole()) as? T
        case is Bool.Type:
            guard case .bool(let b) = v else { throw APIError.bad("\(field) must be true or false") }
            return b as? T
        case is RawJSON.Type: return RawJSON(value: v) as? T
        default: return nil
        }
    }

    /// One value being decoded, with the query string at the top level.
    struct Node: Decoder {
        let value: JSONValue
        let query: [String: [String]]
        let codingPath: [any CodingKey]
        let rules: Rules
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let members) = value else {
                throw rules.fail(codingPath.isEmpty ? "the request body must be a JSON object" : "\(RequestDecoder.name(codingPath)) must be an object")
            }
            var fields: [String: JSONValue] = [:]
            for m in members where fields[m.key] == nil {
                if m.value == .null {
                    // MLflow reads null as absent; the native API refuses it, so that a typo cannot clear a field.
                    if rules == .native { throw APIError.bad("\(RequestDecoder.name(codingPath + [AnyKey(m.key)])) cannot be null; leave it out to keep it as it is") }
                    continue
                }
                fields[m.key] = m.value
            }
            return KeyedDecodingContainer(Keyed<Key>(fields: fields, query: query, codingPath: codingPath, rules: rules))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let items) = value else { throw rules.fail("\(RequestDecoder.name(codingPath)) must be a list") }
            return Unkeyed(items: items, codingPath: codingPath, rules: rules)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(value: value, codingPath: codingPath, rules: rules) }
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let fields: [String: JSONValue]
        let query: [String: [String]]
        let codingPath: [any CodingKey]
        let rules: Rules
        var allKeys: [Key] { (Array(fields.keys) + Array(query.keys)).compactMap { Key(stringValue: $0) } }

        /// The body's value, else the query string's (a list when repeated or when a list is expected).
        func value(_ key: Key, list: Bool = false) -> JSONValue? {
            if let v = fields[key.stringValue] { return v }
            guard let q = query[key.stringValue], let first = q.first else { return nil }
            return list ? .array(q.map { .string($0) }) : .string(first)
        }

        func contains(_ key: Key) -> Bool { value(key) != nil }
        func decodeNil(forKey key: Key) throws -> Bool { value(key) == nil }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            let path = codingPath + [key]
            let isList = T.self is any ExpressibleByArrayLiteral.Type
            guard let v = value(key, list: isList) else {
                throw rules.fail(rules == .mlflow ? "missing value for required parameter '\(RequestDecoder.name(path))'" : "\(RequestDecoder.name(path)) is required")
            }
            if let s = try RequestDecoder.scalar(type, v, path, rules) { return s }
            return try T(from: Node(value: v, query: [:], codingPath: path, rules: rules))
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try Node(value: value(key) ?? .object([]), query: [:], codingPath: codingPath + [key], rules: rules).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try Node(value: value(key, list: true) ?? .array([]), query: [:], codingPath: codingPath + [key], rules: rules).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { Node(value: .object(fields.map { .init($0.key, $0.value) }), query: query, codingPath: codingPath, rules: rules) }
        func superDecoder(forKey key: Key) throws -> any Decoder { Node(value: value(key) ?? .null, query: [:], codingPath: codingPath + [key], rules: rules) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let items: [JSONValue]
        let codingPath: [any CodingKey]
        let rules: Rules
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        struct Index: CodingKey {
            let intValue: Int?
            var stringValue: String { "\(intValue ?? 0)" }
            init(_ i: Int) { intValue = i }
            init?(stringValue: String) { nil }
            init?(intValue: Int) { self.intValue = intValue }
        }

        mutating func next() throws -> (JSONValue, [any CodingKey]) {
            guard !isAtEnd else { throw rules.fail("\(RequestDecoder.name(codingPath)) has too few items") }
            defer { currentIndex += 1 }
            return (items[currentIndex], codingPath + [Index(currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            if !isAtEnd, items[currentIndex] == .null { currentIndex += 1; return true }
            return false
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (v, path) = try next()
            if let s = try RequestDecoder.scalar(type, v, path, rules) { return s }
            return try T(from: Node(value: v, query: [:], codingPath: path, rules: rules))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let (v, path) = try next()
            return try Node(value: v, query: [:], codingPath: path, rules: rules).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (v, path) = try next()
            return try Node(value: v, query: [:], codingPath: path, rules: rules).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            let (v, path) = try next()
            return Node(value: v, query: [:], codingPath: path, rules: rules)
        }
    }

    struct Single: SingleValueDecodingContainer {
        let value: JSONValue
        let codingPath: [any CodingKey]
        let rules: Rules
        func decodeNil() -> Bool { value == .null }
        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            if let s = try RequestDecoder.scalar(type, value, codingPath, rules) { return s }
            return try T(from: Node(value: value, query: [:], codingPath: codingPath, rules: rules))
        }
    }

    /// A key by name, for messages about fields no DTO declares.
    struct AnyKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A field kept as the JSON it was sent as (MLflow's dataset inputs are stored verbatim).
struct RawJSON: Decodable, Sendable {
    let value: JSONValue
    init(value: JSONValue) { self.value = value }
    init(from decoder: any Decoder) throws {
        throw MLflowError.invalidParameter("raw JSON fields are read only by RequestDecoder")
    }
}

/// A tag or param as a request carries it: an item without a key is ignored, a missing value is empty.
struct RequestTag: Decodable, Sendable {
    var key: String?
    var value: String?

    /// The pairs with a key.
    static func pairs(_ tags: [RequestTag]?) -> [KeyValue] { (tags ?? []).compactMap { t in t.key.map { KeyValue($0, t.value ?? "") } } }
}

/// MLflow's `max_results` and `page_token`.
protocol PagedRequest {
    var max_results: Int64? { get }
    var page_token: String? { get }
}

/// A required string: present and not empty.
func required(_ value: String?, _ name: String) throws -> String {
    guard let value, !value.isEmpty else { throw MLflowError.invalidParameter("missing value for required parameter '\(name)'") }
    return value
}
