import MeritEthereum

/// Who is paid for a contribution, and their share in basis points (all shares total 10,000).
public struct Contributor: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Who receives tokens.
    public var account: Address
    /// Share in basis points.
    public var weightBps: Int

    /// Creates a contributor.
    public init(account: Address, weightBps: Int) { self.account = account; self.weightBps = weightBps }

    /// `0xChecksummed:BPS`, the form stored and shown.
    public var description: String { "\(account.checksummed):\(weightBps)" }

    /// Parses `0xADDRESS` or `0xADDRESS:BPS` (a weight from 1 to 10000).
    public static func parse(_ text: String) throws -> (Address, Int?) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty else {
            throw CoreError(.invalidArgument, "a contributor is 0xADDRESS or 0xADDRESS:BPS, not '\(text.prefix(60))'")
        }
        let address = try Address(hex: first)
        guard parts.count == 2 else { return (address, nil) }
        guard let bps = Int(parts[1]), (1...10_000).contains(bps) else {
            throw CoreError(.invalidArgument, "contributor \(parts[0].prefix(42)): the weight after ':' must be basis points from 1 to 10000")
        }
        return (address, bps)
    }

    /// Completes weights: unweighted contributors share what the weighted ones leave, equally, the
    /// remainder going to the first of them; the total must come to exactly 10,000.
    public static func resolve(_ entries: [(Address, Int?)]) throws -> [Contributor] {
        guard !entries.isEmpty else {
            throw CoreError(.invalidArgument, "an attestation needs at least one contributor; pass --contributor 0xADDRESS[:BPS]")
        }
        guard Set(entries.map(\.0)).count == entries.count else {
            throw CoreError(.invalidArgument, "a contributor address appears twice; give each address once with its total weight")
        }
        let fixed = entries.compactMap(\.1).reduce(0, +)
        let open = entries.filter { $0.1 == nil }.count
        guard fixed <= 10_000, open > 0 || fixed == 10_000 else {
            throw CoreError(.invalidArgument, "contributor weights add up to \(fixed) bps; they must total 10000")
        }
        guard open == 0 || 10_000 - fixed >= open else {
            throw CoreError(.invalidArgument, "too little weight is left for the contributors without one")
        }
        let share = open > 0 ? (10_000 - fixed) / open : 0
        var remainder = open > 0 ? (10_000 - fixed) - share * open : 0
        return entries.map { entry in
            if let w = entry.1 { return Contributor(account: entry.0, weightBps: w) }
            defer { remainder = 0 }
            return Contributor(account: entry.0, weightBps: share + remainder)
        }
    }

    /// Parses and resolves a list as given (`0xADDRESS[:BPS]` each): the one way a contributor list
    /// enters Merit, from the CLI, the API or a stored row.
    public static func list(_ texts: [String]) throws -> [Contributor] {
        try resolve(texts.map(parse))
    }
}
