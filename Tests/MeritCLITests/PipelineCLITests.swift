import Foundation
import TestSupport
import Testing

/// Generated demo data, shared by the tests in this file.
enum DemoData {
    static let folder: Result<URL, Error> = Result {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-demo-data-\(UUID().uuidString)")
        let r = try CLI.run(["demo", "--quiet", "--out", dir.path])
        guard r.status == 0 else { throw CocoaError(.fileReadUnknown) }
        return dir.appendingPathComponent("data")
    }
}

/// A JSONL contribution goes through the same pipeline: same fingerprint as its CSV twin, same result.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func jsonlContributionEvaluatesLikeItsCSV() throws {
    let data = try DemoData.folder.get()
    let csv = data.appendingPathComponent("contribution-good.csv").path
    let jsonl = data.appendingPathComponent("contribution-good.jsonl").path
    // Convert with Python's csv module: numbers as JSON numbers, booleans as JSON booleans, empty as null.
    let convert = """
    import csv, json, sys
    with open(sys.argv[1], newline='') as f, open(sys.argv[2], 'w') as out:
        for row in csv.DictReader(f):
            obj = {}
            for k, v in row.items():
                if v == '': obj[k] = None
                elif v in ('true', 'false'): obj[k] = v == 'true'
                else:
                    try: obj[k] = int(v) if v.lstrip('-').isdigit() else float(v) if k != 'notes' else v
                    except ValueError: obj[k] = v
            out.write(json.dumps(obj, ensure_ascii=False) + '\\n')
    """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", convert, csv, jsonl]
    try p.run(); p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    func evaluate(_ contribution: String) throws -> [String: Any] {
        let r = try CLI.run(["evaluate", "--quiet", "--json", "--model", data.appendingPathComponent("model.yaml").path,
                             "--base", data.appendingPathComponent("base.csv").path, "--benchmark", data.appendingPathComponent("benchmark.csv").path,
                             "--contribution", contribution, "--out", FileManager.default.temporaryDirectory.appendingPathComponent("merit-jsonl-\(UUID().uuidString)").path])
        #expect(r.status == 0, "\(r.err)")
        return try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
    }
    let a = try evaluate(csv), b = try evaluate(jsonl)
    func contributionRoot(_ j: [String: Any]) -> String {
        (((j["inputs"] as! [String: Any])["contribution"] as! [String: Any])["fingerprint"] as! [String: Any])["root"] as! String
    }
    #expect(contributionRoot(a) == contributionRoot(b))
    let ra = a["results"] as! [String: Any], rb = b["results"] as! [String: Any]
    #expect(ra["awarded_bps"] as! Int == rb["awarded_bps"] as! Int)
    #expect(ra["improved"] as! Double == rb["improved"] as! Double)
}

/// The trainer-command contract end to end: a scikit-learn program (Fixtures/sklearn_trainer.py) trains
/// both models, Merit computes the metrics and the award, and two runs give the same report bytes.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func commandTrainerRunsEndToEndAndIsDeterministic() throws {
    let data = try DemoData.folder.get()
    let script = CLI.root.appendingPathComponent("Tests/MeritCLITests/Fixtures/sklearn_trainer.py").path
    var spec = try String(contentsOf: data.appendingPathComponent("model.yaml"), encoding: .utf8)
    let start = spec.range(of: "trainer:\n")!, end = spec.range(of: "evaluation:\n")!
    spec.replaceSubrange(start.lowerBound..<end.lowerBound, with: "trainer:\n  kind: command\n  command: [python3, \"\(script)\"]\n  seed: 5\n  timeout_seconds: 120\n")
    let specFile = data.appendingPathComponent("model-command.yaml")
    try spec.write(to: specFile, atomically: true, encoding: .utf8)
    var reports: [Data] = []
    for _ in 0..<2 {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("merit-cmd-\(UUID().uuidString)")
        let r = try CLI.run(["evaluate", "--quiet", "--model", specFile.path, "--base", data.appendingPathComponent("base.csv").path,
                             "--benchmark", data.appendingPathComponent("benchmark.csv").path,
                             "--contribution", data.appendingPathComponent("contribution-good.csv").path, "--out", out.path])
        #expect(r.status == 0 || r.status == 3, "\(r.out)\(r.err)")
        reports.append(try Data(contentsOf: out.appendingPathComponent("report.json")))
    }
    #expect(reports[0] == reports[1])
    let report = try JSONSerialization.jsonObject(with: reports[0]) as! [String: Any]
    #expect(((report["parameters"] as! [String: Any])["trainer"] as! String).contains("sklearn_trainer.py"))
}
