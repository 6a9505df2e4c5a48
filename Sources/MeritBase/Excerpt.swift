/// Short, escaped excerpts of text that came from a file or a request, for error messages: the one
/// escaper every module uses.
///
/// Messages never quote data values. Where naming a header cell, a key or a label helps the user, at
/// most `limit` characters of it are shown, with quotes, backslashes, control characters (C0 and C1),
/// format characters such as bidi overrides, and line separators escaped (`\n`, `\u{1b}`), so that
/// neither a terminal escape nor a 100 KB cell reaches the user's terminal or a log.
public enum Excerpt {
    /// `text` escaped and cut to `limit` characters, with `…` when cut; no surrounding quotes.
    public static func escaped(_ text: some StringProtocol, limit: Int = 32) -> String {
        let (body, cut) = escape(text, limit: limit, quote: "'")
        return cut ? body + "…" : body
    }

    /// `text` escaped, cut to `limit` characters and in double quotes, with `…` after the closing
    /// quote when cut.
    public static func quoted(_ text: some StringProtocol, limit: Int = 32) -> String {
        let (body, cut) = escape(text, limit: limit, quote: "\"")
        return "\"" + body + (cut ? "\"…" : "\"")
    }

    static func escape(_ text: some StringProtocol, limit: Int, quote: Unicode.Scalar) -> (String, cut: Bool) {
        var out = ""
        var kept = 0
        for u in text.unicodeScalars {
            if kept == max(limit, 1) { return (out, true) }
            kept += 1
            switch u {
            case quote: out += "\\" + String(quote)
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if isUnsafeInMessages(u) { out += "\\u{" + String(u.value, radix: 16) + "}" } else { out.unicodeScalars.append(u) }
            }
        }
        return (out, false)
    }

    /// Whether a character may not be printed as is: it could move the cursor, recolour a terminal or
    /// reorder the text around it.
    public static func isUnsafeInMessages(_ u: Unicode.Scalar) -> Bool {
        if u.value < 0x20 || (0x7F...0x9F).contains(u.value) { return true }
        switch u.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned: return true
        default: return false
        }
    }
}
