import MeritBase

/// Decoding helpers that turn spec mistakes into errors naming the field and the allowed values.
enum SpecDecoding {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Rejects keys the type does not know, so that a typo (`lable:`) is an error, not a silent default.
    static func rejectUnknownKeys<K: CodingKey & RawRepresentable>(_ decoder: Decoder, allowed: K.Type) throws
    where K.RawValue == String {
        let c = try decoder.container(keyedBy: AnyKey.self)
        for key in c.allKeys where K(rawValue: key.stringValue) == nil {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath + [key],
                debugDescription: "unknown field \(JSONValue.excerpt(key.stringValue)); remove it or correct its spelling"))
        }
    }

    /// Decodes a string enum, listing the valid values when the text is not one of them.
    static func decodeEnum<E: RawRepresentable & CaseIterableByName, K: CodingKey>(
        _ type: E.Type, _ c: KeyedDecodingContainer<K>, _ key: K
    ) throws -> E where E.RawValue == String {
        let raw = try c.decode(String.self, forKey: key)
        guard let v = E(rawValue: raw) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c,
                debugDescription: "\(JSONValue.excerpt(raw)) is not one of: \(E.allNames.joined(separator: ", "))")
        }
        return v
    }

    static func decodeEnumIfPresent<E: RawRepresentable & CaseIterableByName, K: CodingKey>(
        _ type: E.Type, _ c: KeyedDecodingContainer<K>, _ key: K
    ) throws -> E? where E.RawValue == String {
        guard c.contains(key) else { return nil }
        return try decodeEnum(type, c, key)
    }

    /// Renders a coding path as `task.features[2].type`.
    static func path(_ codingPath: [CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let i = key.intValue { out += "[\(i)]" } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }

    /// A readable message for a decoding failure: field path, then the reason.
    ///
    /// - Parameters:
    ///   - found: what the file has at a path, in plain words ("a mapping"), when it can tell.
    ///   - json: whether to name shapes as JSON does ("an array", "an object") rather than YAML.
    static func describe(_ error: DecodingError, json: Bool = false, found: ([CodingKey]) -> String? = { _ in nil })
        -> (field: String, reason: String) {
        switch error {
        case .keyNotFound(let key, let ctx):
            return (path(ctx.codingPath + [key]), "this required field is missing; add it")
        case .typeMismatch(let type, let ctx):
            let actual = found(ctx.codingPath).map { ", found \($0)" } ?? ""
            return (path(ctx.codingPath), "expected \(shape(type, json: json))\(actual)")
        case .valueNotFound(let type, let ctx):
            return (path(ctx.codingPath), "expected \(shape(type, json: json)), found nothing (null)")
        case .dataCorrupted(let ctx):
            return (path(ctx.codingPath), ctx.debugDescription)
        @unknown default:
            return ("", "could not be read")
        }
    }

    /// The shape a Swift type expects, in plain words. Yams names its containers `Mapping`, `Sequence`
    /// and `Scalar`; JSONDecoder names `Array<Any>` and `Dictionary<String, Any>`.
    static func shape(_ type: Any.Type, json: Bool) -> String {
        let name = String(describing: type)
        switch name {
        case "String": return "a string"
        case "Int", "Int8", "Int16", "Int32", "Int64", "UInt", "UInt8", "UInt16", "UInt32", "UInt64": return "an integer"
        case "Double", "Float": return "a number"
        case "Bool": return "true or false"
        case "Scalar": return "a single value (a string, a number or true/false)"
        case "Sequence": return "a list"
        case "Mapping": return "a mapping"
        default:
            if name.hasPrefix("Array") { return json ? "an array" : "a list" }
            if name.hasPrefix("Dictionary") { return json ? "an object" : "a mapping" }
            return json ? "an object" : "a mapping"
        }
    }
}

/// A string enum whose valid spellings can be listed in an error message.
protocol CaseIterableByName {
    static var allNames: [String] { get }
}

extension CaseIterableByName where Self: CaseIterable & RawRepresentable, Self.RawValue == String {
    static var allNames: [String] { allCases.map(\.rawValue) }
}

extension MetricKind: CaseIterableByName {}
extension Direction: CaseIterableByName {}
extension TaskSpec.Kind: CaseIterableByName {}
extension TaskSpec.MissingPolicy: CaseIterableByName {}
extension FeatureSpec.ValueType: CaseIterableByName {}
extension ModelSpec.License: CaseIterableByName {}
extension Promotion: CaseIterableByName {}
extension TrainerSpec.Kind: CaseIterableByName {}
extension ValidationSettings.InvalidRowPolicy: CaseIterableByName {}
extension PIISettings.Policy: CaseIterableByName {}
