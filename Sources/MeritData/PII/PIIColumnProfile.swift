import MeritCore

/// What a column's values say about it, read from the first rows of a file the way a reviewer reads a
/// column before judging one cell: a column whose values are version strings (`4.1.0.12-beta`, `10.2.3`)
/// holds versions, so its `10.2.3.4` is one too; a column of bare hex strings of mixed digest lengths
/// holds digests, whatever its name; a column of dates and times holds no telephone numbers; and a
/// column whose values are, most of them, whole telephone numbers (cards, SSNs, addresses, IBANs, keys)
/// is a column of them, so its bare `4155550123` is a telephone number too.
///
/// The evidence becomes cues of the column, as its name's words do (`PIIContext.Cue`), so each detector
/// weighs it where it weighs the column's name. A shape counts when at least half of the non-empty
/// sampled values have it (at least 5 of them); versions and digests also need a tenth of those values
/// to be ones that cannot be the other reading (three parts or a suffix; a length other than 64). Only
/// whole values count, never words inside free text. The sample is the first `sampleRows` records, so
/// the evidence depends on the file alone and the scan stays one streaming pass in constant memory.
public struct PIIColumnProfile: Sendable {
    /// Records read for the evidence.
    public static let sampleRows = 1000

    var values = 0, versions = 0, versionsNotAddresses = 0, digests = 0, digestsNot64 = 0, dates = 0
    var whole: [PIIKind: Int] = [:]

    /// An empty profile.
    public init() {}

    /// Counts one value of the column, judged by `scanner` with what the column's name says.
    public mutating func add(_ field: UnsafeRawBufferPointer, scanner: PIIScanner, column: PIIScanner.Column) {
        let v = Self.trimmed(field)
        guard !v.isEmpty else { return }
        values += 1
        if let notAddress = Self.version(v) {
            versions += 1
            if notAddress { versionsNotAddresses += 1 }
        }
        if let length = Self.digestLength(v) {
            digests += 1
            if length != 64 { digestsNot64 += 1 }
        }
        if Self.isDate(v) { dates += 1 }
        let matches = scanner.scan(v, column: column)
        if matches.count == 1, matches[0].bytes.count * 5 >= v.count * 4 { whole[matches[0].kind, default: 0] += 1 }
    }

    /// The cues the values give the column.
    public var cues: Set<PIIContext.Cue> {
        guard values >= 5 else { return [] }
        func most(_ n: Int) -> Bool { n * 2 >= values }
        var out = Set<PIIContext.Cue>()
        if most(versions) && versionsNotAddresses * 10 >= versions { out.insert(.version) }
        if most(digests) && digestsNot64 * 10 >= digests { out.insert(.digest) }
        if most(dates) { out.insert(.date) }
        for (kind, n) in whole where most(n) {
            if let cue = Self.cue[kind] { out.insert(cue) }
        }
        return out
    }

    /// The column cue a kind's whole values give.
    static let cue: [PIIKind: PIIContext.Cue] = [
        .phone: .phone, .ssn: .ssn, .creditCard: .card, .ipv4: .network, .ipv6: .network, .iban: .bank,
        .email: .email, .ethereumPrivateKey: .key,
    ]

    /// Columns named `names`, with what the values each `sample` call yields say of them (`nil` for a
    /// missing value). `sample` calls its argument once per record, for at most `sampleRows` records.
    public static func columns(_ names: [String], scanner: PIIScanner,
                               sample: ((_ value: (Int) -> UnsafeRawBufferPointer?) -> Void) throws -> Void) rethrows -> [PIIScanner.Column] {
        let plain = names.map { PIIScanner.Column(name: $0) }
        var profiles = Array(repeating: PIIColumnProfile(), count: names.count)
        try sample { value in
            for i in 0..<names.count {
                if let v = value(i) { profiles[i].add(v, scanner: scanner, column: plain[i]) }
            }
        }
        return zip(names, profiles).map { PIIScanner.Column(name: $0, evidence: $1.cues) }
    }

    static func trimmed(_ f: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var s = 0, e = f.count
        while s < e && (f[s] == 32 || f[s] == 9) { s += 1 }
        while e > s && (f[e - 1] == 32 || f[e - 1] == 9) { e -= 1 }
        return UnsafeRawBufferPointer(rebasing: f[s..<e])
    }

    /// Whether the value is a version (`v` optional, 3 or 4 dotted numbers, optional `-beta` or `+build`
    /// suffix), and if so whether it cannot be an IPv4 address. Nil when it is not a version.
    static func version(_ v: UnsafeRawBufferPointer) -> Bool? {
        var i = 0, groups = 0, notAddress = false
        if v.first == 118 || v.first == 86 { i = 1; notAddress = true }
        while i < v.count {
            let start = i
            while i < v.count && PIIScanner.isDigit(v[i]) { i += 1 }
            let n = i - start
            guard (1...5).contains(n) else { return nil }
            groups += 1
            if n > 3 || (n > 1 && v[start] == 48) || (n == 3 && Int(v[start] - 48) * 100 + Int(v[start + 1] - 48) * 10 + Int(v[start + 2] - 48) > 255) { notAddress = true }
            guard i < v.count else { break }
            if v[i] == 46 { i += 1; continue }
            guard v[i] == 45 || v[i] == 43, i + 1 < v.count else { return nil }
            for b in v[(i + 1)...] where !(PIIScanner.isAlnum(b) || b == 46 || b == 45) { return nil }
            notAddress = true
            break
        }
        guard (3...4).contains(groups) else { return nil }
        return notAddress || groups != 4
    }

    /// The length in hex digits of a bare digest (`0x` optional; 32, 40, 64 or 128 digits), else nil.
    static func digestLength(_ v: UnsafeRawBufferPointer) -> Int? {
        let start = v.count > 2 && v[0] == 48 && v[1] | 0x20 == 120 ? 2 : 0
        let n = v.count - start
        guard [32, 40, 64, 128].contains(n) else { return nil }
        for b in v[start...] where !PIIScanner.isHex(b) { return nil }
        return n
    }

    /// Whether the value is a date, a time or both: `2024-03-05`, `05/03/2024`, `05.03.2024`,
    /// `20240305`, `2024-03-05T14:22:10Z`, `14:22`, with a 4-digit year from 1900 to 2099.
    static func isDate(_ v: UnsafeRawBufferPointer) -> Bool {
        var groups: [(value: Int, digits: Int)] = [], colons = 0, i = 0
        while i < v.count {
            let b = v[i]
            if PIIScanner.isDigit(b) {
                var n = 0, value = 0
                while i < v.count && PIIScanner.isDigit(v[i]) { value = value &* 10 &+ Int(v[i] - 48); n += 1; i += 1 }
                groups.append((value, n))
                continue
            }
            guard b == 45 || b == 47 || b == 46 || b == 58 || b == 32 || b == 84 || b == 90 || b == 43 else { return false }
            if b == 58 { colons += 1 }
            i += 1
        }
        guard let first = groups.first else { return false }
        func year(_ g: (value: Int, digits: Int)) -> Bool { g.digits == 4 && (1900...2099).contains(g.value) }
        func dayMonth(_ a: Int, _ b: Int) -> Bool { (1...31).contains(a) && (1...31).contains(b) && (a <= 12 || b <= 12) }
        if first.digits == 8 {
            let y = first.value / 10_000, m = first.value / 100 % 100, d = first.value % 100
            return (1900...2099).contains(y) && (1...12).contains(m) && (1...31).contains(d)
        }
        if groups.count >= 3 {
            if year(groups[0]) && (1...12).contains(groups[1].value) && (1...31).contains(groups[2].value) { return true }
            if year(groups[2]) && groups[0].digits <= 2 && groups[1].digits <= 2 && dayMonth(groups[0].value, groups[1].value) { return true }
        }
        // A time alone: HH:MM or HH:MM:SS.
        return colons == groups.count - 1 && (2...3).contains(groups.count) && first.value < 24 && groups.dropFirst().allSatisfy { $0.digits == 2 && $0.value < 60 }
    }
}
