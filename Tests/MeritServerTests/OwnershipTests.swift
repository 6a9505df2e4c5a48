import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MeritServer
import MeritStore
import TestSupport
import Testing

/// MLflow calls as one key: JSON in, JSON out.
struct MLflowCaller {
    let client: any TestClientProtocol
    let headers: HTTPFields

    func call(_ path: String, _ method: HTTPRequest.Method = .post, _ body: String = "{}") async throws -> (HTTPResponse.Status, [String: Any]) {
        let r = try await client.execute(uri: "/api/2.0/mlflow/\(path)", method: method, headers: headers, body: ByteBuffer(string: body))
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any]) ?? [:]
        return (r.status, json)
    }

    func put(_ artifact: String, _ text: String) async throws -> HTTPResponse.Status {
        try await client.execute(uri: "/api/2.0/mlflow-artifacts/artifacts/\(artifact)", method: .put, headers: headers, body: ByteBuffer(string: text)).status
    }
}

/// Method: owner B tries every write on owner A's experiment, run and logged model (tags, metrics,
/// params, updates, deletes, artifact uploads, runs in A's experiment): each is PERMISSION_DENIED and
/// changes nothing; A and an admin succeed. MLflow's Default experiment takes anyone's runs.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func mlflowExperimentsAndRunsBelongToTheirCreator() async throws {
    let c = freshConfiguration()
    let stores = try await Stores.open(c.storage)
    let (app, _) = buildApplication(stores, c)
    let ownerA = try await stores.apiKeys.create(role: .owner, label: "a").token
    let ownerB = try await stores.apiKeys.create(role: .owner, label: "b").token
    let admin = try await stores.apiKeys.create(role: .admin, label: "admin").token
    try await app.test(.router) { client in
        let a = MLflowCaller(client: client, headers: [.authorization: "Bearer \(ownerA)"])
        let b = MLflowCaller(client: client, headers: [.authorization: "Bearer \(ownerB)"])
        let root = MLflowCaller(client: client, headers: [.authorization: "Bearer \(admin)"])
        let (_, exp) = try await a.call("experiments/create", .post, #"{"name":"a-exp"}"#)
        let expId = try #require(exp["experiment_id"] as? String)
        let (_, run) = try await a.call("runs/create", .post, #"{"experiment_id":"\#(expId)"}"#)
        let runId = try #require(((run["run"] as? [String: Any])?["info"] as? [String: Any])?["run_id"] as? String)
        let (_, lm) = try await a.call("logged-models", .post, #"{"experiment_id":"\#(expId)","name":"m"}"#)
        let modelId = try #require((((lm["model"] as? [String: Any])?["info"] as? [String: Any])?["model_id"]) as? String)
        #expect(try await a.put("\(expId)/\(runId)/artifacts/a.txt", "A's") == .ok)

        let attacks: [(String, HTTPRequest.Method, String)] = [
            ("runs/log-metric", .post, #"{"run_id":"\#(runId)","key":"m","value":1,"timestamp":1,"step":0}"#),
            ("runs/log-batch", .post, #"{"run_id":"\#(runId)","metrics":[{"key":"m","value":1,"timestamp":1,"step":0}]}"#),
            ("runs/log-parameter", .post, #"{"run_id":"\#(runId)","key":"p","value":"v"}"#),
            ("runs/set-tag", .post, #"{"run_id":"\#(runId)","key":"t","value":"v"}"#),
            ("runs/delete-tag", .post, #"{"run_id":"\#(runId)","key":"mlflow.runName"}"#),
            ("runs/update", .post, #"{"run_id":"\#(runId)","status":"FAILED"}"#),
            ("runs/log-inputs", .post, #"{"run_id":"\#(runId)","datasets":[]}"#),
            ("runs/outputs", .post, #"{"run_id":"\#(runId)","models":[]}"#),
            ("runs/delete", .post, #"{"run_id":"\#(runId)"}"#),
            ("runs/restore", .post, #"{"run_id":"\#(runId)"}"#),
            ("runs/create", .post, #"{"experiment_id":"\#(expId)"}"#),
            ("experiments/set-experiment-tag", .post, #"{"experiment_id":"\#(expId)","key":"t","value":"v"}"#),
            ("experiments/delete", .post, #"{"experiment_id":"\#(expId)"}"#),
            ("experiments/restore", .post, #"{"experiment_id":"\#(expId)"}"#),
            ("logged-models", .post, #"{"experiment_id":"\#(expId)","name":"x"}"#),
            ("logged-models/\(modelId)", .patch, #"{"status":"LOGGED_MODEL_READY"}"#),
            ("logged-models/\(modelId)/tags", .patch, #"{"tags":[{"key":"t","value":"v"}]}"#),
        ]
        for (path, method, body) in attacks {
            let (status, json) = try await b.call(path, method, body)
            #expect(status == .forbidden && json["error_code"] as? String == "PERMISSION_DENIED", "B \(path): \(status) \(json)")
        }
        for path in ["\(expId)/\(runId)/artifacts/a.txt", "\(expId)/models/\(modelId)/artifacts/MLmodel", "\(expId)/other.txt", "0/x.txt", "models/Credit/data/base.csv"] {
            let status = try await b.put(path, "B's")
            #expect(status == .forbidden || status == .badRequest, "B PUT \(path): \(status)")
        }
        let file = try await client.execute(uri: "/api/2.0/mlflow-artifacts/artifacts/\(expId)/\(runId)/artifacts/a.txt", method: .get, headers: a.headers)
        #expect(String(buffer: file.body) == "A's", "B could not overwrite A's artifact")
        let (_, got) = try await a.call("runs/get?run_id=\(runId)", .get)
        let info = (got["run"] as? [String: Any])?["info"] as? [String: Any]
        #expect(info?["lifecycle_stage"] as? String == "active" && info?["status"] as? String == "RUNNING")
        #expect((got["run"] as? [String: Any])?["data"].map { "\($0)" }?.contains("\"m\"") != true)

        // The creator and an admin may write; anyone with the owner role may use the Default experiment.
        #expect(try await a.call("runs/log-metric", .post, #"{"run_id":"\#(runId)","key":"m","value":1,"timestamp":1,"step":0}"#).0 == .ok)
        #expect(try await root.call("runs/set-tag", .post, #"{"run_id":"\#(runId)","key":"t","value":"v"}"#).0 == .ok)
        let (okB, runB) = try await b.call("runs/create", .post, #"{"experiment_id":"0"}"#)
        #expect(okB == .ok)
        let runIdB = try #require(((runB["run"] as? [String: Any])?["info"] as? [String: Any])?["run_id"] as? String)
        #expect(try await b.put("0/\(runIdB)/artifacts/b.txt", "B's") == .ok)
        #expect(try await a.call("runs/delete", .post, #"{"run_id":"\#(runIdB)"}"#).0 == .forbidden)
        #expect(try await b.call("experiments/set-experiment-tag", .post, #"{"experiment_id":"0","key":"t","value":"v"}"#).0 == .forbidden,
                "only admins change the Default experiment")
    }
    try await stores.database.close()
}

/// Smaller holes: duplicate JSON keys, out-of-range numbers, fractional MLflow steps, registered-model
/// rename, `a//b` paths, Content-Disposition injection, and model names in /metrics.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func smallerHolesAreClosed() async throws {
    let c = freshConfiguration()
    let stores = try await Stores.open(c.storage)
    let (app, _) = buildApplication(stores, c)
    let owner = try await stores.apiKeys.create(role: .owner, label: "o").token
    try await app.test(.router) { client in
        let o = MLflowCaller(client: client, headers: [.authorization: "Bearer \(owner)"])
        #expect(try await o.call("registered-models/create", .post, #"{"name":"Secret Model"}"#).0 == .ok)
        let patch = { (body: String) async throws -> TestResponse in
            try await client.execute(uri: "/api/v1/models/Secret%20Model", method: .patch, headers: o.headers, body: ByteBuffer(string: body))
        }
        let dup = try await patch(#"{"description":"a","description":"b"}"#)
        #expect(dup.status == .badRequest && String(buffer: dup.body).contains("twice"), "\(String(buffer: dup.body))")
        let huge = try await patch(#"{"baseline":1e400}"#)
        #expect(huge.status == .badRequest && String(buffer: huge.body).contains("out of range"), "\(String(buffer: huge.body))")

        let (_, run) = try await o.call("runs/create", .post, #"{"experiment_id":"0"}"#)
        let runId = try #require(((run["run"] as? [String: Any])?["info"] as? [String: Any])?["run_id"] as? String)
        let (half, json) = try await o.call("runs/log-metric", .post, #"{"run_id":"\#(runId)","key":"m","value":1,"timestamp":1,"step":0.5}"#)
        #expect(half == .badRequest && json["error_code"] as? String == "INVALID_PARAMETER_VALUE")
        let (halfBatch, _) = try await o.call("runs/log-batch", .post, #"{"run_id":"\#(runId)","metrics":[{"key":"m","value":1,"timestamp":1,"step":0.5}]}"#)
        #expect(halfBatch == .badRequest)
        #expect(try await o.call("runs/log-metric", .post, #"{"run_id":"\#(runId)","key":"m","value":1,"timestamp":1,"step":2.0}"#).0 == .ok)

        let (renamed, rj) = try await o.call("registered-models/rename", .post, #"{"name":"Secret Model","new_name":"Renamed Model"}"#)
        #expect(renamed == .ok && (rj["registered_model"] as? [String: Any])?["name"] as? String == "Renamed Model", "\(rj)")
        #expect(try await o.call("registered-models/get?name=Renamed%20Model", .get).0 == .ok)
        #expect(try await o.call("registered-models/get?name=Secret%20Model", .get).0 == .notFound)

        #expect(try await o.put("0/\(runId)/artifacts/a//b.txt", "x") == .badRequest)
        #expect(try await o.put("0/\(runId)/artifacts/a%22%3B%20filename%3Dev.exe", "x") == .ok)
        let evil = try await client.execute(uri: "/api/2.0/mlflow-artifacts/artifacts/0/\(runId)/artifacts/a%22%3B%20filename%3Dev.exe", method: .get, headers: o.headers)
        #expect(evil.headers[.contentDisposition] == #"attachment; filename="a\"; filename=ev.exe""#, "\(evil.headers[.contentDisposition] ?? "")")
        #expect(try await o.put("0/\(runId)/artifacts/r%C3%A9sum%C3%A9.txt", "x") == .ok)
        let accented = try await client.execute(uri: "/api/2.0/mlflow-artifacts/artifacts/0/\(runId)/artifacts/r%C3%A9sum%C3%A9.txt", method: .get, headers: o.headers)
        #expect(accented.headers[.contentDisposition] == #"attachment; filename="r_sum_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt"#)

        // /metrics needs no key (Prometheus scrapes without one) and names routes by pattern, never a model.
        let metrics = try await client.execute(uri: "/metrics", method: .get)
        #expect(metrics.status == .ok)
        #expect(!String(buffer: metrics.body).contains("Renamed") && !String(buffer: metrics.body).contains("Secret"))
    }
    try await stores.database.close()
}
