import Crypto
import MeritBase
import SQLKit

/// API keys: `merit_<id>_<secret>`. Only SHA-256 of the secret is stored; the whole key is shown once.
public struct APIKeyStore: Sendable {
    /// What a key may do.
    public enum Role: String, Sendable, CaseIterable, Comparable {
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
    }

    let db: Database
    let now: MillisecondClock

    /// Creates the store.
    public init(db: Database, clock: @escaping MillisecondClock = systemMilliseconds) { self.db = db; self.now = clock }

    /// Creates a key and returns the full token (shown once) and its identity.
    public func create(role: Role, label: String, modelName: String? = nil) async throws -> (token: String, identity: Identity) {
        let id = randomHexID(bytes: 6), secret = randomHexID(bytes: 24)
        let t = now()
        try await db.write { db in
            try await db.raw("""
                INSERT INTO api_keys (id, secret_hash, role, model_name, label, created_ms, revoked)
                VALUES (\(bind: id), \(bind: Self.hash(secret)), \(bind: role.rawValue), \(bind: modelName), \(bind: label), \(bind: t), 0)
                """).run()
        }
        return ("merit_\(id)_\(secret)", Identity(keyId: id, role: role, modelName: modelName, label: label))
    }

    /// The identity of a bearer token, or nil when it is unknown, revoked or wrong.
    public func authenticate(_ token: String) async throws -> Identity? {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "merit", parts[1].count == 12, parts[2].count == 48 else { return nil }
        let id = String(parts[1]), secret = String(parts[2])
        guard let row = try await db.read({ db in try await db.raw("SELECT * FROM api_keys WHERE id = \(bind: id)").first() }) else { return nil }
        let stored = Array(try row.string("secret_hash").utf8), given = Array(Self.hash(secret).utf8)
        guard stored.count == given.count else { return nil }
        var diff: UInt8 = 0
        for i in 0..<stored.count { diff |= stored[i] ^ given[i] }
        guard diff == 0, try row.int("revoked") == 0, let role = Role(rawValue: try row.string("role")) else { return nil }
        return Identity(keyId: id, role: role, modelName: try row.optString("model_name"), label: try row.string("label"))
    }

    /// Revokes a key; false when no key has this id.
    @discardableResult
    public func revoke(id: String) async throws -> Bool {
        try await db.write { db in try await db.raw("UPDATE api_keys SET revoked = 1 WHERE id = \(bind: id) RETURNING id").first() != nil }
    }

    /// A key as `list` shows it: never its secret or hash.
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
    }

    /// Every key, oldest first.
    public func list() async throws -> [Listed] {
        try await db.read { db in
            try await db.raw("SELECT id, role, model_name, label, revoked, created_ms FROM api_keys ORDER BY created_ms, id").all().map { row in
                Listed(keyId: try row.string("id"), role: Role(rawValue: try row.string("role")) ?? .reader, modelName: try row.optString("model_name"),
                       label: try row.string("label"), revoked: try row.int("revoked") != 0, createdMs: try row.int64("created_ms"))
            }
        }
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).hexString
    }
}

#if canImport(Foundation)
import Foundation
#endif

extension SHA256.Digest {
    /// Lower-case hex, without Foundation's per-byte formatting (this runs on every request).
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
