/// `Content-Disposition: attachment` with a file name that cannot break out of its parameter.
///
/// RFC 6266: the name goes in a quoted string (`"` and `\` escaped, control characters replaced), and
/// a name with non-ASCII characters also goes, percent-encoded as UTF-8, in `filename*` (RFC 8187),
/// which clients prefer; the plain `filename` then carries an ASCII fallback.
enum ContentDisposition {
    /// The header value for downloading `name`.
    static func attachment(filename name: String) -> String {
        var fallback = ""
        var ascii = true
        for scalar in name.unicodeScalars {
            switch scalar.value {
            case 0x22, 0x5C: fallback += "\\" + String(scalar)
            case 0..<0x20, 0x7F: fallback += "_"
            case 0x80...: fallback += "_"; ascii = false
            default: fallback.unicodeScalars.append(scalar)
            }
        }
        if fallback.isEmpty { fallback = "file" }
        var value = "attachment; filename=\"\(fallback)\""
        if !ascii { value += "; filename*=UTF-8''" + percentEncoded(name) }
        return value
    }

    /// RFC 8187 `value-chars`: attr-char as is, every other byte of the UTF-8 as %XX.
    static func percentEncoded(_ s: String) -> String {
        let attrChars = Set("!#$&+-.^_`|~".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        for b in s.utf8 {
            let alnum = (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
            if alnum || attrChars.contains(b) { out.append(b) } else { out += [0x25, hex[Int(b >> 4)], hex[Int(b & 15)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
