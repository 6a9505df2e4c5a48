/// Scans field text for personal data and secrets (see `PIIKind`), byte by byte, without regexes.
///
/// Checksums cut false positives: card numbers must pass Luhn, IBANs mod-97, SSNs the SSA's
/// never-issued ranges. A column name can hint a kind (`phone`, `ssn`, `email`, `key`, ...), which
/// accepts plainer formats, such as ten bare digits in a phone column.
public struct PIIScanner: Sendable {
    /// A match within one field, in bytes.
    public struct Match: Sendable, Equatable {
        /// The kind.
        public var kind: PIIKind
        /// Byte range within the field's UTF-8.
        public var bytes: Range<Int>
    }

    /// Creates a scanner.
    public init() {}

    /// Finds every match in a field's UTF-8 bytes; `hints` are the kinds its column name suggests.
    public func scan(_ f: UnsafeRawBufferPointer, hints: Set<PIIKind> = []) -> [Match] {
        if f.count < 5 { return [] }
        var digits = 0, at = false, colon = false, upper = 0, dash5 = false
        var hexRun = 0, maxHexRun = 0
        var dashRun = 0
        for b in f {
            if b &- 48 < 10 { digits += 1 }
            else if b == 64 { at = true }
            else if b == 58 { colon = true }
            else if b &- 65 < 26 { upper += 1 }
            if b == 45 { dashRun += 1; if dashRun >= 5 { dash5 = true } } else { dashRun = 0 }
            if Self.isHex(b) { hexRun += 1; if hexRun > maxHexRun { maxHexRun = hexRun } } else { hexRun = 0 }
        }
        var out: [Match] = []
        if at { emails(f, &out) }
        // IBANs before digit runs: an IBAN's digit groups would otherwise read as a phone number.
        if digits >= 2 && upper >= 2 { ibans(f, &out) }
        if digits >= 4 { digitRuns(f, hints: hints, &out) }
        if colon { ipv6(f, &out) }
        if maxHexRun >= 64 { hexKeys(f, &out) }
        if upper >= 4 && digits + upper >= 20 { awsKeys(f, &out) }
        if dash5 { pemBlocks(f, &out) }
        if out.count > 1 { out = Self.removeOverlaps(out) }
        return out
    }

    /// Keeps the first of overlapping matches in scan priority order, then sorts by position.
    static func removeOverlaps(_ matches: [Match]) -> [Match] {
        var kept: [Match] = []
        for m in matches where !kept.contains(where: { $0.bytes.overlaps(m.bytes) }) { kept.append(m) }
        return kept.sorted { $0.bytes.lowerBound < $1.bytes.lowerBound }
    }

    /// Converts a byte offset within UTF-8 to a code-point offset.
    public static func codePointOffset(_ f: UnsafeRawBufferPointer, byteOffset: Int) -> Int {
        var n = 0
        for i in 0..<byteOffset where f[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// The field with each match replaced by its kind's placeholder.
    public static func redact(_ f: UnsafeRawBufferPointer, _ matches: [Match]) -> [UInt8] {
        var out = [UInt8]()
        var i = 0
        for m in matches.sorted(by: { $0.bytes.lowerBound < $1.bytes.lowerBound }) {
            out.append(contentsOf: f[i..<m.bytes.lowerBound])
            out.append(contentsOf: m.kind.placeholder.utf8)
            i = m.bytes.upperBound
        }
        out.append(contentsOf: f[i..<f.count])
        return out
    }

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 65 < 26 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 97 < 26 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isUpper(b) || isLower(b) }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 97 < 6 }
}
