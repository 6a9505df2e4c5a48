import Foundation
import TestSupport
import Testing

/// Method: a contribution whose header row is missing (so its first line is a data row), and one whose
/// header is 100 KB wide and starts with a terminal escape sequence. The errors name the file, line 1
/// and the spec's column; they quote no data value (CLI.run scans every message for the data's values),
/// carry no control character, and stay short.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func headerErrorsNameTheColumnAndQuoteNoData() throws {
    let data = try DemoData.folder.get()
    let lines = try String(contentsOf: data.appendingPathComponent("contribution-good.csv"), encoding: .utf8).split(separator: "\n")
    func evaluate(_ contribution: String) throws -> (status: Int32, out: String, err: String) {
        try CLI.run(["evaluate", "--quiet", "--model", data.appendingPathComponent("model.yaml").path,
                     "--base", data.appendingPathComponent("base.csv").path, "--benchmark", data.appendingPathComponent("benchmark.csv").path,
                     "--contribution", contribution])
    }
    let headerless = CLI.temp("headerless.csv", Array((lines.dropFirst().joined(separator: "\n") + "\n").utf8))
    let r = try evaluate(headerless)
    #expect(r.status == 4)
    #expect(r.err.contains("headerless.csv:1") && r.err.contains("from the spec is not in the header"), "\(r.err)")
    for cell in lines[1].split(separator: ",") where cell.count >= 4 {
        #expect(!r.err.contains(cell), "the error quotes a cell of the first data row")
    }

    let wide = "\u{1B}[31mred\u{1B}[0m," + (0..<12_000).map { "column_\($0)" }.joined(separator: ",")
    let wideFile = CLI.temp("wide.csv", Array((wide + "\n" + String(repeating: "1,", count: 12_000) + "1\n").utf8))
    let w = try evaluate(wideFile)
    #expect(w.status == 4)
    #expect(w.err.contains("wide.csv:1"))
    #expect(!w.err.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no control character reaches the terminal")
    #expect(w.err.utf8.count < 2_500, "the message is bounded: \(w.err.utf8.count) bytes")

    // A header cell that differs from the spec's column only in case is pointed at by position.
    var header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    header[0] = header[0].uppercased()
    let cased = CLI.temp("cased.csv", Array(([header.joined(separator: ",")] + lines.dropFirst().map(String.init)).joined(separator: "\n").utf8))
    let k = try evaluate(cased)
    #expect(k.status == 4 && k.err.contains("column 1 differs from it only in case"), "\(k.err)")
}
