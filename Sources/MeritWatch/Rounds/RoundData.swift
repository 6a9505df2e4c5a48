import MeritBase
import MeritEthereum

/// Everything a round measured, in sections; the record signs keccak256 of each section's compact,
/// deterministic JSON (JSONValue: members in written order, numbers as shortest round-trip text).
public struct RoundData: Sendable, Equatable {
    /// The format tag.
    public static let format = "merit-watch-round-data-v1"
    /// Sections by name.
    public var sections: [String: JSONValue]
    /// The watcher's signature over the probe-seed message (reveals how the probe seed was drawn).
    public var probeSeedSignature: Secp256k1.Signature

    /// Creates round data.
    public init(sections: [String: JSONValue], probeSeedSignature: Secp256k1.Signature) {
        self.sections = sections
        self.probeSeedSignature = probeSeedSignature
    }

    /// keccak256 of a section's compact JSON.
    public func sectionHash(_ name: String) -> Bytes32 {
        Keccak256.hash(Array((sections[name] ?? .null).serialized(pretty: false).utf8))
    }

    /// The data file's JSON.
    public var json: JSONValue {
        var m: [JSONValue.Member] = [.init("format", .string(Self.format)), .init("probeSeedSignature", .string(probeSeedSignature.hex))]
        for s in RoundRecord.sections { m.append(.init(s, sections[s] ?? .null)) }
        return .object(m)
    }

    /// Reads the data file.
    public init(json: JSONValue, name: String) throws {
        guard json["format"]?.stringValue == Self.format, let sig = json["probeSeedSignature"]?.stringValue else {
            throw WatchError(.invalidRecord, "not Merit watch round data (format must be \(Self.format))", at: name)
        }
        probeSeedSignature = try Secp256k1.Signature(hex: sig)
        var s: [String: JSONValue] = [:]
        for k in RoundRecord.sections { s[k] = json[k] ?? .null }
        sections = s
    }

    /// A number as JSON: shortest round-trip text; NaN and infinities become null.
    static func number(_ d: Double) -> JSONValue { d.isFinite ? .number("\(d)") : .null }
}
