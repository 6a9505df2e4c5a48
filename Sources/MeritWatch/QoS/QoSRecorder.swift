import Histogram
import Synchronization

/// Collects one endpoint's request outcomes in a round: latency and time-to-first-token histograms
/// (HdrHistogram, microseconds, 3 significant digits), output token rate, and failures by class.
public final class QoSRecorder: Sendable {
    struct State {
        var latency = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
        var firstToken = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
        var successes = 0
        var failures: [ErrorClass: Int] = [:]
        var outputTokens = 0
        var generationMicros: UInt64 = 0
    }
    private let state = Mutex(State())

    /// Creates an empty recorder.
    public init() {}

    /// Records an attempt.
    public func record(_ event: OpenAICompletionsClient.Event) {
        state.withLock { s in
            switch event {
            case .success(let t):
                s.successes += 1
                _ = s.latency.record(max(1, t.latencyMicros))
                if let f = t.firstTokenMicros {
                    _ = s.firstToken.record(max(1, f))
                    if t.outputTokens > 1, t.latencyMicros > f {
                        s.outputTokens += t.outputTokens - 1
                        s.generationMicros += t.latencyMicros - f
                    }
                }
            case .failure(let c):
                s.failures[c, default: 0] += 1
            }
        }
    }

    /// A histogram's recorded values as [value µs, count] pairs, so rounds can be merged later.
    static func buckets(_ h: Histogram<UInt64>) -> [[UInt64]] {
        h.recordedValues().map { [$0.value, $0.count] }
    }

    /// Percentiles in milliseconds of histograms merged from stored buckets (nil when empty).
    public static func merged(_ parts: [[[UInt64]]], percentiles: [Double]) -> [Double?] {
        var h = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: .three)
        for part in parts { for pair in part where pair.count == 2 { _ = h.record(max(1, min(pair[0], 600_000_000)), count: pair[1]) } }
        return percentiles.map { h.totalCount == 0 ? nil : Double(h.valueAtPercentile($0)) / 1000 }
    }

    /// The round's summary.
    public func summary() -> QoSSummary {
        state.withLock { s in
            let attempts = s.successes + s.failures.values.reduce(0, +)
            func ms(_ h: Histogram<UInt64>, _ p: Double) -> Double? { h.totalCount == 0 ? nil : Double(h.valueAtPercentile(p)) / 1000 }
            return QoSSummary(
                requests: attempts, successes: s.successes,
                failures: ErrorClass.allCases.map { QoSSummary.Failures(errorClass: $0, count: s.failures[$0] ?? 0) },
                latencyP50: ms(s.latency, 50), latencyP95: ms(s.latency, 95), latencyP99: ms(s.latency, 99),
                firstTokenP50: ms(s.firstToken, 50), firstTokenP95: ms(s.firstToken, 95), firstTokenP99: ms(s.firstToken, 99),
                tokensPerSecond: s.generationMicros > 0 ? Double(s.outputTokens) / (Double(s.generationMicros) / 1_000_000) : nil,
                latencyHistogram: Self.buckets(s.latency), firstTokenHistogram: Self.buckets(s.firstToken))
        }
    }
}

/// QoS figures of one endpoint in one round. Times in milliseconds.
public struct QoSSummary: Sendable, Equatable, Codable {
    /// Failures of one class.
    public struct Failures: Sendable, Equatable, Codable {
        /// The class.
        public var errorClass: ErrorClass
        /// Attempts that failed so.
        public var count: Int
    }
    /// Attempts made (retries included).
    public var requests: Int
    /// Attempts that succeeded.
    public var successes: Int
    /// Failed attempts by class, every class listed.
    public var failures: [Failures]
    /// Latency percentiles.
    public var latencyP50: Double?, latencyP95: Double?, latencyP99: Double?
    /// Time-to-first-token percentiles (streamed requests).
    public var firstTokenP50: Double?, firstTokenP95: Double?, firstTokenP99: Double?
    /// Output tokens per second after the first token (streamed requests).
    public var tokensPerSecond: Double?
    /// The latency histogram's recorded values, [µs, count], for merging rounds.
    public var latencyHistogram: [[UInt64]]?
    /// The time-to-first-token histogram's recorded values, [µs, count].
    public var firstTokenHistogram: [[UInt64]]?
    /// What the endpoint supported this round.
    public var capabilities: EndpointCapabilities?
    /// The log-likelihood self-check, in rounds with multiple-choice tasks.
    public var loglikelihoodCheck: LoglikelihoodSelfCheck.Result?

    /// Failed attempts over all attempts.
    public var errorRate: Double { requests == 0 ? 0 : Double(requests - successes) / Double(requests) }
}
