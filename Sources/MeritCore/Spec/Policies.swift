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

    /// Policy for columns not named in `columns`. Default: reject-row.
    public var defaultPolicy: Policy
    /// Per-column policies.
    public var columns: [String: Policy]

    enum CodingKeys: String, CodingKey {
        case defaultPolicy = "default", columns
    }

    /// Defaults: reject-row everywhere.
    public init(defaultPolicy: Policy = .rejectRow, columns: [String: Policy] = [:]) {
        self.defaultPolicy = defaultPolicy
        self.columns = columns
    }

    public init(from decoder: Decoder) throws {
        try SpecDecoding.rejectUnknownKeys(decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        defaultPolicy = try SpecDecoding.decodeEnumIfPresent(Policy.self, c, .defaultPolicy) ?? .rejectRow
        let raw = try c.decodeIfPresent([String: String].self, forKey: .columns) ?? [:]
        var cols: [String: Policy] = [:]
        for (name, value) in raw {
            guard let p = Policy(rawValue: value) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .columns, in: c,
                    debugDescription: "column \(JSONValue.excerpt(name)): \(JSONValue.excerpt(value)) is not one of: \(Policy.allNames.joined(separator: ", "))")
            }
            cols[name] = p
        }
        columns = cols
    }

    /// The policy for one column.
    public func policy(for column: String) -> Policy { columns[column] ?? defaultPolicy }
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
