import MeritCore

extension MemoryModelStore {
    public func createVersion(_ name: String, _ v: NewVersion) async throws -> ModelVersion {
        var e = try entry(name)
        if let parent = v.parentVersion, e.versions[parent] == nil {
            throw StoreError(.invalid, "parent version \(parent) of '\(name)' does not exist")
        }
        var model = e.model
        applyTokenTags(v.runTokenTags + v.tags, to: &model)
        let t = now(), number = e.nextVersion
        var version = ModelVersion(modelName: name, version: number, semver: v.semver, description: v.description, source: v.source, runId: v.runId,
                                   loggedModelId: v.loggedModelId, runLink: v.runLink, parentVersion: v.parentVersion, createdMs: t, updatedMs: t)
        for tag in v.tags { version.tags.set(tag) }
        for d in v.datasets where !version.datasets.contains(where: { $0.role == d.role && $0.root == d.root }) { version.datasets.append(d) }
        e.model = model
        e.model.updatedMs = t
        e.nextVersion += 1
        e.versions[number] = version
        entries[name] = e
        return try versionView(e, number)
    }

    public func version(_ name: String, _ version: Int) async throws -> ModelVersion {
        guard let e = entries[name] else { throw StoreError(.notFound, "model version '\(name)' version \(version) not found") }
        return try versionView(e, version)
    }

    public func versions(_ name: String?) async throws -> [ModelVersion] {
        let names = name.map { [$0] } ?? entries.keys.sorted()
        return try names.compactMap { entries[$0] }.flatMap { e in try e.versions.keys.sorted(by: >).map { try versionView(e, $0) } }
    }

    public func updateVersion(_ name: String, _ version: Int, description: String) async throws -> ModelVersion {
        var e = try entry(name)
        _ = try versionView(e, version)
        e.versions[version]!.description = description
        e.versions[version]!.updatedMs = now()
        entries[name] = e
        return try versionView(e, version)
    }

    public func setVersionTag(_ name: String, _ version: Int, _ tag: KeyValue) async throws {
        var e = try entry(name)
        _ = try versionView(e, version)
        applyTokenTags([tag], to: &e.model)
        e.versions[version]!.tags.set(tag)
        entries[name] = e
    }

    public func applyRunTags(runId: String, _ tags: [KeyValue]) async throws {
        let token = tags.filter { TokenTags.keys.contains($0.key) }
        guard !token.isEmpty else { return }
        for name in entries.keys.sorted() {
            guard var e = entries[name] else { continue }
            let numbers = e.versions.values.filter { $0.runId == runId }.map(\.version)
            guard !numbers.isEmpty else { continue }
            for n in numbers { for tag in token { e.versions[n]!.tags.set(tag) } }
            applyTokenTags(token, to: &e.model)
            entries[name] = e
        }
    }

    public func deleteVersionTag(_ name: String, _ version: Int, key: String) async throws {
        entries[name]?.versions[version]?.tags.removeAll { $0.key == key }
    }

    public func deleteVersion(_ name: String, _ version: Int) async throws {
        var e = try entry(name)
        _ = try versionView(e, version)
        e.versions[version] = nil
        e.aliases = e.aliases.filter { $0.value != version }
        entries[name] = e
    }

    public func transition(_ name: String, _ version: Int, to stage: String, archiveExisting: Bool) async throws -> ModelVersion {
        let canonical = try RegistryRules.canonicalStage(stage)
        var e = try entry(name)
        _ = try versionView(e, version)
        let t = now()
        if archiveExisting && (canonical == "Staging" || canonical == "Production") {
            for (k, v) in e.versions where v.stage == canonical && k != version {
                e.versions[k]!.stage = "Archived"
                e.versions[k]!.updatedMs = t
            }
        }
        e.versions[version]!.stage = canonical
        e.versions[version]!.updatedMs = t
        e.stageEvents.append((version, canonical))
        entries[name] = e
        return try versionView(e, version)
    }

    public func rollback(_ name: String) async throws -> ModelVersion {
        let (current, previous) = try RegistryRules.rollback(name, history: entries[name]?.stageEvents ?? [], versions: try await versions(name))
        _ = try await transition(name, current, to: "Archived", archiveExisting: false)
        return try await transition(name, previous, to: "Production", archiveExisting: true)
    }

    public func setAlias(_ name: String, alias: String, version: Int) async throws {
        var e = try entry(name)
        _ = try versionView(e, version)
        e.aliases[alias] = version
        entries[name] = e
    }

    public func deleteAlias(_ name: String, alias: String) async throws { entries[name]?.aliases[alias] = nil }

    public func version(_ name: String, alias: String) async throws -> ModelVersion {
        guard let e = entries[name], let v = e.aliases[alias] else {
            throw StoreError(.invalid, "registered model alias '\(alias)' not found for model '\(name)'")
        }
        return try versionView(e, v)
    }
}
