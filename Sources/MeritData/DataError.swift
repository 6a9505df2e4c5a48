/// An error from MeritData, naming the file, line, column and the fix.
///
/// Messages never quote values from the data: a value could be personal or secret.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A stable, machine-readable category.
    public enum Code: String, Sendable {
        case fileNotFound = "file_not_found"
        case unreadable = "unreadable"
        case emptyFile = "empty_file"
        case notText = "not_text"
        case malformedCSV = "malformed_csv"
        case malformedJSON = "malformed_json"
        case recordTooLong = "record_too_long"
        case missingColumn = "missing_column"
        case invalidRow = "invalid_row"
        case piiRejected = "pii_rejected"
        case invalidArgument = "invalid_argument"
    }

    /// The category.
    public var code: Code
    /// What went wrong and how to remedy it.
    public var message: String
    /// The file, as the user named it.
    public var file: String?
    /// The 1-based physical line, when one applies.
    public var line: Int?
    /// The column name, when one applies.
    public var column: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil, column: String? = nil) {
        self.code = code; self.message = message; self.file = file; self.line = line; self.column = column
    }

    public var description: String {
        var prefix = file ?? ""
        if let line { prefix += prefix.isEmpty ? "line \(line)" : ":\(line)" }
        if let column { prefix += prefix.isEmpty ? "column '\(column)'" : ": column '\(column)'" }
        return prefix.isEmpty ? message : "\(prefix): \(message)"
    }
}
