/// An error from MeritToken: what failed, which field or operation, and how to fix it.
///
/// A refused operation changes nothing; the message says why and what would be accepted.
public struct TokenError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A stable, machine-readable category.
    public enum Code: String, Sendable {
        /// A setting outside its allowed range.
        case invalidSetting = "invalid_setting"
        /// An amount ≤ 0, above 2²⁵⁶−1, or otherwise unusable.
        case invalidAmount = "invalid_amount"
        /// An operation the rules refuse (over a cap, during the buy-only period, more than a balance).
        case refused = "refused"
        /// A result that does not fit in 256 bits.
        case overflow = "overflow"
    }

    /// The category.
    public var code: Code
    /// What went wrong and how to remedy it.
    public var message: String
    /// The field or operation, such as `token.vesting.cliff_seconds` or `sell`.
    public var location: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, at location: String? = nil) {
        self.code = code; self.message = message; self.location = location
    }

    public var description: String { location.map { "\($0): \(message)" } ?? message }
}
