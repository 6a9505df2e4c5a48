import MeritBase
import MeritCore

/// The model registry in memory, for unit tests: the same rules, errors and orderings as `SQLModelStore`.
///
/// Contributions live in the job queue, not here: `contributionCount` says how many a model has, so that
/// deleting or renaming one that has some is refused as in SQL (by default, none).
public actor MemoryModelStore: ModelStore {
    struct Entry {
        var model: RegisteredModel
        var nextVersion = 1
        var versions: [Int: ModelVersion] = [:]
        var aliases: [String: Int] = [:]
        var stageEvents: [(version: Int, stage: String)] = []
        var head: Int?
        var lineage: [Int: LineageEntry] = [:]
    }

    var entries: [String: Entry] = [:]
    let now: MillisecondClock
    let contributionCount: @Sendable (String) async throws -> Int

    /// Creates an empty store.
    public init(clock: @escaping MillisecondClock = systemMilliseconds, contributionCount: @escaping @Sendable (String) async throws -> Int = { _ in 0 }) {
        self.now = clock
        self.contributionCount = contributionCount
    }

    func entry(_ name: String) throws -> Entry {
        guard let e = entries[name] else { throw StoreError(.notFound, "registered model '\(name)' not found") }
        return e
    }

    /// The model with its tags and aliases filled in from the entry.
    func view(_ e: Entry) -> RegisteredModel {
        var m = e.model
        m.tags.sort { $0.key < $1.key }
        m.aliases = e.aliases.keys.sorted().map { (alias: $0, version: e.aliases[$0]!) }
        return m
    }

    func versionView(_ e: Entry, _ number: Int) throws -> ModelVersion {
        guard var v = e.versions[number] else { throw StoreError(.notFound, "model version '\(e.model.name)' version \(number) not found") }
        v.tags.sort { $0.key < $1.key }
        v.aliases = e.aliases.filter { $0.value == number }.map(\.key).sorted()
        v.datasets.sort { ($0.role, $0.root) < ($1.role, $1.root) }
        return v
    }

    /// Applies token tags to `model`: a token ID another model holds, like any value that cannot be
    /// used, is recorded in the model's token status.
    func applyTokenTags(_ tags: [KeyValue], to model: inout RegisteredModel) {
        for tag in tags {
            guard var effect = TokenTags.effect(of: tag) else { continue }
            if case .tokenId(let id) = effect, let other = entries.values.first(where: { $0.model.tokenId == id && $0.model.name != model.name }) {
                effect = .unusable(key: tag.key, reason: "the token ID \(id) belongs to model '\(other.model.name)'; choose another")
            }
            TokenTags.apply(effect, to: &model)
        }
    }

    // MARK: Models

    public func createModel(_ m: NewModel) async throws -> RegisteredModel {
        guard !m.name.isEmpty else { throw StoreError(.invalid, "a registered model needs a non-empty name") }
        guard entries[m.name] == nil else { throw StoreError(.alreadyExists, "registered model '\(m.name)' already exists") }
        if let ticker = m.ticker, entries.values.contains(where: { $0.model.ticker == ticker }) {
            throw StoreError(.alreadyExists, "the ticker \(ticker) is taken by another model")
        }
        let t = now()
        var model = RegisteredModel(name: m.name, ticker: m.ticker, description: m.description, category: m.category, license: m.license,
                                    metric: m.metric, direction: m.direction, baseline: m.baseline, tokensPerDeltaOne: m.tokensPerDeltaOne,
                                    contributorShareBps: m.contributorShareBps, spec: m.spec, specJSON: m.specJSON, specHash: m.specHash, ownerKey: m.ownerKey,
                                    createdMs: t, updatedMs: t)
        for tag in m.tags { model.tags.set(tag) }
        applyTokenTags(m.tags, to: &model)
        entries[m.name] = Entry(model: model)
        return view(entries[m.name]!)
    }

    public func model(_ name: String) async throws -> RegisteredModel { view(try entry(name)) }

    public func model(ticker: String) async throws -> RegisteredModel {
        guard let e = entries.values.first(where: { $0.model.ticker == ticker }) else { throw StoreError(.notFound, "no model with ticker \(ticker)") }
        return view(e)
    }

    public func models() async throws -> [RegisteredModel] { entries.keys.sorted().map { view(entries[$0]!) } }

    public func updateModel(_ name: String, _ changes: ModelChanges) async throws -> RegisteredModel {
        var e = try entry(name)
        if let d = changes.description { e.model.description = d }
        if let c = changes.category { e.model.category = c }
        if let b = changes.baseline { e.model.baseline = b }
        if let l = changes.license { e.model.license = l }
        if let t = changes.ticker {
            try RegistryRules.checkTicker(t)
            if let other = entries.values.first(where: { $0.model.ticker == t && $0.model.name != name }) {
                throw StoreError(.alreadyExists, "the ticker \(t) belongs to model '\(other.model.name)'; choose another")
            }
            e.model.ticker = t
        }
        e.model.updatedMs = now()
        entries[name] = e
        return view(e)
    }

    public func setModelTag(_ name: String, _ tag: KeyValue) async throws {
        var e = try entry(name)
        e.model.tags.set(tag)
        applyTokenTags([tag], to: &e.model)
        e.model.updatedMs = now()
        entries[name] = e
    }

    public func deleteModelTag(_ name: String, key: String) async throws { entries[name]?.model.tags.removeAll { $0.key == key } }

    public func deleteModel(_ name: String) async throws {
        _ = try entry(name)
        let n = try await contributionCount(name)
        guard n == 0 else {
            throw StoreError(.invalid, "model '\(name)' has \(n) contribution(s) whose reports and attestations must be kept; it cannot be deleted")
        }
        entries[name] = nil
    }

    public func renameModel(_ name: String, to newName: String) async throws -> RegisteredModel {
        guard !newName.isEmpty else { throw StoreError(.invalid, "the new name must not be empty") }
        var e = try entry(name)
        guard entries[newName] == nil else { throw StoreError(.alreadyExists, "registered model '\(newName)' already exists") }
        let n = try await contributionCount(name)
        guard n == 0 else {
            throw StoreError(.invalid, "model '\(name)' has \(n) contribution(s) whose reports and attestations name it; it cannot be renamed")
        }
        e.model.name = newName
        e.model.updatedMs = now()
        for k in e.versions.keys { e.versions[k]!.modelName = newName }
        for k in e.lineage.keys { e.lineage[k]!.modelName = newName }
        entries[name] = nil
        entries[newName] = e
        return view(e)
    }
}
