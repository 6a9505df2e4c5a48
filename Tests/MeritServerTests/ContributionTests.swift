import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MeritBase
import MeritCore
import MeritData
import MeritEthereum
import MeritEval
import MeritServer
import MeritStore
import TestSupport
import Testing

/// The contribution flow through the API: model from its spec, base and benchmark data, an idempotent
/// upload, the job, the report, a signed attestation that verifies, and an inclusion proof.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func contributionBecomesAJobWithASignedAttestation() async throws {
    let (c, stores, owner, contributor, demo) = try await demoServer()
    let serverKey = try Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0x5e, count: 32))
    let (app, _) = buildApplication(stores, c)
    try await app.test(.router) { client in
        let asOwner: HTTPFields = [.authorization: "Bearer \(owner)"]
        let spec = try Data(contentsOf: demo.appendingPathComponent("model.yaml"))
        let created = try await client.execute(uri: "/api/v1/models", method: .post, headers: asOwner, body: ByteBuffer(bytes: spec))
        #expect(created.status == .created, "\(String(buffer: created.body))")
        for role in ["base", "benchmark"] {
            let bytes = try Data(contentsOf: demo.appendingPathComponent("\(role).csv"))
            let r = try await client.execute(uri: "/api/v1/models/Credit%20Default%20Risk/data/\(role)?file=\(role).csv", method: .put, headers: asOwner, body: ByteBuffer(bytes: bytes))
            #expect(r.status == .ok, "\(role): \(String(buffer: r.body))")
        }

        // Bad input found by schemathesis: each is a 400 that says what to fix (one used to crash the server).
        let asContributor: HTTPFields = [.authorization: "Bearer \(contributor)"]
        for (uri, method, headers, body) in [
            ("/api/v1/models/Credit%20Default%20Risk/contributions?contributor=", HTTPRequest.Method.post, asContributor, "x"),
            ("/api/v1/models/Credit%20Default%20Risk/contributions?contributor=%3A", .post, asContributor, "x"),
            ("/api/v1/models/Credit%20Default%20Risk/data/benchmark?file=x.csv", .put, asOwner, "hello"),
            ("/api/v1/models/Credit%20Default%20Risk", .patch, asOwner, #"{"license":"banana"}"#),
            ("/api/v1/models/Credit%20Default%20Risk", .patch, asOwner, #"{"description":{},"baseline":"high"}"#),
            ("/api/v1/models/Credit%20Default%20Risk/versions", .post, asOwner, #"{"source":{"a":1},"parent_version":"x"}"#),
            ("/api/v1/models/Credit%20Default%20Risk/versions/0.15", .get, asOwner, ""),
            ("/api/v1/jobs?state=bogus", .get, asOwner, ""),
            ("/api/v1/leaderboard?window=abc", .get, asOwner, ""),
            ("/api/v1/watch/rounds?limit=10235840285638152683520", .get, asOwner, ""),
            ("/api/v1/models/Credit%20Default%20Risk", .patch, asOwner, #"{"baseline":true}"#),
            ("/api/v1/models/Credit%20Default%20Risk", .patch, asOwner, #"{"baseline":2}"#),
            ("/api/v1/models/Credit%20Default%20Risk", .patch, asOwner, #"{"license":null}"#),
            ("/api/v1/models/Credit%20Default%20Risk/aliases/x", .put, asOwner, #"{"version":true}"#),
            ("/api/v1/attestations/verify?signers=zzz", .post, asOwner, "{}"),
        ] {
            let r = try await client.execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body))
            #expect(r.status == .badRequest && String(buffer: r.body).contains("\"code\""), "\(method) \(uri): \(r.status) \(String(buffer: r.body))")
            let leaks = LeakScanner(data: [demo.path], serverPaths: [c.dataDirectory, FileManager.default.temporaryDirectory.path + "/"]).leaks(in: String(buffer: r.body))
            #expect(leaks.isEmpty, "\(method) \(uri) leaks \(leaks.prefix(3))")
        }
        let unchanged = try await client.execute(uri: "/api/v1/models/Credit%20Default%20Risk", method: .get, headers: asOwner)
        #expect(!String(buffer: unchanged.body).contains("banana"))

        let upload = try Data(contentsOf: demo.appendingPathComponent("contribution-good.csv"))
        var headers: HTTPFields = [.authorization: "Bearer \(contributor)"]
        headers[HTTPField.Name("Idempotency-Key")!] = "upload-1"
        let uri = "/api/v1/models/Credit%20Default%20Risk/contributions?file=good.csv&contributor=0x00000000000000000000000000000000000000a1"
        let first = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: upload))
        #expect(first.status == .accepted, "\(String(buffer: first.body))")
        let again = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: upload))
        #expect(again.status == .ok)
        func id(_ r: TestResponse) throws -> String {
            let j = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
            return (j["contribution"] as! [String: Any])["id"] as! String
        }
        #expect(try id(first) == id(again), "the same Idempotency-Key returns the same contribution")
        let cid = try id(first)

        // One worker runs the job.
        let worker = JobWorker(stores: stores, signing: .init(key: serverKey, domain: .init()),
                               workDirectory: URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("jobs"))
        let job = try #require(try await stores.jobs.claim(worker: worker.id))
        #expect(job.id == cid)
        // A client waits for the end without polling: the answer comes when the job has ended.
        let bad = try await client.execute(uri: "/api/v1/contributions/\(cid)?wait=61", method: .get, headers: asOwner)
        #expect(bad.status == .badRequest && String(buffer: bad.body).contains("wait must be a number of seconds from 0 to 60"))
        async let waited = client.execute(uri: "/api/v1/contributions/\(cid)?wait=60", method: .get, headers: asOwner)
        await worker.process(job)
        let status = try await waited
        #expect(String(buffer: status.body).contains("\"state\":\"done\""), "\(String(buffer: status.body))")

        let att = try await client.execute(uri: "/api/v1/contributions/\(cid)/attestation", method: .get, headers: asOwner)
        let file = try AttestationFile(json: JSONValue.parse(att.body.readableBytesView), name: "attestation")
        #expect(file.signatures.map(\.signer) == [serverKey.address])
        let verified = try await client.execute(uri: "/api/v1/attestations/verify?signers=\(serverKey.address.checksummed)&threshold=1", method: .post,
                                                headers: asOwner, body: att.body)
        #expect(String(buffer: verified.body).contains("\"ok\":true"), "\(String(buffer: verified.body))")
        // A threshold below 1 would let an unsigned attestation pass: refused.
        let zero = try await client.execute(uri: "/api/v1/attestations/verify?threshold=0", method: .post, headers: asOwner, body: att.body)
        #expect(zero.status == .badRequest)

        let proof = try await client.execute(uri: "/api/v1/contributions/\(cid)/proof?record=3", method: .get, headers: asOwner)
        let p = try JSONSerialization.jsonObject(with: Data(buffer: proof.body)) as! [String: Any]
        let root = Bytes32(hex: p["root"] as! String)!, leaf = Bytes32(hex: p["leaf"] as! String)!
        #expect(Merkle.verify(proof: (p["proof"] as! [String]).map { Bytes32(hex: $0)! }, root: root, leaf: leaf))
        #expect(file.typedData.message["data"]?["contributionRoot"]?.stringValue == root.hex, "the proof is against the attested root")

        let metrics = try await client.execute(uri: "/metrics", method: .get)
        #expect(String(buffer: metrics.body).contains("merit_jobs{state=\"done\"} 1"))

        // A model with contributions is never deleted: their reports and attestations are kept.
        let delete = try await client.execute(uri: "/api/v1/models/Credit%20Default%20Risk", method: .delete, headers: asOwner)
        #expect(delete.status == .badRequest && String(buffer: delete.body).contains("contribution"), "\(String(buffer: delete.body))")
        let still = try await client.execute(uri: "/api/v1/models/Credit%20Default%20Risk", method: .get, headers: asOwner)
        #expect(still.status == .ok)
    }
    try await stores.database.close()
}

/// Method: a job whose worker dies (its lease runs out) is claimed again by another worker, and the
/// dead worker's late result is ignored. The clock is injected, so no test waits. On the in-memory
/// queue (a unit test) and on SQLite.
@Test(.tags(.unit), arguments: ["memory", "sqlite"]) func jobsSurviveAKilledWorker(queue: String) async throws {
    let clock = ManualClock()
    var db: Database? = nil
    let jobs: any JobQueue
    if queue == "memory" { jobs = MemoryJobQueue(clock: { clock.now }, leaseMs: 1000) } else {
        if !TestScope.everything { return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("merit-jobs-\(UUID().uuidString).sqlite").path
        db = try await Database.open(path)
        jobs = SQLJobQueue(db: db!, clock: { clock.now }, leaseMs: 1000)
    }
    let payee = try Contributor.list(["0x00000000000000000000000000000000000000a1"])
    let (c, _) = try await jobs.submit(model: "m", idempotencyKey: nil, submittedBy: "k", contributors: payee, sha256: "00", fileName: "c.csv", size: 1)
    let a = try #require(try await jobs.claim(worker: "A"))
    #expect(a.id == c.id && a.contributors == payee)
    #expect(try await jobs.claim(worker: "B") == nil, "\(queue): held under A's lease")
    clock.now += 2000  // A died: no renewal
    let b = try #require(try await jobs.claim(worker: "B"))
    #expect(b.id == c.id && b.attempts == 2)
    try await jobs.finish(c.id, worker: "A", state: .done, reportJSON: "{}", attestationJSON: nil, error: nil)
    #expect(try await jobs.contribution(c.id).state == .running, "\(queue): the dead worker's late result is ignored")
    try await jobs.finish(c.id, worker: "B", state: .done, reportJSON: "{}", attestationJSON: nil, error: nil)
    #expect(try await jobs.contribution(c.id).state == .done)
    // Idempotency keys belong to the key holder and the model.
    let (k1, created) = try await jobs.submit(model: "m", idempotencyKey: "k", submittedBy: "x", contributors: payee, sha256: "01", fileName: "c.csv", size: 1)
    let (k1again, again) = try await jobs.submit(model: "m", idempotencyKey: "k", submittedBy: "x", contributors: payee, sha256: "02", fileName: "d.csv", size: 1)
    let (other, otherCreated) = try await jobs.submit(model: "m", idempotencyKey: "k", submittedBy: "y", contributors: payee, sha256: "03", fileName: "e.csv", size: 1)
    #expect(created && !again && k1again.id == k1.id && otherCreated && other.id != k1.id)
    try await db?.close()
}

final class ManualClock: @unchecked Sendable {
    // Only touched by one test task at a time.
    var now: Int64 = 1_000_000
}

/// Method: a worker process on this host that no longer exists (a real process that ran and exited)
/// holds a job under a fresh lease; another worker takes the job over on its next claim, without
/// waiting for the lease. A live holder (this process) keeps its job.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func aDeadWorkersJobIsTakenOverAtOnce() async throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("merit-jobs-\(UUID().uuidString).sqlite").path
    let db = try await Database.open(path)
    let jobs = SQLJobQueue(db: db, leaseMs: 600_000)
    let gone = Process()
    gone.executableURL = URL(fileURLWithPath: "/bin/true")
    try gone.run()
    gone.waitUntilExit()
    let host = ProcessInfo.processInfo.hostName
    let dead = "\(host)-\(gone.processIdentifier)-abcdef", alive = "\(host)-\(getpid())-fedcba"
    for _ in 0..<2 {
        _ = try await jobs.submit(model: "m", idempotencyKey: nil, submittedBy: "k", contributors: try Contributor.list(["0x00000000000000000000000000000000000000a1"]),
                                  sha256: "00", fileName: "c.csv", size: 1)
    }
    let first = try #require(try await jobs.claim(worker: dead))
    let second = try #require(try await jobs.claim(worker: alive))
    #expect(JobWorker.isGone(dead) && !JobWorker.isGone(alive) && !JobWorker.isGone("elsewhere-\(gone.processIdentifier)-abcdef"))
    let taken = try #require(try await jobs.claim(worker: "\(host)-1-new", isGone: JobWorker.isGone))
    #expect(taken.id == first.id && taken.attempts == 2, "the dead worker's job is taken over under a 10-minute lease")
    #expect(try await jobs.claim(worker: "\(host)-1-new", isGone: JobWorker.isGone) == nil, "the live worker keeps \(second.id)")
    try await db.close()
}
