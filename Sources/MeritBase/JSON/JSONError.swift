/// A JSON text that does not parse: where (the name given, line and column) and what to fix.
public struct JSONError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, with the line and column, and how to fix it.
    public var message: String
    /// The file or body, as the caller named it.
    public var location: String?

    /// Creates an error.
    public init(_ message: String, at location: String? = nil) { self.message = message; self.location = location }

    public var description: String { location.map { "\($0): \(message)" } ?? message }
}
