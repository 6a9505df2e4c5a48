import MeritBase
import MeritCore
import MeritData

/// Turns typed rows into the float matrix XGBoost reads, learned from the training rows only.
///
/// number, integer, boolean: one column each (missing → NaN). category: one categorical column whose
/// codes index the training set's distinct values sorted by UTF-8 bytes (unseen values → NaN).
/// text: `textBuckets` columns counting lower-cased alphanumeric tokens hashed with FNV-1a 64.
public struct FeatureEncoder: Sendable {
    /// Columns per text feature.
    public static let textBuckets = 16

    let features: [FeatureSpec]
    let vocabularies: [[String: Int]]
    /// XGBoost feature types per output column: "q" quantitative, "c" categorical.
    public let featureTypes: [String]

    /// Learns vocabularies from the training rows.
    public init(features: [FeatureSpec], trainRows: [[Value]]) {
        self.features = features
        var vocabs: [[String: Int]] = []
        var types: [String] = []
        for (j, f) in features.enumerated() {
            switch f.type {
            case .category:
                var set = Set<String>()
                for r in trainRows { if case .text(let s) = r[j] { set.insert(s) } }
                let sorted = set.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
                vocabs.append(Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) }))
                types.append("c")
            case .text:
                vocabs.append([:])
                types.append(contentsOf: Array(repeating: "q", count: Self.textBuckets))
            default:
                vocabs.append([:])
                types.append("q")
            }
        }
        vocabularies = vocabs
        featureTypes = types
    }

    /// Output columns.
    public var width: Int { featureTypes.count }

    /// A name per output column: the feature's, or `name#k` for the k-th bucket of a text feature.
    public var columnNames: [String] {
        features.flatMap { f in f.type == .text ? (0..<Self.textBuckets).map { "\(f.name)#\($0)" } : [f.name] }
    }

    /// How rows become the model's input, as JSON: per feature its type, output columns and (for a
    /// category) the code of each value, so a client can encode rows as Merit does.
    public var encodingJSON: JSONValue {
        .object([
            .init("format", .string("merit.feature-encoding.v1")),
            .init("text_buckets", .number(String(Self.textBuckets))),
            .init("text_rule", .string("lower-case, split on characters that are neither letters nor digits, count each token in bucket FNV-1a-64(UTF-8 token) mod text_buckets")),
            .init("missing", .string("NaN; a category value not seen in training is NaN")),
            .init("columns", .array(columnNames.map(JSONValue.string))),
            .init("features", .array(features.enumerated().map { j, f in
                var m: [JSONValue.Member] = [.init("name", .string(f.name)), .init("type", .string(f.type.rawValue))]
                if f.type == .category {
                    let codes = vocabularies[j].sorted { $0.value < $1.value }
                    m.append(.init("categories", .array(codes.map { JSONValue.string($0.key) })))
                }
                return .object(m)
            })),
        ])
    }

    /// Row-major float matrix of the rows' features.
    public func matrix(_ rows: [[Value]]) -> [Float] {
        var out = [Float](repeating: .nan, count: rows.count * width)
        for (r, row) in rows.enumerated() {
            var c = r * width
            for (j, f) in features.enumerated() {
                switch f.type {
                case .category:
                    if case .text(let s) = row[j], let code = vocabularies[j][s] { out[c] = Float(code) }
                    c += 1
                case .text:
                    if case .text(let s) = row[j] {
                        for k in 0..<Self.textBuckets { out[c + k] = 0 }
                        if !Self.countASCIITokens(s, into: &out, at: c) {
                            for token in s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                                out[c + Int(Self.fnv1a(token.utf8) % UInt64(Self.textBuckets))] += 1
                            }
                        }
                    }
                    c += Self.textBuckets
                default:
                    if let v = row[j].numeric { out[c] = Float(v) }
                    c += 1
                }
            }
        }
        return out
    }

    /// The tokens of ASCII text counted into their buckets, byte by byte: for ASCII, lower-casing maps
    /// A-Z to a-z and the letters and numbers are exactly a-z, A-Z and 0-9, so the tokens are those of the
    /// general rule. Returns false, counting nothing, for text with any other byte.
    static func countASCIITokens(_ s: String, into out: inout [Float], at c: Int) -> Bool {
        var text = s
        return text.withUTF8 { u -> Bool in
            for b in u where b >= 0x80 { return false }
            var h: UInt64 = 0xCBF2_9CE4_8422_2325, inToken = false
            for var b in u {
                let upper = b &- 65 < 26
                guard upper || b &- 97 < 26 || b &- 48 < 10 else {
                    if inToken { out[c + Int(h % UInt64(textBuckets))] += 1; h = 0xCBF2_9CE4_8422_2325; inToken = false }
                    continue
                }
                if upper { b += 32 }
                h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3
                inToken = true
            }
            if inToken { out[c + Int(h % UInt64(textBuckets))] += 1 }
            return true
        }
    }

    static func fnv1a<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
