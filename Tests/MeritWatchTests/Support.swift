import FakeOpenAI
import Foundation
import Hummingbird
import MeritStore
import Synchronization
import TestSupport
@testable import MeritWatch

/// The repository's root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
/// A shipped task file.
func shippedTask(_ name: String) -> String { repositoryRoot.appendingPathComponent("tasks/\(name)/\(name).yaml").path }

/// Runs fake OpenAI servers on free 127.0.0.1 ports for the duration of `body`, then stops them.
func withFakeServers<R: Sendable>(_ configs: [FakeOpenAIConfiguration], _ body: @Sendable ([Int]) async throws -> R) async throws -> R {
    let ports = PortBox()
    return try await withThrowingTaskGroup(of: R?.self) { group in
        for (k, c) in configs.enumerated() {
            group.addTask {
                let app = buildFakeOpenAI(c) { port in ports.set(k, port) }
                try await app.runService(gracefulShutdownSignals: [])
                return nil
            }
        }
        var waited = 0
        while ports.count < configs.count {
            try await Task.sleep(for: .milliseconds(20))
            waited += 1
            if waited > 500 { throw WatchError(.invalidArgument, "the fake servers did not start") }
        }
        let list = configs.indices.map { ports.get($0)! }
        let result = try await body(list)
        group.cancelAll()
        return result
    }
}

/// A fresh SQLite database in a temporary folder, and PostgreSQL when MERIT_TEST_POSTGRES_URL is set:
/// its database name with `_watch` appended (scripts/postgres.sh creates it), because the store tests
/// reset their database's schema while these run. The watch tables are cleared first.
func freshDatabases() async throws -> [(String, Database)] {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-watch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    var out = [("sqlite", try await Database.sqlite(path: dir.appendingPathComponent("merit.sqlite").path))]
    if let url = postgresTestURL(suffix: "_watch") {
        let db = try await Database.postgres(url: url)
        try await db.write { sql in
            for t in ["watch_scores", "watch_qos", "watch_identity", "watch_rounds", "watch_endpoints"] { try await sql.raw("DELETE FROM \(unsafeRaw: t)").run() }
        }
        out.append(("postgresql", db))
    }
    return out
}

/// Ports the fake servers bound, by index.
final class PortBox: Sendable {
    private let map = Mutex<[Int: Int]>([:])
    func set(_ k: Int, _ p: Int) { map.withLock { $0[k] = p } }
    func get(_ k: Int) -> Int? { map.withLock { $0[k] } }
    var count: Int { map.withLock { $0.count } }
}
