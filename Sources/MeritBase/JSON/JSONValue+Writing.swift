extension JSONValue {
    /// Serialises deterministically: members in stored order, two-space indentation when `pretty`,
    /// `/` unescaped, non-ASCII written as UTF-8, and control characters as `\n`, `\t` or `\u00XX`.
    public func serialized(pretty: Bool = true) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The UTF-8 bytes of `serialized(pretty:)`, written without building a String (what hashes are taken over).
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out, indent: pretty ? 0 : nil)
        if pretty { out.append(0x0A) }
        return out
    }

    func write(to out: inout [UInt8], indent: Int?) {
        func newline(_ level: Int) {
            out.append(0x0A)
            for _ in 0..<level { out.append(0x20); out.append(0x20) }
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            out.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                if let indent { newline(indent + 1) }
                item.write(to: &out, indent: indent.map { $0 + 1 })
            }
            if let indent { newline(indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty { out.append(contentsOf: "{}".utf8); return }
            out.append(UInt8(ascii: "{"))
            for (k, m) in members.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                if let indent { newline(indent + 1) }
                Self.writeString(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(0x20) }
                m.value.write(to: &out, indent: indent.map { $0 + 1 })
            }
            if let indent { newline(indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A string in quotes. Works on UTF-8 bytes: every byte of a multi-byte character is ≥ 0x80, so only
    /// `"`, `\` and bytes below 0x20 need escapes, and everything else is copied as it is.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var copy = s
        copy.withUTF8 { bytes in
            if !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
                out.append(contentsOf: bytes)
            } else {
                let hex = Array("0123456789abcdef".utf8)
                for b in bytes {
                    switch b {
                    case 0x22: out.append(0x5C); out.append(0x22)
                    case 0x5C: out.append(0x5C); out.append(0x5C)
                    case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
                    case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
                    case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
                    case _ where b < 0x20: out.append(contentsOf: "\\u00".utf8); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
                    default: out.append(b)
                    }
                }
            }
        }
        out.append(0x22)
    }
}
