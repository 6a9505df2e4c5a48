import MeritCore
import MeritEthereum

/// A dataset read against a model spec: the rows kept, their hashes, and what was dropped and why.
public struct LoadedDataset: Sendable {
    /// The file name as the user gave it.
    public var name: String
    /// Columns in canonical order: the spec's features, then the label.
    public var columns: [FeatureSpec]
    /// Rows kept after validation and PII policies (redactions applied), in file order.
    public var rows: [[Value]]
    /// The 1-based line where each kept row starts.
    public var lines: [Int]
    /// keccak256 of each kept row's canonical encoding.
    public var recordHashes: [Bytes32]
    /// Fingerprint over the kept rows.
    public var fingerprint: Fingerprint
    /// Records read from the file.
    public var readRows: Int
    /// Rows dropped by schema validation.
    public var invalidRows: Int
    /// Rows rejected by a reject-row PII policy.
    public var piiRejectedRows: Int
    /// The first row problems (at most `RowIssue.keep`), for the report.
    public var issues: [RowIssue]
    /// Row problems counted by reason.
    public var issueCounts: [String: Int]
    /// PII findings.
    public var pii: PIIReport
    /// The Merkle tree over the kept rows' leaves as its perfect subtrees, so that a larger tree (these
    /// rows and more) is rooted and proven consistent without hashing these rows again (`Merkle.extend`).
    public var frontier = Merkle.Builder()
}

/// One problem with one row: file, line, column and reason, never the value.
public struct RowIssue: Codable, Sendable, Equatable, CustomStringConvertible {
    /// How many issues a dataset keeps in detail; the rest are only counted.
    public static let keep = 100
    /// The file.
    public var file: String
    /// The 1-based line.
    public var line: Int
    /// The column, if one is at fault.
    public var column: String?
    /// What is wrong.
    public var reason: String

    public var description: String {
        "\(file):\(line)" + (column.map { ": column '\($0)'" } ?? "") + ": \(reason)"
    }
}

/// PII findings of one dataset: exact counts by kind and column, and the first findings of each column
/// in detail, in memory bounded whatever the file's size.
public struct PIIReport: Codable, Sendable, Equatable {
    /// How many findings are kept in detail, in all.
    public static let keep = 1000
    /// How many findings of one column are kept in detail.
    public static let keepPerColumn = 20
    /// One count.
    public struct Count: Codable, Sendable, Equatable {
        /// Kind of data.
        public var kind: PIIKind
        /// Column.
        public var column: String
        /// Number of findings.
        public var count: Int
        /// The policy that applied.
        public var policy: PIISettings.Policy
    }

    /// Counts, sorted by kind then column.
    public var counts: [Count] = []
    /// The first findings (rows, columns, kinds and spans; never the values).
    public var findings: [PIIFinding] = []
    /// All findings.
    public var total = 0
    /// Findings redacted.
    public var redacted = 0
    /// Findings kept in detail, per column.
    private var keptPerColumn: [String: Int] = [:]

    enum CodingKeys: String, CodingKey { case counts, findings, total, redacted }

    /// Creates an empty report.
    public init() {}

    /// Adds the report of the rows that follow (a later part of a file read in parallel), whose lines
    /// and rows were counted from the start of its part.
    mutating func absorb(_ other: PIIReport, lineOffset: Int, rowOffset: Int) {
        total += other.total
        redacted += other.redacted
        for var f in other.findings {
            f.line += lineOffset; f.row += rowOffset
            keepInDetail(f)
        }
        for c in other.counts {
            if let i = counts.firstIndex(where: { $0.kind == c.kind && $0.column == c.column }) { counts[i].count += c.count } else { counts.append(c) }
        }
        counts.sort { ($0.kind, $0.column) < ($1.kind, $1.column) }
    }

    /// Keeps `finding` in detail if its column and the report have room.
    mutating func keepInDetail(_ finding: PIIFinding) {
        guard findings.count < Self.keep, keptPerColumn[finding.column, default: 0] < Self.keepPerColumn else { return }
        keptPerColumn[finding.column, default: 0] += 1
        findings.append(finding)
    }

    /// Counts a finding under the policy that applied to it.
    public mutating func add(_ finding: PIIFinding, policy: PIISettings.Policy) {
        total += 1
        keepInDetail(finding)
        if policy == .redact { redacted += 1 }
        if let i = counts.firstIndex(where: { $0.kind == finding.kind && $0.column == finding.column }) {
            counts[i].count += 1
        } else {
            counts.append(Count(kind: finding.kind, column: finding.column, count: 1, policy: policy))
            counts.sort { ($0.kind, $0.column) < ($1.kind, $1.column) }
        }
    }
}
