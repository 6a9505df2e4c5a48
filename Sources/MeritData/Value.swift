import Foundation
import MeritCore

/// One typed field value of a record, after parsing and normalisation.
public enum Value: Sendable, Hashable {
    case missing
    case number(Double)
    case integer(Int64)
    case text(String)
    case boolean(Bool)

    /// The value as a Double for a trainer, or nil when it is missing or not numeric.
    public var numeric: Double? {
        switch self {
        case .number(let d): return d
        case .integer(let i): return Double(i)
        case .boolean(let b): return b ? 1 : 0
        case .missing, .text: return nil
        }
    }

    /// The value as text, as a CSV writer would print it (missing is empty).
    public var csvText: String {
        switch self {
        case .missing: return ""
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : "\(d)"
        case .integer(let i): return String(i)
        case .text(let s): return s
        case .boolean(let b): return b ? "true" : "false"
        }
    }
}

/// Parses raw field text into typed values, by the rules in docs/fingerprint.md section 2.
public enum ValueParser {
    /// Why a field could not be parsed; the message never includes the value.
    public struct Failure: Error, Sendable, Equatable {
        /// The reason, for example "expected an integer".
        public let reason: String
    }

    /// Parses a field's UTF-8 bytes as `type`. An empty field is `.missing`.
    public static func parse(_ bytes: UnsafeRawBufferPointer, as type: FeatureSpec.ValueType) -> Result<Value, Failure> {
        if bytes.isEmpty { return .success(.missing) }
        switch type {
        case .text:
            return .success(.text(Text.normalize(bytes)))
        case .category:
            let s = Text.asciiTrimmed(bytes) ?? Text.normalize(bytes).trimmingCharacters(in: .whitespacesAndNewlines)
            return .success(s.isEmpty ? .missing : .text(s))
        case .number:
            let s = asciiTrimmed(bytes)
            guard let s, !s.isEmpty else { return s == "" ? .success(.missing) : .failure(Failure(reason: "expected a number")) }
            guard isDecimalLiteral(s), let d = Double(s) else { return .failure(Failure(reason: "expected a decimal number such as 12.5 or -3e4")) }
            guard d.isFinite else { return .failure(Failure(reason: "number is out of range")) }
            return .success(.number(d == 0 ? 0 : d))
        case .integer:
            let s = asciiTrimmed(bytes)
            guard let s, !s.isEmpty else { return s == "" ? .success(.missing) : .failure(Failure(reason: "expected an integer")) }
            guard let i = Int64(s) else { return .failure(Failure(reason: "expected a whole number such as 42 (no decimals, within 64-bit range)")) }
            return .success(.integer(i))
        case .boolean:
            let s = asciiTrimmed(bytes)?.lowercased()
            switch s {
            case "": return .success(.missing)
            case "true", "1", "yes", "t", "y": return .success(.boolean(true))
            case "false", "0", "no", "f", "n": return .success(.boolean(false))
            default: return .failure(Failure(reason: "expected a boolean: true/false, 1/0, yes/no"))
            }
        }
    }

    /// Parses a JSON scalar as `type`.
    public static func parse(json: JSONScalar, as type: FeatureSpec.ValueType) -> Result<Value, Failure> {
        switch json {
        case .null:
            return .success(.missing)
        case .string(let s):
            var copy = s
            return copy.withUTF8 { parse(UnsafeRawBufferPointer($0), as: type) }
        case .bool(let b):
            switch type {
            case .boolean: return .success(.boolean(b))
            case .category, .text: return .success(.text(b ? "true" : "false"))
            default: return .failure(Failure(reason: "expected a \(type.rawValue), found a boolean"))
            }
        case .integer(let i):
            switch type {
            case .integer: return .success(.integer(i))
            case .number: return .success(.number(Double(i)))
            case .boolean:
                return i == 0 || i == 1 ? .success(.boolean(i == 1)) : .failure(Failure(reason: "expected a boolean"))
            case .category, .text: return .success(.text(String(i)))
            }
        case .number(let d):
            switch type {
            case .number: return d.isFinite ? .success(.number(d == 0 ? 0 : d)) : .failure(Failure(reason: "number is out of range"))
            case .integer:
                guard d == d.rounded(), abs(d) < 9.2e18 else { return .failure(Failure(reason: "expected a whole number")) }
                return .success(.integer(Int64(d)))
            case .boolean: return .failure(Failure(reason: "expected a boolean"))
            case .category, .text: return .success(.text("\(d)"))
            }
        }
    }

    private static func asciiTrimmed(_ bytes: UnsafeRawBufferPointer) -> String? {
        var lo = 0, hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
        for i in lo..<hi where bytes[i] >= 0x80 { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self)
    }

    /// Accepts `[+-]digits[.digits][e[+-]digits]`; rejects hex floats, inf and nan, which `Double(_:)` would take.
    private static func isDecimalLiteral(_ s: String) -> Bool {
        var sawDigit = false
        var i = s.utf8.startIndex
        let u = s.utf8
        if i < u.endIndex, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") { i = u.index(after: i) }
        var sawDot = false, sawExp = false
        while i < u.endIndex {
            let c = u[i]
            if (48...57).contains(c) { sawDigit = true }
            else if c == UInt8(ascii: ".") && !sawDot && !sawExp { sawDot = true }
            else if (c == UInt8(ascii: "e") || c == UInt8(ascii: "E")) && sawDigit && !sawExp {
                sawExp = true
                sawDigit = false
                let n = u.index(after: i)
                if n < u.endIndex, u[n] == UInt8(ascii: "+") || u[n] == UInt8(ascii: "-") { i = n }
            } else { return false }
            i = u.index(after: i)
        }
        return sawDigit
    }
}

/// Text normalisation shared by parsing, encoding and near-duplicate folding.
public enum Text {
    /// NFC, and CRLF → LF. ASCII input takes a fast path (NFC leaves it unchanged).
    public static func normalize(_ bytes: UnsafeRawBufferPointer) -> String {
        var ascii = true
        var hasCR = false
        for b in bytes {
            if b >= 0x80 { ascii = false; break }
            if b == 0x0D { hasCR = true }
        }
        var s = String(decoding: bytes, as: UTF8.self)
        if !ascii { s = s.precomposedStringWithCanonicalMapping }
        if hasCR || !ascii { s = s.replacingOccurrences(of: "\r\n", with: "\n") }
        return s
    }

    /// ASCII text without the white space and line ends around it, as `trimmingCharacters(in:
    /// .whitespacesAndNewlines)` gives it (for ASCII those are tab, LF, VT, FF, CR and space); nil for
    /// any other text. NFC and CRLF → LF change nothing that is left.
    static func asciiTrimmed(_ bytes: UnsafeRawBufferPointer) -> String? {
        var lo = 0, hi = bytes.count
        for b in bytes where b >= 0x80 { return nil }
        func space(_ b: UInt8) -> Bool { b == 0x20 || b &- 0x09 < 5 }
        while lo < hi, space(bytes[lo]) { lo += 1 }
        while hi > lo, space(bytes[hi - 1]) { hi -= 1 }
        if hi - lo > 1 { for i in lo..<(hi - 1) where bytes[i] == 0x0D && bytes[i + 1] == 0x0A { return nil } }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self)
    }

    /// Folds text for near-duplicate matching: lower case, white space runs collapsed to one space, trimmed.
    public static func fold(_ s: String) -> String {
        if let ascii = asciiFold(s) { return ascii }
        return s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// `fold` for ASCII text, byte by byte (for ASCII, lower-casing maps A-Z to a-z, and the white
    /// space is tab, LF, VT, FF, CR and space); nil for any other text.
    static func asciiFold(_ s: String) -> String? {
        var text = s
        return text.withUTF8 { u -> String? in
            for b in u where b >= 0x80 { return nil }
            var out = [UInt8]()
            out.reserveCapacity(u.count)
            var pendingSpace = false
            for b in u {
                if b == 0x20 || b &- 0x09 < 5 { pendingSpace = !out.isEmpty; continue }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(b &- 65 < 26 ? b + 32 : b)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
