import Foundation
import Hummingbird
import MeritCore
import MeritStore
import MeritToken

/// Everything the controllers need, injected once.
struct Services: Sendable {
    let tracking: any TrackingStore
    let registry: any ModelStore
    let artifacts: any ArtifactStore
    let keys: any APIKeyStore
    let jobs: any JobQueue
    let watch: any WatchStore
    /// Models' token ledgers: the store, and the service that appends to it.
    let ledgers: any LedgerStore
    let ledger: TokenLedger
    let policy: AccessPolicy
    /// Who signs this server's attestations.
    let attesters: Attesters
    /// The key this process signs version records with, when it has one.
    let signing: JobWorker.Signing?
    /// Scratch space for training (under the data directory).
    let workDirectory: URL
    /// Owners of MLflow experiments, runs and logged models.
    let owners: TrackingOwners
}

extension Services {
    /// Trains and records Merit's model versions.
    var versions: VersionBuilder { VersionBuilder(models: registry, artifacts: artifacts, jobs: jobs, workDirectory: workDirectory, signing: signing, domain: attesters.domain) }

    /// The model named `name`, once the request's key is checked to own it (admin, or an owner key that
    /// owns it or is scoped to it).
    func ownedModel(_ name: String, _ ctx: AppContext) async throws -> RegisteredModel {
        let m = try await registry.model(name)
        try policy.checkOwner(of: m, ctx)
        return m
    }
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
    /// Whether the route answers without a key whatever the server's settings.
    public let anonymous: Bool
}

/// A controller: a set of routes for one concern.
protocol Controller: Sendable {
    /// Adds the controller's routes, each with its access rule.
    func register(on routes: GuardedRoutes)
}

/// A Hummingbird route collection whose routes check their access rule before the handler runs, and
/// record it in the route table.
final class GuardedRoutes {
    /// The routes, to add to a router group at `prefix`.
    let collection = RouteCollection(context: AppContext.self)
    /// Where the collection is mounted (for the table).
    let prefix: String
    let policy: AccessPolicy
    private(set) var table: [RouteEntry] = []

    init(prefix: String, policy: AccessPolicy) { self.prefix = prefix; self.policy = policy }

    /// Adds a route at `path` (relative to the prefix; "" for the prefix itself).
    func on(_ method: HTTPRequest.Method, _ path: String, _ access: Access,
            _ handler: @escaping @Sendable (Request, AppContext) async throws -> Response) {
        let policy = self.policy
        var role: String? = nil, rule: String? = nil
        switch access {
        case .role(let r): role = r.rawValue
        case .modelData: rule = "model-data"
        case .upload: rule = "upload"
        case .read, .anyone: break
        }
        table.append(RouteEntry(method: method.rawValue, path: path.isEmpty ? prefix : prefix + "/" + path, writeRole: role, dataRule: rule,
                                anonymous: access == .anyone))
        collection.on(RouterPath(path), method: method) { request, context -> Response in
            try policy.check(access, context)
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
