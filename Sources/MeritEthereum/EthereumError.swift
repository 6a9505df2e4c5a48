import MeritBase

/// The one error type of MeritEthereum: what failed, where (a field or JSON path), and how to fix it.
///
/// Messages never contain key material, passwords or signatures' secrets; they name the field instead.
public struct EthereumError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable category, for tests and exit codes.
    public enum Code: String, Sendable {
        /// A private key outside 1 ≤ d < n, or not 32 bytes.
        case invalidPrivateKey = "invalid_private_key"
        /// A signature that is malformed, high-s, has a bad v, or does not recover.
        case invalidSignature = "invalid_signature"
        /// A public key or address that does not parse.
        case invalidAddress = "invalid_address"
        /// Typed data that breaks EIP-712's rules.
        case invalidTypedData = "invalid_typed_data"
        /// An ABI type or value that cannot be encoded.
        case invalidABI = "invalid_abi"
        /// A keystore file that cannot be read.
        case invalidKeystore = "invalid_keystore"
        /// The keystore password is wrong (the MAC does not match).
        case wrongPassword = "wrong_password"
        /// Malformed JSON.
        case invalidJSON = "invalid_json"
    }

    /// The category.
    public var code: Code
    /// What went wrong and what to do about it.
    public var message: String
    /// Where: a JSON path such as `message.contributors[2].account`, or a field name.
    public var location: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, at location: String? = nil) {
        self.code = code; self.message = message; self.location = location
    }

    /// The Ethereum form of a JSON text that does not parse (code `invalidJSON`, same place and words).
    public init(_ e: JSONError) { self.init(.invalidJSON, e.message, at: e.location) }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
