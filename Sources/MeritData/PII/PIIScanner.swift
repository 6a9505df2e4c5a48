import MeritCore

/// Scans field text for personal data and secrets (see `PIIKind`), byte by byte, without regexes.
///
/// Each candidate gets a confidence from 0 to 100, and only those at or above the threshold
/// (`pii.min_confidence` in the spec, 50 by default) are reported. The confidence comes from the format
/// (checksums: Luhn for cards, mod-97 for IBANs, EIP-55 for mixed-case Ethereum addresses, the SSA's
/// never-issued SSN ranges; the national numbering plans of US, GB, DE, FR, BR and IN for telephones),
/// and from context, as a careful reviewer reads it (`PIIContext`): the column's name and the words
/// before and after the match. A 64-hex string is a private key only where the context says key, a
/// dotted quad is not an IP address after "version", digits after "invoice" are not a telephone.
public struct PIIScanner: Sendable {
    /// A match within one field, in bytes.
    public struct Match: Sendable, Equatable {
        /// The kind.
        public var kind: PIIKind
        /// Byte range within the field's UTF-8.
        public var bytes: Range<Int>
        /// How sure the scanner is, from 0 to 100.
        public var confidence: Int

        /// Creates a match.
        public init(kind: PIIKind, bytes: Range<Int>, confidence: Int) {
            self.kind = kind; self.bytes = bytes; self.confidence = confidence
        }
    }

    /// The default threshold: matches below this confidence are not reported.
    public static let defaultThreshold = 50
    /// Matches below this confidence are not reported.
    public var threshold: Int

    /// Creates a scanner that reports matches of at least `threshold` confidence (0-100).
    public init(threshold: Int = PIIScanner.defaultThreshold) { self.threshold = threshold }

    /// Finds every match in a field's UTF-8 bytes, in a column without a name (free text).
    public func scan(_ f: UnsafeRawBufferPointer) -> [Match] { scan(f, column: .anonymous) }

    /// Finds every match in a field's UTF-8 bytes of `column`, at or above the threshold.
    public func scan(_ f: UnsafeRawBufferPointer, column: Column) -> [Match] {
        if f.count < 5 { return [] }
        var digits = 0, at = false, colon = false, upper = 0, dash5 = false, x = false
        var hexRun = 0, maxHexRun = 0
        var dashRun = 0
        for b in f {
            if b &- 48 < 10 { digits += 1 }
            else if b == 64 { at = true }
            else if b == 58 { colon = true }
            else if b &- 65 < 26 { upper += 1 }
            if b | 0x20 == 120 { x = true }
            if b == 45 { dashRun += 1; if dashRun >= 5 { dash5 = true } } else { dashRun = 0 }
            if Self.isHex(b) { hexRun += 1; if hexRun > maxHexRun { maxHexRun = hexRun } } else { hexRun = 0 }
        }
        var out: [Match] = []
        if at { emails(f, &out) }
        // IBANs before digit runs: an IBAN's digit groups would otherwise read as a phone number.
        if digits >= 2 && upper >= 2 { ibans(f, &out) }
        if x && maxHexRun >= 40 { ethereumAddresses(f, &out) }
        if maxHexRun >= 64 { hexKeys(f, column: column, &out) }
        if digits >= 4 { digitRuns(f, column: column, &out) }
        if colon { ipv6(f, &out) }
        if upper >= 4 && digits + upper >= 20 { awsKeys(f, &out) }
        if dash5 { pemBlocks(f, &out) }
        if !out.isEmpty { out = Self.keep(out, threshold: threshold) }
        return out
    }

    /// Keeps the first of overlapping matches in scan priority order, whatever its confidence (the
    /// digits of an IBAN-shaped string that fails its checksum are not a telephone number), then drops
    /// those below the threshold and sorts by position.
    static func keep(_ matches: [Match], threshold: Int) -> [Match] {
        var claimed: [Match] = []
        for m in matches where !claimed.contains(where: { $0.bytes.overlaps(m.bytes) }) { claimed.append(m) }
        let kept = claimed.filter { $0.confidence >= threshold }
        return kept.count > 1 ? kept.sorted { $0.bytes.lowerBound < $1.bytes.lowerBound } : kept
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
