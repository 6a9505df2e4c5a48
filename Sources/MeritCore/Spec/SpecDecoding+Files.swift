import Foundation
import MeritBase
import Yams

extension SpecDecoding {
    /// Decodes a value from YAML text. Errors name the file, the line and column, and the field path;
    /// a type mismatch says what was expected and what the file has there.
    static func decodeYAML<T: Decodable>(_ type: T.Type, _ text: String, fileName: String) throws -> T {
        let root: Node
        do {
            guard let node = try YAMLReading.compose(text) else {
                throw CoreError(.invalidSpec, "the file holds no YAML document, only comments or blank lines; see the README's 'Model spec' section for the fields", location: fileName)
            }
            root = node
        } catch let p as YAMLReading.Problem {
            throw CoreError(.invalidSpec, p.message, location: p.place(in: fileName))
        }
        do {
            return try YAMLDecoder().decode(type, from: root)
        } catch let error as DecodingError {
            if case .dataCorrupted(let ctx) = error, let y = ctx.underlyingError as? YamlError {
                let p = YAMLReading.problem(y, in: text)
                throw CoreError(.invalidSpec, p.message, location: p.place(in: fileName))
            }
            let (field, reason) = describe(error) { path in YAMLReading.node(at: path, in: root).map(YAMLReading.kind(of:)) }
            // An unknown field is reported at its key; anything else at its value (or, when missing, its mapping).
            let atKey = reason.hasPrefix("unknown field")
            let place = YAMLReading.mark(at: codingPath(of: error), in: root, key: atKey).map { "\(fileName):\($0.line):\($0.column)" } ?? fileName
            throw CoreError(.invalidSpec, withFix(reason), location: field.isEmpty ? place : "\(place): \(field)")
        } catch let y as YamlError {
            let p = YAMLReading.problem(y, in: text)
            throw CoreError(.invalidSpec, p.message, location: p.place(in: fileName))
        }
    }

    /// Decodes a value from JSON. The text is first read by Merit's strict JSON parser, so that broken
    /// JSON gets a line and column and a duplicate key is refused; field errors name the JSON path.
    static func decodeJSON<T: Decodable>(_ type: T.Type, _ data: Data, fileName: String) throws -> T {
        let tree: JSONValue
        do { tree = try JSONValue.parse(Array(data), name: fileName) } catch let e as JSONError {
            throw CoreError(.invalidSpec, e.message, location: fileName)
        }
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            let (field, reason) = describe(error, json: true) { path in jsonValue(at: path, in: tree).map(\.kindName) }
            throw CoreError(.invalidSpec, withFix(reason), location: field.isEmpty ? fileName : "\(fileName): \(field)")
        }
    }

    /// The reason, with the generic remedy added when it does not already say what to do.
    static func withFix(_ reason: String) -> String {
        reason.contains("; ") ? reason : "\(reason); fix this field and run again"
    }

    /// The coding path an error points at (for a missing key, the mapping that lacks it).
    static func codingPath(of error: DecodingError) -> [CodingKey] {
        switch error {
        case .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): c.codingPath
        @unknown default: []
        }
    }

    static func jsonValue(at path: [CodingKey], in root: JSONValue) -> JSONValue? {
        var v = root
        for step in path {
            switch v {
            case .object: guard let next = v[step.stringValue] else { return nil }; v = next
            case .array(let items): guard let i = step.intValue, items.indices.contains(i) else { return nil }; v = items[i]
            default: return nil
            }
        }
        return v
    }
}
