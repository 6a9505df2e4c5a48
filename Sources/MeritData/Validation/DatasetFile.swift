/// How a dataset file is encoded.
public enum DatasetFormat: String, Sendable, CaseIterable {
    /// RFC 4180 CSV with a header row.
    case csv
    /// One JSON object per line (JSON Lines, also called NDJSON).
    case jsonl

    /// The format a file name suggests: `.jsonl` and `.ndjson` are JSONL, anything else CSV. This is the
    /// CLI's default only; a server records the format of what it stores.
    public init(fileName: String) {
        let p = fileName.lowercased()
        self = p.hasSuffix(".jsonl") || p.hasSuffix(".ndjson") ? .jsonl : .csv
    }
}

/// A dataset file to read: where it is, how it is encoded, and the name messages give it.
public struct DatasetFile: Sendable, Equatable {
    /// The path to read.
    public var path: String
    /// Its encoding.
    public var format: DatasetFormat
    /// How errors and reports name it: the name its user gave it, never a folder of the server's.
    public var name: String

    /// A file at `path`; the format defaults to what the path's extension suggests, the name to the path.
    public init(path: String, format: DatasetFormat? = nil, name: String? = nil) {
        self.path = path
        self.format = format ?? DatasetFormat(fileName: path)
        self.name = name ?? path
    }
}
