import Dispatch
import Foundation
import MeritBase
import MeritCore

/// The seeded paired bootstrap of a metric difference on the same benchmark rows.
///
/// Method: for b in 1...B, draw n row indices uniformly with replacement (`SplitMix64(seed).below(n)`,
/// n draws per resample, resamples in order), turn them into multiplicities, and compute
/// `improvement = DeltaOne.improvement(metric(baseline), metric(candidate))` on that weighted sample.
/// Both models see the same rows in every resample: that pairing is what makes the interval tight.
/// Intervals are percentile intervals over the B sorted improvements, with the quantile at q taken
/// as the sorted value at index floor(q·(B−1)) (lower bounds) or ceil(q·(B−1)) (upper bounds), so
/// bounds are conservative and exactly reproducible.
public struct PairedBootstrap: Sendable {
    /// Result of a bootstrap.
    public struct Result: Sendable, Codable, Equatable {
        /// Resamples drawn.
        public var resamples: Int
        /// Seed used.
        public var seed: UInt64
        /// Two-sided 95% interval, lower end, in metric units (positive is better).
        public var lower95: Double
        /// Two-sided 95% interval, upper end.
        public var upper95: Double
        /// One-sided 95% lower bound.
        public var lowerOneSided95: Double
        /// Standard deviation of the bootstrap improvements.
        public var standardError: Double
        /// Share of resamples in which the candidate did not improve (a one-sided bootstrap p-value).
        public var pNotBetter: Double
        /// Two-sided 95% percentile interval of the baseline's metric value.
        public var baselineInterval: [Double]
        /// Two-sided 95% percentile interval of the candidate's metric value.
        public var candidateInterval: [Double]
        /// Resamples whose metric was undefined (for example AUROC with one class) and were skipped.
        public var undefinedResamples: Int

        enum CodingKeys: String, CodingKey {
            case resamples, seed, lower95 = "lower_95", upper95 = "upper_95"
            case lowerOneSided95 = "lower_one_sided_95", standardError = "standard_error"
            case pNotBetter = "p_not_better", undefinedResamples = "undefined_resamples"
            case baselineInterval = "baseline_interval_95", candidateInterval = "candidate_interval_95"
        }
    }

    /// The metric.
    public var metric: MetricKind
    /// The direction that counts as better.
    public var direction: Direction
    /// Resamples to draw.
    public var resamples: Int
    /// Generator seed.
    public var seed: UInt64

    /// Creates a bootstrap.
    public init(metric: MetricKind, direction: Direction, resamples: Int, seed: UInt64) {
        self.metric = metric; self.direction = direction; self.resamples = resamples; self.seed = seed
    }

    /// What a run of consecutive resamples gives.
    struct Part: Sendable {
        var diffs: [Double] = [], valuesA: [Double] = [], valuesB: [Double] = []
        var undefined = 0
        /// Generator outputs beyond n per resample (Lemire rejections), which shift every later part.
        var extraOutputs: UInt64 = 0
    }

    /// How a resample's metric is computed from its draws: every path gives, bit for bit, what
    /// `Metrics.value` gives with the draws' multiplicities as weights.
    enum Path: Sendable {
        /// AUROC from scores ranked once per model, over integer multiplicities.
        case ranked(RankedScores, RankedScores)
        /// Accuracy: each row's correctness for both models in one byte (bit 0 the baseline's, bit 1
        /// the candidate's), summed as rows are drawn. The weighted mean of 0s and 1s is the count of
        /// correct draws over n, exactly.
        case correct([UInt8])
        /// A weighted mean of per-row terms (log loss, MAE, RMSE before its root), summed in row order.
        case terms([Double], [Double], squareRoot: Bool)
        /// Any other metric: `Metrics.value` with the multiplicities as weights.
        case weighted

        init(_ metric: MetricKind, _ t: Targets, _ a: Predictions, _ b: Predictions) {
            if metric == .auroc { self = .ranked(RankedScores(t, a), RankedScores(t, b)); return }
            guard let ta = Metrics.rowTerms(metric, t, a), let tb = Metrics.rowTerms(metric, t, b) else { self = .weighted; return }
            if metric == .accuracy {
                self = .correct(zip(ta.terms, tb.terms).map { UInt8($0.0) | UInt8($0.1) << 1 })
            } else {
                self = .terms(ta.terms, tb.terms, squareRoot: ta.squareRoot)
            }
        }
    }

    /// Resamples `range`, drawing from the stream after `skipped` outputs.
    func part(_ range: Range<Int>, skipped: UInt64, _ t: Targets, _ a: Predictions, _ b: Predictions, _ path: Path) -> Part {
        let n = t.count
        var rng = SplitMix64(seed: seed, after: skipped)
        var out = Part()
        out.diffs.reserveCapacity(range.count); out.valuesA.reserveCapacity(range.count); out.valuesB.reserveCapacity(range.count)
        var counts = [Int32](repeating: 0, count: n)
        var weights = [Double](repeating: 0, count: { if case .weighted = path { return n } else { return 0 } }())
        func drawCounts() {
            counts.withUnsafeMutableBufferPointer { c in
                c.update(repeating: 0)
                for _ in 0..<n { c[Int(rng.below(UInt64(n)))] &+= 1 }
            }
        }
        func mean(_ terms: [Double], squareRoot: Bool) -> Double {
            var s = 0.0, ws = 0.0
            counts.withUnsafeBufferPointer { c in
                terms.withUnsafeBufferPointer { f in
                    for i in 0..<n where c[i] != 0 { let wi = Double(c[i]); s += wi * f[i]; ws += wi }
                }
            }
            let m = ws == 0 ? .nan : s / ws
            return squareRoot ? m.squareRoot() : m
        }
        for _ in range {
            let ma: Double, mb: Double
            switch path {
            case .ranked(let ra, let rb):
                drawCounts()
                ma = ra.auroc(counts)
                mb = rb.auroc(counts)
            case .correct(let bits):
                var sa = 0, sb = 0
                bits.withUnsafeBufferPointer { bits in
                    for _ in 0..<n {
                        let x = Int(bits[Int(rng.below(UInt64(n)))])
                        sa &+= x & 1; sb &+= x >> 1
                    }
                }
                ma = n == 0 ? .nan : Double(sa) / Double(n)
                mb = n == 0 ? .nan : Double(sb) / Double(n)
            case .terms(let fa, let fb, let root):
                drawCounts()
                ma = mean(fa, squareRoot: root)
                mb = mean(fb, squareRoot: root)
            case .weighted:
                for i in 0..<n { weights[i] = 0 }
                for _ in 0..<n { weights[Int(rng.below(UInt64(n)))] += 1 }
                ma = Metrics.value(metric, t, a, weights: weights)
                mb = Metrics.value(metric, t, b, weights: weights)
            }
            let d = DeltaOne.improvement(baseline: ma, candidate: mb, direction: direction)
            if d.isFinite { out.diffs.append(d); out.valuesA.append(ma); out.valuesB.append(mb) } else { out.undefined += 1 }
        }
        out.extraOutputs = rng.outputs(since: seed) &- skipped &- UInt64(range.count) &* UInt64(n)
        return out
    }

    /// Runs the bootstrap of candidate minus baseline (in the metric's direction).
    ///
    /// The resamples are split into one run per core. The generator's state is a counter, so each run
    /// starts where the draws before it end (n per resample), assuming no Lemire rejection before it
    /// (each draw rejects with probability below n/2^64). A run whose predecessors did reject is drawn
    /// again from the corrected point, so the result is always the one-core result, bit for bit.
    public func run(_ t: Targets, baseline a: Predictions, candidate b: Predictions) -> Result {
        let n = t.count
        let path = Path(metric, t, a, b)
        let runs = max(1, min(ProcessInfo.processInfo.activeProcessorCount, resamples / 256))
        let bounds = (0...runs).map { resamples * $0 / runs }
        let ranges = (0..<runs).map { bounds[$0]..<bounds[$0 + 1] }
        var parts = [Part](repeating: Part(), count: runs)
        parts.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            Parallel.forEach(runs) { k in
                slots[k] = part(ranges[k], skipped: UInt64(ranges[k].lowerBound) &* UInt64(n), t, a, b, path)
            }
        }
        var shift: UInt64 = 0
        for k in 0..<runs {
            if shift != 0 { parts[k] = part(ranges[k], skipped: UInt64(ranges[k].lowerBound) &* UInt64(n) &+ shift, t, a, b, path) }
            shift &+= parts[k].extraOutputs
        }
        var diffs = parts.flatMap(\.diffs), valuesA = parts.flatMap(\.valuesA), valuesB = parts.flatMap(\.valuesB)
        let undefined = parts.reduce(0) { $0 + $1.undefined }
        diffs.sort()
        valuesA.sort()
        valuesB.sort()
        let m = diffs.count
        func lowerQ(_ q: Double, _ v: [Double]? = nil) -> Double { m == 0 ? .nan : (v ?? diffs)[Int((q * Double(m - 1)).rounded(.down))] }
        func upperQ(_ q: Double, _ v: [Double]? = nil) -> Double { m == 0 ? .nan : (v ?? diffs)[Int((q * Double(m - 1)).rounded(.up))] }
        let mean = diffs.reduce(0, +) / Double(max(m, 1))
        let sd = (diffs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(m - 1, 1))).squareRoot()
        let notBetter = diffs.filter { $0 <= 0 }.count
        return Result(resamples: resamples, seed: seed, lower95: lowerQ(0.025), upper95: upperQ(0.975),
                      lowerOneSided95: lowerQ(0.05), standardError: sd,
                      pNotBetter: m == 0 ? 1 : Double(notBetter) / Double(m),
                      baselineInterval: [lowerQ(0.025, valuesA), upperQ(0.975, valuesA)],
                      candidateInterval: [lowerQ(0.025, valuesB), upperQ(0.975, valuesB)],
                      undefinedResamples: undefined)
    }
}

/// One model's benchmark scores ranked once, so that the AUROC of each bootstrap resample is one pass
/// over integer multiplicities: per class column (one for binary), the rows in ascending score order,
/// whether each is of the column's class, and where each group of tied scores ends.
///
/// The value is the one `Metrics.auroc` gives with the same multiplicities as weights, bit for bit:
/// there every partial sum is a multiple of 1/2 below 2^53 (for fewer than 9·10^7 rows), so exact in
/// `Double`, and here the same sums are kept doubled in integers and divided the same way once.
struct RankedScores: Sendable {
    struct Column: Sendable {
        var rows: [Int32] = []
        var positive: [Bool] = []
        var groupEnds: [Int32] = []
    }
    var columns: [Column]

    init(_ t: Targets, _ p: Predictions) {
        let orders = Metrics.scoreOrders(t, p)
        columns = orders.enumerated().map { k, order in
            let classes = t.classes, positiveClass = classes <= 2 ? 1 : k
            func score(_ i: Int) -> Double { classes <= 2 ? p.values[i] : p.values[i * classes + k] }
            var c = Column()
            c.rows = order.map { Int32($0) }
            c.positive = order.map { Int(t.labels[$0]) == positiveClass }
            for e in order.indices where e + 1 == order.count || score(order[e + 1]) != score(order[e]) { c.groupEnds.append(Int32(e + 1)) }
            return c
        }
    }

    /// AUROC with these multiplicities (macro one-vs-rest over the columns); NaN when a column lacks a class.
    func auroc(_ counts: [Int32]) -> Double {
        var total = 0.0
        counts.withUnsafeBufferPointer { w in
            for c in columns {
                var negBelow: Int64 = 0, sum2: Int64 = 0, pos: Int64 = 0, neg: Int64 = 0, e = 0
                c.rows.withUnsafeBufferPointer { rows in
                    c.positive.withUnsafeBufferPointer { positive in
                        for end in c.groupEnds {
                            var gp: Int64 = 0, gn: Int64 = 0
                            while e < Int(end) {
                                let wi = Int64(w[Int(rows[e])])
                                if positive[e] { gp &+= wi } else { gn &+= wi }
                                e += 1
                            }
                            sum2 &+= gp &* (2 &* negBelow &+ gn)
                            negBelow &+= gn
                            pos &+= gp; neg &+= gn
                        }
                    }
                }
                total += pos == 0 || neg == 0 ? .nan : (Double(sum2) * 0.5) / (Double(pos) * Double(neg))
            }
        }
        return columns.count == 1 ? total : total / Double(columns.count)
    }
}
