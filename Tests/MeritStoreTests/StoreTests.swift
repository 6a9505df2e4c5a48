import Foundation
import SQLKit
import MeritStore
import Testing

/// Every storage test runs on SQLite, and on PostgreSQL when MERIT_TEST_POSTGRES_URL is set (CI sets it).
func databases() async throws -> [(String, Database)] {
    var out: [(String, Database)] = []
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("merit-store-\(UUID().uuidString).sqlite").path
    out.append(("sqlite", try await Database.open(path)))
    if let url = ProcessInfo.processInfo.environment["MERIT_TEST_POSTGRES_URL"], !url.isEmpty {
        let db: Database
        do { db = try await Database.open(url) } catch {
            try await out[0].1.close()
            throw error
        }
        // A clean slate per test run: drop everything the migrations made, then migrate again.
        do {
            try await db.write { db in
                try await db.raw("DROP SCHEMA public CASCADE").run()
                try await db.raw("CREATE SCHEMA public").run()
            }
        } catch {
            try await db.close()
            throw error
        }
        try await db.close()
        out.append(("postgresql", try await Database.open(url)))
    }
    return out
}

/// Serialized: the PostgreSQL tests share one database, which each test resets.
@Suite(.serialized) struct StorageOnBothDatabases {
@Test func trackingRoundTrip() async throws {
    for (engine, db) in try await databases() {
        let t = TrackingStore(db: db, clock: { 1_000 })
        let exp = try await t.createExperiment(name: "e-\(engine)", tags: [KeyValue("team", "ml")])
        await #expect(throws: StoreError.self) { try await t.createExperiment(name: "e-\(engine)", tags: []) }
        let run = try await t.createRun(experimentId: exp, userId: "u", name: "r", startMs: 5, tags: [])
        try await t.logBatch(run.runId, metrics: [MetricRecord(key: "acc", value: 0.5, timestampMs: 10, step: 0),
                                                  MetricRecord(key: "acc", value: 0.7, timestampMs: 20, step: 2),
                                                  MetricRecord(key: "acc", value: 0.6, timestampMs: 30, step: 1)],
                             params: [KeyValue("lr", "0.1")], tags: [KeyValue("t", "v")])
        let back = try await t.run(run.runId)
        #expect(back.metric("acc") == 0.7, "\(engine): the latest value is the highest step")
        #expect(back.param("lr") == "0.1" && back.tag("t") == "v" && back.tag("mlflow.runName") == "r")
        await #expect(throws: StoreError.self) { try await t.logBatch(run.runId, metrics: [], params: [KeyValue("lr", "0.2")], tags: []) }
        #expect(try await t.metricHistory(run.runId, key: "acc").map(\.value) == [0.5, 0.7, 0.6])
        try await db.close()
    }
}

@Test func registryVersionsStagesAliasesRollbackAndTokenTags() async throws {
    for (engine, db) in try await databases() {
        let r = RegistryStore(db: db)
        var m = RegistryStore.NewModel(name: "churn-\(engine)")
        m.tags = [KeyValue("hokusai_token_id", "CHRN"), KeyValue("benchmark_metric", "rmse"), KeyValue("benchmark_value", "1.5")]
        let model = try await r.createModel(m)
        #expect(model.ticker == "CHRN" && model.metric == "rmse" && model.direction == "minimize" && model.baseline == 1.5)
        var other = RegistryStore.NewModel(name: "other-\(engine)")
        other.tags = [KeyValue("hokusai_token_id", "CHRN")]
        await #expect(throws: StoreError.self) { try await r.createModel(other) }
        let v1 = try await r.createVersion(model.name, .init())
        let v2 = try await r.createVersion(model.name, .init())
        #expect(v1.version == 1 && v2.version == 2)
        _ = try await r.transition(model.name, 1, to: "production", archiveExisting: true)
        _ = try await r.transition(model.name, 2, to: "Production", archiveExisting: true)
        #expect(try await r.version(model.name, 1).stage == "Archived")
        let rolled = try await r.rollback(model.name)
        #expect(rolled.version == 1 && rolled.stage == "Production")
        #expect(try await r.version(model.name, 2).stage == "Archived")
        try await r.setAlias(model.name, alias: "champion", version: 2)
        #expect(try await r.version(model.name, alias: "champion").version == 2)
        try await r.deleteVersion(model.name, 2)
        await #expect(throws: StoreError.self) { try await r.version(model.name, alias: "champion") }
        #expect(try await r.createVersion(model.name, .init()).version == 3, "version numbers are never reused")
        try await db.close()
    }
}

}

@Test func migrationsAreIdempotentAcrossRestarts() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("merit-mig-\(UUID().uuidString).sqlite").path
    let a = try await Database.open(path)
    _ = try await TrackingStore(db: a).createExperiment(name: "kept", tags: [])
    try await a.close()
    let b = try await Database.open(path)
    #expect(try await TrackingStore(db: b).experiment(name: "kept").name == "kept", "nothing accepted is lost across a restart")
    try await b.close()
}

/// Method: 50 concurrent write transactions, every fifth failing after its first insert. With group
/// commit they share transactions; each failure must roll back only its own rows.
@Test func concurrentWritesCommitTogetherAndFailAlone() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("merit-gc-\(UUID().uuidString).sqlite").path
    let db = try await Database.open(path)
    try await withThrowingTaskGroup(of: Void.self) { group in
        for i in 0..<50 {
            group.addTask {
                do {
                    try await db.write { db in
                        try await db.raw("INSERT INTO counters (name, value) VALUES (\(bind: "t\(i)"), \(bind: i))").run()
                        if i % 5 == 0 { throw StoreError(.invalid, "planned failure \(i)") }
                        try await db.raw("INSERT INTO counters (name, value) VALUES (\(bind: "u\(i)"), \(bind: i))").run()
                    }
                } catch let e as StoreError where e.message.hasPrefix("planned") {}
            }
        }
        try await group.waitForAll()
    }
    let names = try await db.read { db in try await db.raw("SELECT name FROM counters WHERE name <> 'experiment'").all().map { try $0.decode(column: "name", as: String.self) } }
    #expect(names.count == 80)
    #expect(!names.contains("t0") && !names.contains("t45") && names.contains("t1") && names.contains("u49"))
    try await db.close()
}
