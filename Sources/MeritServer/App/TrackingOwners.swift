import Hummingbird
import MeritCore
import MeritStore
import Synchronization

/// Who may write MLflow experiments, runs and logged models: the key that created them, and admins.
///
/// MLflow's Default experiment (id 0) has no owner: any key with the owner role may create runs and
/// logged models in it, but only admins may rename, tag or delete it. Things created before owners were
/// recorded (migration 5) have no owner either, and only admins may change them. Owners never change,
/// so answers are cached for the life of the process (log-metric, the hot path, then costs no read).
final class TrackingOwners: Sendable {
    let tracking: any TrackingStore
    private let cache = Mutex<[TrackedThing: String?]>([:])

    init(tracking: any TrackingStore) { self.tracking = tracking }

    /// The owner key id of `thing` (nil: none); MLflow's not-found error when it does not exist.
    func owner(of thing: TrackedThing) async throws -> String? {
        if let hit = cache.withLock({ $0[thing] }) { return hit }
        let owner = try await tracking.owner(of: thing)
        remember(thing, owner: owner)
        return owner
    }

    /// Records the owner of something just created, so its first write pays no read.
    func remember(_ thing: TrackedThing, owner: String?) {
        cache.withLock { c in
            if c.count > 100_000 { c.removeAll() }
            c[thing] = .some(owner)
        }
    }

    /// Throws PERMISSION_DENIED unless the request's key created `thing` or is an admin's.
    func requireWrite(_ thing: TrackedThing, _ context: AppContext) async throws {
        guard let id = context.identity else {
            throw MLflowError.unauthenticated("this route needs an API key: send Authorization: Bearer <key> (for mlflow, set MLFLOW_TRACKING_TOKEN)")
        }
        let owner = try await owner(of: thing)
        if id.role == .admin || (owner != nil && owner == id.keyId) { return }
        throw MLflowError.forbidden("\(thing) belongs to another API key; only the key that created it (or an admin) may change it")
    }

    /// Checks that the request's key may create runs or logged models in experiment `id`.
    func requireCreate(in experiment: Int64, _ context: AppContext) async throws {
        if experiment == 0 {
            _ = try await owner(of: .experiment(0))  // exists
            return
        }
        try await requireWrite(.experiment(experiment), context)
    }
}
