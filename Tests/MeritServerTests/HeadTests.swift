import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MeritBase
import MeritCore
import MeritData
import MeritEthereum
import MeritEval
@testable import MeritServer
import MeritStore
import TestSupport
import Testing

/// Method: the demo model gets version 1 when its second data file is registered (trained by Merit, in
/// MLflow's xgboost format, in production); two contributions are judged against that head; the first
/// to be recorded becomes version 2 and moves the head; recording the second against the old head is a
/// conflict that leaves nothing behind, and its job is then judged again against version 2. The first
/// job run again (as after a crash) gives the same report and does not move the head twice. Resending
/// accepted data, whole or minus a row, earns nothing. The lineage lists every version with its parent,
/// interval, DeltaOnes, contributors and roots, and version 2's stored training set reads back to the
/// attested root.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func paidContributionsBecomeVersionsAndMoveTheHead() async throws {
    let (c, stores, owner, contributor, demo) = try await demoServer()
    let serverKey = try Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0x5e, count: 32))
    let model = "Credit%20Default%20Risk", name = "Credit Default Risk"
    // Signed for the reference verifier's deterministic deployment in py-evm, which checks the lineage below.
    let contracts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contracts")
    let (domainStatus, domainText) = try await runProcess(["python3", contracts.appendingPathComponent("evm_check.py").path, "run", "--print-domain"])
    try #require(domainStatus == 0, "\(domainText)")
    let evmDomain = try JSONSerialization.jsonObject(with: Data(domainText.utf8)) as! [String: Any]
    let domain = DeltaOneAttestation.Domain(chainId: (evmDomain["chainId"] as! NSNumber).uint64Value,
                                            verifyingContract: try Address(hex: evmDomain["verifyingContract"] as! String))
    let (app, _) = buildApplication(stores, c)
    try await app.test(.router) { client in
        let asOwner: HTTPFields = [.authorization: "Bearer \(owner)"]
        let spec = try Data(contentsOf: demo.appendingPathComponent("model.yaml"))
        let created = try await client.execute(uri: "/api/v1/models", method: .post, headers: asOwner, body: ByteBuffer(bytes: spec))
        #expect(created.status == .created)
        var registered: [String: Any] = [:]
        for role in ["base", "benchmark"] {
            let bytes = try Data(contentsOf: demo.appendingPathComponent("\(role).csv"))
            let r = try await client.execute(uri: "/api/v1/models/\(model)/data/\(role)?file=\(role).csv", method: .put, headers: asOwner, body: ByteBuffer(bytes: bytes))
            #expect(r.status == .ok, "\(role): \(String(buffer: r.body))")
            registered = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
        }
        #expect((registered["version_1"] as? String)?.hasPrefix("training") == true, "registering the benchmark starts version 1: \(registered)")
        _ = try await waitForHead(stores, name)
        let first = try await stores.models.version(name, 1)
        #expect(first.stage == "Production")
        let source = first.source
        #expect(source.hasPrefix("mlflow-artifacts:/merit-registry/CRDT/m-"), "\(source)")
        let listed = try await client.execute(uri: "/api/2.0/mlflow-artifacts/artifacts?path=\(source.dropFirst("mlflow-artifacts:/".count))", method: .get, headers: asOwner)
        for file in ["MLmodel", "model.json", "merit_encoding.json", "merit_version.json"] {
            #expect(String(buffer: listed.body).contains("\"\(file)\""), "\(file) in \(String(buffer: listed.body))")
        }
        let again = try await client.execute(uri: "/api/v1/models/\(model)/data/base?file=base.csv", method: .put, headers: asOwner,
                                             body: ByteBuffer(bytes: try Data(contentsOf: demo.appendingPathComponent("base.csv"))))
        #expect(again.status == .conflict && String(buffer: again.body).contains("cannot change"), "\(String(buffer: again.body))")

        // Two halves of the good contribution, each judged against version 1.
        let good = String(decoding: try Data(contentsOf: demo.appendingPathComponent("contribution-good.csv")), as: UTF8.self)
        var lines = good.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst()
        func csv(_ rows: ArraySlice<String>) -> String { ([header] + rows).joined(separator: "\n") + "\n" }
        let asContributor: HTTPFields = [.authorization: "Bearer \(contributor)"]
        func upload(_ text: String, _ file: String, _ payee: String) async throws -> String {
            let r = try await client.execute(uri: "/api/v1/models/\(model)/contributions?file=\(file)&contributor=\(payee)", method: .post,
                                             headers: asContributor, body: ByteBuffer(string: text))
            #expect(r.status == .accepted, "\(file): \(String(buffer: r.body))")
            return ((try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any])["contribution"] as! [String: Any])["id"] as! String
        }
        let a = try await upload(csv(lines[0..<1500]), "a.csv", "0x00000000000000000000000000000000000000a1")
        let b = try await upload(csv(lines[1500...]), "b.csv", "0x00000000000000000000000000000000000000b2")
        let worker = JobWorker(stores: stores, signing: .init(key: serverKey, domain: domain), workDirectory: URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("jobs"))
        let jobA = try #require(try await stores.jobs.claim(worker: worker.id)), jobB = try #require(try await stores.jobs.claim(worker: worker.id))
        #expect(Set([jobA.id, jobB.id]) == Set([a, b]))
        let specValue = try #require(try await stores.models.model(name).spec)
        let builder = VersionBuilder(models: stores.models, artifacts: stores.artifacts, jobs: stores.jobs, workDirectory: URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("jobs"))
        let bench = try #require(try await stores.jobs.modelData(name)[.benchmark])
        let head1 = try #require(try await stores.models.head(name))
        let judgedA = try await worker.judge(jobA, spec: specValue, against: head1, benchmark: bench, builder: builder)
        let judgedB = try await worker.judge(jobB, spec: specValue, against: head1, benchmark: bench, builder: builder)
        let evalA = try #require(judgedA.evaluation), evalB = try #require(judgedB.evaluation)
        #expect(evalA.report.status == .awarded && evalB.report.status == .awarded, "both halves pay against version 1: \(evalA.report.reason); \(evalB.report.reason)")
        let v2 = try await worker.record(jobA, spec: specValue, head: head1, evaluation: evalA, reportBytes: judgedA.reportBytes,
                                         attestationDigest: judgedA.attestationDigest, benchmark: bench, builder: builder)
        // The demo model is open-source: a paid version waits for its owner (promotion: owner by default).
        #expect(v2.version == 2 && v2.parentVersion == 1 && v2.stage == "None")
        #expect(try await stores.models.version(name, 1).stage == "Production")
        do {
            _ = try await worker.record(jobB, spec: specValue, head: head1, evaluation: evalB, reportBytes: judgedB.reportBytes,
                                        attestationDigest: judgedB.attestationDigest, benchmark: bench, builder: builder)
            Issue.record("a second job judged against version 1 must not move the head")
        } catch let e as StoreError {
            #expect(e.code == .conflict, "\(e)")
        }
        #expect(try await stores.models.versions(name).map(\.version) == [2, 1], "the refused move left no version")
        #expect(try await stores.models.head(name)?.version == 2)

        // B is judged again, against version 2; A run again (as after a crash) repeats its bytes.
        await worker.process(jobB)
        let bReport = try #require(try await stores.jobs.contribution(b).reportJSON)
        #expect(bReport.contains("\"file\" : \"training-v2.csv\""), "B was judged against version 2")
        await worker.process(jobA)
        let aDone = try await stores.jobs.contribution(a)
        #expect(aDone.state == .done && aDone.reportJSON.map { Array($0.utf8) } == judgedA.reportBytes, "the same report, byte for byte")
        let lineage = try await stores.models.lineage(name)
        #expect(lineage.filter { $0.contributionId == a }.count == 1, "A made one version")
        let headNow = try #require(try await stores.models.head(name))
        #expect(headNow.version == lineage.last?.version)

        // The reference verifier in py-evm: A (judged against version 1, paid) moves the contract's head; B
        // as first judged (against version 1) is stale and refused; B judged again (against version 2) holds.
        let bStale = try #require(judgedB.outcome.attestation), aSigned = try #require(judgedA.outcome.attestation)
        let bFresh = try #require(try await stores.jobs.contribution(b).attestationJSON)
        let files = try [("a.json", aSigned), ("b-stale.json", bStale), ("b-fresh.json", bFresh)].map { file, text -> String in
            let url = URL(fileURLWithPath: c.dataDirectory).appendingPathComponent(file)
            try Data(text.utf8).write(to: url)
            return url.path
        }
        let (evmStatus, evmOut) = try await runProcess(["python3", contracts.appendingPathComponent("evm_check.py").path, "run", "--signers", serverKey.address.checksummed,
                                                        "--threshold", "1"] + files.flatMap { ["--attestation", $0] })
        #expect(evmStatus == 0, "\(evmOut.suffix(1500))")
        let evm = try JSONSerialization.jsonObject(with: Data(evmOut.utf8)) as? [String: Any]
        let subs = evm?["submissions"] as? [[String: Any]] ?? []
        #expect(subs.map { $0["accepted"] as? Bool ?? false } == [true, false, true], "\(evmOut.suffix(3000))")
        #expect(subs.count == 3 && (subs[1]["revert"] as? String) == "baseline is not the head", "\(subs.count == 3 ? subs[1] : [:])")
        #expect(subs.allSatisfy { ($0["formatIssues"] as? [Any])?.isEmpty ?? true }, "\(subs.map { $0["formatIssues"] ?? [] })")

        // Resending accepted data earns nothing: whole, or minus a row.
        for (text, file) in [(csv(lines[0..<1500]), "a-again.csv"), (csv(lines[1..<1500]), "a-minus-one.csv")] {
            let id = try await upload(text, file, "0x00000000000000000000000000000000000000a1")
            let job = try #require(try await stores.jobs.claim(worker: worker.id))
            #expect(job.id == id)
            await worker.process(job)
            let done = try await stores.jobs.contribution(id)
            #expect(done.state == .rejected && (done.reportJSON ?? "").contains("no contribution row was accepted"), "\(file): \(done.state) \(done.error ?? "")")
        }
        #expect(try await stores.models.head(name)?.version == headNow.version, "nothing moved the head")

        // The lineage, as the API shows it.
        let shown = try await client.execute(uri: "/api/v1/models/\(model)/lineage", method: .get, headers: asOwner)
        let body = try JSONSerialization.jsonObject(with: Data(buffer: shown.body)) as! [String: Any]
        let versions = try #require(body["versions"] as? [[String: Any]])
        #expect(body["head"] as? Int == headNow.version && versions.first?["version"] as? Int == 1 && versions.first?["parent_version"] == nil)
        let second = try #require(versions.first { $0["version"] as? Int == 2 })
        #expect(second["parent_version"] as? Int == 1 && second["contribution_id"] as? String == a)
        #expect((second["contributors"] as? [String])?.first?.hasPrefix("0x00000000000000000000000000000000000000A1") == true, "\(second)")
        #expect(((second["metric"] as? [String: Any])?["interval_95"] as? [Double])?.count == 2 && (second["delta_one_bps"] as? Int ?? 0) >= 100)
        #expect((second["attestation_digest"] as? String)?.hasPrefix("0x") == true)

        // Membership by version, asked by record hash: A's accepted rows are in version 2, not in version 1;
        // base rows are in both; a rejected row (a benchmark copy from the gaming file) is in neither.
        func proof(_ version: Int, _ hash: Bytes32) async throws -> (HTTPResponse.Status, [String: Any]) {
            let r = try await client.execute(uri: "/api/v1/models/\(model)/versions/\(version)/proof?record_hash=\(hash.hex)", method: .get, headers: asOwner)
            return (r.status, (try? JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any]) ?? [:])
        }
        let accepted = evalA.contribution.recordHashes[evalA.accepted[7]]
        let (in2, p2) = try await proof(2, accepted)
        #expect(in2 == .ok && p2["root"] as? String == entry2Root(lineage) && p2["records"] as? Int == Int(lineage.first { $0.version == 2 }!.trainingRecords), "\(p2)")
        #expect(p2["attestation"] as? String == judgedA.attestationDigest?.hex && p2["attested_as"] as? String == "data.trainingRoot")
        let leaf = Bytes32(hex: p2["leaf"] as! String)!, root = Bytes32(hex: p2["root"] as! String)!
        #expect(Merkle.verify(proof: (p2["proof"] as! [String]).map { Bytes32(hex: $0)! }, root: root, leaf: leaf) && leaf == Merkle.leaf(accepted))
        let (in1, p1) = try await proof(1, accepted)
        #expect(in1 == .notFound && ((p1["error"] as? [String: Any])?["message"] as? String)?.contains("not in version 1's training data") == true, "\(p1)")
        let baseRow = try await offThePool { try DatasetLoader(spec: specValue).load(DatasetFile(path: demo.appendingPathComponent("base.csv").path)).recordHashes[11] }
        for v in [1, 2] { #expect(try await proof(v, baseRow).0 == .ok, "a base row is in version \(v)") }
        let gaming = try await offThePool { try DatasetLoader(spec: specValue).load(DatasetFile(path: demo.appendingPathComponent("contribution-gaming.csv").path)).recordHashes[0] }
        for v in [1, 2] { #expect(try await proof(v, gaming).0 == .notFound, "a rejected benchmark copy is in no version") }

        // Version 2's training set is version 1's plus A's accepted rows, and reads back to its root.
        let entry2 = try #require(lineage.first { $0.version == 2 })
        #expect(entry2.trainingRecords == head1.trainingRecords + Int64(evalA.accepted.count))
        let v2Path = stores.artifacts.file(sha256: entry2.trainingSha256).path
        let reread = try await offThePool { try DatasetLoader(spec: specValue).load(DatasetFile(path: v2Path, format: .csv, name: "v2.csv")) }
        #expect(reread.fingerprint.root.hex == entry2.trainingRoot && reread.rows.count == Int(entry2.trainingRecords))
        #expect(Merkle.verifyConsistency(old: Int(head1.trainingRecords), oldRoot: Bytes32(hex: head1.trainingRoot)!, new: Int(entry2.trainingRecords),
                                         newRoot: Bytes32(hex: entry2.trainingRoot)!, proof: entry2.consistencyProof.map { Bytes32(hex: $0)! }))
    }
    try await stores.database.close()
}

/// Method: the official mlflow client (with xgboost-cpu, pinned in Python/requirements.txt) loads version
/// 1 of the demo model from a live server as `mlflow.xgboost` and as `pyfunc`, and both predict, for the
/// first 300 benchmark rows encoded as Merit encodes them, the probabilities Merit computed (to 1e-6).
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func versionOneLoadsWithTheRealMLflowClient() async throws {
    let c = freshConfiguration()
    let stores = try await Stores.open(c.storage)
    let owner = try await stores.apiKeys.create(role: .owner, label: "owner").token
    let demo = URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("demo")
    try CreditDemo(seed: 2026).write(to: demo)
    try await withLiveServer(stores, c) { client in
        let asOwner: HTTPFields = [.authorization: "Bearer \(owner)"]
        let created = try await client.execute(uri: "/api/v1/models", method: .post, headers: asOwner, body: ByteBuffer(bytes: try Data(contentsOf: demo.appendingPathComponent("model.yaml"))))
        #expect(created.status == .created)
        for role in ["base", "benchmark"] {
            let r = try await client.execute(uri: "/api/v1/models/Credit%20Default%20Risk/data/\(role)?file=\(role).csv", method: .put, headers: asOwner,
                                             body: ByteBuffer(bytes: try Data(contentsOf: demo.appendingPathComponent("\(role).csv"))))
            #expect(r.status == .ok, "\(role): \(String(buffer: r.body))")
        }
        // What Merit computes for version 1, and the benchmark rows as the model reads them.
        let spec = try #require(try await stores.models.model("Credit Default Risk").spec)
        let head = try await waitForHead(stores, "Credit Default Risk")
        let trainingPath = stores.artifacts.file(sha256: head.trainingSha256).path, benchPath = demo.appendingPathComponent("benchmark.csv").path
        let casesURL = URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("cases.json")
        // CPU work off Swift's cooperative threads, which the live server (and other tests' servers) need.
        let sameModel = try await offThePool { () -> Bool in
            let loader = DatasetLoader(spec: spec)
            let training = try loader.load(DatasetFile(path: trainingPath, format: .csv, name: "training.csv"))
            let bench = try loader.load(DatasetFile(path: benchPath))
            let scored = try EvaluationPipeline(spec: spec, workDirectory: URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("work"))
                .scoreAlone(training: training, benchmark: bench)
            let n = scored.model.file.map { _ in 300 } ?? 0
            let features = spec.task.features.count
            let encoder = FeatureEncoder(features: spec.task.features, trainRows: training.rows.map { Array($0.prefix(features)) })
            let matrix = encoder.matrix(bench.rows.prefix(n).map { Array($0.prefix(features)) })
            let width = encoder.width
            let rows: [Any] = (0..<n).map { r in (0..<width).map { j -> Any in matrix[r * width + j].isNaN ? NSNull() : Double(matrix[r * width + j]) } }
            let cases: [String: Any] = ["columns": encoder.columnNames, "rows": rows, "expected": Array(scored.model.predictions.values.prefix(n))]
            try JSONSerialization.data(withJSONObject: cases).write(to: casesURL)
            return scored.model.file.map { Keccak256.hash($0).hex } == head.modelHash
        }
        #expect(sameModel, "the same model, byte for byte")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/model_load_check.py").path
        let (status, output) = try await runProcess(["python3", script, "http://127.0.0.1:\(client.port!)", "Credit Default Risk", "1", casesURL.path],
                                                   environment: ["MLFLOW_TRACKING_TOKEN": owner])
        let failed = output.split(separator: "\n").filter { $0.hasPrefix("FAIL ") }.map { String($0.dropFirst(5).prefix(600)) }
        #expect(failed.isEmpty, "\(failed.joined(separator: "\n"))")
        #expect(status == 0 && output.contains("model: ") && output.contains(" 0 failed"), "\(output.suffix(1500))")
    }
    try await stores.database.close()
}

/// The model's head once version 1 is trained (in the background after its data are registered).
func waitForHead(_ stores: Stores, _ name: String) async throws -> LineageEntry {
    for _ in 0..<3000 {
        if let head = try await stores.models.head(name) { return head }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw StoreError(.notFound, "version 1 of '\(name)' was not trained within 300 s")
}

/// Version 2's training root in a lineage.
func entry2Root(_ lineage: [LineageEntry]) -> String? { lineage.first { $0.version == 2 }?.trainingRoot }

/// Runs CPU-bound test work on a Dispatch thread, leaving Swift's cooperative threads to the servers.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { cont in DispatchQueue.global().async { cont.resume(with: Result { try work() }) } }
}
