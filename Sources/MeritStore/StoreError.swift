/// The one error type of MeritStore. The server maps codes to HTTP statuses (and MLflow error codes).
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure.
    public enum Code: String, Sendable {
        /// The thing does not exist.
        case notFound = "not_found"
        /// A thing with that identity exists already.
        case alreadyExists = "already_exists"
        /// The request is malformed or not allowed in this state.
        case invalid = "invalid"
        /// An artifact is larger than the configured limit.
        case tooLarge = "too_large"
        /// Someone else changed the thing first (a model's head moved): read it again and retry.
        case conflict = "conflict"
    }
    /// The category.
    public var code: Code
    /// What went wrong and what to do, naming the resource; never secrets.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) { self.code = code; self.message = message }

    public var description: String { message }
}

