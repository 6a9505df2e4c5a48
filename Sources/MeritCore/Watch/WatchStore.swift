/// Where the watcher keeps the endpoints it measures and its chain of signed rounds.
///
/// Implemented in SQL (`SQLWatchStore`, MeritStore) and in memory (`MemoryWatchStore`, for tests); both
/// refuse a duplicate endpoint id, an unknown id on removal, and a round that does not extend the chain.
public protocol WatchStore: Sendable {
    /// Adds an endpoint; the id must be new.
    func add(_ endpoint: WatchedEndpoint) async throws
    /// Removes an endpoint (its past results stay in the signed rounds).
    func remove(_ id: String) async throws
    /// One endpoint.
    func endpoint(_ id: String) async throws -> WatchedEndpoint?
    /// All endpoints, by id.
    func endpoints() async throws -> [WatchedEndpoint]
    /// The last round, if any.
    func lastRound() async throws -> SignedRound?
    /// Rounds in order, optionally only the last `limit`.
    func rounds(limit: Int?) async throws -> [SignedRound]
    /// One round.
    func round(_ n: Int64) async throws -> SignedRound?
    /// Appends a round with its results, all or nothing. It must extend the chain: its number is the last
    /// one plus one and its `previous` is the last digest.
    func append(_ results: RoundResults) async throws
    /// Scores from round `from` on, by round, endpoint, task and metric.
    func scores(fromRound from: Int64) async throws -> [RoundScore]
    /// QoS summaries from round `from` on, by round and endpoint.
    func qos(fromRound from: Int64) async throws -> [RoundQoS]
    /// Identity verdicts from round `from` on, by round and endpoint.
    func identity(fromRound from: Int64) async throws -> [RoundIdentity]
}

extension WatchStore {
    /// Every round, in order.
    public func rounds() async throws -> [SignedRound] { try await rounds(limit: nil) }
}
