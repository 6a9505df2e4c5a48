import MeritCore

/// One finding: where it is and what kind, never the value itself.
public struct PIIFinding: Codable, Sendable, Equatable {
    /// The kind of data found.
    public var kind: PIIKind
    /// The column name.
    public var column: String
    /// The 1-based physical line of the record in its file.
    public var line: Int
    /// The 0-based record number (the first record after a CSV header is 0).
    public var row: Int
    /// Start of the finding within the field, in Unicode code points (inclusive).
    public var start: Int
    /// End of the finding within the field, in Unicode code points (exclusive).
    public var end: Int
    /// How sure the scanner was, from 0 to 100 (see `PIIScanner`).
    public var confidence: Int

    /// Creates a finding.
    public init(kind: PIIKind, column: String, line: Int, row: Int, start: Int, end: Int, confidence: Int = 100) {
        self.kind = kind; self.column = column; self.line = line; self.row = row; self.start = start; self.end = end
        self.confidence = confidence
    }

    /// A finding of `match` in `field`, its byte range given in code points.
    public init(_ match: PIIScanner.Match, in field: UnsafeRawBufferPointer, column: String, line: Int, row: Int) {
        self.init(kind: match.kind, column: column, line: line, row: row,
                  start: PIIScanner.codePointOffset(field, byteOffset: match.bytes.lowerBound),
                  end: PIIScanner.codePointOffset(field, byteOffset: match.bytes.upperBound), confidence: match.confidence)
    }

    enum CodingKeys: String, CodingKey { case kind, column, line, row, start, end, confidence }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(PIIKind.self, forKey: .kind)
        column = try c.decode(String.self, forKey: .column)
        line = try c.decode(Int.self, forKey: .line)
        row = try c.decode(Int.self, forKey: .row)
        start = try c.decode(Int.self, forKey: .start)
        end = try c.decode(Int.self, forKey: .end)
        // Reports written before confidences existed.
        confidence = try c.decodeIfPresent(Int.self, forKey: .confidence) ?? 100
    }
}
