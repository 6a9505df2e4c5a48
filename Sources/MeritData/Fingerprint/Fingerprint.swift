import MeritEthereum

/// A dataset's fingerprint: its Merkle root, record count and column list (docs/fingerprint.md §7).
public struct Fingerprint: Codable, Sendable, Equatable {
    /// The Merkle root over the records' leaves.
    public var root: Bytes32
    /// The number of records.
    public var records: Int
    /// The file's size in bytes.
    public var bytes: UInt64
    /// Column names with their types, in canonical order, as `name:type`.
    public var columns: [String]

    /// Creates a fingerprint.
    public init(root: Bytes32, records: Int, bytes: UInt64, columns: [String]) {
        self.root = root; self.records = records; self.bytes = bytes; self.columns = columns
    }
}
