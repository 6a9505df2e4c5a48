import Foundation
import NIOCore
import MeritCore
import MeritStore
import TestSupport
import Testing
@testable import MeritServer

/// Method: the direct writer and JSONEncoder over `MLflowDTO.Run` (the response encoder's settings)
/// must give the same JSON document, compared after parsing, for runs with every optional part,
/// escapes, non-ASCII text and non-finite metric values.
@Test(.tags(.unit)) func runJSONWriterMatchesTheEncoder() throws {
    var full = RunRecord(runId: "abc123", experimentId: 7, name: "run \"one\"\n\té✓", userId: "u\\v", status: "FINISHED", startMs: 1_700_000_000_000,
                         endMs: 1_700_000_000_500, lifecycleStage: "active", artifactURI: "mlflow-artifacts:/7/abc123/artifacts",
                         params: [KeyValue("lr", "0.1"), KeyValue("ctl", "\u{01}x")], tags: [KeyValue("mlflow.user", "ann")],
                         metrics: [MetricRecord(key: "loss", value: 0.25, timestampMs: 5, step: 1), MetricRecord(key: "nan", value: .nan, timestampMs: 6, step: 2),
                                   MetricRecord(key: "inf", value: -.infinity, timestampMs: 7, step: 3), MetricRecord(key: "tiny", value: 1e-300, timestampMs: 8, step: 4)],
                         inputsJSON: #"[{"tags":[{"key":"mlflow.data.context","value":"train"}],"dataset":{"name":"d","digest":"12","source_type":"local","source":"{}"}}]"#,
                         outputs: [(modelId: "m-1", step: 3)])
    let bare = RunRecord(runId: "r2", experimentId: 0, name: "", userId: "", status: "RUNNING", startMs: 1, endMs: nil, lifecycleStage: "active",
                         artifactURI: "x", params: [], tags: [], metrics: [], inputsJSON: "[]", outputs: [])
    full.name += ""
    for (runs, next) in [([full, bare], "tok"), ([bare], nil), ([], nil)] as [([RunRecord], String?)] {
        let direct = RunJSONWriter.page(runs, next: next)
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let viaEncoder = try encoder.encode(RunsPage(runs: runs.isEmpty ? nil : runs.map(MLflowDTO.run), next_page_token: next))
        let a = try JSONSerialization.jsonObject(with: Data(buffer: direct), options: [.fragmentsAllowed]) as! NSDictionary
        let b = try JSONSerialization.jsonObject(with: viaEncoder) as! NSDictionary
        #expect(a == b, "\(String(buffer: direct))\nvs\n\(String(decoding: viaEncoder, as: UTF8.self))")
    }
    // runs/create and runs/get (`{"run": …}`), runs/update (`{"run_info": …}`).
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
    for r in [full, bare] {
        let pairs: [(ByteBuffer, Data)] = [(RunJSONWriter.single(r), try encoder.encode(["run": MLflowDTO.run(r)])),
                                           (RunJSONWriter.infoOnly(r), try encoder.encode(["run_info": MLflowDTO.runInfo(r)]))]
        for (direct, viaEncoder) in pairs {
            let a = try JSONSerialization.jsonObject(with: Data(buffer: direct)) as! NSDictionary
            let b = try JSONSerialization.jsonObject(with: viaEncoder) as! NSDictionary
            #expect(a == b, "\(String(buffer: direct))\nvs\n\(String(decoding: viaEncoder, as: UTF8.self))")
        }
    }
}
