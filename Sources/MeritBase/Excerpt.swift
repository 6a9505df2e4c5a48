/// Short, escaped excerpts of text that came from a file, for error messages.
///
/// Messages never quote data values. Where naming a header cell or a JSON key helps the user (a
/// column the spec does not know), at most `limit` characters of it are shown, with control
/// characters, quotes, backslashes and anything outside printable ASCII escaped (`\n`, `\u{1B}`), so
/// that neither a terminal escape nor a 100 KB cell reaches the user's terminal or a log.
public enum Excerpt {
    /// `text` escaped and cut to `limit` characters, with `…` when cut.
    public static func escaped(_ text: some StringProtocol, limit: Int = 32) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit { out += "…"; break }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            default:
                if (0x20...0x7E).contains(scalar.value) { out.unicodeScalars.append(scalar) } else {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                }
            }
            count += 1
        }
        return out
    }
}
