import Crypto
import MeritBase
import MeritCore

/// API keys in memory, for unit tests: the same token format, hashing and constant-time check as
/// `SQLAPIKeyStore`.
public actor MemoryAPIKeyStore: APIKeyStore {
    struct Row { var secretHash: String; var listed: APIKey.Listed }
    var rows: [String: Row] = [:]
    let now: MillisecondClock

    /// Creates an empty store.
    public init(clock: @escaping MillisecondClock = systemMilliseconds) { self.now = clock }

    public func create(role: APIKey.Role, label: String, modelName: String?) async throws -> (token: String, identity: APIKey.Identity) {
        let id = randomHexID(bytes: 6), secret = randomHexID(bytes: 24)
        rows[id] = Row(secretHash: SQLAPIKeyStore.hash(secret),
                       listed: APIKey.Listed(keyId: id, role: role, modelName: modelName, label: label, revoked: false, createdMs: now()))
        return ("merit_\(id)_\(secret)", APIKey.Identity(keyId: id, role: role, modelName: modelName, label: label))
    }

    public func authenticate(_ token: String) async throws -> APIKey.Identity? {
        guard let (id, secret) = APIKey.parse(token), let row = rows[id], !row.listed.revoked,
              SQLAPIKeyStore.equalInConstantTime(Array(row.secretHash.utf8), Array(SQLAPIKeyStore.hash(secret).utf8)) else { return nil }
        return APIKey.Identity(keyId: id, role: row.listed.role, modelName: row.listed.modelName, label: row.listed.label)
    }

    @discardableResult
    public func revoke(id: String) async throws -> Bool {
        guard rows[id] != nil else { return false }
        rows[id]?.listed.revoked = true
        return true
    }

    public func list() async throws -> [APIKey.Listed] {
        rows.values.map(\.listed).sorted { ($0.createdMs, $0.keyId) < ($1.createdMs, $1.keyId) }
    }
}
