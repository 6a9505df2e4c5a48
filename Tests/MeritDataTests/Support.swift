import Foundation

enum Paths {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Writes `text` to a fresh temporary file and returns its path.
    static func temp(_ text: String, name: String = "data.csv") -> String {
        temp(bytes: Array(text.utf8), name: name)
    }

    static func temp(bytes: [UInt8], name: String = "data.csv") -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try! Data(bytes).write(to: url)
        return url.path
    }
}
