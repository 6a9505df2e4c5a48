import MeritCore
import MeritStore
import TestSupport
import Testing
@testable import MeritWatch

/// The leaderboard is a pure function of endpoints and round results: no store, no clock.
@Test(.tags(.unit)) func leaderboardIsAPureFunctionOfTheRounds() async throws {
    let endpoints = [WatchedEndpoint(id: "a", operatorName: "alice", url: "http://a/v1", model: "m"),
                     WatchedEndpoint(id: "b", operatorName: "bob", url: "http://b/v1", model: "m")]
    func round(_ n: Int64) -> SignedRound {
        SignedRound(round: n, digest: "0x\(n)", previous: "0x\(n - 1)", startedMs: 0, signer: "0x0", recordJSON: "{}", dataJSON: "{}")
    }
    func score(_ r: Int64, _ e: String, _ v: Double) -> RoundScore {
        RoundScore(round: r, endpointId: e, task: "t", metric: "acc", value: v, stderr: 0.01, samples: 100, isPrimary: true)
    }
    // Round 1 (outside a window of 2) puts b ahead; rounds 2 and 3 put a ahead; round 4 is past the head.
    let scores = [score(1, "a", 0.1), score(1, "b", 0.9), score(2, "a", 0.8), score(2, "b", 0.5),
                  score(3, "a", 0.6), score(3, "b", 0.5), score(4, "b", 1.0)]
    let board = Leaderboard.compute(endpoints: endpoints, head: round(3), scores: scores, qos: [], identity: [], window: 2)
    #expect(board.windowFrom == 2 && board.windowTo == 3 && board.windowRounds == 2 && board.headDigest == "0x3")
    #expect(board.entries.map(\.endpoint) == ["a", "b"] && board.entries.map(\.rank) == [1, 2])
    #expect(abs(board.entries[0].average.value - 0.7) < 1e-12 && board.entries[0].tasks[0].rounds == 2)
    #expect(board.entries[0].history.map(\.round) == [1, 2, 3] && board.entries[1].operatorName == "bob")
    #expect(board.entries[0].average.lower95 < 0.7 && board.entries[0].average.upper95 > 0.7)
    // The same from a store that holds these rounds.
    let store = MemoryWatchStore(clock: { 0 })
    for e in endpoints { try await store.add(e) }
    var previous = SignedRound.genesisPrevious
    for n in Int64(1)...3 {
        var r = round(n)
        r.previous = previous
        previous = r.digest
        try await store.append(RoundResults(round: r, scores: scores.filter { $0.round == n }))
    }
    let stored = try await Leaderboard.compute(store: store, window: 2)
    #expect(stored.entries == board.entries)
    #expect(Leaderboard.compute(endpoints: endpoints, head: nil, scores: scores, qos: [], identity: []).entries.isEmpty)
}
