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
