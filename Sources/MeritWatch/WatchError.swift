/// An error from the endpoint watcher: what failed, where, and how to fix it.
public struct WatchError: Error, CustomStringConvertible, Sendable {
    /// A stable, machine-readable category.
    public enum Code: String, Sendable {
        /// A task YAML file or its data is unusable.
        case invalidTask = "invalid_task"
        /// A template could not be parsed or rendered.
        case invalidTemplate = "invalid_template"
        /// An endpoint answered with something that is not the OpenAI wire format.
        case malformedResponse = "malformed_response"
        /// An endpoint request failed.
        case requestFailed = "request_failed"
        /// A round record or chain does not verify.
        case invalidRecord = "invalid_record"
        /// An invalid argument or configuration.
        case invalidArgument = "invalid_argument"
    }

    /// The category.
    public var code: Code
    /// What went wrong and how to remedy it.
    public var message: String
    /// Where: a file, a file and line, a template, or an endpoint.
    public var location: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, at location: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String { location.map { "\($0): \(message)" } ?? message }
}
