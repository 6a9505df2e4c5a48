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
                        for token in s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                            out[c + Int(Self.fnv1a(token.utf8) % UInt64(Self.textBuckets))] += 1
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

    static func fnv1a<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
