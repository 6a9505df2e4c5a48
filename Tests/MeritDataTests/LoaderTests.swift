import Foundation
import MeritCore
import MeritData
import TestSupport
import Testing

func spec(_ extra: String = "") throws -> ModelSpec {
    let text = """
    name: T
    ticker: TTT
    license: decentralized
    task:
      type: binary-classification
      label: y
      features:
        - {name: age, type: integer}
        - {name: income, type: number}
        - {name: city, type: category}
        - {name: notes, type: text}
    metric: {name: accuracy}
    baseline: 0.5
    \(extra)
    """
    return try ModelSpec.parse(Data(text.utf8), fileName: "model.yaml")
}

@Test(.tags(.unit)) func invalidRowsAreDroppedAndReportedWithLineAndColumn() throws {
    let path = Paths.temp("age,income,city,notes,y\n30,100.5,Lyon,ok,yes\nforty,1,Lyon,ok,no\n31,,Paris,,no\n32,5,Nice,ok,\n")
    let d = try DatasetLoader(spec: try spec()).load(DatasetFile(path: path, name: "c.csv"))
    #expect(d.readRows == 4)
    #expect(d.rows.count == 2)
    #expect(d.invalidRows == 2)
    #expect(d.issues.map(\.description) == ["c.csv:3: column 'age': expected a whole number such as 42 (no decimals, within 64-bit range)", "c.csv:5: column 'y': the label is missing"])
    #expect(!d.issues.map(\.description).joined().contains("forty"))
}

@Test(.tags(.unit)) func rejectFilePolicyRefusesTheFile() throws {
    let path = Paths.temp("age,income,city,notes,y\nforty,1,Lyon,ok,no\n")
    #expect(throws: DataError.self) { try DatasetLoader(spec: try spec("validation: {on_invalid_row: reject-file}")).load(path: path) }
}

@Test(.tags(.unit)) func missingColumnNamesTheHeader() throws {
    let path = Paths.temp("age,income,notes,y\n1,2,3,no\n")
    do {
        _ = try DatasetLoader(spec: try spec()).load(DatasetFile(path: path, name: "c.csv"))
        Issue.record("expected an error")
    } catch let e as DataError {
        #expect(e.code == .missingColumn)
        #expect(e.message.contains("'city'"))
    }
}

@Test(.tags(.unit)) func piiPoliciesRedactOrRejectRows() throws {
    let text = "age,income,city,notes,y\n30,1,Lyon,write to ann@example.com,no\n31,2,Lyon,fine,yes\n"
    let redacting = try DatasetLoader(spec: try spec("pii: {default: reject-row, columns: {notes: redact}}")).load(path: Paths.temp(text))
    #expect(redacting.rows.count == 2)
    #expect(redacting.rows[0][3] == .text("write to [EMAIL]"))
    #expect(redacting.pii.total == 1 && redacting.pii.findings[0].line == 2)
    let rejecting = try DatasetLoader(spec: try spec()).load(path: Paths.temp(text))
    #expect(rejecting.rows.count == 1)
    #expect(rejecting.piiRejectedRows == 1)
    #expect(throws: DataError.self) { try DatasetLoader(spec: try spec("pii: {default: reject-file}")).load(path: Paths.temp(text)) }
}

/// Method: intake reads a column's first values as `merit scan` does (PIIColumnProfile): in a `notes`
/// column of version strings, `10.2.3.4` is a version and the row is kept, in CSV and in JSONL; in a
/// `notes` column of prose the same value is an address and its row is rejected.
@Test(.tags(.unit)) func intakeReadsAColumnsValuesToo() throws {
    let versions = ["4.1.0.12-beta", "10.2.3", "v2.0.1", "3.14.159", "2.2.10", "10.2.3.4"]
    let csv = "age,income,city,notes,y\n" + versions.enumerated().map { "\(30 + $0.offset),1,Lyon,\($0.element),no\n" }.joined()
    let jsonl = versions.enumerated().map { #"{"age":\#(30 + $0.offset),"income":1,"city":"Lyon","notes":"\#($0.element)","y":"no"}"# + "\n" }.joined()
    for path in [Paths.temp(csv), Paths.temp(jsonl, name: "d.jsonl")] {
        let loaded = try DatasetLoader(spec: try spec()).load(path: path)
        #expect(loaded.rows.count == 6 && loaded.pii.total == 0, "\(path)")
    }
    let prose = "age,income,city,notes,y\n" + (0..<5).map { "\(30 + $0),1,Lyon,called back,no\n" }.joined() + "40,1,Lyon,10.2.3.4,no\n"
    let rejected = try DatasetLoader(spec: try spec()).load(path: Paths.temp(prose))
    #expect(rejected.rows.count == 5 && rejected.piiRejectedRows == 1)
}

@Test(.tags(.unit)) func csvAndJSONLOfTheSameDataHaveTheSameRoot() throws {
    let csv = Paths.temp("age,income,city,notes,y\n30,100.5,Lyon,\"a, b\",yes\n31,2,Paris,,no\n")
    let jsonl = Paths.temp("{\"age\":30,\"income\":100.5,\"city\":\"Lyon\",\"notes\":\"a, b\",\"y\":\"yes\"}\n{\"age\":31,\"income\":2,\"city\":\"Paris\",\"notes\":null,\"y\":\"no\"}\n", name: "d.jsonl")
    let s = try spec()
    #expect(try DatasetLoader(spec: s).load(path: csv).fingerprint.root == DatasetLoader(spec: s).load(path: jsonl).fingerprint.root)
}

@Test(.tags(.unit)) func contaminationIsCaughtAndCountedByReason() throws {
    let s = try spec()
    let loader = DatasetLoader(spec: s)
    let bench = try loader.load(path: Paths.temp("age,income,city,notes,y\n30,1000.0,Lyon,good client,yes\n40,2000,Nice,new,no\n"))
    let base = try loader.load(path: Paths.temp("age,income,city,notes,y\n50,3000,Paris,old,no\n"))
    let contribution = try loader.load(path: Paths.temp("""
    age,income,city,notes,y
    30,1000.0,Lyon,good client,no
    30,1000.3,Lyon,  GOOD   client ,yes
    50,3000,Paris,old,no
    60,1,Lyon,x,no
    60,1,Lyon,x,no
    61,1,Lyon,x,no

    """))
    let r = ContaminationFilter(benchmark: bench, base: base, digits: 3).filter(contribution)
    #expect(r.counts.benchmarkExact == 1)
    #expect(r.counts.benchmarkNear == 1)
    #expect(r.counts.inBase == 1)
    #expect(r.counts.duplicateInContribution == 1)
    #expect(r.accepted == [3, 5])
}
