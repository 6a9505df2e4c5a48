import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MeritEval
import MeritServer
import MeritStore
import TestSupport
import Testing

/// A server on a fresh SQLite file (and PostgreSQL when MERIT_TEST_POSTGRES_URL is set, see StoreTests).
func freshConfiguration() -> ServerConfiguration {
    var c = ServerConfiguration()
    c.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("merit-server-\(UUID().uuidString)").path
    c.port = 0
    c.maxUploadBytes = 1 << 20
    return c
}

/// Fresh stores with an owner key and a contributor key, and the credit demo's files in `demo` beside them.
func demoServer() async throws -> (c: ServerConfiguration, stores: Stores, owner: String, contributor: String, demo: URL) {
    let c = freshConfiguration()
    let stores = try await Stores.open(c.storage)
    let owner = try await stores.apiKeys.create(role: .owner, label: "owner").token
    let contributor = try await stores.apiKeys.create(role: .contributor, label: "contributor").token
    let demo = URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("demo")
    try CreditDemo(seed: 2026).write(to: demo)
    return (c, stores, owner, contributor, demo)
}

/// Method: every write route in the route table answers 401 without a key and 403 to a key whose role
/// is too weak, before any handler runs. Reads answer 401 without a key when anonymous reads are off.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func everyWriteRouteNeedsTheRightRole() async throws {
    let c = freshConfiguration()
    let stores = try await Stores.open(c.storage)
    let reader = try await stores.apiKeys.create(role: .reader, label: "reader").token
    let contributor = try await stores.apiKeys.create(role: .contributor, label: "contributor").token
    let (app, table) = buildApplication(stores, c)
    #expect(table.count > 50)
    try await app.test(.router) { client in
        for route in table {
            let uri = route.path.replacingOccurrences(of: "**", with: "1/x/artifacts/f.txt")
                .replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
            let method = HTTPRequest.Method(route.method)!
            let anonymous = try await client.execute(uri: uri, method: method, body: ByteBuffer(string: "{}"))
            if route.anonymous {
                #expect(anonymous.status == .ok && route.writeRole == nil, "\(route.method) \(route.path) is public: \(anonymous.status)")
                continue
            }
            #expect(anonymous.status == .unauthorized, "\(route.method) \(route.path) without a key: \(anonymous.status)")
            guard let role = route.writeRole else { continue }
            let weak = role == "contributor" ? reader : contributor
            let forbidden = try await client.execute(uri: uri, method: method, headers: [.authorization: "Bearer \(weak)"], body: ByteBuffer(string: "{}"))
            #expect(forbidden.status == .forbidden, "\(route.method) \(route.path) with a weaker key: \(forbidden.status)")
        }
        let bogus = try await client.execute(uri: "/api/v1/models", method: .get, headers: [.authorization: "Bearer merit_000000000000_" + String(repeating: "0", count: 48)])
        #expect(bogus.status == .unauthorized)
        for path in ["/health", "/api/health"] {
            let health = try await client.execute(uri: path, method: .get)
            #expect(String(buffer: health.body) == "OK", "\(path)")
        }
        // MLflow's API answers at the root and under the guides' prefixes (MLFLOW_TRACKING_URI=…/api/mlflow).
        for prefix in ["", "/api/mlflow", "/mlflow"] {
            let found = try await client.execute(uri: prefix + "/api/2.0/mlflow/experiments/search?max_results=10", method: .get,
                                                 headers: [.authorization: "Bearer \(reader)"])
            #expect(found.status == .ok && String(buffer: found.body).contains("Default"), "\(prefix): \(found.status)")
        }
        let metrics = try await client.execute(uri: "/metrics", method: .get)
        #expect(String(buffer: metrics.body).contains("merit_http_requests_total{route=\"/api/v1/models\",method=\"GET\",status=\"401\"}"))
        let openapi = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
        let doc = try JSONSerialization.jsonObject(with: Data(buffer: openapi.body)) as! [String: Any]
        let paths = doc["paths"] as! [String: [String: Any]]
        for route in table where route.path.hasPrefix("/api/v1") {
            #expect(paths[route.path]?[route.method.lowercased()] != nil, "OpenAPI misses \(route.method) \(route.path)")
        }
    }
    try await stores.database.close()
}

/// Artifacts: streamed uploads over the limit get a clear 413; no path escapes the root.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func artifactLimitsAndPaths() async throws {
    let c = freshConfiguration()
    let stores = try await Stores.open(c.storage)
    let owner = try await stores.apiKeys.create(role: .owner, label: "owner").token
    let (app, _) = buildApplication(stores, c)
    try await app.test(.router) { client in
        let auth: HTTPFields = [.authorization: "Bearer \(owner)"]
        let (_, run) = try await MLflowCaller(client: client, headers: auth).call("runs/create", .post, #"{"experiment_id":"0"}"#)
        let runId = try #require(((run["run"] as? [String: Any])?["info"] as? [String: Any])?["run_id"] as? String)
        let base = "/api/2.0/mlflow-artifacts/artifacts/0/\(runId)/artifacts"
        let ok = try await client.execute(uri: "\(base)/a.txt", method: .put, headers: auth, body: ByteBuffer(string: "hello"))
        #expect(ok.status == .ok)
        let back = try await client.execute(uri: "\(base)/a.txt", method: .get, headers: auth)
        #expect(String(buffer: back.body) == "hello")
        let big = try await client.execute(uri: "\(base)/big.bin", method: .put, headers: auth, body: ByteBuffer(repeating: 7, count: (1 << 20) + 1))
        #expect(big.status == .contentTooLarge)
        #expect(String(buffer: big.body).contains("at most"))
        for evil in ["\(base)/../../../etc/passwd", "\(base)/%2e%2e/x", "\(base)/a/..%2F..%2Fb"] {
            let r = try await client.execute(uri: evil, method: .put, headers: auth, body: ByteBuffer(string: "x"))
            #expect(r.status == .badRequest || r.status == .notFound, "\(evil): \(r.status)")
        }
        let missing = try await client.execute(uri: "\(base)/nope.txt", method: .get, headers: auth)
        #expect(missing.status == .notFound && String(buffer: missing.body).contains("RESOURCE_DOES_NOT_EXIST"))
    }
    try await stores.database.close()
}

/// The engines to run server tests on: SQLite always, PostgreSQL when MERIT_TEST_POSTGRES_URL is set.
let serverTestEngines: [String] = ["sqlite"] + ((ProcessInfo.processInfo.environment["MERIT_TEST_POSTGRES_URL"] ?? "").isEmpty ? [] : ["postgresql"])

/// A configuration on `engine`. PostgreSQL uses its own database (the URL's name with `suffix`;
/// scripts/postgres.sh makes it), emptied first, as other suites reset theirs concurrently.
func freshConfiguration(engine: String, suffix: String) async throws -> ServerConfiguration {
    var c = freshConfiguration()
    guard engine == "postgresql", let url = postgresTestURL(suffix: suffix) else { return c }
    let db = try await Database.postgres(url: url)
    do {
        try await db.write { sql in
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
    } catch { try await db.close(); throw error }
    try await db.close()
    c.databaseURL = url
    return c
}

/// Method: the official mlflow Python client (pip, version pinned in Python/requirements.txt) against a
/// live server: tracking, sklearn log_model with token tags, registry, aliases, pyfunc loading, artifacts,
/// searches with filters, ordering and paging; then the model appears tokenized in the native API. Then
/// the registration guide's Option B script (Python/guide_option_b.py) runs as the guide gives it, and the
/// model is found by its token ID natively and by search_runs on the tag (Python/guide_check.py).
/// On SQLite, and on PostgreSQL when MERIT_TEST_POSTGRES_URL is set.
@Test(.tags(.integration), .enabled(if: TestScope.everything), arguments: serverTestEngines) func theOfficialMLflowClientWorksUnchanged(engine: String) async throws {
    var c = try await freshConfiguration(engine: engine, suffix: "_mlflow")
    c.maxUploadBytes = 64 << 20  // the guide's random forest is a few MB
    let stores = try await Stores.open(c.storage)
    let admin = try await stores.apiKeys.create(role: .admin, label: "mlflow-test").token
    try await withLiveServer(stores, c) { client in
        let port = client.port!
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/mlflow_client_check.py").path
        let (status, output) = try await runProcess(["python3", script, "http://127.0.0.1:\(port)", "--merit"],
                                                   environment: ["MLFLOW_TRACKING_TOKEN": admin, "MERIT_TOKEN": admin])
        // Each failed Python check by name (its `FAIL NAME: why` line), not a tail of the log.
        let failed = output.split(separator: "\n").filter { $0.hasPrefix("FAIL ") }.map { String($0.dropFirst(5).prefix(300)) }
        #expect(failed.isEmpty, "\(engine): \(failed.count) mlflow client check(s) failed:\n\(failed.joined(separator: "\n"))")
        #expect(status == 0 && output.contains(" 0 failed"), "\(engine): the check script did not finish: \(output.suffix(1500))")

        // The registration guide's Option B script, unchanged but for its host, with an owner's key.
        let owner = try await stores.apiKeys.create(role: .owner, label: "guide reader").token
        let guide = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/guide_check.py").path
        let (guideStatus, guideOutput) = try await runProcess(["python3", guide, "http://127.0.0.1:\(port)"], environment: ["HOKUSAI_API_KEY": owner])
        let guideFailed = guideOutput.split(separator: "\n").filter { $0.hasPrefix("FAIL ") }.map { String($0.dropFirst(5).prefix(600)) }
        #expect(guideFailed.isEmpty, "\(engine): the registration guide's Option B:\n\(guideFailed.joined(separator: "\n"))")
        #expect(guideStatus == 0 && guideOutput.contains("guide: ") && guideOutput.contains(" 0 failed"), "\(engine): \(guideOutput.suffix(1500))")
    }
    try await stores.database.close()
}


/// Method: a raw HTTP/1.1 client (Python's socket) sends a request head with `Expect: 100-continue` and
/// no body yet, as curl does for uploads over 1 MiB; the server answers `100 Continue` at once (no one-
/// second wait), and its final response follows once the body is sent.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func uploadsThatAskToContinueAreToldTo() async throws {
    let c = freshConfiguration()
    let stores = try await Stores.open(c.storage)
    try await withLiveServer(stores, c) { client in
        let script = """
        import socket, sys
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
        s.sendall(b"POST /api/v1/models/nope/contributions?file=a.csv HTTP/1.1\\r\\nHost: x\\r\\nExpect: 100-continue\\r\\nContent-Length: 5\\r\\n\\r\\n")
        first = s.recv(4096).decode()
        print("FIRST " + first.splitlines()[0])
        s.sendall(b"a,b\\n1")
        rest = first.split("\\r\\n\\r\\n", 1)[1] if "\\r\\n\\r\\n" in first else ""
        while "\\r\\n" not in rest: rest += s.recv(4096).decode()
        print("FINAL " + rest.splitlines()[0])
        """
        let (status, output) = try await runProcess(["python3", "-c", script, String(client.port!)])
        #expect(status == 0 && output.contains("FIRST HTTP/1.1 100 Continue") && output.contains("FINAL HTTP/1.1 401"), "\(output)")
    }
    try await stores.database.close()
}
