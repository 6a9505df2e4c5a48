import Foundation
import MeritCore
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

    /// Parses YAML text; `name` goes into error messages, which give the line and column of a problem.
    /// A file with a second document (after `---`) is refused at the line where that document begins.
    static func parse(_ text: String, name: String) throws -> TaskYAML {
        let node: Node?
        do { node = try YAMLReading.compose(text, resolver: .default) } catch let p as YAMLReading.Problem {
            throw WatchError(.invalidTask, p.message, at: p.place(in: name))
        }
        guard let node else { throw WatchError(.invalidTask, "the file holds no YAML document (it is empty or only comments)", at: name) }
        var budget = maxValues
        return try convert(node, name: name, budget: &budget)
    }

    /// The most values a task file may hold once its aliases are expanded. Yams shares an aliased node
    /// rather than copying it, so a few lines of aliases of aliases can stand for billions of values;
    /// converting them would exhaust memory.
    static let maxValues = 1_000_000

    /// What this value is, in plain words, for "expected …, found …" messages.
    var kind: String {
        switch self {
        case .scalar: "a single value"
        case .list: "a list"
        case .map: "a mapping"
        }
    }

    static func convert(_ node: Node, name: String, budget: inout Int) throws -> TaskYAML {
        let line = node.mark?.line ?? 0
        budget -= 1
        guard budget >= 0 else {
            throw WatchError(.invalidTask, "the file holds more than \(maxValues) values once its aliases (*name) are expanded; repeat fewer aliases of aliases", at: "\(name):\(line)")
        }
        switch node {
        case .scalar(let s):
            return .scalar(s.string, plain: s.style == .plain, tag: node.tag.description, line: line)
        case .sequence(let seq):
            return .list(try seq.map { try convert($0, name: name, budget: &budget) }, line: line)
        case .mapping(let m):
            return .map(try m.map { pair in
                guard let k = pair.key.scalar?.string else {
                    throw WatchError(.invalidTask, "a mapping key must be a plain string, not \(TaskYAML.kindOfKey(pair.key))", at: "\(name):\(pair.key.mark.map { "\($0.line):\($0.column)" } ?? "\(line)")")
                }
                return (k, try convert(pair.value, name: name, budget: &budget))
            }, line: line)
        case .alias:
            // Yams resolves aliases while composing (an undefined or recursive one is an error there);
            // an alias node would only come from a tree built in code.
            throw WatchError(.invalidTask, "YAML aliases are not supported in task files; repeat the value", at: "\(name):\(line)")
        }
    }

    private static func kindOfKey(_ key: Node) -> String { key.mapping != nil ? "a mapping" : key.sequence != nil ? "a list" : "a tagged value" }
}
