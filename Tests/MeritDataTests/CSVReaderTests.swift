import Foundation
import MeritData
import TestSupport
import Testing

func rows(_ text: String, chunk: Int = 4 << 20) throws -> [[String]] {
    let reader = try CSVReader(path: Paths.temp(text), chunkSize: chunk)
    var out = [reader.header]
    try reader.forEachRecord { row in out.append((0..<row.count).map { row.string($0) }) }
    return out
}

@Test(.tags(.unit), arguments: [1, 2, 5, 1 << 20])
func rfc4180CornerCases(chunk: Int) throws {
    let text = "\u{FEFF}a,b\r\n\"x,1\",\"he said \"\"hi\"\"\"\r\n\"multi\r\nline\",\r\n\r\nlast,\"\"\n"
    #expect(try rows(text, chunk: chunk) == [["a", "b"], ["x,1", "he said \"hi\""], ["multi\nline", ""], ["last", ""]])
}

@Test(.tags(.unit)) func lineNumbersCountEmbeddedNewlines() throws {
    let reader = try CSVReader(path: Paths.temp("a\n\"x\ny\"\nz\n"))
    var lines: [Int] = []
    try reader.forEachRecord { lines.append($0.line) }
    #expect(lines == [2, 4])
}

@Test(.tags(.unit)) func unterminatedQuoteNamesItsLine() {
    do {
        _ = try rows("a,b\n1,2\n3,\"open\n4,5\n")
        Issue.record("expected an error")
    } catch let e as DataError {
        #expect(e.code == .malformedCSV || e.code == .recordTooLong)
        #expect(e.line == 3)
    } catch { Issue.record("\(error)") }
}

@Test(.tags(.unit)) func oversizedRecordIsAClearErrorNotACrash() throws {
    let path = Paths.temp(bytes: Array("a\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 3 << 20) + [10])
    let reader = try CSVReader(path: path, maxRecordBytes: 1 << 20, chunkSize: 1 << 16)
    #expect(throws: DataError.self) { try reader.forEachRecord { _ in } }
}

@Test(.tags(.unit)) func emptyFileIsAClearError() {
    #expect(throws: DataError.self) { _ = try CSVReader(path: Paths.temp("")) }
}

@Test(.tags(.unit)) func missingFileIsAClearError() {
    do {
        _ = try CSVReader(path: "/nonexistent/merit.csv")
    } catch let e as DataError {
        #expect(e.code == .fileNotFound)
        #expect(e.description.contains("/nonexistent/merit.csv"))
    } catch { Issue.record("\(error)") }
}

@Test(.tags(.unit)) func jsonlReaderReadsObjectsAndNamesBadLines() throws {
    let reader = try JSONLReader(path: Paths.temp("{\"a\": 1, \"b\": \"x\"}\n\n{\"a\": 2.5, \"b\": null}\n[1]\n", name: "d.jsonl"))
    var seen: [Int] = []
    do {
        try reader.forEachRecord { line, obj in seen.append(line); #expect(obj["a"] != nil) }
        Issue.record("expected an error")
    } catch let e as DataError {
        #expect(e.line == 4)
    }
    #expect(seen == [1, 3])
}
