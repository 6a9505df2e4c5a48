import MeritBase
import MeritCore

/// The watcher's store in memory, for unit tests: the same rules and orderings as `SQLWatchStore`.
public actor MemoryWatchStore: WatchStore {
    var endpointsById: [String: WatchedEndpoint] = [:]
    var results: [RoundResults] = []
    let now: MillisecondClock

    /// Creates an empty store.
    public init(clock: @escaping MillisecondClock = systemMilliseconds) { self.now = clock }

    public func add(_ endpoint: WatchedEndpoint) async throws {
        guard endpointsById[endpoint.id] == nil else {
            throw StoreError(.alreadyExists, "an endpoint with id '\(endpoint.id)' is already registered; pick another id or remove it first")
        }
        var e = endpoint
        e.createdMs = now()
        endpointsById[e.id] = e
    }

    public func remove(_ id: String) async throws {
        guard endpointsById.removeValue(forKey: id) != nil else {
            throw StoreError(.notFound, "no endpoint with id '\(id)'; `merit watch list` shows them")
        }
    }

    public func endpoint(_ id: String) async throws -> WatchedEndpoint? { endpointsById[id] }

    public func endpoints() async throws -> [WatchedEndpoint] { endpointsById.values.sorted { $0.id < $1.id } }

    public func lastRound() async throws -> SignedRound? { results.last?.round }

    public func rounds(limit: Int?) async throws -> [SignedRound] {
        let all = results.map(\.round)
        return limit.map { Array(all.suffix(max(0, $0))) } ?? all
    }

    public func round(_ n: Int64) async throws -> SignedRound? { results.first { $0.round.round == n }?.round }

    public func append(_ new: RoundResults) async throws {
        let lastRound = results.last?.round.round ?? 0
        let lastDigest = results.last?.round.digest ?? SignedRound.genesisPrevious
        guard new.round.round == lastRound + 1, new.round.previous == lastDigest else {
            throw StoreError(.invalid, "round \(new.round.round) does not extend the chain (the last round is \(lastRound)); another watcher wrote first — run again")
        }
        var stored = new
        stored.scores.sort { ($0.endpointId, $0.task, $0.metric) < ($1.endpointId, $1.task, $1.metric) }
        stored.qos.sort { $0.endpointId < $1.endpointId }
        stored.identity.sort { $0.endpointId < $1.endpointId }
        results.append(stored)
    }

    public func scores(fromRound from: Int64) async throws -> [RoundScore] { results.filter { $0.round.round >= from }.flatMap(\.scores) }

    public func qos(fromRound from: Int64) async throws -> [RoundQoS] { results.filter { $0.round.round >= from }.flatMap(\.qos) }

    public func identity(fromRound from: Int64) async throws -> [RoundIdentity] { results.filter { $0.round.round >= from }.flatMap(\.identity) }
}
