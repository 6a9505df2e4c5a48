/// A kind of personal or secret data the scanner recognises.
public enum PIIKind: String, Codable, Sendable, CaseIterable, Comparable {
    case email
    case phone
    case creditCard = "credit_card"
    case ssn
    case iban
    case ipv4
    case ipv6
    /// An Ethereum address ties a person to their funds; whether it counts as personal data for a
    /// model is the spec's choice (`pii.kinds`).
    case ethereumAddress = "ethereum_address"
    case ethereumPrivateKey = "ethereum_private_key"
    case awsAccessKey = "aws_access_key"
    case privateKeyBlock = "private_key_block"

    /// The placeholder that replaces a redacted finding, for example `[EMAIL]`.
    public var placeholder: String { "[\(rawValue.uppercased())]" }

    public static func < (a: PIIKind, b: PIIKind) -> Bool { a.rawValue < b.rawValue }
}
