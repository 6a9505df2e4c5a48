import Foundation
import MeritBase
import MeritEthereum
import TestSupport

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let python = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python")

    /// A checked-in JSON file, parsed.
    static func json(_ relative: String) throws -> JSONValue {
        try JSONValue.parse(Array(Data(contentsOf: root.appendingPathComponent(relative))), name: relative)
    }
}

extension JSONValue {
    /// A member that must exist, for terse test code.
    func req(_ key: String) -> JSONValue { self[key]! }
    var str: String { stringValue! }
    var arr: [JSONValue] { arrayValue! }
    var int: Int { if case .number(let n) = self { return Int(n)! }; fatalError("not a number") }
}

/// Runs a Python helper of this test target and returns its stdout; the tests that use it need the
/// packages in Python/requirements.txt (`scripts/setup.sh --test` installs them).
enum PythonReference {
    static func run(_ script: String, _ arguments: [String]) throws -> String {
        try runPython(Fixtures.python.appendingPathComponent(script).path, arguments)
    }

    /// Generates the vectors once per test process into a temporary folder.
    static let vectors: Result<URL, Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-eth-vectors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        _ = try run("make_vectors.py", [dir.path])
        return dir
    }

    static func file(_ name: String) throws -> [JSONValue] {
        let url = try vectors.get().appendingPathComponent(name)
        return try JSONValue.parse(Array(Data(contentsOf: url)), name: name).req("vectors").arr
    }
}
