import ArgumentParser
import AsyncHTTPClient
import Crypto
import Foundation
import MeritEthereum
import MeritEval
import MeritBase
import NIOCore
import MeritCommandLine

/// `merit submit`: a contributor's upload to a running registry, followed to its result.
struct Submit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upload a contribution to a Merit server, wait for its evaluation, and save the report and attestation.",
        discussion: """
        The API key is read from the environment variable named by --token-env (MERIT_TOKEN by default), never \
        from the command line. The upload streams from the file. Its Idempotency-Key is, unless given, the \
        file's SHA-256 with the model's name, the file name and the payees, so running the same command again returns the same contribution \
        instead of submitting twice. Exit codes as `merit evaluate`: 0 awarded, 3 no DeltaOne, 4 rejected, 1 error.
        """)
    @Argument(help: "The contribution (CSV or JSONL).") var file: String
    @Option(help: "The server's base URL.") var server: String = "http://127.0.0.1:5000"
    @Option(help: "The model's name.") var model: String
    @Option(help: "A payee, 0xADDRESS or 0xADDRESS:BPS (repeat for several; weights total 10000).") var contributor: [String] = []
    @Option(help: "The environment variable holding your API key.") var tokenEnv: String = "MERIT_TOKEN"
    @Option(help: "Idempotency-Key for the upload (default: derived from the file, the model and the payees).") var idempotencyKey: String?
    @Option(help: "Where to save report.json and attestation.json (default: merit-submission-<id>).") var out: String?
    @Flag(help: "Return after the upload; do not wait for the evaluation.") var noWait = false
    @Option(help: "Give up waiting after this many seconds.") var timeout: Double = 3600
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "No progress bar.") var quiet = false

    func validate() throws {
        guard !contributor.isEmpty else { throw ValidationError("give at least one --contributor 0xADDRESS[:BPS] to be paid") }
        guard let u = URL(string: server), ["http", "https"].contains(u.scheme ?? "") else { throw ValidationError("--server must be an http(s) URL") }
    }

    func run() async throws {
        guard let token = ProcessInfo.processInfo.environment[tokenEnv], !token.isEmpty else {
            throw ValidationError("no API key: set $\(tokenEnv) to a contributor key (`merit api-keys create --role contributor` on the server)")
        }
        guard let attrs = try? FileManager.default.attributesOfItem(atPath: file), let size = (attrs[.size] as? NSNumber)?.int64Value else {
            throw ValidationError("\(file): no such file")
        }
        let bar = ProgressBar(enabled: !quiet && !json)
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        try await CLIFailure.guardingAll {
            do { try await submit(http, token: token, size: size, bar: bar) } catch {
                bar.finish()
                try? await http.shutdown()
                throw error
            }
            try await http.shutdown()
        }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    func submit(_ http: HTTPClient, token: String, size: Int64, bar: ProgressBar) async throws {
        let base = server.hasSuffix("/") ? String(server.dropLast()) : server
        let name = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? model
        // The server scopes keys to the API key and the model, and answers a reused key with a different
        // request with 409: the derived key covers everything the request carries.
        let described = [model, URL(fileURLWithPath: file).lastPathComponent, contributor.joined(separator: ",")].joined(separator: "\n")
        let key = try idempotencyKey ?? "merit-submit-" + Self.sha256(file: file).prefix(32) + "-" + Keccak256.hash(described).hex.dropFirst(2).prefix(8)
        var query = "file=" + (URL(fileURLWithPath: file).lastPathComponent.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "upload")
        for c in contributor { query += "&contributor=" + (c.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? c) }

        bar.update("uploading \(URL(fileURLWithPath: file).lastPathComponent)", 0)
        var request = HTTPClientRequest(url: "\(base)/api/v1/models/\(name)/contributions?\(query)")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Idempotency-Key", value: key)
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.body = .stream(Self.chunks(file, size: size, bar: bar), length: .known(size))
        let response = try await http.execute(request, timeout: .seconds(3600))
        let body = try await response.body.collect(upTo: 16 << 20)
        let created = try Self.object(body, "the upload")
        guard response.status == .accepted || response.status == .ok, let c = created["contribution"] as? [String: Any], let id = c["id"] as? String else {
            throw Failure(description: "the server refused the upload (HTTP \(response.status.code)): \(Self.message(created))")
        }
        if noWait {
            bar.finish()
            print(json ? String(decoding: try JSONSerialization.data(withJSONObject: ["id": id, "state": c["state"] ?? ""], options: [.sortedKeys]), as: UTF8.self)
                       : "submitted \(id) (\(response.status == .ok ? "already submitted with this Idempotency-Key" : "queued")); follow it with GET \(base)/api/v1/contributions/\(id)")
            return
        }

        // Follow the job until it ends.
        let clock = ContinuousClock()
        let started = clock.now
        var state = c["state"] as? String ?? "queued"
        var record = c
        while !["done", "rejected", "failed"].contains(state) {
            guard clock.now - started < .seconds(timeout) else { throw Failure(description: "\(id) is still \(state) after \(Int(timeout)) s; run again later (the same command returns it)") }
            bar.update("\(id): \(state)", state == "running" ? 0.5 : 0.1)
            // The server answers when the job ends or after `wait` seconds, so the end is seen at once.
            let asked = clock.now, wait = max(1, min(10, Int(timeout - Double((clock.now - started).components.seconds))))
            record = try Self.object(try await get(http, "\(base)/api/v1/contributions/\(id)?wait=\(wait)", token), "the contribution")["contribution"] as? [String: Any] ?? record
            state = record["state"] as? String ?? state
            // A server that does not wait answered at once: ask again in a second, not in a busy loop.
            if clock.now - asked < .milliseconds(500), !["done", "rejected", "failed"].contains(state) { try await Task.sleep(for: .seconds(1)) }
        }
        bar.finish()
        if state == "failed" { throw Failure(description: "the evaluation of \(id) failed on the server: \(record["error"] as? String ?? "no reason given")") }
        // Rejected before a report was written (the file could not be read against the spec): the reason is
        // the job's error, and the exit code is still 4.
        if state == "rejected" && record["report_url"] == nil {
            let reason = record["error"] as? String ?? "the server gave no reason"
            if json {
                print(String(decoding: try JSONSerialization.data(withJSONObject: ["id": id, "state": state, "status": "rejected", "reason": reason], options: [.sortedKeys]), as: UTF8.self))
            } else {
                print("REJECTED \(id): \(reason)")
            }
            throw ExitCode(ExitStatus.rejected)
        }

        let dir = out ?? "merit-submission-\(id)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let reportBytes = try await get(http, "\(base)/api/v1/contributions/\(id)/report", token)
        try Data(buffer: reportBytes).write(to: URL(fileURLWithPath: dir).appendingPathComponent("report.json"))
        let report = try JSONDecoder().decode(EvaluationReport.self, from: Data(buffer: reportBytes))
        if record["attestation_url"] != nil {
            let att = try await get(http, "\(base)/api/v1/contributions/\(id)/attestation", token)
            try Data(buffer: att).write(to: URL(fileURLWithPath: dir).appendingPathComponent("attestation.json"))
        }
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: ["id": id, "state": state, "status": report.status.rawValue, "reason": report.reason, "out": dir], options: [.sortedKeys]), as: UTF8.self))
        } else {
            print(ReportPrinter.text(report))
            print("saved \(dir)/report.json\(record["attestation_url"] != nil ? " and attestation.json (check it with `merit verify`)" : "")")
        }
        throw ExitCode(ReportPrinter.exitStatus(report))
    }

    func get(_ http: HTTPClient, _ url: String, _ token: String) async throws -> ByteBuffer {
        var r = HTTPClientRequest(url: url)
        r.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await http.execute(r, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        guard response.status == .ok else {
            throw Failure(description: "GET \(url) answered HTTP \(response.status.code): \(Self.message((try? Self.object(body, url)) ?? [:]))")
        }
        return body
    }

    static func object(_ b: ByteBuffer, _ what: String) throws -> [String: Any] {
        guard let o = try? JSONSerialization.jsonObject(with: Data(buffer: b)) as? [String: Any] else {
            throw Failure(description: "\(what): the server's answer is not JSON; is --server a Merit server?")
        }
        return o
    }

    static func message(_ o: [String: Any]) -> String {
        ((o["error"] as? [String: Any])?["message"] as? String) ?? (o["message"] as? String) ?? "no message"
    }

    static func sha256(file: String) throws -> String {
        guard let h = FileHandle(forReadingAtPath: file) else { throw Failure(description: "\(file): cannot be read") }
        defer { try? h.close() }
        var hasher = SHA256()
        while let chunk = try h.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return Hex.encode(hasher.finalize())
    }

    /// The file in 1 MiB chunks, advancing the progress bar.
    static func chunks(_ file: String, size: Int64, bar: ProgressBar) -> AsyncThrowingStream<ByteBuffer, any Error> {
        AsyncThrowingStream { continuation in
            guard let h = FileHandle(forReadingAtPath: file) else { continuation.finish(throwing: Failure(description: "\(file): cannot be read")); return }
            var sent: Int64 = 0
            do {
                while let chunk = try h.read(upToCount: 1 << 20), !chunk.isEmpty {
                    sent += Int64(chunk.count)
                    bar.update("uploading \(URL(fileURLWithPath: file).lastPathComponent)", size > 0 ? Double(sent) / Double(size) : 1)
                    continuation.yield(ByteBuffer(bytes: chunk))
                }
                continuation.finish()
            } catch { continuation.finish(throwing: error) }
            try? h.close()
        }
    }
}
