import AsyncHTTPClient
import Foundation
import NIOCore

/// Speaks JSON to a Merit server's native API, with the API key from an environment variable when one
/// is set (reads may be open without a key). Errors name the URL and quote the server's message.
struct ServerClient {
    let base: String
    let token: String?

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// A client for `server`, reading the key from `$tokenEnv` if it is set.
    init(server: String, tokenEnv: String) {
        base = server.hasSuffix("/") ? String(server.dropLast()) : server
        token = ProcessInfo.processInfo.environment[tokenEnv].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The status and body at `path`, whatever the status.
    func get(_ path: String) async throws -> (status: Int, body: Data) { try await send("GET", path, body: nil) }

    /// POSTs a JSON body; the status and body, whatever the status.
    func post(_ path: String, json: Data) async throws -> (status: Int, body: Data) { try await send("POST", path, body: json) }

    func send(_ method: String, _ path: String, body: Data?) async throws -> (status: Int, body: Data) {
        let url = base + path
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        defer { _ = http.shutdown() }
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        do {
            let response = try await http.execute(request, timeout: .seconds(60))
            return (Int(response.status.code), Data(buffer: try await response.body.collect(upTo: 64 << 20)))
        } catch {
            throw Failure(description: "cannot reach \(url) (\(error)); check --server")
        }
    }

    /// GETs `path` and hands each piece of a 200 answer's body to `consume` as it arrives (for answers
    /// larger than `get` takes); the status, and the body of any other answer.
    func stream(_ path: String, _ consume: (ByteBuffer) -> Void) async throws -> (status: Int, body: Data) {
        let url = base + path
        let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        defer { _ = http.shutdown() }
        var request = HTTPClientRequest(url: url)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        do {
            let response = try await http.execute(request, timeout: .seconds(3600))
            guard response.status == .ok else { return (Int(response.status.code), Data(buffer: try await response.body.collect(upTo: 1 << 20))) }
            for try await chunk in response.body { consume(chunk) }
            return (200, Data())
        } catch {
            throw Failure(description: "cannot read \(url) (\(error)); check --server")
        }
    }

    /// The error message in a Merit error body, or a hint.
    static func message(_ body: Data) -> String {
        let o = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        return ((o?["error"] as? [String: Any])?["message"] as? String) ?? "the answer is not JSON; is --server a Merit server?"
    }

    /// The JSON object at `path` (a path under the server, with its query).
    func object(_ path: String) async throws -> [String: Any] {
        let answer = try await get(path)
        guard answer.status == 200, let o = (try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any] else {
            throw Failure(description: "GET \(base + path) answered HTTP \(answer.status): \(Self.message(answer.body))")
        }
        return o
    }

    /// A path segment, percent-encoded (model names may hold spaces).
    static func segment(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? s
    }
}
