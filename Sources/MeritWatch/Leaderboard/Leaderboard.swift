import Foundation
import MeritBase
import MeritCore

/// The public leaderboard: a pure function of the endpoints and the rounds' results
/// (`compute(endpoints:head:scores:qos:identity:)`); `compute(store:)` reads them from a `WatchStore`.
///
/// - Task scores over the window: the sample-weighted mean of the rounds' scores. Rounds re-ask the same
///   documents, so repeating them adds no independent evidence about the task: the standard error is
///   the weighted mean of the rounds' standard errors (lm-eval's: sample sd / √n), not smaller.
/// - The average over tasks is unweighted; its standard error is √(Σ seᵢ²) / k (tasks independent).
/// - Availability is successful attempts over all attempts in the window, with a Wilson 95% interval.
/// - Latency and time-to-first-token percentiles are over the window: the rounds' HdrHistograms merged.
public struct Leaderboard: Sendable, Codable, Equatable {
    /// A score with its interval.
    public struct Estimate: Sendable, Codable, Equatable {
        /// The estimate.
        public var value: Double
        /// Its standard error.
        public var stderr: Double
        /// The 95% interval.
        public var lower95: Double, upper95: Double
        /// Documents scored (summed over rounds).
        public var samples: Int
        init(_ s: TaskScoring.Score) {
            value = s.value; stderr = s.stderr; samples = s.count
            (lower95, upper95) = s.interval95
        }
    }

    /// One task of one endpoint.
    public struct TaskEntry: Sendable, Codable, Equatable {
        /// The task.
        public var task: String
        /// Its headline metric.
        public var metric: String
        /// Over the window.
        public var score: Estimate
        /// Rounds in the window that measured it.
        public var rounds: Int
        /// Every other metric (acc_norm, other filters), over the window.
        public var otherMetrics: [String: Estimate]
    }

    /// One endpoint's row.
    public struct Entry: Sendable, Codable, Equatable {
        /// Its place, from 1.
        public var rank: Int
        /// The endpoint id.
        public var endpoint: String
        /// Who runs it.
        public var operatorName: String
        /// The model it claims.
        public var model: String
        /// The mean over tasks.
        public var average: Estimate
        /// Per task.
        public var tasks: [TaskEntry]
        /// Successful attempts over all attempts in the window.
        public var availability: Double
        /// Its Wilson 95% interval.
        public var availabilityLower95: Double, availabilityUpper95: Double
        /// Failed attempts by class over the window.
        public var errors: [String: Int]
        /// Attempts over the window.
        public var requests: Int
        /// Latency percentiles over the window (ms).
        public var latencyP50: Double?, latencyP95: Double?, latencyP99: Double?
        /// Time-to-first-token percentiles over the window (ms).
        public var firstTokenP50: Double?, firstTokenP95: Double?, firstTokenP99: Double?
        /// Latest round's output tokens per second.
        public var tokensPerSecond: Double?
        /// Latest identity verdict: consistent, impostor, inconclusive or unanswered.
        public var identity: String?
        /// Its agreement with the endpoint it was compared with.
        public var identityAgreement: Double?
        /// The evidence, when flagged: probe prompt, this answer, the other answer.
        public var identityEvidence: [[String]]
        /// Average score per round, oldest first (the history).
        public var history: [HistoryPoint]
        /// How the latest round sent log-likelihood prompts: `token ids` or `text`.
        public var promptMode: String?
        /// The latest round's log-likelihood self-check: passed, failed or inconclusive. Multiple-choice
        /// scores of a round whose check failed are not ranked.
        public var loglikelihoodCheck: String?
        /// Its evidence: prompt, what was expected, what came back.
        public var loglikelihoodEvidence: [[String]]?
    }

    /// The average score in one round.
    public struct HistoryPoint: Sendable, Codable, Equatable {
        /// The round.
        public var round: Int64
        /// The mean over tasks.
        public var average: Double
        /// Its standard error.
        public var stderr: Double
    }

    /// The first and last round of the window.
    public var windowFrom: Int64, windowTo: Int64
    /// Rounds in the window.
    public var windowRounds: Int
    /// The last round's digest (what the leaderboard is computed from).
    public var headDigest: String?
    /// Rows, best average first.
    public var entries: [Entry]

    /// Reads what the leaderboard needs from `store` and computes it over the last `window` rounds;
    /// history covers `historyRounds`.
    public static func compute(store: any WatchStore, window: Int = 10, historyRounds: Int = 100) async throws -> Leaderboard {
        guard let head = try await store.lastRound() else { return compute(endpoints: [], head: nil, scores: [], qos: [], identity: []) }
        let (from, historyFrom) = ranges(head: head.round, window: window, historyRounds: historyRounds)
        return compute(endpoints: try await store.endpoints(), head: head, scores: try await store.scores(fromRound: historyFrom),
                       qos: try await store.qos(fromRound: from), identity: try await store.identity(fromRound: from),
                       window: window, historyRounds: historyRounds)
    }

    /// The first round of the window and of the history.
    static func ranges(head: Int64, window: Int, historyRounds: Int) -> (window: Int64, history: Int64) {
        (max(1, head - Int64(window) + 1), max(1, head - Int64(historyRounds) + 1))
    }

    /// The leaderboard over the last `window` rounds up to `head` (history over `historyRounds`), from
    /// the endpoints and the rounds' results; rows from outside those rounds are ignored. Pure.
    public static func compute(endpoints: [WatchedEndpoint], head: SignedRound?, scores: [RoundScore], qos allQoS: [RoundQoS],
                               identity allIdentity: [RoundIdentity], window: Int = 10, historyRounds: Int = 100) -> Leaderboard {
        guard let head else { return Leaderboard(windowFrom: 0, windowTo: 0, windowRounds: 0, headDigest: nil, entries: []) }
        let (from, historyFrom) = ranges(head: head.round, window: window, historyRounds: historyRounds)
        let inRange = { (r: Int64, lower: Int64) in r >= lower && r <= head.round }
        let allScores = scores.filter { inRange($0.round, historyFrom) }
        let qos = allQoS.filter { inRange($0.round, from) }, identity = allIdentity.filter { inRange($0.round, from) }
        let ids = Set(allScores.filter { $0.round >= from }.map(\.endpointId)).union(qos.map(\.endpointId)).sorted()
        var entries: [Entry] = []
        for id in ids {
            let mine = allScores.filter { $0.endpointId == id }
            let windowScores = mine.filter { $0.round >= from }
            var tasks: [TaskEntry] = []
            for task in Set(windowScores.map(\.task)).sorted() {
                let rows = windowScores.filter { $0.task == task }
                func pooled(_ rs: [RoundScore]) -> TaskScoring.Score {
                    let n = rs.map(\.samples).reduce(0, +)
                    guard n > 0 else { return TaskScoring.Score(value: 0, stderr: 0, count: 0) }
                    let w = { (r: RoundScore) in Double(r.samples) / Double(n) }
                    return TaskScoring.Score(value: rs.map { w($0) * $0.value }.reduce(0, +), stderr: rs.map { w($0) * $0.stderr }.reduce(0, +), count: n)
                }
                let primary = rows.filter(\.isPrimary)
                guard let metric = primary.first?.metric else { continue }
                var others: [String: Estimate] = [:]
                for m in Set(rows.filter { !$0.isPrimary }.map(\.metric)) { others[m] = Estimate(pooled(rows.filter { $0.metric == m })) }
                tasks.append(TaskEntry(task: task, metric: metric, score: Estimate(pooled(primary)), rounds: Set(primary.map(\.round)).count, otherMetrics: others))
            }
            let average = TaskScoring.Score.average(tasks.map { TaskScoring.Score(value: $0.score.value, stderr: $0.score.stderr, count: $0.score.samples) })
            var history: [HistoryPoint] = []
            for round in Set(mine.map(\.round)).sorted() {
                let per = mine.filter { $0.round == round && $0.isPrimary }.map { TaskScoring.Score(value: $0.value, stderr: $0.stderr, count: $0.samples) }
                let a = TaskScoring.Score.average(per)
                history.append(HistoryPoint(round: round, average: a.value, stderr: a.stderr))
            }
            let decoder = JSONDecoder()
            let summaries = qos.filter { $0.endpointId == id }.compactMap { try? decoder.decode(QoSSummary.self, from: Data($0.summaryJSON.utf8)) }
            let requests = summaries.map(\.requests).reduce(0, +), successes = summaries.map(\.successes).reduce(0, +)
            var errors: [String: Int] = [:]
            for s in summaries { for f in s.failures { errors[f.errorClass.rawValue, default: 0] += f.count } }
            let (lo, hi) = wilson(successes, requests)
            let latest = summaries.last
            let lat = QoSRecorder.merged(summaries.compactMap(\.latencyHistogram), percentiles: [50, 95, 99])
            let ttft = QoSRecorder.merged(summaries.compactMap(\.firstTokenHistogram), percentiles: [50, 95, 99])
            let verdict = identity.filter { $0.endpointId == id }.last.flatMap { try? decoder.decode(IdentityCheck.Verdict.self, from: Data($0.verdictJSON.utf8)) }
            let record = endpoints.first { $0.id == id }
            entries.append(Entry(rank: 0, endpoint: id, operatorName: record?.operatorName ?? "(removed)", model: record?.model ?? "(removed)",
                                 average: Estimate(average), tasks: tasks,
                                 availability: requests == 0 ? 0 : Double(successes) / Double(requests), availabilityLower95: lo, availabilityUpper95: hi,
                                 errors: errors, requests: requests,
                                 latencyP50: lat[0], latencyP95: lat[1], latencyP99: lat[2],
                                 firstTokenP50: ttft[0], firstTokenP95: ttft[1], firstTokenP99: ttft[2],
                                 tokensPerSecond: latest?.tokensPerSecond, identity: verdict?.status, identityAgreement: verdict?.agreement,
                                 identityEvidence: verdict?.evidence ?? [], history: history,
                                 promptMode: latest?.capabilities?.promptMode.rawValue, loglikelihoodCheck: latest?.loglikelihoodCheck?.status,
                                 loglikelihoodEvidence: latest?.loglikelihoodCheck.map(\.evidence)))
        }
        entries.sort { a, b in a.average.value != b.average.value ? a.average.value > b.average.value : a.endpoint < b.endpoint }
        for k in entries.indices { entries[k].rank = k + 1 }
        return Leaderboard(windowFrom: from, windowTo: head.round, windowRounds: Int(head.round - from + 1), headDigest: head.digest, entries: entries)
    }

    /// The Wilson score interval for a proportion at 95%.
    static func wilson(_ k: Int, _ n: Int) -> (Double, Double) {
        guard n > 0 else { return (0, 1) }
        let z = 1.959964, p = Double(k) / Double(n), nn = Double(n)
        let centre = (p + z * z / (2 * nn)) / (1 + z * z / nn)
        let half = z * (p * (1 - p) / nn + z * z / (4 * nn * nn)).squareRoot() / (1 + z * z / nn)
        return (max(0, centre - half), min(1, centre + half))
    }
}
