import MeritBase
import Testing
@testable import MeritServer

/// MLflow requests decode as MLflow's protobuf JSON parser reads them.
@Test(.tags(.unit)) func mlflowRequestsDecodeAsProtobufJSON() throws {
    struct Batch: Decodable { var key: String?; var value: Double; var step: Int64? }
    struct Body: Decodable { var run_id: String?; var start_time: Int64?; var ids: [String]?; var flag: Bool?; var metrics: [Batch]? }
    func body(_ json: String, query: [String: [String]] = [:]) throws -> Body {
        try MLflowDecoder.decode(Body.self, from: MLflowRequest(body: try JSONValue.parse(Array(json.utf8), name: "test"), query: query))
    }
    let a = try body(#"{"run_id": 12, "start_time": "1700000000000", "flag": "true", "metrics": [{"key": "m", "value": "NaN", "step": 3.0}], "extra": {"x": 1}}"#)
    #expect(a.run_id == "12" && a.start_time == 1_700_000_000_000 && a.flag == true)
    #expect(a.metrics?.first?.value.isNaN == true && a.metrics?.first?.step == 3)
    // The query string of a GET: a repeated key is a list; the body wins over it; null is absent.
    let q = try body(#"{"run_id": null}"#, query: ["ids": ["1", "2"], "run_id": ["r"], "start_time": ["5"]])
    #expect(q.ids == ["1", "2"] && q.run_id == "r" && q.start_time == 5)
    func message(_ json: String) -> String? {
        switch Result(catching: { try body(json) }) {
        case .success: return nil
        case .failure(let e): return (e as? MLflowError)?.message ?? "\(e)"
        }
    }
    #expect(message(#"{"start_time": 0.5}"#)?.contains("'start_time' must be an integer") == true, "0.5 is refused, never rounded")
    #expect(message(#"{"metrics": [{"key": "m"}]}"#)?.contains("'metrics[0].value'") == true)
    #expect(message(#"{"metrics": [{"value": "high"}]}"#)?.contains("must be a number") == true)
    #expect(message(#"[1]"#)?.contains("must be a JSON object") == true)
}

/// The native API's bodies decode exactly: each field has its declared JSON type, null is refused.
@Test(.tags(.unit)) func nativeRequestsDecodeExactly() throws {
    struct Body: Decodable { var name: String?; var baseline: Double?; var version: Int?; var ok: Bool? }
    func message(_ json: String) -> String? {
        switch Result(catching: { try RequestDecoder.decode(Body.self, from: try JSONValue.parse(json), rules: .native) }) {
        case .success: return nil
        case .failure(let e): return (e as? APIError)?.message ?? "\(e)"
        }
    }
    #expect(message(#"{"name": "x", "baseline": 0.5, "version": 2.0, "ok": true, "other": [1]}"#) == nil)
    #expect(message(#"{"name": 12}"#) == "name must be a string")
    #expect(message(#"{"baseline": "0.5"}"#) == "baseline must be a number")
    #expect(message(#"{"baseline": 1e999}"#)?.contains("out of range") == true)
    #expect(message(#"{"version": 1.5}"#) == "version must be a whole number")
    #expect(message(#"{"name": null}"#)?.contains("cannot be null") == true)
}
