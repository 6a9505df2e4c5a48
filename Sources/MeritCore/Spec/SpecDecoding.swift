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
                debugDescription: "unknown field '\(key.stringValue)'"))
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
                debugDescription: "'\(raw)' is not one of: \(E.allNames.joined(separator: ", "))")
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
    static func describe(_ error: DecodingError) -> (field: String, reason: String) {
        switch error {
        case .keyNotFound(let key, let ctx):
            return (path(ctx.codingPath + [key]), "required field is missing")
        case .typeMismatch(let type, let ctx):
            return (path(ctx.codingPath), "expected \(friendly(type))")
        case .valueNotFound(let type, let ctx):
            return (path(ctx.codingPath), "expected \(friendly(type)), found null")
        case .dataCorrupted(let ctx):
            return (path(ctx.codingPath), ctx.debugDescription)
        @unknown default:
            return ("", "could not be read")
        }
    }

    private static func friendly(_ type: Any.Type) -> String {
        let name = String(describing: type)
        switch name {
        case "String": return "a string"
        case "Int", "Int64", "UInt64": return "an integer"
        case "Double": return "a number"
        case "Bool": return "true or false"
        default:
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a mapping" }
            return "a mapping (\(name))"
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
extension TrainerSpec.Kind: CaseIterableByName {}
extension ValidationSettings.InvalidRowPolicy: CaseIterableByName {}
extension PIISettings.Policy: CaseIterableByName {}
