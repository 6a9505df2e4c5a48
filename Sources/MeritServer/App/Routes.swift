import Foundation
import Hummingbird
import MeritStore

/// Everything the handlers need, injected once.
struct Services: Sendable {
    let tracking: TrackingStore
    let registry: RegistryStore
    let artifacts: ArtifactStore
    let keys: APIKeyStore
    let jobs: JobStore
    let watch: WatchStore
    let policy: AccessPolicy
    /// Owners of MLflow experiments, runs and logged models.
    let owners: TrackingOwners
}

/// One registered route and what it requires: the table a test walks to check 401/403 everywhere.
public struct RouteEntry: Sendable, Equatable {
    /// HTTP method.
    public let method: String
    /// Path pattern.
    public let path: String
    /// The role a write needs, or nil for a read.
    public let writeRole: String?
    /// For a route that serves stored data: `model-data` (the model's owner, admins, attesters) or
    /// `upload` (the uploader, the model's owner, admins); nil otherwise.
    public let dataRule: String?
}

/// Registers routes with their access rule checked before the handler runs.
final class Routes {
    let router: Router<AppContext>
    let policy: AccessPolicy
    private(set) var table: [RouteEntry] = []

    init(router: Router<AppContext>, policy: AccessPolicy) { self.router = router; self.policy = policy }

    func add(_ method: HTTPRequest.Method, _ path: RouterPath, _ access: Access, mlflow: Bool,
             _ handler: @escaping @Sendable (Request, AppContext) async throws -> Response) {
        let policy = self.policy
        var role: String? = nil, rule: String? = nil
        switch access {
        case .role(let r): role = r.rawValue
        case .modelData: rule = "model-data"
        case .upload: rule = "upload"
        case .read: break
        }
        table.append(RouteEntry(method: method.rawValue, path: path.description, writeRole: role, dataRule: rule))
        router.on(path, method: method) { request, context -> Response in
            try policy.check(access, context, mlflowShape: mlflow)
            return try await handler(request, context)
        }
    }
}

extension AppContext {
    /// A path parameter, percent-decoded (Hummingbird matches on the raw path).
    func param(_ name: String) throws -> String {
        let raw = try parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }
}
