import MeritBase
import Foundation
import Hummingbird
import MeritStore
import MeritWatch

/// The endpoint watcher's public results: the leaderboard, the watched endpoints, and the signed rounds.
struct WatchController: Controller {
    let s: Services

    func register(on routes: GuardedRoutes) {
        routes.on(.get, "leaderboard", .read) { try await self.leaderboard($0, $1) }
        routes.on(.get, "watch/endpoints", .read) { try await self.endpoints($0, $1) }
        routes.on(.get, "watch/rounds", .read) { try await self.rounds($0, $1) }
        routes.on(.get, "watch/rounds/{round}", .read) { try await self.round($0, $1) }
        routes.on(.get, "watch/verify", .read) { try await self.verifyChain($0, $1) }

    }

    func leaderboard(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let window = try Self.intQuery(req, "window", default: 10)
        guard (1...1000).contains(window) else { throw APIError.bad("window must be 1 to 1000 rounds") }
        let board = try await Leaderboard.compute(store: s.watch, window: window)
        return try JSONResponse.encode(board, context: ctx)
    }

    func endpoints(_ req: Request, _ ctx: AppContext) async throws -> Response {
        try JSONResponse.encode(["endpoints": try await s.watch.endpoints()], context: ctx)
    }

    func rounds(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let limit = try Self.intQuery(req, "limit", default: 100)
        guard (1...10_000).contains(limit) else { throw APIError.bad("limit must be 1 to 10000") }
        struct Summary: Encodable { var round: Int64; var digest, previous, signer: String; var started_ms: Int64 }
        let rows = try await s.watch.rounds(limit: limit)
        return try JSONResponse.encode(["rounds": rows.map { Summary(round: $0.round, digest: $0.digest, previous: $0.previous, signer: $0.signer, started_ms: $0.startedMs) }],
                                       context: ctx)
    }

    func round(_ req: Request, _ ctx: AppContext) async throws -> Response {
        guard let n = Int64(try ctx.param("round")) else { throw APIError.bad("the round must be a whole number") }
        guard let row = try await s.watch.round(n) else {
            throw APIError(status: .notFound, code: "not_found", message: "no round \(n); GET /api/v1/watch/rounds lists them")
        }
        // The stored JSON as is: these are the exact bytes whose hashes were signed.
        let body = "{\"record\":\(row.recordJSON),\"data\":\(row.dataJSON)}"
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    func verifyChain(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let rows = try await s.watch.rounds()
        let checks = ChainVerifier.verify(rows)
        struct Check: Encodable { var round: UInt64; var digest: String; var ok: Bool; var problems: [String] }
        struct Out: Encodable { var ok: Bool; var rounds: Int; var head: String?; var checks: [Check] }
        let bad = checks.filter { !$0.problems.isEmpty }
        return try JSONResponse.encode(Out(ok: bad.isEmpty, rounds: checks.count, head: checks.last?.digest,
                                           checks: bad.map { Check(round: $0.round, digest: $0.digest, ok: false, problems: $0.problems) }), context: ctx)
    }

    /// An integer query parameter: absent gives `default`, anything but a whole number is a 400.
    static func intQuery(_ req: Request, _ name: String, default value: Int) throws -> Int {
        guard let text = req.uri.queryParameters.get(name) else { return value }
        guard let v = Int(text) else { throw APIError.bad("\(name) must be a whole number (got '\(text)')") }
        return v
    }
}

