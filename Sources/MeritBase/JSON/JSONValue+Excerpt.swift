extension JSONValue {
    /// A short, quoted, escaped excerpt of text for an error message.
    ///
    /// At most `limit` characters are kept (an ellipsis after the closing quote says more followed);
    /// quotes, backslashes, control characters (C0 and C1), format characters such as bidi overrides,
    /// and line separators are escaped, so that nothing from a file can move the cursor or recolour a
    /// terminal when the message is printed.
    public static func excerpt(_ text: String, limit: Int = 32) -> String { Excerpt.quoted(text, limit: limit) }

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

}
