import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
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
    var report_url: String?
    var attestation_url: String?

    init(_ c: ContributionRecord) {
        id = c.id; model = c.modelName; state = c.state.rawValue; file = c.fileName; size = c.size; sha256 = c.sha256
        contributors = c.contributors.split(separator: ",").map(String.init); attempts = c.attempts; worker = c.claimedBy; error = c.error
        created_ms = c.createdMs; updated_ms = c.updatedMs
        report_url = c.reportJSON == nil ? nil : "/api/v1/contributions/\(c.id)/report"
        attestation_url = c.attestationJSON == nil ? nil : "/api/v1/contributions/\(c.id)/attestation"
    }
}

extension Routes {
    /// Model data, contributions (jobs), reports, attestations and proofs.
    func addContributions(_ s: Services) {
        let v1 = "/api/v1"
        let policy = self.policy

        @Sendable func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { cont in DispatchQueue.global().async { cont.resume(with: Result { try work() }) } }
        }
        /// Loads a stored file as a dataset with the model's spec. The loader tells CSV from JSONL by the
        /// file's extension, so the blob is linked under its name in a scratch folder.
        @Sendable func loadDataset(sha256: String, fileName: String, specJSON: String) async throws -> LoadedDataset {
            let blob = s.artifacts.file(sha256: sha256)
            return try await offPool {
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-load-\(randomHexID())")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: dir) }
                let link = dir.appendingPathComponent(fileName)
                try FileManager.default.createSymbolicLink(at: link, withDestinationURL: blob)
                let spec = try ModelSpec.parse(Data(specJSON.utf8), fileName: "spec")
                return try DatasetLoader(spec: spec).load(path: link.path, displayName: fileName)
            }
        }
        @Sendable func fileName(_ req: Request, _ fallback: String) throws -> String {
            let name = req.uri.queryParameters.get("file") ?? fallback
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."),
                  name.hasSuffix(".csv") || name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") else {
                throw APIError.bad("?file= must be a plain file name ending in .csv or .jsonl")
            }
            return name
        }

        add(.put, "\(v1)/models/{name}/data/{role}", .role(.owner), mlflow: false) { req, ctx in
            let name = try ctx.param("name"), role = try ctx.param("role")
            guard role == "base" || role == "benchmark" else { throw APIError.bad("the role is base or benchmark") }
            let model = try await native { try await s.registry.model(name) }
            try policy.checkOwner(of: model, ctx, mlflowShape: false)
            guard let specJSON = model.specJSON else { throw APIError.bad("model '\(name)' has no spec; create it with POST /api/v1/models") }
            let file = try fileName(req, role + ".csv")
            let entry = try await native { try await s.artifacts.put(path: "models/\(name)/data/\(role)/\(file)", body: req.body) }
            let fp: Fingerprint
            do { fp = try await loadDataset(sha256: entry.sha256, fileName: file, specJSON: specJSON).fingerprint } catch {
                // The file was stored (content-addressed) but is not registered: the model's data is unchanged.
                throw APIError.bad("\(file) is not a usable \(role) dataset for this model: \(error)")
            }
            try await native {
                try await s.jobs.setModelData(ModelDataRecord(modelName: name, role: role, sha256: entry.sha256, fileName: file, root: fp.root.hex, records: Int64(fp.records)))
            }
            return try JSONResponse.encode(["data": ["role": role, "file": file, "sha256": entry.sha256, "root": fp.root.hex, "records": String(fp.records)]], context: ctx)
        }
        add(.get, "\(v1)/models/{name}/data", .read, mlflow: false) { _, ctx in
            let name = try ctx.param("name")
            let data = try await native { try await s.jobs.modelData(name) }
            return try JSONResponse.encode(["data": data.values.sorted { $0.role < $1.role }.map {
                ["role": $0.role, "file": $0.fileName, "sha256": $0.sha256, "root": $0.root, "records": String($0.records)]
            }], context: ctx)
        }
        add(.post, "\(v1)/models/{name}/contributions", .role(.contributor), mlflow: false) { req, ctx in
            let name = try ctx.param("name")
            _ = try await native { try await s.registry.model(name) }
            let key = req.headers[HTTPField.Name("Idempotency-Key")!]
            if let key, let existing = try await s.jobs.contributionId(model: name, idempotencyKey: key) {
                return try JSONResponse.encode(["contribution": NativeContribution(try await s.jobs.contribution(existing))], context: ctx)
            }
            let payees = req.uri.queryParameters.getAll("contributor").map { String($0) }
            do { _ = try DeltaOneAttestation.Contributor.resolve(payees.map(DeltaOneAttestation.Contributor.parse)) } catch {
                throw APIError.bad("give the payees as ?contributor=0xADDRESS[:BPS] (repeat for several; weights total 10000): \(error)")
            }
            let file = try fileName(req, "contribution.csv")
            let entry = try await native { try await s.artifacts.put(path: "contributions/\(name)/\(randomHexID())/\(file)", body: req.body) }
            let (c, created) = try await native {
                try await s.jobs.submit(model: name, idempotencyKey: key, submittedBy: ctx.identity?.keyId ?? "", contributors: payees.joined(separator: ","),
                                        sha256: entry.sha256, fileName: file, size: entry.size)
            }
            var r = try JSONResponse.encode(["contribution": NativeContribution(c)], context: ctx, status: created ? .accepted : .ok)
            r.headers[.location] = "/api/v1/contributions/\(c.id)"
            return r
        }
        add(.get, "\(v1)/models/{name}/contributions", .read, mlflow: false) { _, ctx in
            let name = try ctx.param("name")
            return try await native { try JSONResponse.encode(["contributions": try await s.jobs.contributions(model: name, state: nil).map(NativeContribution.init)], context: ctx) }
        }
        add(.get, "\(v1)/jobs", .read, mlflow: false) { req, ctx in
            let stateText = req.uri.queryParameters.get("state")
            let state = stateText.flatMap(ContributionRecord.State.init)
            if let stateText, state == nil {
                throw APIError.bad("state must be one of queued, running, done, rejected, failed (not '\(stateText)')")
            }
            return try await native { try JSONResponse.encode(["jobs": try await s.jobs.contributions(model: nil, state: state).map(NativeContribution.init)], context: ctx) }
        }
        add(.get, "\(v1)/contributions/{id}", .read, mlflow: false) { _, ctx in
            let id = try ctx.param("id")
            return try await native { try JSONResponse.encode(["contribution": NativeContribution(try await s.jobs.contribution(id))], context: ctx) }
        }
        for suffix in ["report", "attestation"] {
            add(.get, "\(v1)/contributions/{id}/\(suffix)", .read, mlflow: false) { _, ctx in
                let id = try ctx.param("id")
                let c = try await native { try await s.jobs.contribution(id) }
                guard let text = suffix == "report" ? c.reportJSON : c.attestationJSON else {
                    throw APIError(status: .notFound, code: "not_ready", message: "contribution \(id) is \(c.state.rawValue); it has no \(suffix)" + (c.state == .queued || c.state == .running ? " yet" : ""))
                }
                return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
            }
        }
        add(.post, "\(v1)/attestations/verify", .read, mlflow: false) { req, ctx in
            let q = req.uri.queryParameters
            let signers: [Address]?
            do { signers = try q.get("signers").map { try $0.split(separator: ",", omittingEmptySubsequences: false).map { try Address(hex: String($0)) } } } catch {
                throw APIError.bad("signers must be comma-separated 0x addresses: \(error)")
            }
            if let signers, signers.isEmpty { throw APIError.bad("signers is empty; leave it out to accept any signer") }
            var threshold = signers?.count ?? 1
            if let t = q.get("threshold") {
                guard let n = Int(t), n >= 1 else { throw APIError.bad("threshold must be a whole number of signatures, at least 1 (got '\(t)')") }
                threshold = n
            }
            let buffer = try await req.body.collect(upTo: 4 << 20)
            let file: AttestationFile
            do { file = try AttestationFile(json: JSONValue.parse(buffer.readableBytesView, name: "attestation"), name: "attestation") } catch let e as EthereumError {
                return try JSONResponse.encode(VerifyResult(ok: false, problem: e.description), context: ctx)
            }
            let v = try file.verify(allowed: signers, threshold: threshold)
            return try JSONResponse.encode(VerifyResult(ok: v.ok, digest: v.digest.hex, valid_signers: v.validSigners.map(\.checksummed), threshold: threshold,
                                                        problem: v.ok ? nil : v.checks.compactMap(\.problem).first ?? (v.meritTypes ? "below the threshold" : "not Merit's DeltaOne types")), context: ctx)
        }
        add(.get, "\(v1)/contributions/{id}/proof", .read, mlflow: false) { req, ctx in
            let id = try ctx.param("id")
            let c = try await native { try await s.jobs.contribution(id) }
            let model = try await native { try await s.registry.model(c.modelName) }
            guard let specJSON = model.specJSON else { throw APIError.bad("the model has no spec") }
            let wanted = req.uri.queryParameters.get("record_hash").flatMap(Bytes32.init(hex:))
            let index = req.uri.queryParameters.get("record", as: Int.self)
            guard wanted != nil || index != nil else { throw APIError.bad("give ?record_hash=0x… or ?record=N") }
            let hashes = try await loadDataset(sha256: c.sha256, fileName: c.fileName, specJSON: specJSON).recordHashes
            guard let i = index ?? wanted.flatMap({ hashes.firstIndex(of: $0) }), i >= 0, i < hashes.count else {
                throw APIError(status: .notFound, code: "not_found", message: "that record is not in contribution \(id)")
            }
            let proof = InclusionProof(recordHashes: hashes, index: i)
            return try JSONResponse.encode(proof, context: ctx)
        }
    }
}

struct VerifyResult: Encodable {
    var ok: Bool
    var digest: String? = nil
    var valid_signers: [String]? = nil
    var threshold: Int? = nil
    var problem: String?
}
