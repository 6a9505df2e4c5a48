import MeritBase
import MeritEthereum

/// What schema validation does with a bad row.
public struct ValidationSettings: Codable, Sendable, Equatable {
    /// The policy for invalid rows.
    public enum InvalidRowPolicy: String, Codable, Sendable, CaseIterable {
        /// The row is dropped and counted; the rest of the file goes on.
        case dropRow = "drop-row"
        /// One invalid row rejects the whole file.
        case rejectFile = "reject-file"
    }

    /// Policy for invalid rows. Default: drop-row.
    public var onInvalidRow: InvalidRowPolicy
    /// Largest accepted record in bytes; a longer one is an error naming its line (default 1 MiB).
    public var maxRecordBytes: Int

    enum CodingKeys: String, CodingKey {
        case onInvalidRow = "on_invalid_row"
        case maxRecordBytes = "max_record_bytes"
    }

    /// Defaults: drop-row, 1 MiB records.
    public init() {
        onInvalidRow = .dropRow
        maxRecordBytes = 1 << 20
    }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        onInvalidRow = try SpecDecoding.decodeEnumIfPresent(InvalidRowPolicy.self, c, .onInvalidRow) ?? .dropRow
        maxRecordBytes = try c.decodeIfPresent(Int.self, forKey: .maxRecordBytes) ?? (1 << 20)
    }
}

/// What PII scanning does, per column.
public struct PIISettings: Codable, Sendable, Equatable {
    /// The action taken on a finding.
    public enum Policy: String, Codable, Sendable, CaseIterable {
        /// One finding in the column rejects the whole file.
        case rejectFile = "reject-file"
        /// A row with a finding in the column is rejected and counted.
        case rejectRow = "reject-row"
        /// The finding's characters are replaced by `[KIND]` before fingerprinting and training.
        case redact
        /// Findings are reported but nothing changes.
        case allow
    }

    /// Policy for columns not named in `columns` and kinds not named in `kinds`. Default: reject-row.
    public var defaultPolicy: Policy
    /// Per-column policies; a column's policy applies to every kind found in it.
    public var columns: [String: Policy]
    /// Per-kind policies, for columns not named in `columns` (`{"ethereum_address": "allow"}` for a
    /// model whose data holds public wallet addresses).
    public var kinds: [PIIKind: Policy]
    /// Findings below this confidence (0-100) are not reported. Default: 50.
    public var minConfidence: Int

    enum CodingKeys: String, CodingKey {
        case defaultPolicy = "default", columns, kinds, minConfidence = "min_confidence"
    }

    /// Defaults: reject-row everywhere, confidence 50.
    public init(defaultPolicy: Policy = .rejectRow, columns: [String: Policy] = [:], kinds: [PIIKind: Policy] = [:], minConfidence: Int = 50) {
        self.defaultPolicy = defaultPolicy
        self.columns = columns
        self.kinds = kinds
        self.minConfidence = minConfidence
    }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        defaultPolicy = try SpecDecoding.decodeEnumIfPresent(Policy.self, c, .defaultPolicy) ?? .rejectRow
        func policies(_ key: CodingKeys, _ what: String) throws -> [String: Policy] {
            var out: [String: Policy] = [:]
            for (name, value) in try c.decodeIfPresent([String: String].self, forKey: key) ?? [:] {
                guard let p = Policy(rawValue: value) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: c,
                        debugDescription: "\(what) \(JSONValue.excerpt(name)): \(JSONValue.excerpt(value)) is not one of: \(Policy.allNames.joined(separator: ", "))")
                }
                out[name] = p
            }
            return out
        }
        columns = try policies(.columns, "column")
        var byKind: [PIIKind: Policy] = [:]
        for (name, p) in try policies(.kinds, "kind") {
            guard let kind = PIIKind(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .kinds, in: c,
                    debugDescription: "\(JSONValue.excerpt(name)) is not a kind of personal data; the kinds are: \(PIIKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            byKind[kind] = p
        }
        kinds = byKind
        minConfidence = try c.decodeIfPresent(Int.self, forKey: .minConfidence) ?? 50
        guard (0...100).contains(minConfidence) else {
            throw DecodingError.dataCorruptedError(forKey: .minConfidence, in: c, debugDescription: "\(minConfidence) is out of range: give a confidence from 0 (report everything) to 100")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(defaultPolicy, forKey: .defaultPolicy)
        try c.encode(columns, forKey: .columns)
        // Absent when not given, so that specs written before these settings keep their canonical JSON
        // (and their spec hash).
        if !kinds.isEmpty { try c.encode(Dictionary(uniqueKeysWithValues: kinds.map { ($0.key.rawValue, $0.value) }), forKey: .kinds) }
        if minConfidence != 50 { try c.encode(minConfidence, forKey: .minConfidence) }
    }

    /// The policy for one column, whatever is found in it (the column's own, or the default).
    public func policy(for column: String) -> Policy { columns[column] ?? defaultPolicy }

    /// The policy for a finding of `kind` in `column`: the column's, else the kind's, else the default.
    public func policy(for column: String, kind: PIIKind) -> Policy { columns[column] ?? kinds[kind] ?? defaultPolicy }
}

/// Who may contribute to a model, and where its funds are held (required for a proprietary model).
public struct AccessSettings: Codable, Sendable, Equatable {
    /// The accounts that may be paid for a contribution; a contribution naming any other payee is refused.
    public var contributors: [Address]
    /// The treasury the owner funds and the owner's share is paid to.
    public var treasury: Address

    enum CodingKeys: String, CodingKey { case contributors, treasury }

    /// Creates access settings.
    public init(contributors: [Address], treasury: Address) { self.contributors = contributors; self.treasury = treasury }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func address(_ text: String, _ key: CodingKeys, _ what: String) throws -> Address {
            do { return try Address(hex: text) } catch {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(what) \(JSONValue.excerpt(text)) is not a 0x address of 40 hex digits")
            }
        }
        contributors = try c.decode([String].self, forKey: .contributors).enumerated().map { i, t in try address(t, .contributors, "entry \(i + 1)") }
        treasury = try address(c.decode(String.self, forKey: .treasury), .treasury, "the treasury")
    }

    /// Whether every payee is on the allow-list; the first that is not, otherwise.
    public func firstRefused(_ payees: [Contributor]) -> Address? {
        payees.first { !contributors.contains($0.account) }?.account
    }
}

/// Whether a paid version goes to production at once or waits for the owner.
public enum Promotion: String, Codable, Sendable, CaseIterable {
    /// The head moves to the new version and its stage becomes Production.
    case automatic
    /// The new version is recorded, its stage stays None, and the owner promotes it.
    case owner
}
