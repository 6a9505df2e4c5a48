import MeritCore

extension MemoryModelStore {
    public func head(_ model: String) async throws -> LineageEntry? {
        let e = try entry(model)
        return e.head.flatMap { e.lineage[$0] }
    }

    public func lineage(_ model: String) async throws -> [LineageEntry] {
        try entry(model).lineage.values.sorted { $0.version < $1.version }
    }

    public func advanceHead(_ model: String, expectedHead: Int?, entry new: LineageEntry, version v: NewVersion, stage: String?) async throws -> ModelVersion {
        let head = try entry(model).head
        guard head == expectedHead else {
            throw StoreError(.conflict, "the head of '\(model)' moved from \(expectedHead.map { "version \($0)" } ?? "nothing") to \(head.map { "version \($0)" } ?? "nothing"); judge again against the new head")
        }
        let canonical = try stage.map(RegistryRules.canonicalStage)
        // No suspension between the check and the writes: the actor runs this to the end.
        var created = try await createVersion(model, v)
        var e = new
        e.modelName = model; e.version = created.version; e.createdMs = now()
        entries[model]!.lineage[created.version] = e
        entries[model]!.head = created.version
        if let canonical { created = try await transition(model, created.version, to: canonical, archiveExisting: true) }
        return created
    }
}
