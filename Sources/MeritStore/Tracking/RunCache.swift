import MeritCore
import Synchronization

/// Decoded runs of recent experiments, reused while the database has not changed.
///
/// On SQLite the check is `PRAGMA data_version` on a reader connection that never writes: it changes
/// whenever any other connection commits, this process's writer or another process. The version is
/// read before the runs, so an entry is never older than its version says. A run search on an
/// unchanged experiment (a dashboard polling) then costs one PRAGMA instead of decoding every run.
/// PostgreSQL has no such cheap check, so nothing is cached there.
final class RunCache: Sendable {
    struct Key: Hashable { var experiment: Int64; var lifecycle: String? }
    struct Entry { var version: Int64; var runs: [RunRecord] }

    /// Experiments kept; larger ones are not cached at all.
    static let capacity = 8
    static let maxRuns = 20_000

    private let entries = Mutex<[Key: Entry]>([:])

    func get(_ key: Key, version: Int64) -> [RunRecord]? {
        entries.withLock { e in e[key].flatMap { $0.version == version ? $0.runs : nil } }
    }

    func put(_ key: Key, version: Int64, runs: [RunRecord]) {
        guard runs.count <= Self.maxRuns else { return }
        entries.withLock { e in
            if e.count >= Self.capacity, e[key] == nil, let victim = e.min(by: { $0.value.version < $1.value.version })?.key { e[victim] = nil }
            e[key] = Entry(version: version, runs: runs)
        }
    }
}

extension Database {
    /// SQLite's data version as seen from the first reader connection, or nil on PostgreSQL.
    func dataVersion() async throws -> Int64? {
        guard case .sqlite(_, _, let readers) = backend else { return nil }
        let rows = try await readers.connections[0].run { try $0.query("PRAGMA data_version", []) }
        return rows.first?.column("data_version")?.integer
    }
}
