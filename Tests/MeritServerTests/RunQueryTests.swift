import MeritCore
import TestSupport
import Testing
@testable import MeritServer

/// Run search as plain functions over records: MLflow's filter and ordering, no HTTP and no store.
@Test(.tags(.unit)) func runSearchFiltersAndOrdersLikeMLflow() throws {
    func run(_ id: String, start: Int64, m: Double?, p: String?, status: String = "FINISHED") -> RunRecord {
        RunRecord(runId: id, experimentId: 1, name: id, userId: "u", status: status, startMs: start, endMs: nil, lifecycleStage: "active",
                  artifactURI: "a", params: p.map { [KeyValue("p", $0)] } ?? [], tags: [KeyValue("team", id == "d" ? "x" : "y")],
                  metrics: m.map { [MetricRecord(key: "m", value: $0, timestampMs: 1, step: 0)] } ?? [], inputsJSON: "[]", outputs: [])
    }
    let runs = [run("a", start: 1, m: 0.9, p: "1"), run("b", start: 2, m: 0.2, p: "1"), run("c", start: 3, m: nil, p: "2"),
                run("d", start: 4, m: 0.7, p: "2", status: "FAILED"), run("e", start: 5, m: 0.9, p: nil)]
    func ids(_ filter: String, _ order: [String] = []) throws -> [String] {
        try RunQuery.search(runs, filter: SearchFilter.parse(filter), orders: order.map(SearchFilter.Order.parse)).map(\.runId)
    }
    #expect(try ids("") == ["e", "d", "c", "b", "a"], "by default, newest first")
    #expect(try ids("metrics.m > 0.5", ["metrics.m DESC"]) == ["e", "a", "d"], "ties by start time, newest first")
    #expect(try ids("", ["metrics.m ASC"]) == ["b", "d", "e", "a", "c"], "a run without the metric comes last")
    #expect(try ids("params.p = '2' and attributes.status = 'FAILED'") == ["d"])
    #expect(try ids("tags.team != 'y'") == ["d"])
}
