/// What the model predicts: the task kind, the label and the typed feature columns.
public struct TaskSpec: Codable, Sendable, Equatable {
    /// The kind of supervised task.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case binaryClassification = "binary-classification"
        case multiclassClassification = "multiclass-classification"
        case regression
    }

    /// What to do with a missing feature value.
    public enum MissingPolicy: String, Codable, Sendable, CaseIterable {
        /// Keep the row; the trainer sees a missing value (XGBoost learns a default branch).
        case allow
        /// A missing feature makes the row invalid; the row then follows `validation.on_invalid_row`.
        case invalid
    }

    /// The task kind.
    public var kind: Kind
    /// The label column.
    public var label: String
    /// The feature columns, in the order that fixes the canonical record encoding.
    public var features: [FeatureSpec]
    /// Missing-value policy for features. A missing label always makes a row invalid.
    public var missing: MissingPolicy
    /// The class names, for classification. Derived from the base data (sorted) when absent.
    public var classes: [String]?
    /// The positive class for binary classification. Defaults to the second of the sorted classes.
    public var positiveClass: String?

    enum CodingKeys: String, CodingKey {
        case kind = "type", label, features, missing, classes
        case positiveClass = "positive_class"
    }

    /// Creates a task spec.
    public init(kind: Kind, label: String, features: [FeatureSpec], missing: MissingPolicy = .allow,
                classes: [String]? = nil, positiveClass: String? = nil) {
        self.kind = kind; self.label = label; self.features = features; self.missing = missing
        self.classes = classes; self.positiveClass = positiveClass
    }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try SpecDecoding.decodeEnum(Kind.self, c, .kind)
        label = try c.decode(String.self, forKey: .label)
        features = try c.decode([FeatureSpec].self, forKey: .features)
        missing = try SpecDecoding.decodeEnumIfPresent(MissingPolicy.self, c, .missing) ?? .allow
        classes = try c.decodeIfPresent([String].self, forKey: .classes)
        positiveClass = try c.decodeIfPresent(String.self, forKey: .positiveClass)
    }

    /// Every column a record has, features first and the label last: the canonical column order.
    public var columns: [FeatureSpec] {
        features + [FeatureSpec(name: label, type: kind == .regression ? .number : .category)]
    }
}

/// A typed feature column.
public struct FeatureSpec: Codable, Sendable, Equatable {
    /// The value type of a column.
    public enum ValueType: String, Codable, Sendable, CaseIterable {
        case number, integer, category, text, boolean
    }

    /// Column name as it appears in the CSV header or JSON keys.
    public var name: String
    /// Value type.
    public var type: ValueType

    enum CodingKeys: String, CodingKey { case name, type }

    /// Creates a feature column.
    public init(name: String, type: ValueType) {
        self.name = name
        self.type = type
    }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try SpecDecoding.decodeEnum(ValueType.self, c, .type)
    }
}
