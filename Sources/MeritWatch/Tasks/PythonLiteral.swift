/// `ast.literal_eval` for what templates render: lists, strings, numbers, True/False/None.
enum PythonLiteral {
    static func parse(_ text: String) -> TemplateValue? {
        guard let e = try? TemplateExpression.parse(text, name: "literal") else { return nil }
        return value(e)
    }

    static func value(_ e: TemplateExpression) -> TemplateValue? {
        switch e {
        case .literal(let v): return v
        case .list(let items):
            var out: [TemplateValue] = []
            for i in items { guard let v = value(i) else { return nil }; out.append(v) }
            return .list(out)
        case .unary("-", let inner):
            switch value(inner) {
            case .int(let i)?: return .int(-i)
            case .double(let d)?: return .double(-d)
            default: return nil
            }
        default: return nil
        }
    }
}
