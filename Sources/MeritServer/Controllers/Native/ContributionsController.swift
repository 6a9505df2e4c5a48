import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import MeritBase
import MeritCore
import MeritData
import MeritEthereum
import MeritEval
import MeritStore

/// A contribution as the API shows it.
struct NativeContribution: Encodable {
    var id: String
    var model: String
    var state: String
    var file: String
    var size: Int64
    var sha256: String
    var contributors: [String]
    var attempts: Int
    /// The worker that last claimed the job (host-pid-random).
    var worker: String?
    var error: String?
    var created_ms: Int64
    var updated_ms: Int64
    /// The upload itself; readable by its contributor, the model's owner and admins.
    var file_url: String
    var report_url: String?
    var attestation_url: String?

    init(_ c: Contribution) {
        id = c.id; model = c.modelName; state = c.state.rawValue; file = c.fileName; size = c.size; sha256 = c.sha256
        contributors = c.contributors.map(\.description); attempts = c.attempts; worker = c.claimedBy; error = c.error
        created_ms = c.createdMs; updated_ms = c.updatedMs
        file_url = "/api/v1/contributions/\(c.id)/file"
        report_url = c.reportJSON == nil ? nil : "/api/v1/contributions/\(c.id)/report"
        attestation_url = c.attestationJSON == nil ? nil : "/api/v1/contributions/\(c.id)/attestation"
    }
}

/// Contributions (jobs), reports, attestations and proofs.
struct ContributionsController: Controller {
    let s: Services

    var data: StoredData { StoredData(artifacts: s.artifacts) }

    func register(on routes: GuardedRoutes) {
        routes.on(.post, "models/{name}/contributions", .role(.contributor)) { try await self.submit($0, $1) }
        routes.on(.get, "models/{name}/contributions", .read) { try await self.listForModel($0, $1) }
        routes.on(.get, "jobs", .read) { try await self.listJobs($0, $1) }
        routes.on(.get, "contributions/{id}", .read) { try await self.getContribution($0, $1) }
        routes.on(.get, "contributions/{id}/file", .upload) { try await self.downloadUpload($0, $1) }
        for suffix in ["report", "attestation"] {
            routes.on(.get, "contributions/{id}/\(suffix)", .read) { try await self.document($0, $1, suffix: suffix) }
        }
        routes.on(.post, "attestations/verify", .read) { try await self.verifyAttestation($0, $1) }
        // By record hash, anyone who may read learns only whether a record they already hold is in the
        // contribution; by index, the proof hands out a record's hash, so only those who may read the
        // upload may ask.
        routes.on(.get, "contributions/{id}/proof", .read) { try await self.proof($0, $1) }

    }

    func submit(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        let model = try await s.registry.model(name)
        let key = try Self.idempotencyKey(req)
        let contributors: [Contributor]
        do { contributors = try Contributor.list(req.uri.queryParameters.getAll("contributor").map { String($0) }) } catch {
            throw APIError.bad("give the payees as ?contributor=0xADDRESS[:BPS] (repeat for several; weights total 10000): \(error)")
        }
        let file = try StoredData.fileName(req, "contribution.csv")
        // Refused before anything is stored or queued: what can never be evaluated, and payees the owner did not allow.
        guard let spec = model.spec else {
            throw APIError(status: .conflict, code: "not_evaluable", message: "model '\(name)' was registered through MLflow without a spec, so Merit cannot evaluate contributions to it; its owner creates an evaluable model with POST /api/v1/models and a spec")
        }
        if let access = spec.access, let refused = access.firstRefused(contributors) {
            throw APIError.forbidden("model '\(name)' takes contributions only from the accounts its owner allowed (access.contributors in its spec), and \(refused.checksummed) is not one of them; ask the owner to add it")
        }
        let registered = try await s.jobs.modelData(name)
        let missing = [DataRole.base, .benchmark].filter { registered[$0] == nil }.map(\.rawValue)
        if !missing.isEmpty {
            throw APIError(status: .conflict, code: "not_evaluable", message: "model '\(name)' has no \(missing.joined(separator: " or ")) data yet, so no contribution can be evaluated; its owner registers it with PUT /api/v1/models/\(name)/data/\(missing[0]) first")
        }
        let blob = try await s.artifacts.putBlob(body: req.body)
        let upload = data.file(sha256: blob.sha256, fileName: file)
        do { try await StoredData.offPool { try DatasetLoader(spec: spec).preflight(upload) } } catch let e as DataError {
            throw APIError(status: .unprocessableContent, code: e.code.rawValue, message: e.description + "; nothing was queued")
        }
        let (c, created) = try await s.jobs.submit(model: name, idempotencyKey: key, submittedBy: ctx.identity?.keyId ?? "", contributors: contributors,
                                                   sha256: blob.sha256, fileName: file, size: blob.size)
        if created { Doorbell.jobs.ring() }

        // IETF Idempotency-Key draft: a key reused for a different request is a conflict, never a replay.
        if !created, c.sha256 != blob.sha256 || c.fileName != file || c.contributors != contributors {
            throw APIError(status: .conflict, code: "idempotency_key_reused",
                           message: "this Idempotency-Key was already used by your API key for a different upload to model '\(name)' (contribution \(c.id)); send a new key for a new upload, or repeat the same file, ?file= and ?contributor= to get the first response again")
        }
        var r = try JSONResponse.encode(["contribution": NativeContribution(c)], context: ctx, status: created ? .accepted : .ok)
        r.headers[.location] = "/api/v1/contributions/\(c.id)"
        return r
    }

    func listForModel(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        return try JSONResponse.encode(["contributions": try await s.jobs.contributions(model: name, state: nil).map(NativeContribution.init)], context: ctx)
    }

    func listJobs(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let stateText = req.uri.queryParameters.get("state")
        let state = stateText.flatMap(JobState.init)
        if stateText != nil, state == nil {
            throw APIError.bad("state must be one of queued, running, done, rejected, failed")
        }
        return try JSONResponse.encode(["jobs": try await s.jobs.contributions(model: nil, state: state).map(NativeContribution.init)], context: ctx)
    }

    /// `?wait=SECONDS` (up to 60) answers when the job has ended (done, rejected or failed) or the time is up,
    /// whichever is first, so that a client waits without polling: within about 10 ms of the end when the
    /// job ran in this process, within 250 ms when a worker elsewhere ran it.
    func getContribution(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try ctx.param("id")
        var c = try await s.jobs.contribution(id)
        if let text = req.uri.queryParameters.get("wait") {
            guard let seconds = Double(text), seconds >= 0, seconds <= 60 else {
                throw APIError.bad("wait must be a number of seconds from 0 to 60, got '\(text.prefix(20))'")
            }
            let clock = ContinuousClock(), deadline = clock.now + .milliseconds(Int(seconds * 1000))
            while c.state == .queued || c.state == .running, clock.now < deadline {
                await Doorbell.finished.wait(upTo: min(.milliseconds(250), deadline - clock.now))
                c = try await s.jobs.contribution(id)
            }
        }
        return try JSONResponse.encode(["contribution": NativeContribution(c)], context: ctx)
    }

    func downloadUpload(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try ctx.param("id")
        let c = try await s.jobs.contribution(id)
        let model = try await s.registry.model(c.modelName)
        try s.policy.checkUploadRead(c, of: model, ctx)
        return FileResponse.download(s.artifacts.file(sha256: c.sha256), size: c.size, name: c.fileName)
    }

    func document(_ req: Request, _ ctx: AppContext, suffix: String) async throws -> Response {
        let id = try ctx.param("id")
        let c = try await s.jobs.contribution(id)
        guard let text = suffix == "report" ? c.reportJSON : c.attestationJSON else {
            throw APIError(status: .notFound, code: "not_ready", message: "contribution \(id) is \(c.state.rawValue); it has no \(suffix)" + (c.state == .queued || c.state == .running ? " yet" : ""))
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func verifyAttestation(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let q = req.uri.queryParameters
        let signers: [Address]?
        do { signers = try q.get("signers").map { try $0.split(separator: ",", omittingEmptySubsequences: false).map { try Address(hex: String($0)) } } } catch {
            throw APIError.bad("signers must be comma-separated 0x addresses: \(error)")
        }
        if let signers, signers.isEmpty { throw APIError.bad("signers is empty; leave it out to accept any signer") }
        var threshold = signers?.count ?? 1
        if let t = q.get("threshold") {
            guard let n = Int(t), n >= 1 else { throw APIError.bad("threshold must be a whole number of signatures, at least 1") }
            threshold = n
        }
        let buffer = try await req.body.collect(upTo: 4 << 20)
        let file: AttestationFile
        do { file = try AttestationFile(json: JSONValue.parse(buffer.readableBytesView, name: "attestation"), name: "attestation") } catch let e as JSONError {
            return try JSONResponse.encode(VerifyResult(ok: false, problem: e.description), context: ctx)
        } catch let e as EthereumError {
            return try JSONResponse.encode(VerifyResult(ok: false, problem: e.description), context: ctx)
        }
        let v = try file.verify(allowed: signers, threshold: threshold)
        return try JSONResponse.encode(VerifyResult(ok: v.ok, digest: v.digest.hex, valid_signers: v.validSigners.map(\.checksummed), threshold: threshold,
                                                    problem: v.ok ? nil : v.problems.joined(separator: "; ")), context: ctx)
    }

    func proof(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try ctx.param("id")
        let c = try await s.jobs.contribution(id)
        let model = try await s.registry.model(c.modelName)
        guard let spec = model.spec else { throw APIError.bad("the model has no spec") }
        let wanted = req.uri.queryParameters.get("record_hash").flatMap(Bytes32.init(hex:))
        let index = req.uri.queryParameters.get("record", as: Int.self)
        guard wanted != nil || index != nil else { throw APIError.bad("give ?record_hash=0x… or ?record=N") }
        if index != nil { try s.policy.checkUploadRead(c, of: model, ctx) }
        let hashes = try await data.load(sha256: c.sha256, fileName: c.fileName, spec: spec).recordHashes
        guard let i = index ?? wanted.flatMap({ hashes.firstIndex(of: $0) }), i >= 0, i < hashes.count else {
            throw APIError(status: .notFound, code: "not_found", message: "that record is not in contribution \(id)")
        }
        return try JSONResponse.encode(InclusionProof(recordHashes: hashes, index: i), context: ctx)
    }

    /// The `Idempotency-Key` header: nil when absent; a 400 when empty or longer than 255 characters.
    static func idempotencyKey(_ req: Request) throws -> String? {
        let name = HTTPField.Name("Idempotency-Key")!
        let values = req.headers[values: name]
        guard let key = values.first else { return nil }
        guard values.count == 1 else { throw APIError.bad("send one Idempotency-Key header, not \(values.count)") }
        guard !key.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError.bad("the Idempotency-Key header is empty; send a unique key (a UUID, say) or leave the header out")
        }
        guard key.utf8.count <= 255 else { throw APIError.bad("the Idempotency-Key header is longer than 255 characters; use a UUID") }
        return key
    }
}


struct VerifyResult: Encodable {
    var ok: Bool
    var digest: String? = nil
    var valid_signers: [String]? = nil
    var threshold: Int? = nil
    var problem: String?
}
