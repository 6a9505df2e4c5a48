import Crypto
import MeritBase
import MeritCore
import Hummingbird
import Synchronization
import MeritStore

/// Reads `Authorization: Bearer <key>` (also how MLflow sends MLFLOW_TRACKING_TOKEN) into the context.
/// Authorisation happens per route, with `Access`.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let keys: any APIKeyStore
    let cache: KeyCache

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer", let id = try await cache.identity(String(parts[1]), keys) {
                context.identity = id
            } else {
                throw APIError(status: .unauthorized, code: "unauthenticated", message: "the API key is not valid (unknown, revoked or malformed); create one with `merit api-keys create`")
            }
        }
        return try await next(request, context)
    }
}

/// What a route needs.
enum Access: Sendable, Equatable {
    /// Anyone when anonymous reads are on, else any key.
    case read
    /// Anyone, with or without a key, whatever the server's settings: what a stranger needs to check
    /// Merit's work (the attester addresses).
    case anyone
    /// A key with at least this role.
    case role(APIKey.Role)
    /// A model's base and benchmark data (route parameter `name`): the model's owner, admins and
    /// attesters.
    case modelData
    /// A contributor's upload (route parameter `id`, a contribution): its contributor, the model's owner
    /// and admins.
    case upload
}

/// Whether the server lets requests without a key read.
struct AccessPolicy: Sendable {
    var anonymousRead: Bool

    /// Checks `access` for the request's identity: 401 without a key, 403 with a weaker one. The
    /// error is the native API's; the MLflow API's error middleware gives it MLflow's shape.
    func check(_ access: Access, _ context: AppContext) throws {
        let unauthenticated = APIError.unauthenticated("this route needs an API key: send Authorization: Bearer <key> (for mlflow, set MLFLOW_TRACKING_TOKEN)")
        switch access {
        case .modelData, .upload:
            if context.identity == nil { throw unauthenticated }
        case .read:
            if context.identity == nil && !anonymousRead { throw unauthenticated }
        case .anyone:
            return
        case .role(let needed):
            guard let id = context.identity else { throw unauthenticated }
            if id.role < needed {
                throw APIError.forbidden("this route needs the \(needed.rawValue) role; the key '\(id.label)' has \(id.role.rawValue)")
            }
        }
    }

    /// Checks that the key may read `model`'s base and benchmark data: the held-out benchmark must not
    /// reach contributors, who could tune their data to it.
    func checkDataRead(of model: RegisteredModel, _ context: AppContext) throws {
        guard let id = context.identity else { throw APIError.unauthenticated("this route needs an API key") }
        if id.role == .attester || Self.owns(id, model) { return }
        throw APIError(status: .forbidden, code: "forbidden",
                       message: "the base and benchmark data of model '\(model.name)' are readable only by its owner, admins and attesters; the key '\(id.label)' is none of these")
    }

    /// Checks that the key may read a contribution's uploaded file: the key that uploaded it, the model's
    /// owner and admins.
    func checkUploadRead(_ c: Contribution, of model: RegisteredModel, _ context: AppContext) throws {
        guard let id = context.identity else { throw APIError.unauthenticated("this route needs an API key") }
        if c.submittedBy == id.keyId || Self.owns(id, model) { return }
        throw APIError(status: .forbidden, code: "forbidden",
                       message: "contribution \(c.id)'s file is readable only by the key that uploaded it, the model's owner and admins; the key '\(id.label)' is none of these")
    }

    /// Admin, or an owner key that owns `model` (or is scoped to it).
    static func owns(_ id: APIKey.Identity, _ model: RegisteredModel) -> Bool {
        if id.role == .admin { return true }
        return id.role == .owner && (id.modelName == model.name || (id.modelName == nil && (model.ownerKey == id.keyId || model.ownerKey == nil)))
    }

    /// Checks that the key may write to `model` (admin, or an owner key that owns it / is scoped to it).
    func checkOwner(of model: RegisteredModel, _ context: AppContext) throws {
        guard let id = context.identity else { return }
        if !Self.owns(id, model) { throw APIError.forbidden("the key '\(id.label)' does not own model '\(model.name)'") }
    }
}

/// Recently authenticated keys, so a request does not cost a database read. Entries are keyed by
/// SHA-256 of the token (the token itself is never kept) and live 5 seconds: a revoked key stops
/// working within 5 seconds.
final class KeyCache: Sendable {
    static let ttl: Duration = .seconds(5)
    private let entries = Mutex<[String: (APIKey.Identity, ContinuousClock.Instant)]>([:])

    func identity(_ token: String, _ keys: any APIKeyStore) async throws -> APIKey.Identity? {
        let digest = Hex.encode(SHA256.hash(data: Array(token.utf8)))
        let now = ContinuousClock.now
        if let hit = entries.withLock({ $0[digest] }), hit.1 > now { return hit.0 }
        guard let id = try await keys.authenticate(token) else { return nil }
        entries.withLock { e in
            if e.count > 10_000 { e.removeAll() }
            e[digest] = (id, now + Self.ttl)
        }
        return id
    }
}
