import MeritCore
import SQLKit

extension SQLModelStore {
    /// The head's entry, or nil before version 1 was trained.
    public func head(_ model: String) async throws -> LineageEntry? {
        try await db.read { db in
            guard let row = try await db.raw("SELECT head_version FROM models WHERE name = \(bind: model)").first() else {
                throw StoreError(.notFound, "registered model '\(model)' not found")
            }
            guard let head = try row.optInt("head_version") else { return nil }
            return try await db.raw("SELECT * FROM lineage WHERE model_name = \(bind: model) AND version = \(bind: head)").first().map(Self.entry)
        }
    }

    /// Every entry of the model, oldest first.
    public func lineage(_ model: String) async throws -> [LineageEntry] {
        _ = try await self.model(model)
        return try await db.read { db in
            try await db.raw("SELECT * FROM lineage WHERE model_name = \(bind: model) ORDER BY version").all().map(Self.entry)
        }
    }

    /// Creates the version, records its lineage and moves the head, all in one transaction, if the head
    /// is still `expectedHead`.
    public func advanceHead(_ model: String, expectedHead: Int?, entry: LineageEntry, version v: NewVersion, stage: String?) async throws -> ModelVersion {
        let t = now()
        let canonical = try stage.map(RegistryRules.canonicalStage)
        let number: Int = try await db.write { db in
            guard let row = try await db.raw("SELECT head_version FROM models WHERE name = \(bind: model)").first() else {
                throw StoreError(.notFound, "registered model '\(model)' not found")
            }
            let head = try row.optInt("head_version")
            guard head == expectedHead else {
                throw StoreError(.conflict, "the head of '\(model)' moved from \(expectedHead.map { "version \($0)" } ?? "nothing") to \(head.map { "version \($0)" } ?? "nothing"); judge again against the new head")
            }
            let n = try await Self.insertVersion(db, model, v, now: t)
            var e = entry
            e.modelName = model; e.version = n
            try await db.raw("""
                INSERT INTO lineage (model_name, version, parent_version, training_sha256, training_root, training_records, consistency_proof,
                                     booster_sha256, model_hash, metric, metric_low, metric_high, delta_one_bps, contributors, contribution_id,
                                     report_digest, attestation_digest, created_ms)
                VALUES (\(bind: model), \(bind: n), \(bind: e.parentVersion.map(Int64.init)), \(bind: e.trainingSha256), \(bind: e.trainingRoot),
                        \(bind: e.trainingRecords), \(bind: e.consistencyProof.joined(separator: ",")), \(bind: e.boosterSha256), \(bind: e.modelHash),
                        \(bind: e.metric), \(bind: e.metricLow), \(bind: e.metricHigh), \(bind: Int64(e.deltaOneBps)),
                        \(bind: e.contributors.map(\.description).joined(separator: ",")), \(bind: e.contributionId), \(bind: e.reportDigest),
                        \(bind: e.attestationDigest), \(bind: t))
                """).run()
            // The guard above read the head inside this write transaction; the WHERE makes the move a
            // compare-and-swap even where reads are not serialized with writes (PostgreSQL).
            let moved = try await db.raw("""
                UPDATE models SET head_version = \(bind: Int64(n)), updated_ms = \(bind: t)
                WHERE name = \(bind: model) AND COALESCE(head_version, 0) = \(bind: Int64(expectedHead ?? 0))
                RETURNING head_version
                """).first()
            guard moved != nil else { throw StoreError(.conflict, "the head of '\(model)' moved while version \(n) was being recorded; judge again against the new head") }
            if let canonical { try await Self.setStage(db, model, n, canonical, archiveExisting: true, now: t) }
            return n
        }
        return try await version(model, number)
    }

    static func entry(_ row: any SQLRow) throws -> LineageEntry {
        let proof = try row.string("consistency_proof")
        let payees = try row.string("contributors")
        return LineageEntry(
            modelName: try row.string("model_name"), version: try row.int("version"), parentVersion: try row.optInt("parent_version"),
            trainingSha256: try row.string("training_sha256"), trainingRoot: try row.string("training_root"), trainingRecords: try row.int64("training_records"),
            consistencyProof: proof.isEmpty ? [] : proof.split(separator: ",").map(String.init),
            boosterSha256: try row.optString("booster_sha256"), modelHash: try row.optString("model_hash"),
            metric: try row.double("metric"), metricLow: try row.double("metric_low"), metricHigh: try row.double("metric_high"),
            deltaOneBps: try row.int("delta_one_bps"),
            contributors: payees.isEmpty ? [] : try Contributor.list(payees.split(separator: ",").map(String.init)),
            contributionId: try row.optString("contribution_id"), reportDigest: try row.string("report_digest"),
            attestationDigest: try row.optString("attestation_digest"), createdMs: try row.int64("created_ms"))
    }
}
