import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MeritCore
import MeritEval
import MeritServer
import MeritStore
import TestSupport
import Testing

/// A server with one model of owner A (spec, base and benchmark registered), one model of owner B, a
/// contribution uploaded by contributor 1, and a key for every role the access rules name.
struct AccessFixture {
    let c: ServerConfiguration
    let stores: Stores
    let demo: URL
    /// Bearer headers by who holds the key; "no key" sends none.
    var keys: [String: HTTPFields] = [:]
    static let model = "Credit%20Default%20Risk"

    static func make() async throws -> AccessFixture {
        let c = freshConfiguration()
        let stores = try await Stores.open(c.storage)
        let demo = URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("demo")
        try CreditDemo(seed: 2026).write(to: demo)
        var f = AccessFixture(c: c, stores: stores, demo: demo)
        for (who, role) in [("admin", APIKey.Role.admin), ("owner of this model", .owner), ("owner of another", .owner), ("attester", .attester),
                            ("contributor who uploaded", .contributor), ("another contributor", .contributor), ("reader", .reader)] {
            let token = try await stores.apiKeys.create(role: role, label: who).token
            f.keys[who] = [.authorization: "Bearer \(token)"]
        }
        f.keys["no key"] = [:]
        return f
    }

    /// Creates the models and the contribution; returns the contribution's id.
    func populate(_ client: some TestClientProtocol) async throws -> String {
        let spec = try Data(contentsOf: demo.appendingPathComponent("model.yaml"))
        let created = try await client.execute(uri: "/api/v1/models", method: .post, headers: keys["owner of this model"]!, body: ByteBuffer(bytes: spec))
        #expect(created.status == .created, "\(String(buffer: created.body))")
        var other = String(decoding: spec, as: UTF8.self).replacingOccurrences(of: "Credit Default Risk", with: "Other Model")
        other = other.replacingOccurrences(of: "ticker: CRDT", with: "ticker: OTHR")
        let made = try await client.execute(uri: "/api/v1/models", method: .post, headers: keys["owner of another"]!, body: ByteBuffer(string: other))
        #expect(made.status == .created, "\(String(buffer: made.body))")
        for role in ["base", "benchmark"] {
            let bytes = try Data(contentsOf: demo.appendingPathComponent("\(role).csv"))
            let r = try await client.execute(uri: "/api/v1/models/\(Self.model)/data/\(role)?file=\(role).csv", method: .put,
                                             headers: keys["owner of this model"]!, body: ByteBuffer(bytes: bytes))
            #expect(r.status == .ok, "\(role): \(String(buffer: r.body))")
        }
        let upload = try Data(contentsOf: demo.appendingPathComponent("contribution-good.csv"))
        let r = try await client.execute(uri: "/api/v1/models/\(Self.model)/contributions?file=good.csv&contributor=0x00000000000000000000000000000000000000a1",
                                         method: .post, headers: keys["contributor who uploaded"]!, body: ByteBuffer(bytes: upload))
        #expect(r.status == .accepted, "\(String(buffer: r.body))")
        return try contributionId(r)
    }

    func contributionId(_ r: TestResponse) throws -> String {
        let j = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
        return (j["contribution"] as! [String: Any])["id"] as! String
    }

    /// Checks that no error body says where the server keeps files or quotes the demo data.
    func expectNoLeak(_ r: TestResponse, _ what: String) {
        guard r.status.code >= 400 else { return }
        let leaks = LeakScanner(data: [demo.path], serverPaths: [c.dataDirectory, FileManager.default.temporaryDirectory.path + "/"]).leaks(in: String(buffer: r.body))
        #expect(leaks.isEmpty, "\(what) leaks \(leaks.prefix(3))")
    }
}

/// Method: every route that serves stored data is asked by every kind of key (admin, the model's
/// owner, another owner, an attester, the contributor who uploaded, another contributor, a reader, no
/// key). Only the readers the rules name get the bytes; the others get 403 (401 without a key). The
/// route table must list no data route this test does not ask.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func storedDataIsReadOnlyByWhomItBelongs() async throws {
    let f = try await AccessFixture.make()
    let (app, table) = buildApplication(f.stores, f.c)
    try await app.test(.router) { client in
        let id = try await f.populate(client)
        let base = try Data(contentsOf: f.demo.appendingPathComponent("base.csv"))
        let bench = try Data(contentsOf: f.demo.appendingPathComponent("benchmark.csv"))
        let upload = try Data(contentsOf: f.demo.appendingPathComponent("contribution-good.csv"))
        let dataReaders: Set = ["admin", "owner of this model", "attester"]
        let uploadReaders: Set = ["admin", "owner of this model", "contributor who uploaded"]
        let cases: [(route: String, uri: String, readers: Set<String>, bytes: Data?)] = [
            ("/api/v1/models/{name}/data/{role}", "/api/v1/models/\(AccessFixture.model)/data/base", dataReaders, base),
            ("/api/v1/models/{name}/data/{role}", "/api/v1/models/\(AccessFixture.model)/data/benchmark", dataReaders, bench),
            ("/api/v1/contributions/{id}/file", "/api/v1/contributions/\(id)/file", uploadReaders, upload),
            ("/api/v1/contributions/{id}/proof", "/api/v1/contributions/\(id)/proof?record=3", uploadReaders, nil),
        ]
        for route in table where route.dataRule != nil {
            #expect(cases.contains { $0.route == route.path }, "the data route \(route.path) is not asked by this test")
        }
        for (_, uri, readers, bytes) in cases {
            for (who, headers) in f.keys {
                let r = try await client.execute(uri: uri, method: .get, headers: headers)
                f.expectNoLeak(r, "GET \(uri) as \(who)")
                if readers.contains(who) {
                    #expect(r.status == .ok, "GET \(uri) as \(who): \(r.status) \(String(buffer: r.body))")
                    if let bytes { #expect(Data(buffer: r.body) == bytes, "GET \(uri) as \(who) returns the file") }
                } else {
                    #expect(r.status == (who == "no key" ? .unauthorized : .forbidden), "GET \(uri) as \(who): \(r.status)")
                    if let bytes { #expect(Data(buffer: r.body) != bytes) }
                }
            }
        }
        // Public reads stay public to every key: the contribution's state, its report and attestation,
        // the registered roots, a proof for a record hash the caller already holds.
        for uri in ["/api/v1/contributions/\(id)", "/api/v1/models/\(AccessFixture.model)/data", "/api/v1/jobs", "/api/v1/models/\(AccessFixture.model)/contributions"] {
            for (who, headers) in f.keys where who != "no key" {
                let r = try await client.execute(uri: uri, method: .get, headers: headers)
                #expect(r.status == .ok, "GET \(uri) as \(who): \(r.status)")
                #expect(!String(buffer: r.body).contains(f.c.dataDirectory))
            }
        }
        // Merit's own data is not in the MLflow artifact namespace at all, for any key.
        for (who, headers) in f.keys where who != "no key" {
            for uri in ["/api/2.0/mlflow-artifacts/artifacts/models/Credit%20Default%20Risk/data/benchmark/benchmark.csv",
                        "/api/2.0/mlflow-artifacts/artifacts/contributions/Credit%20Default%20Risk/x/good.csv"] {
                let r = try await client.execute(uri: uri, method: .get, headers: headers)
                #expect(r.status == .notFound, "GET \(uri) as \(who): \(r.status)")
            }
            for folder in ["", "models", "contributions", "models/Credit%20Default%20Risk/data/benchmark"] {
                let r = try await client.execute(uri: "/api/2.0/mlflow-artifacts/artifacts?path=\(folder)", method: .get, headers: headers)
                #expect(!String(buffer: r.body).contains(".csv") && !String(buffer: r.body).contains("\"models\"") && !String(buffer: r.body).contains("contributions"),
                        "listing '\(folder)' as \(who): \(String(buffer: r.body))")
            }
        }
    }
    try await f.stores.database.close()
}

/// Method: a second contributor reusing the first one's Idempotency-Key gets its own contribution; the
/// first reusing its key with a different body gets a 409 that says so; an empty key is a 400.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func idempotencyKeysBelongToTheirHolderAndModel() async throws {
    let f = try await AccessFixture.make()
    let (app, _) = buildApplication(f.stores, f.c)
    try await app.test(.router) { client in
        let first = try await f.populate(client)
        let good = try Data(contentsOf: f.demo.appendingPathComponent("contribution-good.csv"))
        let gaming = try Data(contentsOf: f.demo.appendingPathComponent("contribution-gaming.csv"))
        let uri = "/api/v1/models/\(AccessFixture.model)/contributions?file=good.csv&contributor=0x00000000000000000000000000000000000000a1"
        func post(_ who: String, _ key: String, _ body: Data, _ u: String = uri) async throws -> TestResponse {
            var h = f.keys[who]!
            h[HTTPField.Name("Idempotency-Key")!] = key
            let r = try await client.execute(uri: u, method: .post, headers: h, body: ByteBuffer(bytes: body))
            f.expectNoLeak(r, "POST as \(who)")
            return r
        }
        let a = try await post("contributor who uploaded", "k-1", good)
        #expect(a.status == .accepted)
        let again = try await post("contributor who uploaded", "k-1", good)
        let (againId, aId) = (try f.contributionId(again), try f.contributionId(a))
        #expect(again.status == .ok && againId == aId)
        // Another contributor, the same key: its own contribution, with its own file.
        let b = try await post("another contributor", "k-1", gaming)
        #expect(b.status == .accepted, "\(String(buffer: b.body))")
        let bid = try f.contributionId(b)
        #expect(bid != aId && bid != first)
        let file = try await client.execute(uri: "/api/v1/contributions/\(bid)/file", method: .get, headers: f.keys["another contributor"]!)
        #expect(Data(buffer: file.body) == gaming)
        // The same holder and key with a different body, file name or payee: 409, never the old answer.
        for (body, u) in [(gaming, uri), (good, uri.replacingOccurrences(of: "good.csv", with: "other.csv")), (good, uri.replacingOccurrences(of: "a1", with: "a2"))] {
            let conflict = try await post("contributor who uploaded", "k-1", body, u)
            #expect(conflict.status == .conflict && String(buffer: conflict.body).contains("idempotency_key_reused"), "\(String(buffer: conflict.body))")
        }
        let empty = try await post("contributor who uploaded", "", good)
        #expect(empty.status == .badRequest && String(buffer: empty.body).contains("Idempotency-Key"))
        let blank = try await post("contributor who uploaded", "   ", good)
        #expect(blank.status == .badRequest)
    }
    try await f.stores.database.close()
}

/// Method: a contribution without its header row (so its first line is a data row with personal
/// data) is refused at upload with a 422 that names the file as uploaded and line 1, and quotes neither
/// the row nor the server's folders; nothing is queued.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func aRejectedContributionsErrorQuotesNoDataAndNoPath() async throws {
    let f = try await AccessFixture.make()
    let (app, _) = buildApplication(f.stores, f.c)
    try await app.test(.router) { client in
        _ = try await f.populate(client)
        let queued = try await f.stores.jobs.contributions(model: nil, state: nil).count
        let lines = try String(contentsOf: f.demo.appendingPathComponent("contribution-good.csv"), encoding: .utf8).split(separator: "\n")
        let headerless = lines.dropFirst().joined(separator: "\n") + "\n"
        let r = try await client.execute(uri: "/api/v1/models/\(AccessFixture.model)/contributions?file=mine.csv&contributor=0x00000000000000000000000000000000000000a1",
                                         method: .post, headers: f.keys["contributor who uploaded"]!, body: ByteBuffer(string: headerless))
        let text = String(buffer: r.body)
        #expect(r.status == .unprocessableContent && text.contains("mine.csv:1") && text.contains("header"), "\(text)")
        let leaks = LeakScanner(data: [f.demo.path], serverPaths: [f.c.dataDirectory, FileManager.default.temporaryDirectory.path + "/"]).leaks(in: text)
        #expect(leaks.isEmpty, "leaks \(leaks.prefix(3))")
        #expect(!text.contains(String(lines[1].prefix(12))))
        #expect(try await f.stores.jobs.contributions(model: nil, state: nil).count == queued, "nothing was queued")
    }
    try await f.stores.database.close()
}
