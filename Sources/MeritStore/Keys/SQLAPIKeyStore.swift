import Crypto
import MeritBase
import MeritCore
import SQLKit

/// API keys in SQL. Only SHA-256 of the secret is stored.
public struct SQLAPIKeyStore: APIKeyStore {
    let db: Database
    let now: MillisecondClock

    /// Creates the store.
    public init(db: Database, clock: @escaping MillisecondClock = systemMilliseconds) { self.db = db; self.now = clock }

    /// Creates a key and returns the full token (shown once) and its identity.
    public func create(role: APIKey.Role, label: String, modelName: String?) async throws -> (token: String, identity: APIKey.Identity) {
        let id = randomHexID(bytes: 6), secret = randomHexID(bytes: 24)
        let t = now()
        try await db.write { db in
            try await db.raw("""
                INSERT INTO api_keys (id, secret_hash, role, model_name, label, created_ms, revoked)
                VALUES (\(bind: id), \(bind: Self.hash(secret)), \(bind: role.rawValue), \(bind: modelName), \(bind: label), \(bind: t), 0)
                """).run()
        }
        return ("merit_\(id)_\(secret)", APIKey.Identity(keyId: id, role: role, modelName: modelName, label: label))
    }

    /// The identity of a bearer token, or nil when it is unknown, revoked or wrong.
    public func authenticate(_ token: String) async throws -> APIKey.Identity? {
        guard let (id, secret) = APIKey.parse(token) else { return nil }
        guard let row = try await db.read({ db in try await db.raw("SELECT * FROM api_keys WHERE id = \(bind: id)").first() }) else { return nil }
        let stored = Array(try row.string("secret_hash").utf8), given = Array(Self.hash(secret).utf8)
        guard Self.equalInConstantTime(stored, given), try row.int("revoked") == 0, let role = APIKey.Role(rawValue: try row.string("role")) else { return nil }
        return APIKey.Identity(keyId: id, role: role, modelName: try row.optString("model_name"), label: try row.string("label"))
    }

    /// Revokes a key; false when no key has this id.
    @discardableResult
    public func revoke(id: String) async throws -> Bool {
        try await db.write { db in try await db.raw("UPDATE api_keys SET revoked = 1 WHERE id = \(bind: id) RETURNING id").first() != nil }
    }

    /// Every key, oldest first.
    public func list() async throws -> [APIKey.Listed] {
        try await db.read { db in
            try await db.raw("SELECT id, role, model_name, label, revoked, created_ms FROM api_keys ORDER BY created_ms, id").all().map { row in
                APIKey.Listed(keyId: try row.string("id"), role: APIKey.Role(rawValue: try row.string("role")) ?? .reader, modelName: try row.optString("model_name"),
                       label: try row.string("label"), revoked: try row.int("revoked") != 0, createdMs: try row.int64("created_ms"))
            }
        }
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).hexString
    }

    /// Compares two hashes without an early exit, so timing says nothing of where they differ.
    static func equalInConstantTime(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
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
