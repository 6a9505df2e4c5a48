/// An error from MeritCore: what failed, where, and how to fix it.
///
/// Messages never contain data values from user files, only names, positions and reasons.
public struct CoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A stable, machine-readable category.
    public enum Code: String, Sendable {
        case invalidSpec = "invalid_spec"
        case unsupported = "unsupported"
        case invalidArgument = "invalid_argument"
    }

    /// The category.
    public var code: Code
    /// What went wrong and how to remedy it.
    public var message: String
    /// Where: a file name, optionally with a field path such as `model.yaml: task.features[2].type`.
    public var location: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, location: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
