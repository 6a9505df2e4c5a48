import Foundation
import Hummingbird
import MeritWatch

/// The leaderboard as an HTML page, at `/leaderboard`.
struct LeaderboardPageController: Controller {
    let s: Services

    func register(on routes: GuardedRoutes) {
        routes.on(.get, "leaderboard", .read) { try await self.page($0, $1) }
    }

    func page(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let window = try WatchController.intQuery(req, "window", default: 10)
        guard (1...1000).contains(window) else { throw APIError.bad("window must be 1 to 1000 rounds") }
        let board = try await Leaderboard.compute(store: s.watch, window: window)
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: LeaderboardPage.html(board))))
    }
}
