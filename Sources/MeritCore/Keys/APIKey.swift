/// API keys of the registry server: `merit_<12 hex id>_<48 hex secret>`. Only a hash of the secret is
/// ever stored; the whole key is shown once, when it is created.
public enum APIKey {
    /// What a key may do, weakest first.
    public enum Role: String, Sendable, CaseIterable, Comparable, Codable {
        /// Reads only.
        case reader
        /// Reads, and submits contributions.
        case contributor
        /// A contributor that may also read every model's base and benchmark data, to re-run evaluations
        /// (`merit reproduce`); it cannot write models.
        case attester
        /// Creates models and writes to the models it owns (all of them when unscoped), and MLflow tracking.
        case owner
        /// Everything.
        case admin

        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
    }

    /// An authenticated key.
    public struct Identity: Sendable, Equatable {
        /// The key id (public; safe to log).
        public var keyId: String
        /// Its role.
        public var role: Role
        /// For an owner key: the one model it may write, or nil for any model it owns.
        public var modelName: String?
        /// Its label.
        public var label: String
        /// Creates an identity.
        public init(keyId: String, role: Role, modelName: String?, label: String) {
            self.keyId = keyId; self.role = role; self.modelName = modelName; self.label = label
        }
    }

    /// A key as a listing shows it: never its secret or hash.
    public struct Listed: Sendable, Equatable {
        /// The key id (public).
        public var keyId: String
        /// Its role.
        public var role: Role
        /// The model an owner key is scoped to.
        public var modelName: String?
        /// Its label.
        public var label: String
        /// Whether it was revoked.
        public var revoked: Bool
        /// When it was created (Unix milliseconds).
        public var createdMs: Int64
        /// Creates a listing row.
        public init(keyId: String, role: Role, modelName: String?, label: String, revoked: Bool, createdMs: Int64) {
            self.keyId = keyId; self.role = role; self.modelName = modelName; self.label = label; self.revoked = revoked; self.createdMs = createdMs
        }
    }

    /// Splits a bearer token into its id and secret; nil when it is not shaped like a Merit key.
    public static func parse(_ token: String) -> (id: String, secret: String)? {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "merit", parts[1].count == 12, parts[2].count == 48 else { return nil }
        return (String(parts[1]), String(parts[2]))
    }
}

/// Where API keys live. Implemented in SQL (`SQLAPIKeyStore`) and in memory (`MemoryAPIKeyStore`, for
/// unit tests).
public protocol APIKeyStore: Sendable {
    /// Creates a key and returns the full token (shown once) and its identity.
    func create(role: APIKey.Role, label: String, modelName: String?) async throws -> (token: String, identity: APIKey.Identity)
    /// The identity of a bearer token, or nil when it is unknown, revoked or wrong (compared in constant time).
    func authenticate(_ token: String) async throws -> APIKey.Identity?
    /// Revokes a key; false when no key has this id.
    @discardableResult func revoke(id: String) async throws -> Bool
    /// Every key, oldest first.
    func list() async throws -> [APIKey.Listed]
}

extension APIKeyStore {
    /// Creates an unscoped key.
    public func create(role: APIKey.Role, label: String) async throws -> (token: String, identity: APIKey.Identity) {
        try await create(role: role, label: label, modelName: nil)
    }
}
