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

/// Method: uploads that can never be evaluated are refused at once, each with a 4xx naming the problem,
/// and nothing is queued: a model registered through MLflow (no spec), a model without base or benchmark
/// data, an empty file, a binary file, a header without the spec's columns, a header with no rows. A
/// proprietary model takes payees from its allow-list only (403 otherwise). No answer holds a server path.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func unevaluableUploadsAreRefusedAtOnce() async throws {
    let (c, stores, owner, contributor, demo) = try await demoServer()
    let (app, _) = buildApplication(stores, c)
    let allowed = "0x00000000000000000000000000000000000000a1", stranger = "0x00000000000000000000000000000000000000b2"
    try await app.test(.router) { client in
        let asOwner: HTTPFields = [.authorization: "Bearer \(owner)"], asContributor: HTTPFields = [.authorization: "Bearer \(contributor)"]
        let good = try Data(contentsOf: demo.appendingPathComponent("contribution-good.csv"))
        func upload(_ model: String, _ body: ByteBuffer, file: String = "c.csv", payee: String = allowed) async throws -> TestResponse {
            let r = try await client.execute(uri: "/api/v1/models/\(model)/contributions?file=\(file)&contributor=\(payee)", method: .post, headers: asContributor, body: body)
            let leaks = LeakScanner(data: [demo.path], serverPaths: [c.dataDirectory, FileManager.default.temporaryDirectory.path + "/"]).leaks(in: String(buffer: r.body))
            #expect(leaks.isEmpty, "\(model) \(file): leaks \(leaks.prefix(3))")
            return r
        }
        // Registered through MLflow: no spec.
        let registered = try await client.execute(uri: "/api/2.0/mlflow/registered-models/create", method: .post, headers: asOwner, body: ByteBuffer(string: #"{"name":"Plain"}"#))
        #expect(registered.status == .ok)
        let plain = try await upload("Plain", ByteBuffer(bytes: good))
        #expect(plain.status == .conflict && String(buffer: plain.body).contains("without a spec"), "\(String(buffer: plain.body))")

        // A proprietary model from a spec, without data yet.
        var spec = String(decoding: try Data(contentsOf: demo.appendingPathComponent("model.yaml")), as: UTF8.self)
        spec = spec.replacingOccurrences(of: "license: open-source", with: "license: proprietary\naccess:\n  contributors: [\"\(allowed)\"]\n  treasury: \"0x00000000000000000000000000000000000000c3\"")
        #expect(spec.contains("proprietary"))
        let created = try await client.execute(uri: "/api/v1/models", method: .post, headers: asOwner, body: ByteBuffer(string: spec))
        #expect(created.status == .created, "\(String(buffer: created.body))")
        let model = "Credit%20Default%20Risk"
        let early = try await upload(model, ByteBuffer(bytes: good))
        #expect(early.status == .conflict && String(buffer: early.body).contains("no base or benchmark data"), "\(String(buffer: early.body))")
        for role in ["base", "benchmark"] {
            let bytes = try Data(contentsOf: demo.appendingPathComponent("\(role).csv"))
            let r = try await client.execute(uri: "/api/v1/models/\(model)/data/\(role)?file=\(role).csv", method: .put, headers: asOwner, body: ByteBuffer(bytes: bytes))
            #expect(r.status == .ok, "\(role): \(String(buffer: r.body))")
        }
        let header = String(decoding: good.prefix(while: { $0 != 0x0A }), as: UTF8.self)
        for (name, body, file, needle) in [
            ("empty", ByteBuffer(), "c.csv", "the file is empty"),
            ("binary", ByteBuffer(bytes: [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08]), "c.csv", "not a text file"),
            ("latin-1", ByteBuffer(bytes: Array("age,name\n30,".utf8) + [0xE9, 0x0A]), "c.csv", "not UTF-8"),
            ("wrong header", ByteBuffer(string: "a,b,c\n1,2,3\n"), "c.csv", "is not in the header"),
            ("header only", ByteBuffer(string: header + "\n"), "c.csv", "no records"),
            ("empty JSONL", ByteBuffer(string: "\n\n"), "c.jsonl", "no records"),
        ] {
            let r = try await upload(model, body, file: file)
            #expect(r.status == .unprocessableContent && String(buffer: r.body).contains(needle) && String(buffer: r.body).contains("nothing was queued"),
                    "\(name): \(r.status) \(String(buffer: r.body))")
        }
        let outsider = try await upload(model, ByteBuffer(bytes: good), payee: stranger)
        #expect(outsider.status == .forbidden && String(buffer: outsider.body).contains("access.contributors"),
                "\(String(buffer: outsider.body))")
        #expect(try await stores.jobs.contributions(model: nil, state: nil).isEmpty, "nothing was queued")
        let fine = try await upload(model, ByteBuffer(bytes: good))
        #expect(fine.status == .accepted, "\(String(buffer: fine.body))")
    }
    try await stores.database.close()
}

/// Method: `GET /api/v1/attesters` answers without a key even when anonymous reads are off, with the
/// signing address, chain id and verifying contract the server was started with.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func attestersArePublic() async throws {
    var c = freshConfiguration()
    let key = try Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0x5e, count: 32))
    let contract = try Address(hex: "0x00000000000000000000000000000000000000d4")
    c.attesters = Attesters(addresses: [key.address], domain: .init(chainId: 31337, verifyingContract: contract))
    let stores = try await Stores.open(c.storage)
    let (app, _) = buildApplication(stores, c)
    try await app.test(.router) { client in
        let r = try await client.execute(uri: "/api/v1/attesters", method: .get)
        #expect(r.status == .ok)
        let o = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
        #expect(o["attesters"] as? [String] == [key.address.checksummed])
        #expect((o["chain_id"] as? NSNumber)?.intValue == 31337)
        #expect(o["verifying_contract"] as? String == contract.checksummed)
        #expect(((o["eip712_domain"] as? [String: Any])?["name"] as? String) == "Merit")
    }
    try await stores.database.close()
}
