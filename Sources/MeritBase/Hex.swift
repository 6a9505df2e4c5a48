/// Hex encoding and decoding, lower-case, with an optional `0x` prefix on input.
public enum Hex {
    /// Encodes bytes as lower-case hex without a prefix.
    public static func encode<C: Sequence>(_ bytes: C) -> String where C.Element == UInt8 {
        encode(Array(bytes))
    }

    /// Encodes bytes as lower-case hex without a prefix (written straight into the string's storage:
    /// addresses and hashes are printed for every ledger entry and report).
    public static func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { encode($0) }
    }

    /// Encodes raw bytes as lower-case hex without a prefix.
    public static func encode(_ raw: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: raw.count * 2) { out in
            for i in 0..<raw.count {
                let b = raw[i], high = b >> 4, low = b & 0x0F
                out[2 * i] = high < 10 ? 0x30 + high : 0x57 + high
                out[2 * i + 1] = low < 10 ? 0x30 + low : 0x57 + low
            }
            return raw.count * 2
        }
    }

    /// Decodes hex (either case, optional `0x`); nil when the text is not whole bytes of hex.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { u -> [UInt8]? in
            let s = u.count >= 2 && u[0] == 48 && u[1] | 0x20 == 120 ? 2 : 0
            guard (u.count - s) % 2 == 0 else { return nil }
            var out = [UInt8](repeating: 0, count: (u.count - s) / 2)
            var i = s, k = 0
            while i < u.count {
                guard let h = value(u[i]), let l = value(u[i + 1]) else { return nil }
                out[k] = h << 4 | l
                i += 2; k += 1
            }
            return out
        }
    }

    @inline(__always)
    public static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
