import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import MeritServer
import MeritStore

/// A server on a free 127.0.0.1 port, for tests that need a real socket (a Python client beside Swift
/// calls). Hummingbird's `.live` test framework gives each request 20 seconds; under CI's load (a debug
/// build, dozens of tests at once on two cores) a data upload that loads and fingerprints a file can
/// take longer without anything being wrong, so these requests wait as long as `timeout`.
struct LiveClient: Sendable {
    let client: TestClient
    let port: Int?

    struct Response: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: ByteBuffer
    }

    func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil) async throws -> Response {
        var headers = headers
        headers[.connection] = "keep-alive"
        let r = try await client.execute(TestClient.Request(uri, method: method, authority: "localhost", headers: headers, body: body))
        return Response(status: r.status, headers: r.headers, body: r.body ?? ByteBuffer())
    }
}

/// Runs Merit's server over `stores` for the duration of `body`, then stops it.
func withLiveServer<R: Sendable>(_ stores: Stores, _ c: ServerConfiguration, timeout: Duration = .seconds(600),
                                 _ body: @Sendable (LiveClient) async throws -> R) async throws -> R {
    let (ports, announce) = AsyncStream.makeStream(of: Int.self)
    let (app, _) = buildApplication(stores, c, onRunning: { port in announce.yield(port) })
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.runService(gracefulShutdownSignals: []) }
        var next = ports.makeAsyncIterator()
        guard let port = await next.next() else { throw CancellationError() }
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: timeout))
        client.connect()
        do {
            let value = try await body(LiveClient(client: client, port: port))
            try? await client.shutdown()
            group.cancelAll()
            return value
        } catch {
            try? await client.shutdown()
            group.cancelAll()
            throw error
        }
    }
}
