/// A kind of personal or secret data the scanner recognises.
public enum PIIKind: String, Codable, Sendable, CaseIterable, Comparable {
    case email
    case phone
    case creditCard = "credit_card"
    case ssn
    case iban
    case ipv4
    case ipv6
    case ethereumPrivateKey = "ethereum_private_key"
    case awsAccessKey = "aws_access_key"
    case privateKeyBlock = "private_key_block"

    /// The placeholder that replaces a redacted finding, for example `[EMAIL]`.
    public var placeholder: String { "[\(rawValue.uppercased())]" }

    public static func < (a: PIIKind, b: PIIKind) -> Bool { a.rawValue < b.rawValue }

    /// Kinds that a column name suggests (`phone_number` → phone), which relaxes formatting rules.
    public static func hinted(by column: String) -> Set<PIIKind> {
        let n = column.lowercased()
        var out = Set<PIIKind>()
        func has(_ words: String...) -> Bool { words.contains { n.contains($0) } }
        if has("mail") { out.insert(.email) }
        if has("phone", "tel", "mobile", "cell", "fax") { out.insert(.phone) }
        if has("ssn", "social_security", "socialsecurity") { out.insert(.ssn) }
        if has("card", "ccnum", "cc_num", "pan") { out.insert(.creditCard) }
        if has("iban", "account", "bank") { out.insert(.iban) }
        if has("ip") { out.insert(.ipv4); out.insert(.ipv6) }
        if has("key", "secret", "private", "token", "mnemonic") { out.insert(.ethereumPrivateKey) }
        return out
    }
}

/// One finding: where it is and what kind, never the value itself.
public struct PIIFinding: Codable, Sendable, Equatable {
    /// The kind of data found.
    public var kind: PIIKind
    /// The column name.
    public var column: String
    /// The 1-based physical line of the record in its file.
    public var line: Int
    /// The 0-based record number (the first record after a CSV header is 0).
    public var row: Int
    /// Start of the finding within the field, in Unicode code points (inclusive).
    public var start: Int
    /// End of the finding within the field, in Unicode code points (exclusive).
    public var end: Int

    /// Creates a finding.
    public init(kind: PIIKind, column: String, line: Int, row: Int, start: Int, end: Int) {
        self.kind = kind; self.column = column; self.line = line; self.row = row; self.start = start; self.end = end
    }
}
