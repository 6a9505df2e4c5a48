import Foundation
import NIOCore
import SQLKit
import MeritCore
import MeritStore
import TestSupport
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

/// Runs `body` on every test database and closes them all, even when `body` throws.
func onEveryDatabase(_ body: (String, Database) async throws -> Void) async throws {
    let dbs = try await databases()
    var failure: (any Error)?
    for (engine, db) in dbs {
        if failure == nil { do { try await body(engine, db) } catch { failure = error } }
        try? await db.close()
    }
    if let failure { throw failure }
}

/// Serialized: the PostgreSQL tests share one database, which each test resets.
@Suite(.serialized) struct StorageOnBothDatabases {
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func trackingRoundTrip() async throws {
    try await onEveryDatabase { engine, db in try await trackingFollowsItsRules(SQLTrackingStore(db: db, clock: { 1_000 }), engine) }
}

@Test(.tags(.unit)) func trackingInMemoryFollowsTheSameRules() async throws {
    try await trackingFollowsItsRules(MemoryTrackingStore(clock: { 1_000 }), "memory")
}

/// Experiments, runs, metrics (latest and history, NaN and infinities), params, tags and searches:
/// what every `TrackingStore` does.
func trackingFollowsItsRules(_ t: any TrackingStore, _ engine: String) async throws {
    do {
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
        // NaN values, which MLflow accepts (stored as is_nan), come back as NaN; infinities as themselves.
        try await t.logBatch(run.runId, metrics: [MetricRecord(key: "odd", value: .nan, timestampMs: 1, step: 0),
                                                  MetricRecord(key: "big", value: .infinity, timestampMs: 1, step: 0)], params: [], tags: [])
        let odd = try await t.run(run.runId)
        #expect(odd.metric("odd")?.isNaN == true && odd.metric("big") == .infinity, "\(engine)")
        #expect(try await t.metricHistory(run.runId, key: "odd").first?.value.isNaN == true)
        // A single metric is one INSERT … SELECT FROM runs: an unknown run is still an error.
        await #expect(throws: StoreError.self) { try await t.logBatch("no-such-run", metrics: [MetricRecord(key: "a", value: 1, timestampMs: 1, step: 0)], params: [], tags: []) }
        // Searches see each write at once (SQL reuses decoded runs only while nothing was written: RunCache).
        #expect(try await t.runs(experimentIds: [exp], lifecycle: "active").first?.metric("acc") == 0.7)
        try await t.logBatch(run.runId, metrics: [MetricRecord(key: "acc", value: 0.9, timestampMs: 40, step: 3)], params: [], tags: [])
        #expect(try await t.runs(experimentIds: [exp], lifecycle: "active").first?.metric("acc") == 0.9, "\(engine)")
        try await t.logBatch(run.runId, metrics: [], params: [KeyValue("batch", "32")], tags: [])
        #expect(try await t.runs(experimentIds: [exp], lifecycle: "active").first?.param("batch") == "32", "\(engine)")
        let second = try await t.createRun(experimentId: exp, userId: "u", name: "r2", startMs: 6, tags: [])
        #expect(try await t.runs(experimentIds: [exp], lifecycle: "active").map(\.runId) == [second.runId, run.runId], "\(engine)")
    }
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func registryVersionsStagesAliasesRollbackAndTokenTags() async throws {
    try await onEveryDatabase { engine, db in try await registryFollowsItsRules(SQLModelStore(db: db), engine) }
}

@Test(.tags(.unit)) func registryInMemoryFollowsTheSameRules() async throws {
    try await registryFollowsItsRules(MemoryModelStore(clock: { 1 }), "memory")
    let withContributions = MemoryModelStore(contributionCount: { $0 == "kept" ? 2 : 0 })
    _ = try await withContributions.createModel(NewModel(name: "kept"))
    await #expect(throws: StoreError.self) { try await withContributions.deleteModel("kept") }
    await #expect(throws: StoreError.self) { try await withContributions.renameModel("kept", to: "other") }
}

/// Tickers and token tags, version numbers, stages, rollback and aliases: what every `ModelStore` does.
func registryFollowsItsRules(_ r: any ModelStore, _ engine: String) async throws {
    do {
        var m = NewModel(name: "churn-\(engine)")
        m.tags = [KeyValue("hokusai_token_id", "CHRN"), KeyValue("benchmark_metric", "rmse"), KeyValue("benchmark_value", "1.5")]
        let model = try await r.createModel(m)
        #expect(model.tokenId == "CHRN" && model.ticker == nil && model.metric == .rmse && model.direction == .minimize && model.baseline == 1.5)
        #expect(model.tokenStatus.state == "incomplete", "\(engine): a token ID without a ticker")
        var other = NewModel(name: "other-\(engine)")
        other.tags = [KeyValue("hokusai_token_id", "CHRN")]
        let taken = try await r.createModel(other)
        #expect(taken.tokenId == nil && taken.tokenStatus.state == "needs_attention", "\(engine): a token ID taken is recorded, not refused")
        #expect(taken.tokenStatus.reasons.first?.contains("belongs to model") == true, "\(engine)")
        var guide = NewModel(name: "guide-\(engine)")
        guide.tags = [KeyValue("hokusai_token_id", "class-001")]
        let refused = try await r.createModel(guide)
        #expect(refused.tokenStatus.reasons.first?.hasPrefix(TokenTags.tokenIdFormatMessage) == true, "\(engine): the guide's message")
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
        try await r.setModelTag(model.name, KeyValue("benchmark_metric", "perplexity"))
        let unknown = try await r.model(model.name)
        #expect(unknown.metric == .rmse && unknown.tags.contains(KeyValue("benchmark_metric", "perplexity")), "\(engine): a metric Merit does not compute stays in the tag")
        #expect(unknown.tokenStatus.state == "needs_attention", "\(engine)")
        try await r.setModelTag(model.name, KeyValue("benchmark_value", "high"))
        try await r.setModelTag(model.name, KeyValue("benchmark_metric", "mae"))
        let fixed = try await r.model(model.name)
        #expect(fixed.metric == .mae && fixed.baseline == 1.5 && fixed.tokenIssues.map(\.key) == ["benchmark_value"], "\(engine): \(fixed.tokenIssues)")
        try await r.setModelTag(model.name, KeyValue("benchmark_value", "1.5"))
        await #expect(throws: StoreError.self) { try await r.updateModel(model.name, ModelChanges(ticker: "churn")) }
        #expect(try await r.updateModel(model.name, ModelChanges(ticker: "CHURN")).tokenStatus == .ready, "\(engine)")
        let renamed = try await r.renameModel(model.name, to: model.name + "-2")
        let renamedVersions = try await r.versions(renamed.name).map(\.version)
        #expect(renamed.tokenId == "CHRN" && renamed.ticker == "CHURN" && renamedVersions == [3, 1], "\(engine)")
        let patched = try await r.updateModel(renamed.name, ModelChanges(category: "finance", license: .openSource))
        #expect(patched.category == "finance" && patched.license == .openSource && patched.baseline == 1.5, "\(engine)")
        try await r.deleteModel(renamed.name)
        await #expect(throws: StoreError.self) { try await r.model(renamed.name) }
    }
}


@Test(.tags(.integration), .enabled(if: TestScope.everything)) func headsMoveByCompareAndSwapOnBothDatabases() async throws {
    try await onEveryDatabase { engine, db in try await lineageFollowsItsRules(SQLModelStore(db: db, clock: { 7 }), engine) }
}

@Test(.tags(.unit)) func headsMoveByCompareAndSwapInMemory() async throws {
    try await lineageFollowsItsRules(MemoryModelStore(clock: { 7 }), "memory")
}

/// Method: version 1 takes the head from nothing; a paid version moves it from 1 to 2 with its lineage
/// and stage in the same step; a second writer that judged against version 1 is refused with a conflict
/// and leaves no version, entry or stage behind; the lineage lists both versions, oldest first, with
/// every field as recorded; renaming keeps the lineage with the model.
func lineageFollowsItsRules(_ r: any ModelStore, _ engine: String) async throws {
    let name = "head-\(engine)"
    _ = try await r.createModel(NewModel(name: name))
    #expect(try await r.head(name) == nil, "\(engine): no head before version 1")
    let payee = try Contributor.list(["0x00000000000000000000000000000000000000a1:6000", "0x00000000000000000000000000000000000000b2"])
    func entry(_ parent: Int?, _ records: Int64, payees: [Contributor]) -> LineageEntry {
        LineageEntry(modelName: name, version: 0, parentVersion: parent, trainingSha256: String(repeating: "a", count: 64), trainingRoot: "0x" + String(repeating: "1", count: 64),
                     trainingRecords: records, consistencyProof: parent == nil ? [] : ["0x" + String(repeating: "2", count: 64), "0x" + String(repeating: "3", count: 64)],
                     boosterSha256: String(repeating: "b", count: 64), modelHash: "0x" + String(repeating: "4", count: 64), metric: 0.8, metricLow: 0.75, metricHigh: 0.85,
                     deltaOneBps: parent == nil ? 0 : 150, contributors: payees, contributionId: parent == nil ? nil : "c-1", reportDigest: "0x" + String(repeating: "5", count: 64),
                     attestationDigest: parent == nil ? nil : "0x" + String(repeating: "6", count: 64), createdMs: 0)
    }
    let v1 = try await r.advanceHead(name, expectedHead: nil, entry: entry(nil, 100, payees: []), version: NewVersion(), stage: "Production")
    #expect(v1.version == 1 && v1.stage == "Production", "\(engine)")
    var paid = NewVersion()
    paid.parentVersion = 1
    let v2 = try await r.advanceHead(name, expectedHead: 1, entry: entry(1, 120, payees: payee), version: paid, stage: "Production")
    #expect(v2.version == 2 && v2.parentVersion == 1 && v2.stage == "Production", "\(engine)")
    #expect(try await r.version(name, 1).stage == "Archived", "\(engine): the old production version is archived")
    // A job judged against version 1 comes second: refused, nothing left behind.
    do {
        _ = try await r.advanceHead(name, expectedHead: 1, entry: entry(1, 110, payees: payee), version: paid, stage: "Production")
        Issue.record("\(engine): a stale head must be refused")
    } catch let e as StoreError {
        #expect(e.code == .conflict && e.message.contains("judge again"), "\(engine): \(e)")
    }
    #expect(try await r.versions(name).map(\.version) == [2, 1], "\(engine): the refused move made no version")
    #expect(try await r.version(name, 2).stage == "Production", "\(engine)")
    let head = try #require(try await r.head(name))
    #expect(head.version == 2 && head.parentVersion == 1 && head.trainingRecords == 120 && head.contributors == payee, "\(engine)")
    #expect(head.consistencyProof.count == 2 && head.deltaOneBps == 150 && head.contributionId == "c-1" && head.metricLow == 0.75, "\(engine)")
    #expect(try await r.lineage(name).map(\.version) == [1, 2], "\(engine)")
    #expect(try await r.lineage(name).first?.contributors.isEmpty == true, "\(engine)")
    _ = try await r.renameModel(name, to: name + "-renamed")
    #expect(try await r.head(name + "-renamed")?.version == 2, "\(engine): the lineage follows a rename")
    #expect(try await r.lineage(name + "-renamed").allSatisfy { $0.modelName == name + "-renamed" }, "\(engine)")
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func jobsSurviveAKilledWorkerOnBothDatabases() async throws {
    try await onEveryDatabase { engine, db in
        let clock = TestClock()
        let jobs = SQLJobQueue(db: db, clock: { clock.now }, leaseMs: 1000)
        let (c, created) = try await jobs.submit(model: "m", idempotencyKey: "k1", submittedBy: "key", contributors: try Contributor.list(["0x00000000000000000000000000000000000000a1"]),
                                                 sha256: "00", fileName: "c.csv", size: 1)
        #expect(created)
        let (same, again) = try await jobs.submit(model: "m", idempotencyKey: "k1", submittedBy: "key", contributors: [], sha256: "11", fileName: "x.csv", size: 2)
        #expect(!again && same.id == c.id, "\(engine): the same idempotency key gives the same contribution")
        #expect(try await jobs.claim(worker: "A")?.id == c.id)
        #expect(try await jobs.claim(worker: "B") == nil, "\(engine): held under A's lease")
        clock.now += 2000
        #expect(try await jobs.claim(worker: "B")?.id == c.id, "\(engine): taken over after the lease")
        try await jobs.finish(c.id, worker: "A", state: .done, reportJSON: "{}", attestationJSON: nil, error: nil)
        #expect(try await jobs.contribution(c.id).state == .running)
        try await jobs.finish(c.id, worker: "B", state: .done, reportJSON: "{}", attestationJSON: nil, error: nil)
        #expect(try await jobs.countsByState()[.done] == 1)
    }
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func artifactsAndKeysOnBothDatabases() async throws {
    try await onEveryDatabase { engine, db in
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("merit-art-\(UUID().uuidString)")
        try await checkArtifacts(SQLArtifactStore(db: db, root: root, maxBytes: 100), engine)
        try await checkAPIKeys(SQLAPIKeyStore(db: db), engine)
    }
}

/// The artifact rules, on any implementation: content-addressed and durable, listed by folder, an
/// upload past the limit leaves nothing, and no path can leave the folder.
func checkArtifacts(_ store: any ArtifactStore, _ engine: String) async throws {
    let body = AsyncStream<ByteBuffer> { c in c.yield(ByteBuffer(string: "hello ")); c.yield(ByteBuffer(string: "world")); c.finish() }
    let e = try await store.put(path: "1/run/artifacts/a.txt", body: body)
    #expect(e.sha256 == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9", "\(engine)")
    #expect(try String(contentsOf: store.file(e), encoding: .utf8) == "hello world")
    #expect(try await store.entries(under: "1/run").map(\.path) == ["1/run/artifacts/a.txt"])
    let big = AsyncStream<ByteBuffer> { c in c.yield(ByteBuffer(repeating: 1, count: 101)); c.finish() }
    await #expect(throws: StoreError.self) { try await store.put(path: "1/run/artifacts/big", body: big) }
    #expect(try await store.entry("1/run/artifacts/big") == nil, "\(engine): nothing of a refused upload is kept")
    #expect(throws: StoreError.self) { try ArtifactPath.validate("1/../etc") }
}

@Test(.tags(.unit)) func artifactsWithAnIndexInMemoryFollowTheSameRules() async throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("merit-art-\(UUID().uuidString)")
    try await checkArtifacts(MemoryArtifactStore(root: root, maxBytes: 100), "memory")
    try? FileManager.default.removeItem(at: root)
}

/// The API-key rules, on any implementation: a key authenticates as itself, a changed secret does not,
/// a revoked key stops working, and a listing shows ids and roles, never a secret.
func checkAPIKeys(_ keys: any APIKeyStore, _ engine: String) async throws {
    let (token, id) = try await keys.create(role: .owner, label: "t", modelName: "m")
    #expect(try await keys.authenticate(token) == id)
    #expect(try await keys.authenticate(token.dropLast() + (token.last == "0" ? "1" : "0")) == nil)
    #expect(try await keys.authenticate("merit_nonsense") == nil)
    let listed = try await keys.list()
    #expect(listed.map(\.keyId) == [id.keyId] && listed.first?.role == .owner && listed.first?.revoked == false)
    let revoked = try await keys.revoke(id: id.keyId), unknown = try await keys.revoke(id: "000000000000")
    #expect(revoked && !unknown)
    #expect(try await keys.authenticate(token) == nil, "\(engine): a revoked key stops working")
    #expect(try await keys.list().first?.revoked == true)
}

@Test(.tags(.unit)) func apiKeysInMemoryFollowTheSameRules() async throws {
    try await checkAPIKeys(MemoryAPIKeyStore(), "memory")
}

/// Method: two job stores on two connections to one database (two processes' worth), claiming from 20
/// queued jobs concurrently: every job is claimed exactly once (FOR UPDATE SKIP LOCKED on PostgreSQL,
/// the single writer on SQLite).
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func twoWorkersNeverClaimTheSameJob() async throws {
    try await onEveryDatabase { engine, db in
        let location: String
        if engine == "postgresql" { location = ProcessInfo.processInfo.environment["MERIT_TEST_POSTGRES_URL"]! } else {
            location = FileManager.default.temporaryDirectory.appendingPathComponent("merit-two-\(UUID().uuidString).sqlite").path
        }
        let first = engine == "postgresql" ? db : try await Database.open(location)
        let second = try await Database.open(location)
        let a = SQLJobQueue(db: first), b = SQLJobQueue(db: second)
        for i in 0..<20 {
            _ = try await a.submit(model: "m", idempotencyKey: "job-\(i)", submittedBy: "k", contributors: [], sha256: "00", fileName: "c.csv", size: 1)
        }
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for (store, name) in [(a, "A"), (b, "B")] {
                group.addTask {
                    var mine: [String] = []
                    while let job = try await store.claim(worker: name) { mine.append(job.id) }
                    return mine
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(claimed.count == 20 && Set(claimed).count == 20, "\(engine): \(claimed.count) claims of \(Set(claimed).count) jobs")
        try await second.close()
        if engine != "postgresql" { try await first.close() }
    }
}
}

final class TestClock: @unchecked Sendable {
    // Advanced only by the test that owns it.
    var now: Int64 = 1_000_000
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func migrationsAreIdempotentAcrossRestarts() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("merit-mig-\(UUID().uuidString).sqlite").path
    let a = try await Database.open(path)
    _ = try await SQLTrackingStore(db: a).createExperiment(name: "kept", tags: [])
    try await a.close()
    let b = try await Database.open(path)
    #expect(try await SQLTrackingStore(db: b).experiment(name: "kept").name == "kept", "nothing accepted is lost across a restart")
    try await b.close()
}

/// Method: 50 concurrent write transactions, every fifth failing after its first insert. With group
/// commit they share transactions; each failure must roll back only its own rows.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func concurrentWritesCommitTogetherAndFailAlone() async throws {
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

/// Metrics logged at once by many writers share one statement: every value lands with its own place
/// in the history (no two share a seq), the latest follows the highest step, and a writer whose run
/// does not exist fails alone.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func concurrentMetricsShareAStatementAndFailAlone() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("merit-gm-\(UUID().uuidString).sqlite").path
    let db = try await Database.open(path)
    let t = SQLTrackingStore(db: db, clock: { 1_000 })
    let exp = try await t.createExperiment(name: "e", tags: [])
    let run = try await t.createRun(experimentId: exp, userId: "u", name: "r", startMs: 5, tags: [KeyValue("a", "1"), KeyValue("a", "2")])
    #expect(run.tags.map(\.key) == ["a", "mlflow.runName"] && run.tags[0].value == "2")
    #expect(try await t.run(run.runId).tags.map(\.value) == ["2", "r"])
    let missing = try await withThrowingTaskGroup(of: Bool.self) { group in
        for i in 0..<120 {
            group.addTask {
                do {
                    let target = i % 40 == 39 ? "no-such-run" : run.runId
                    try await t.logBatch(target, metrics: [MetricRecord(key: "loss", value: Double(i), timestampMs: 7, step: Int64(i % 60))], params: [], tags: [])
                    return false
                } catch let e as StoreError where e.code == .notFound { return true }
            }
        }
        return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
    }
    #expect(missing == 3)
    let history = try await t.metricHistory(run.runId, key: "loss")
    #expect(history.count == 117)
    #expect(history.map(\.step) == history.map(\.step).sorted())
    #expect(try await t.run(run.runId).metric("loss").map { Int($0) % 60 } == 59)
    let seqs = try await db.read { db in try await db.raw("SELECT seq FROM metrics WHERE run_id = \(bind: run.runId)").all().map { try $0.decode(column: "seq", as: Int64.self) } }
    #expect(Set(seqs).count == 117)
    // Runs created, logged to and finished by many writers at once (their statements share batches):
    // each succeeds or fails alone, and a failing batch writes nothing.
    let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
        for i in 0..<60 {
            group.addTask {
                let r = try await t.createRun(experimentId: exp, userId: "u", name: "c\(i)", startMs: Int64(i), tags: [KeyValue("i", "\(i)")])
                try await t.logBatch(r.runId, metrics: [MetricRecord(key: "m", value: Double(i), timestampMs: 1, step: 0)], params: [KeyValue("p", "a")], tags: [KeyValue("t", "x")])
                do {
                    let value = i % 3 == 0 ? "b" : "a"
                    try await t.logBatch(r.runId, metrics: [MetricRecord(key: "m", value: -1, timestampMs: 2, step: 1)], params: [KeyValue("p", value)], tags: [KeyValue("t", "y")])
                } catch let e as StoreError where e.code == .invalid {
                    _ = try await t.updateRun(r.runId, status: "FAILED", endMs: 3, name: nil)
                    return "conflict"
                }
                _ = try await t.updateRun(r.runId, status: "FINISHED", endMs: 3, name: "done\(i)")
                return "ok"
            }
        }
        return try await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
    }
    #expect(outcomes == ["ok": 40, "conflict": 20])
    for r in try await t.runs(experimentIds: [exp], lifecycle: "active") where r.name.hasPrefix("c") || r.name.hasPrefix("done") {
        let conflicted = r.status == "FAILED"
        #expect(r.param("p") == "a" && r.tag("t") == (conflicted ? "x" : "y") && r.metric("m") == (conflicted ? Double(r.tag("i")!)! : -1))
        #expect(try await t.metricHistory(r.runId, key: "m").count == (conflicted ? 1 : 2), "a conflicting batch writes no metric")
        #expect(conflicted || r.name == "done\(r.tag("i")!)" && r.tag("mlflow.runName") == r.name)
    }
    let updated = try await t.updateRun(run.runId, status: "FINISHED", endMs: 9, name: nil)
    #expect(updated.status == "FINISHED" && updated.endMs == 9 && updated.name == "r")
    await #expect(throws: StoreError.self) { try await t.updateRun("no-such-run", status: "FINISHED", endMs: nil, name: nil) }
    await #expect(throws: StoreError.self) { try await t.createRun(experimentId: 999, userId: "u", name: nil, startMs: nil, tags: []) }
    try await db.close()
}
