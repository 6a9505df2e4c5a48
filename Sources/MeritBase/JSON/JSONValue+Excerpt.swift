extension JSONValue {
    /// A short, quoted, escaped excerpt of text for an error message.
    ///
    /// At most `limit` characters are kept (an ellipsis after the closing quote says more followed);
    /// quotes, backslashes, control characters (C0 and C1), format characters such as bidi overrides,
    /// and line separators are escaped, so that nothing from a file can move the cursor or recolour a
    /// terminal when the message is printed.
    public static func excerpt(_ text: String, limit: Int = 32) -> String {
        var out = "\""
        var kept = 0
        for u in text.unicodeScalars {
            if kept == max(limit, 1) { return out + "\"…" }
            kept += 1
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if isUnsafeInMessages(u) { out += "\\u{" + String(u.value, radix: 16) + "}" } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// `path.key` when the key is a plain identifier, else `path["key"]` with the key as an escaped
    /// excerpt: the JSON path of an object member, for an error's location.
    public static func path(_ path: String, key: String) -> String {
        func isWordByte(_ c: UInt8) -> Bool {
            (0x61...0x7A).contains(c) || (0x41...0x5A).contains(c) || (0x30...0x39).contains(c) || c == 0x5F || c == 0x24
        }
        let plain = (1...64).contains(key.utf8.count) && key.utf8.allSatisfy(isWordByte)
            && !(0x30...0x39).contains(key.utf8.first ?? 0)
        if plain { return path.isEmpty ? key : "\(path).\(key)" }
        return "\(path)[\(excerpt(key, limit: 64))]"
    }

    static func isUnsafeInMessages(_ u: Unicode.Scalar) -> Bool {
        if u.value < 0x20 || (0x7F...0x9F).contains(u.value) { return true }
        switch u.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: return true
        default: return false
        }
    }
}
