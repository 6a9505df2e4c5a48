import Foundation
import Hummingbird
import MeritCore
import MeritEthereum
import MeritData
import MeritStore
import MeritToken

/// A model as the native API shows it.
struct NativeModel: Encodable {
    struct Metric: Encodable { var name: String?; var direction: String? }
    struct Token: Encodable { var tokens_per_delta_one: Int64?; var contributor_share_bps: Int? }
    /// Where the model stands as a token, and what to fix.
    struct TokenStatusBody: Encodable { var state: String; var reasons: [String] }
    var name: String
    var token_id: String?
    var ticker: String?
    var token_status: TokenStatusBody
    var description: String
    var category: String?
    var license: String?
    var metric: Metric
    var baseline: Double?
    var token: Token
    var spec_hash: String?
    var tags: [String: String]
    var aliases: [String: Int]
    var created_ms: Int64
    var updated_ms: Int64

    init(_ m: RegisteredModel) {
        name = m.name; token_id = m.tokenId; ticker = m.ticker; description = m.description; category = m.category; license = m.license?.rawValue
        metric = Metric(name: m.metric?.rawValue, direction: m.direction?.rawValue); baseline = m.baseline
        token = Token(tokens_per_delta_one: m.tokensPerDeltaOne, contributor_share_bps: m.contributorShareBps)
        spec_hash = m.specHash
        let status = m.tokenStatus
        token_status = TokenStatusBody(state: status.state, reasons: status.reasons)
        tags = Dictionary(m.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        aliases = Dictionary(m.aliases.map { ($0.alias, $0.version) }, uniquingKeysWith: { a, _ in a })
        created_ms = m.createdMs; updated_ms = m.updatedMs
    }
}

/// A version as the native API shows it.
struct NativeVersion: Encodable {
    struct Dataset: Encodable { var role: String; var root: String; var records: Int64 }
    var model: String
    var version: Int
    var semver: String?
    var stage: String
    var aliases: [String]
    var parent_version: Int?
    var datasets: [Dataset]
    var source: String
    var run_id: String?
    var description: String
    var created_ms: Int64

    init(_ v: ModelVersion) {
        model = v.modelName; version = v.version; semver = v.semver; stage = Self.nativeStage(v.stage); aliases = v.aliases
        parent_version = v.parentVersion; datasets = v.datasets.map { Dataset(role: $0.role, root: $0.root, records: $0.records) }
        source = v.source; run_id = v.runId; description = v.description; created_ms = v.createdMs
    }

    /// MLflow's None/Staging/Production/Archived as dev/staging/production/archived.
    static func nativeStage(_ s: String) -> String { s == "None" ? "dev" : s.lowercased() }
    static func mlflowStage(_ s: String) -> String? {
        switch s.lowercased() {
        case "dev", "none": "None"
        case "staging": "Staging"
        case "production": "Production"
        case "archived": "Archived"
        default: nil
        }
    }
}

/// One version in a model's lineage as the native API shows it.
struct NativeLineageEntry: Encodable {
    struct Metric: Encodable { var name: String?; var value: Double; var interval_95: [Double] }
    struct Training: Encodable { var root: String; var records: Int64; var consistency_proof: [String] }
    var version: Int
    var parent_version: Int?
    var stage: String?
    var head: Bool
    var metric: Metric
    var delta_one_bps: Int
    var delta_ones: Double
    var contributors: [String]
    var contribution_id: String?
    var training: Training
    var model_hash: String?
    var report_digest: String
    var attestation_digest: String?
    var source: String?
    var created_ms: Int64
}

/// The native API under /api/v1.
struct ModelsController: Controller {
    /// `PATCH models/{name}`: the fields to change.
    struct UpdateModel: Decodable { var description: String?; var category: String?; var baseline: Double?; var license: String?; var ticker: String? }
    /// A dataset of a version's lineage.
    struct Dataset: Decodable { var role: String?; var root: String?; var records: Int64? }
    /// `POST models/{name}/versions`.
    struct CreateVersion: Decodable { var semver: String?; var parent_version: Int?; var description: String?; var source: String?; var datasets: [Dataset]? }
    /// `POST …/versions/{v}/stage`.
    struct MoveStage: Decodable { var stage: String? }
    /// `PUT …/aliases/{alias}`.
    struct SetAlias: Decodable { var version: Int? }

    let s: Services

    func register(on routes: GuardedRoutes) {
        routes.on(.get, "models", .read) { try await self.listModels($0, $1) }
        routes.on(.post, "models", .role(.owner)) { try await self.createModel($0, $1) }
        routes.on(.get, "models/{name}", .read) { try await self.getModel($0, $1) }
        routes.on(.patch, "models/{name}", .role(.owner)) { try await self.updateModel($0, $1) }
        routes.on(.delete, "models/{name}", .role(.owner)) { try await self.deleteModel($0, $1) }
        routes.on(.get, "models/{name}/versions", .read) { try await self.listVersions($0, $1) }
        routes.on(.post, "models/{name}/versions", .role(.owner)) { try await self.createVersion($0, $1) }
        routes.on(.get, "models/{name}/versions/{version}", .read) { try await self.getVersion($0, $1) }
        routes.on(.post, "models/{name}/versions/{version}/stage", .role(.owner)) { try await self.moveStage($0, $1) }
        routes.on(.put, "models/{name}/aliases/{alias}", .role(.owner)) { try await self.setAlias($0, $1) }
        routes.on(.post, "models/{name}/rollback", .role(.owner)) { try await self.rollback($0, $1) }
        routes.on(.get, "models/{name}/lineage", .read) { try await self.lineage($0, $1) }
        routes.on(.get, "models/{name}/spec", .read) { try await self.spec($0, $1) }
        // By record hash only: the caller learns whether a record it already holds was trained on.
        routes.on(.get, "models/{name}/versions/{version}/proof", .read) { try await self.versionProof($0, $1) }
        routes.on(.get, "models/{name}/versions/{version}/attestation", .read) { try await self.versionAttestation($0, $1) }

    }

    func listModels(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let q = req.uri.queryParameters
        var models = try await s.registry.models()
        if let t = q.get("ticker") { models = models.filter { $0.ticker == t.uppercased() } }
        if let t = q.get("token_id") { models = models.filter { $0.tokenId == t } }
        if let text = q.get("q")?.lowercased() {
            models = models.filter { $0.name.lowercased().contains(text) || $0.description.lowercased().contains(text) || ($0.ticker?.lowercased().contains(text) ?? false)
                || ($0.tokenId?.lowercased().contains(text) ?? false) }
        }
        if let c = q.get("category") { models = models.filter { $0.category == c } }
        return try JSONResponse.encode(["models": models.map(NativeModel.init)], context: ctx)
    }

    func createModel(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let buffer = try await req.body.collect(upTo: 1 << 20)
        var spec: ModelSpec
        do { spec = try ModelSpec.parse(Data(buffer.readableBytesView), fileName: "request body") } catch {
            throw APIError.bad("\(error)")
        }
        // `?preset=growth` fills the token settings the spec leaves unset (a preset in the spec wins).
        if let name = req.uri.queryParameters.get("preset") {
            guard let preset = TokenSettings.Preset(rawValue: name) else {
                throw APIError.bad("preset must be one of \(TokenSettings.Preset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if spec.token.preset == nil { spec.token.preset = preset }
        }
        // The token's terms are checked before anything is created: a bad value names its field.
        let genesis: LedgerRequest?
        do { genesis = try TokenMinting.genesis(spec) } catch { throw APIError(status: .unprocessableContent, code: "invalid_setting", message: "\(error)") }
        var m = NewModel(name: spec.name)
        m.ticker = spec.ticker; m.description = spec.description; m.category = spec.category; m.license = spec.license
        m.metric = spec.metric.name; m.direction = spec.metric.direction; m.baseline = spec.baseline
        m.tokensPerDeltaOne = Int64(spec.token.tokensPerDeltaOne); m.contributorShareBps = spec.token.contributorShareBps
        m.spec = spec
        m.ownerKey = ctx.identity?.keyId
        m.tags = spec.tags.map { KeyValue("tag." + $0, "true") } + [KeyValue("hokusai_token_id", spec.ticker)]
        let created = try await s.registry.createModel(m)
        // The token is born with the model when the spec names who receives its initial supply.
        if let genesis, try await s.ledger.state(spec.ticker).count == 0 {
            _ = try await s.ledger.submit(spec.ticker, genesis, time: UInt64(max(0, Date().timeIntervalSince1970)))
        }
        return try JSONResponse.encode(["model": NativeModel(created)], context: ctx, status: .created)
    }

    func getModel(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        return try JSONResponse.encode(["model": NativeModel(try await s.registry.model(name))], context: ctx)
    }

    func updateModel(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        _ = try await s.ownedModel(name, ctx)
        let body = try await NativeBody.decode(UpdateModel.self, req, ctx)
        let (description, category, baseline, license) = (body.description, body.category, body.baseline, body.license)
        if let license, ModelSpec.License(rawValue: license) == nil {
            throw APIError.bad("license must be one of \(ModelSpec.License.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let baseline, !baseline.isFinite { throw APIError.bad("baseline must be a finite number") }
        if let baseline {
            // The same range rule as a spec's: a bounded metric's baseline lies in [0, 1], and so on.
            let current = try await s.registry.model(name)
            if var spec = current.spec {
                spec.baseline = baseline
                do { try spec.validate(fileName: "request body") } catch { throw APIError.bad("\(error)") }
            }
        }
        let m = try await s.registry.updateModel(name, ModelChanges(description: description, category: category, baseline: baseline,
                                                                     license: license.flatMap(ModelSpec.License.init(rawValue:)), ticker: body.ticker))

        return try JSONResponse.encode(["model": NativeModel(m)], context: ctx)
    }

    func deleteModel(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        _ = try await s.ownedModel(name, ctx)
        try await s.registry.deleteModel(name)
        return Response(status: .noContent)
    }

    func listVersions(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        _ = try await s.registry.model(name)
        return try JSONResponse.encode(["versions": try await s.registry.versions(name).map(NativeVersion.init)], context: ctx)
    }

    func createVersion(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        _ = try await s.ownedModel(name, ctx)
        let body = try await NativeBody.decode(CreateVersion.self, req, ctx)
        var v = NewVersion()
        if let semver = body.semver {
            let parts = semver.split(separator: ".")
            guard parts.count == 3, parts.allSatisfy({ Int($0) != nil }) else { throw APIError.bad("semver must be MAJOR.MINOR.PATCH, e.g. 1.2.0") }
            v.semver = semver
        }
        v.parentVersion = body.parent_version
        v.description = body.description ?? ""
        v.source = body.source ?? ""
        for d in body.datasets ?? [] {
            guard let role = d.role, let root = d.root, root.count == 66, root.hasPrefix("0x") else {
                throw APIError.bad("each dataset needs a role and a root (0x and 64 hex digits)")
            }
            guard (d.records ?? 0) >= 0 else { throw APIError.bad("a dataset's records must be a whole number, at least 0") }
            v.datasets.append((role, root.lowercased(), d.records ?? 0))
        }
        let created = try await s.registry.createVersion(name, v)
        return try JSONResponse.encode(["version": NativeVersion(created)], context: ctx, status: .created)
    }

    func getVersion(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        guard let version = Int(try ctx.param("version")) else { throw APIError.bad("the version must be a whole number") }
        return try JSONResponse.encode(["version": NativeVersion(try await s.registry.version(name, version))], context: ctx)
    }

    func moveStage(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        guard let version = Int(try ctx.param("version")) else { throw APIError.bad("the version must be a whole number") }
        _ = try await s.ownedModel(name, ctx)
        guard let stage = try await NativeBody.decode(MoveStage.self, req, ctx).stage.flatMap(NativeVersion.mlflowStage) else {
            throw APIError.bad("stage must be dev, staging, production or archived")
        }
        let v = try await s.registry.transition(name, version, to: stage, archiveExisting: stage == "Production")
        return try JSONResponse.encode(["version": NativeVersion(v)], context: ctx)
    }

    func setAlias(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name"), alias = try ctx.param("alias")
        _ = try await s.ownedModel(name, ctx)
        guard let version = try await NativeBody.decode(SetAlias.self, req, ctx).version, version >= 1 else { throw APIError.bad("give {\"version\": N} with N ≥ 1") }
        try await s.registry.setAlias(name, alias: alias, version: version)
        return try JSONResponse.encode(["version": NativeVersion(try await s.registry.version(name, version))], context: ctx)
    }

    /// `GET /api/v1/models/{name}/spec`: the spec the model was created from (canonical JSON), so a client
    /// can type and hash rows as Merit does.
    func spec(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        guard let spec = try await s.registry.model(name).spec else {
            throw APIError.notFound("model '\(name)' was registered through MLflow and has no spec")
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: spec.canonicalJSON())))
    }

    /// `GET /api/v1/models/{name}/versions/{version}/proof?record_hash=0x…`: the inclusion proof of a record
    /// in the training set of a version Merit trained, against that version's training root; 404 when the
    /// record is not in it (a rejected row included). The server never needs the row itself.
    func versionProof(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        guard let version = Int(try ctx.param("version")) else { throw APIError.bad("the version must be a whole number") }
        guard let text = req.uri.queryParameters.get("record_hash"), let hash = Bytes32(hex: text) else {
            throw APIError.bad("give ?record_hash=0x… (the record's keccak256 hash, 32 bytes; `merit prove --server` computes it from the row)")
        }
        guard let spec = try await s.registry.model(name).spec else { throw APIError.notFound("model '\(name)' has no spec, so no version trained by Merit") }
        let lineage = try await s.registry.lineage(name)
        guard let entry = lineage.first(where: { $0.version == version }) else {
            throw APIError.notFound("version \(version) of '\(name)' was not trained by Merit; membership proofs cover the versions in GET /api/v1/models/{name}/lineage")
        }
        let index = try await s.versions.indexed(name, spec: spec, entry: entry, lineage: lineage)
        let n = Int(entry.trainingRecords)
        let proof: InclusionProof? = try await StoredData.offPool {
            let leaf = Merkle.leaf(hash)
            guard let position = try index.position(of: leaf, within: n) else { return nil }
            let path = try index.inclusionProof(index: position, count: n)
            return InclusionProof(root: try index.root(count: n), records: n, index: position, recordHash: hash, leaf: leaf, proof: path)
        }
        guard var proof else {
            throw APIError(status: .notFound, code: "not_included", message: "that record is not in version \(version)'s training data")
        }
        guard proof.root.hex == entry.trainingRoot else {
            throw APIError(status: .internalServerError, code: "index_mismatch", message: "the proof index of '\(name)' disagrees with version \(version)'s training root; the server's log says more")
        }
        if let digest = entry.attestationDigest.flatMap(Bytes32.init(hex:)) { 
            // Version 1's own record signs `trainingRoot`; a later version's DeltaOne attestation `data.trainingRoot`.
            proof.attestation = digest; proof.attestedAs = entry.contributionId == nil ? "trainingRoot" : "data.trainingRoot"
        }
        return try JSONResponse.encode(proof, context: ctx)
    }

    /// `GET /api/v1/models/{name}/versions/{version}/attestation`: what the attesters signed about a version
    /// Merit trained: version 1's own record (`ModelVersion`), or the DeltaOne attestation of the
    /// contribution that made a later one. Both sign the version's training root.
    func versionAttestation(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        guard let version = Int(try ctx.param("version")) else { throw APIError.bad("the version must be a whole number") }
        guard let spec = try await s.registry.model(name).spec else { throw APIError.notFound("model '\(name)' has no spec, so no version trained by Merit") }
        guard let entry = try await s.registry.lineage(name).first(where: { $0.version == version }) else {
            throw APIError.notFound("version \(version) of '\(name)' was not trained by Merit; see GET /api/v1/models/{name}/lineage")
        }
        let text: String
        if let id = entry.contributionId {
            guard let stored = try await s.jobs.contribution(id).attestationJSON else {
                throw APIError(status: .notFound, code: "not_signed", message: "version \(version) of '\(name)' was made by contribution \(id), which has no attestation (the server signs nothing)")
            }
            text = stored
        } else {
            guard let file = try await s.versions.versionAttestation(spec: spec, entry: entry) else {
                throw APIError(status: .notFound, code: "not_signed", message: "version \(version) of '\(name)' has no signed record (it was trained before version records existed)")
            }
            text = try file.json.serialized()
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// `GET /api/v1/models/{name}/lineage`: every Merit-trained version, oldest first, with its parent,
    /// metric and interval, DeltaOnes, contributors, roots and digests.
    func lineage(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        let model = try await s.registry.model(name)
        let entries = try await s.registry.lineage(name)
        let head = try await s.registry.head(name)?.version
        var versions: [Int: ModelVersion] = [:]
        for v in try await s.registry.versions(name) { versions[v.version] = v }
        struct Body: Encodable { var model: String; var head: Int?; var metric: String?; var direction: String?; var versions: [NativeLineageEntry] }
        return try JSONResponse.encode(Body(model: name, head: head, metric: model.metric?.rawValue, direction: model.direction?.rawValue, versions: entries.map { e in
            NativeLineageEntry(version: e.version, parent_version: e.parentVersion, stage: versions[e.version].map { NativeVersion.nativeStage($0.stage) }, head: e.version == head,
                               metric: .init(name: model.metric?.rawValue, value: e.metric, interval_95: [e.metricLow, e.metricHigh]),
                               delta_one_bps: e.deltaOneBps, delta_ones: Double(e.deltaOneBps) / 100, contributors: e.contributors.map(\.description),
                               contribution_id: e.contributionId, training: .init(root: e.trainingRoot, records: e.trainingRecords, consistency_proof: e.consistencyProof),
                               model_hash: e.modelHash, report_digest: e.reportDigest, attestation_digest: e.attestationDigest,
                               source: versions[e.version]?.source, created_ms: e.createdMs)
        }), context: ctx)
    }

    func rollback(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        _ = try await s.ownedModel(name, ctx)
        let v = try await s.registry.rollback(name)
        return try JSONResponse.encode(["version": NativeVersion(v)], context: ctx)
    }
}

