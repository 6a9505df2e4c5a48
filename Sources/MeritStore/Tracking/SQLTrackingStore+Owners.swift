import MeritCore
import SQLKit

extension SQLTrackingStore {
    /// The id of the API key that created `thing`, or nil when it has none (MLflow's Default
    /// experiment, and anything created before owners were recorded). Throws `.notFound` when it does
    /// not exist. Owners never change, so callers may cache the answer.
    public func owner(of thing: TrackedThing) async throws -> String? {
        try await db.read { db in
            let row: (any SQLRow)?
            switch thing {
            case .experiment(let id): row = try await db.raw("SELECT owner_key FROM experiments WHERE id = \(bind: id)").first()
            case .run(let id): row = try await db.raw("SELECT owner_key FROM runs WHERE run_id = \(bind: id)").first()
            case .loggedModel(let id): row = try await db.raw("SELECT owner_key FROM logged_models WHERE model_id = \(bind: id)").first()
            }
            guard let row else { throw StoreError(.notFound, "\(thing) not found") }
            return try row.optString("owner_key")
        }
    }
}
