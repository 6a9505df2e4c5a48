import MeritCore
import SQLKit

/// One metric value to append to a run, as the group commit writes it: the metrics of every writer in a
/// batch go into SQLite as one multi-row INSERT.
///
/// Each metric's `seq` (its place among the run's values of that key) is the largest before the
/// statement plus its ordinal among the batch's values of the same run and key, so values logged
/// together stay distinct and in arrival order. A value whose run does not exist is not inserted (the
/// join with `runs` drops it) and its writer gets not-found.
struct MetricAppend: Sendable {
    let runId: String
    let metric: MetricRecord

    /// SQLite's limit on bound parameters is far above this; the cap keeps each statement small.
    static let rowsPerStatement = 200

    /// Inserts `metrics` and returns, per metric in order, success or not-found.
    static func insert(_ metrics: [MetricAppend], _ db: any SQLDatabase) async throws -> [Result<any Sendable, any Error>] {
        var results: [Result<any Sendable, any Error>] = []
        for chunk in chunks(metrics) {
            let written = Set(try await db.raw(statement(chunk)).all().map { try $0.string("run_id") })
            results += outcomes(chunk, written: written)
        }
        return results
    }

    /// The metrics in statement-sized chunks.
    static func chunks(_ metrics: [MetricAppend]) -> [[MetricAppend]] {
        stride(from: 0, to: metrics.count, by: rowsPerStatement).map { Array(metrics[$0..<min($0 + rowsPerStatement, metrics.count)]) }
    }

    /// Per metric of `chunk`: success when its run was written, else not-found.
    static func outcomes(_ chunk: [MetricAppend], written: Set<String>) -> [Result<any Sendable, any Error>] {
        chunk.map { m in written.contains(m.runId) ? .success(()) : .failure(StoreError(.notFound, "run '\(m.runId)' not found")) }
    }

    /// Inserts this metric alone (one statement); not-found when its run does not exist.
    func insertOne(_ db: any SQLDatabase) async throws {
        if try await db.raw(guardedInsert(unless: "(1 = 0)")).first() == nil { throw StoreError(.notFound, "run '\(runId)' not found") }
    }

    /// This metric's INSERT, written only if its run exists and `conflict` does not hold; it returns its seq.
    func guardedInsert(unless conflict: SQLQueryString) -> SQLQueryString {
        let v = metric.value
        return """
            INSERT INTO metrics (run_id, key, value, is_nan, timestamp_ms, step, model_id, seq)
            SELECT \(bind: runId), \(bind: metric.key), \(bind: v.isNaN ? 0 : v), \(bind: v.isNaN ? 1 : 0), \(bind: metric.timestampMs), \(bind: metric.step), \(bind: metric.modelId),
                   (SELECT COALESCE(MAX(seq), 0) + 1 FROM metrics WHERE run_id = \(bind: runId) AND key = \(bind: metric.key))
            FROM runs WHERE run_id = \(bind: runId) AND NOT \(conflict)
            RETURNING seq
            """
    }

    /// One multi-row statement for `chunk`; it returns the run ids that were written.
    static func statement(_ chunk: [MetricAppend]) -> SQLQueryString {
        var ordinal: [String: Int64] = [:]
        var rows: [SQLQueryString] = []
        for m in chunk {
            let key = m.runId + "\u{0}" + m.metric.key
            ordinal[key, default: 0] += 1
            let v = m.metric.value
            rows.append("(\(bind: m.runId), \(bind: m.metric.key), \(bind: v.isNaN ? 0 : v), \(bind: v.isNaN ? 1 : 0), \(bind: m.metric.timestampMs), \(bind: m.metric.step), \(bind: m.metric.modelId), \(bind: ordinal[key]!))")
        }
        return """
            INSERT INTO metrics (run_id, key, value, is_nan, timestamp_ms, step, model_id, seq)
            SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6, v.column7,
                   (SELECT COALESCE(MAX(m.seq), 0) FROM metrics m WHERE m.run_id = v.column1 AND m.key = v.column2) + v.column8
            FROM (VALUES \(rows.joined(separator: ", "))) AS v JOIN runs r ON r.run_id = v.column1
            RETURNING run_id
            """
    }
}
