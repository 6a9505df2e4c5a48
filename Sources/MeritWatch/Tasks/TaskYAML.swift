import Foundation
import Yams

/// A YAML value with the line it was written on, so errors can name the line.
indirect enum TaskYAML: Sendable {
    case scalar(String, plain: Bool, tag: String, line: Int)
    case list([TaskYAML], line: Int)
    case map([(String, TaskYAML)], line: Int)

    var line: Int {
        switch self {
        case .scalar(_, _, _, let l), .list(_, let l), .map(_, let l): l
        }
    }

    subscript(key: String) -> TaskYAML? {
        if case .map(let m, _) = self { return m.last(where: { $0.0 == key })?.1 }
        return nil
    }

    var string: String? { if case .scalar(let s, _, _, _) = self { return s }; return nil }
    var tag: String { if case .scalar(_, _, let t, _) = self { return t }; return "" }

    /// The value a plain scalar means in YAML 1.1 as PyYAML reads it (ints, floats, bools, null).
    var templateValue: TemplateValue {
        switch self {
        case .scalar(let s, let plain, _, _):
            guard plain else { return .string(s) }
            if let i = Int(s) { return .int(i) }
            if ["true", "True", "TRUE"].contains(s) { return .bool(true) }
            if ["false", "False", "FALSE"].contains(s) { return .bool(false) }
            if ["null", "Null", "NULL", "~", ""].contains(s) { return .none }
            if s.contains("."), let d = Double(s) { return .double(d) }
            return .string(s)
        case .list(let l, _): return .list(l.map(\.templateValue))
        case .map(let m, _): return .dict(m.map { ($0.0, $0.1.templateValue) })
        }
    }

    /// Parses YAML text; `name` goes into error messages.
    static func parse(_ text: String, name: String) throws -> TaskYAML {
        let node: Node?
        do { node = try Yams.compose(yaml: text) } catch {
            let first = "\(error)".split(separator: "\n").first.map(String.init) ?? ""
            throw WatchError(.invalidTask, "not valid YAML (\(first)); check indentation and quoting", at: name)
        }
        guard let node else { throw WatchError(.invalidTask, "the file is empty", at: name) }
        return try convert(node, name: name)
    }

    static func convert(_ node: Node, name: String) throws -> TaskYAML {
        let line = node.mark?.line ?? 0
        switch node {
        case .scalar(let s):
            return .scalar(s.string, plain: s.style == .plain, tag: node.tag.description, line: line)
        case .sequence(let seq):
            return .list(try seq.map { try convert($0, name: name) }, line: line)
        case .mapping(let m):
            return .map(try m.map { pair in
                guard let k = pair.key.scalar?.string else {
                    throw WatchError(.invalidTask, "a mapping key must be a plain string", at: "\(name):\(line)")
                }
                return (k, try convert(pair.value, name: name))
            }, line: line)
        case .alias:
            throw WatchError(.invalidTask, "YAML aliases are not supported in task files; repeat the value", at: "\(name):\(line)")
        }
    }
}
