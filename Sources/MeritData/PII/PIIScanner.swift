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
        let p = Prepass(f)
        var out: [Match] = []
        if p.at { emails(f, &out) }
        // IBANs before digit runs: an IBAN's digit groups would otherwise read as a phone number.
        if p.ibanShape { ibans(f, &out) }
        if p.x && p.maxHexRun >= 40 { ethereumAddresses(f, &out) }
        if p.maxHexRun >= 64 { hexKeys(f, column: column, &out) }
        if p.digits >= 4 { digitRuns(f, column: column, &out) }
        if p.doubleColon || p.colons >= 6 { ipv6(f, &out) }
        if p.akia { awsKeys(f, &out) }
        if p.dash5 { pemBlocks(f, &out) }
        if !out.isEmpty { out = Self.keep(out, threshold: threshold) }
        return out
    }

    /// One pass over a field that says which detectors can match in it at all.
    struct Prepass {
        var digits = 0, colons = 0, maxHexRun = 0
        var at = false, x = false, dash5 = false, doubleColon = false
        /// Two letters then two digits somewhere (an IBAN's start).
        var ibanShape = false
        /// `AKIA` or `ASIA` somewhere (an AWS access key's start).
        var akia = false

        init(_ f: UnsafeRawBufferPointer) {
            var hexRun = 0, dashRun = 0
            var window: UInt32 = 0, shape: UInt8 = 0, any: UInt8 = 0
            for b in f {
                let c = PIIScanner.byteClass[Int(b)]
                any |= c
                digits &+= Int(c & 1)
                if c & 4 != 0 { hexRun += 1; if hexRun > maxHexRun { maxHexRun = hexRun } } else { hexRun = 0 }
                if c & 32 != 0 { dashRun += 1; if dashRun >= 5 { dash5 = true } } else { dashRun = 0 }
                window = window << 8 | UInt32(b)
                shape = shape &<< 2 | (c & 1) | (c & 130 != 0 ? 2 : 0)
                // Letter, letter, digit, digit (2 bits each): capitals, or a country's code in small letters.
                if shape == 0xA5 && !ibanShape {
                    let l1 = UInt8(truncatingIfNeeded: window >> 24), l2 = UInt8(truncatingIfNeeded: window >> 16)
                    ibanShape = PIIScanner.isUpper(l1) && PIIScanner.isUpper(l2)
                        || PIIScanner.isLower(l1) && PIIScanner.isLower(l2) && PIIScanner.ibanLengths[Int(l1) << 8 | Int(l2)] != nil
                }
                if c & 16 != 0 { colons += 1; if window & 0xFFFF == 0x3A3A { doubleColon = true } }
                if window == 0x414B_4941 || window == 0x4153_4941 { akia = true }
                if window & 0xFF_FFFF == 0x25_3430 { at = true }  // %40, a URL's @
            }
            at = at || any & 8 != 0
            x = any & 64 != 0
        }
    }

    /// Byte classes for the prepass: 1 digit, 2 capital, 4 hex digit, 8 `@`, 16 `:`, 32 `-`, 64 `x` or `X`,
    /// 128 small letter.
    static let byteClass: [UInt8] = (0..<256).map { i -> UInt8 in
        let b = UInt8(i)
        var c: UInt8 = 0
        if isDigit(b) { c |= 1 }
        if isUpper(b) { c |= 2 }
        if isHex(b) { c |= 4 }
        if b == 64 { c |= 8 }
        if b == 58 { c |= 16 }
        if b == 45 { c |= 32 }
        if b | 0x20 == 120 { c |= 64 }
        if isLower(b) { c |= 128 }
        return c
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
