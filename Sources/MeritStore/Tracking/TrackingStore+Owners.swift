import SQLKit

/// Something in MLflow's tracking data that has an owner: the API key that created it.
public enum TrackedThing: Sendable, Hashable, CustomStringConvertible {
    /// An experiment, by id.
    case experiment(Int64)
    /// A run, by id.
    case run(String)
    /// A logged model (MLflow 3), by id.
    case loggedModel(String)

    public var description: String {
        switch self {
        case .experiment(let id): "experiment \(id)"
        case .run(let id): "run '\(id)'"
        case .loggedModel(let id): "logged model '\(id)'"
        }
    }
}

extension TrackingStore {
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
