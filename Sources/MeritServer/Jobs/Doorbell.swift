import Synchronization

/// Rung when a contribution is queued in this process, so that this process's idle workers claim it at
/// once instead of at their next poll. Workers in other processes (sharing a PostgreSQL queue) still
/// find it by polling.
final class Doorbell: Sendable {
    /// The process's bell for new jobs.
    static let jobs = Doorbell()
    /// The process's bell for jobs that ended (for requests that wait for one).
    static let finished = Doorbell()

    private let rings = Atomic<UInt64>(0)

    /// Wakes the waiting workers.
    func ring() { rings.add(1, ordering: .releasing) }

    /// Returns after `limit`, or within about 10 ms of a ring, whichever is first (or when cancelled).
    func wait(upTo limit: Duration) async {
        let seen = rings.load(ordering: .acquiring)
        let step = Duration.milliseconds(10)
        var waited = Duration.zero
        while waited < limit, !Task.isCancelled, rings.load(ordering: .acquiring) == seen {
            try? await Task.sleep(for: step)
            waited += step
        }
    }
}
