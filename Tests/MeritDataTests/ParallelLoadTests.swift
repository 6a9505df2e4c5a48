import Foundation
import MeritCore
@testable import MeritData
import MeritEthereum
import TestSupport
import Testing

/// A CSV file that makes cutting it at line ends hard: quoted fields holding LF, CRLF and lone CR,
/// doubled quotes, blank lines, CRLF and lone-CR record ends, rows with the wrong width, invalid
/// values, personal data, and a UTF-8 BOM.
func awkwardCSV(rows: Int, seed: UInt64) -> String {
    var g = seed
    func next(_ n: Int) -> Int { g = g &* 6364136223846793005 &+ 1442695040888963407; return Int(g >> 33) % n }
    var out = "\u{FEFF}age,income,city,notes,y\n"
    let notes = ["ok", "\"two\nlines\"", "\"crlf\r\ninside\"", "\"lone\rcr\"", "\"said \"\"hi\"\"\"", "mail ann@example.com", "\"a,b\"", "", "call +44 20 7946 0958"]
    let ends = ["\n", "\n", "\n", "\r\n", "\r"]
    for i in 0..<rows {
        switch next(40) {
        case 0: out += "\n"  // a blank line
        case 1: out += "1,2,Lyon\n"  // too few fields
        case 2: out += "forty,1,Lyon,ok,no\n"  // not an integer
        default: break
        }
        out += "\(20 + next(50)),\(next(1000)).\(next(10)),\(["Lyon", "Paris", " Nice "][next(3)]),\(notes[next(notes.count)]),\(i % 3 == 0 ? "yes" : "no")" + ends[next(ends.count)]
    }
    return out
}

/// Method: the same awkward files (quoted line ends next to every cut, CRLF and lone-CR record ends,
/// blank lines, invalid rows, personal data redacted or rejecting rows) read in 2 to 9 parts give what
/// reading them in one part gives: rows, lines, record hashes, root and frontier, issues with their
/// lines, PII findings with their lines and rows. A file refused for personal data is refused with the
/// same error, naming the same line, whichever part meets it.
@Test(.tags(.unit)) func readingInPartsIsReadingInOrder() throws {
    let redacting = try spec("pii: {default: reject-row, columns: {notes: redact}}")
    for seed in [1, 2, 3] as [UInt64] {
        let path = Paths.temp(awkwardCSV(rows: 600, seed: seed))
        var one = DatasetLoader(spec: redacting)
        one.split = (UInt64.max, 1)
        let whole = try one.load(DatasetFile(path: path, name: "a.csv"))
        #expect(whole.rows.count > 400 && whole.invalidRows > 0 && whole.pii.total > 0, "the file exercises the reader")
        for parts in 2...9 {
            var many = DatasetLoader(spec: redacting)
            many.split = (64, parts)
            let split = try many.load(DatasetFile(path: path, name: "a.csv"))
            #expect(split.rows == whole.rows && split.lines == whole.lines && split.recordHashes == whole.recordHashes, "seed \(seed), \(parts) parts")
            #expect(split.fingerprint == whole.fingerprint && split.frontier.root == whole.frontier.root && split.frontier.count == whole.frontier.count)
            #expect(split.readRows == whole.readRows && split.invalidRows == whole.invalidRows && split.piiRejectedRows == whole.piiRejectedRows)
            #expect(split.issues == whole.issues && split.issueCounts == whole.issueCounts)
            #expect(split.pii.findings == whole.pii.findings && split.pii.counts == whole.pii.counts && split.pii.total == whole.pii.total && split.pii.redacted == whole.pii.redacted)
        }
    }
    // A refusal names the same line however the file is cut.
    let refusing = try spec("pii: {default: reject-file}")
    let path = Paths.temp(awkwardCSV(rows: 600, seed: 4))
    func error(_ parts: Int) -> String {
        var loader = DatasetLoader(spec: refusing)
        loader.split = parts == 1 ? (UInt64.max, 1) : (64, parts)
        do { _ = try loader.load(DatasetFile(path: path, name: "a.csv")); return "no error" } catch { return "\(error)" }
    }
    let expected = error(1)
    #expect(expected.contains("a.csv:"))
    for parts in 2...6 { #expect(error(parts) == expected, "\(parts) parts") }
}
