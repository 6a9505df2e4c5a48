extension JSONValue {
    /// Parses RFC 8259 JSON. Errors give the line and column; duplicate keys are refused, since two
    /// readers could otherwise see two different documents in one signed file.
    public static func parse<C: Collection>(_ bytes: C, name: String = "JSON") throws -> JSONValue where C.Element == UInt8 {
        try parse(array: Array(bytes), name: name)
    }

    /// Parses RFC 8259 JSON from memory (without the generic path, for the hot loops that read many
    /// documents).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String = "JSON") throws -> JSONValue {
        try parse(array: Array(bytes), name: name)
    }

    /// Parses RFC 8259 JSON bytes.
    public static func parse(_ bytes: [UInt8], name: String = "JSON") throws -> JSONValue {
        try parse(array: bytes, name: name)
    }

    static func parse(array bytes: [UInt8], name: String) throws -> JSONValue {
        var p = Parser(bytes: bytes, name: name)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == p.b.count else { throw p.fail("unexpected text after the JSON value") }
        return v
    }

    /// Parses JSON text.
    public static func parse(_ text: String, name: String = "JSON") throws -> JSONValue {
        try parse(Array(text.utf8), name: name)
    }

    struct Parser {
        let b: [UInt8]
        let name: String
        var i = 0
        init(bytes: [UInt8], name: String) {
            b = bytes
            self.name = name
            if b.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        }

        func fail(_ what: String) -> JSONError {
            var line = 1, col = 1
            for k in 0..<min(i, b.count) { if b[k] == 10 { line += 1; col = 1 } else { col += 1 } }
            return JSONError("\(what) (line \(line), column \(col)); check the file is valid JSON", at: name)
        }

        mutating func skipSpace() {
            while i < b.count, b[i] == 32 || b[i] == 9 || b[i] == 10 || b[i] == 13 { i += 1 }
        }

        mutating func expect(_ word: StaticString, _ v: JSONValue) throws -> JSONValue {
            let n = word.utf8CodeUnitCount
            guard i + n <= b.count else { throw fail("unknown literal") }
            let w = word.utf8Start
            for k in 0..<n where b[i + k] != w[k] { throw fail("unknown literal") }
            i += n
            return v
        }

        mutating func value(depth: Int) throws -> JSONValue {
            guard depth < 512 else { throw fail("nesting deeper than 512 levels") }
            guard i < b.count else { throw fail("the document ends where a value was expected") }
            switch b[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [Member] = []
                // Duplicate keys: a linear search while the object is small, a set once it is not.
                var seen: Set<String>? = nil
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
                    let key = try string()
                    let repeated: Bool
                    if seen != nil {
                        repeated = !seen!.insert(key).inserted
                    } else {
                        repeated = members.contains { $0.key == key }
                        if members.count == 16 { seen = Set(members.map(\.key) + [key]) }
                    }
                    guard !repeated else { throw fail("the key \(JSONValue.excerpt(key)) appears twice in one object") }
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
                    i += 1
                    skipSpace()
                    members.append(Member(key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < b.count else { throw fail("the object is not closed") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                    throw fail("expected ',' or '}' in an object")
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [JSONValue] = []
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < b.count else { throw fail("the array is not closed") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    throw fail("expected ',' or ']' in an array")
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try expect("true", .bool(true))
            case UInt8(ascii: "f"): return try expect("false", .bool(false))
            case UInt8(ascii: "n"): return try expect("null", .null)
            default: return try number()
            }
        }

        mutating func number() throws -> JSONValue {
            let s = i
            func digits() -> Int { let d = i; while i < b.count, b[i] &- 48 < 10 { i += 1 }; return i - d }
            if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
            let intStart = i
            guard digits() > 0 else { throw fail("expected a value") }
            if b[intStart] == UInt8(ascii: "0") && i - intStart > 1 { throw fail("a number has a leading zero") }
            if i < b.count, b[i] == UInt8(ascii: ".") { i += 1; guard digits() > 0 else { throw fail("expected digits after '.'") } }
            if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { throw fail("expected digits in an exponent") }
            }
            return .number(String(decoding: b[s..<i], as: UTF8.self))
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 <= b.count else { throw fail("a \\u escape needs four hex digits") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let d = Hex.value(b[i]) else { throw fail("a \\u escape needs four hex digits") }
                v = v << 4 | UInt32(d)
                i += 1
            }
            return v
        }

        mutating func string() throws -> String {
            i += 1
            // Most strings hold no escape: taken as they are, validated once.
            let start = i
            var ascii = true
            while i < b.count, b[i] != 0x22, b[i] != 0x5C, b[i] >= 0x20 { ascii = ascii && b[i] < 0x80; i += 1 }
            if i < b.count, b[i] == 0x22 {
                // ASCII is valid UTF-8 as it stands; anything else is validated.
                let s = ascii ? String(decoding: b[start..<i], as: UTF8.self) : String(validating: b[start..<i], as: UTF8.self)
                guard let s else { throw fail("a string is not valid UTF-8") }
                i += 1
                return s
            }
            var out = Array(b[start..<i])
            while true {
                guard i < b.count else { throw fail("a string is not closed") }
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; break }
                if c < 0x20 { throw fail("a control character inside a string must be escaped") }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < b.count else { throw fail("a string is not closed") }
                let e = b[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard i + 2 <= b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") else { throw fail("a lone surrogate in a \\u escape") }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("a lone surrogate in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw fail("a lone surrogate in a \\u escape")
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar)!).utf8))
                default: throw fail("an unknown escape: a backslash followed by \(JSONValue.excerpt(String(decoding: [e], as: UTF8.self)))")
                }
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw fail("a string is not valid UTF-8") }
            return s
        }
    }
}
