/// An error from MeritEval: what failed, where, and how to fix it.
public struct EvalError: Error, CustomStringConvertible, Sendable {
    /// A stable, machine-readable category.
    public enum Code: String, Sendable {
        /// The inputs cannot be evaluated as given (too small a benchmark, no usable rows...).
        case inputRejected = "input_rejected"
        /// The trainer failed.
        case trainerFailed = "trainer_failed"
        /// An invalid argument or configuration.
        case invalidArgument = "invalid_argument"
    }

    /// The category.
    public var code: Code
    /// What went wrong and how to remedy it.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
