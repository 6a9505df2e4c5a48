@testable import MeritEval
import MeritCore
import TestSupport
import Testing

/// Method: the bootstrap split over the cores gives the bytes of the same resamples drawn one after
/// another on one core (one `part` over every resample), for each kind of metric; and a run that starts
/// after a shifted stream (as after a Lemire rejection) draws what one core draws from that point.
@Test(.tags(.unit)) func theParallelBootstrapIsTheSequentialOne() {
    var g = SplitMix64(seed: 31)
    let y = (0..<700).map { _ in Double(g.next() % 2) }
    let a = Predictions(values: y.map { _ in Double(g.next() % 100) / 100 })
    let b = Predictions(values: y.map { $0 * 0.3 + Double(g.next() % 70) / 100 })
    let t = Targets(labels: y, classes: 2)
    for metric in [MetricKind.auroc, .accuracy, .logloss] {
        let boot = PairedBootstrap(metric: metric, direction: metric.naturalDirection, resamples: 1500, seed: 11)
        let ranked = metric == .auroc ? (RankedScores(t, a), RankedScores(t, b)) : nil
        let one = boot.part(0..<1500, skipped: 0, t, a, b, ranked)
        let parallel = boot.run(t, baseline: a, candidate: b)
        #expect(one.extraOutputs == 0)
        let sorted = one.diffs.sorted()
        #expect(parallel.lower95 == sorted[Int((0.025 * Double(sorted.count - 1)).rounded(.down))], "\(metric)")
        #expect(parallel.upper95 == sorted[Int((0.975 * Double(sorted.count - 1)).rounded(.up))], "\(metric)")
        let tail = boot.part(700..<1500, skipped: 700 * 700, t, a, b, ranked)
        #expect(tail.diffs == Array(one.diffs[700...]), "\(metric)")
    }
}

/// Method: the bootstrap's ranked AUROC over integer multiplicities equals `Metrics.auroc` with the same
/// multiplicities as weights, bit for bit, for binary and three-class targets with many tied scores
/// (scores on a grid of 20 values) and multiplicities drawn as the bootstrap draws them.
@Test(.tags(.unit)) func theRankedAUROCIsTheWeightedOne() {
    var g = SplitMix64(seed: 5)
    for classes in [2, 3] {
        let n = 997
        let y = (0..<n).map { _ in Double(g.below(UInt64(classes))) }
        let width = classes <= 2 ? 1 : classes
        let p = Predictions(values: (0..<(n * width)).map { _ in Double(g.below(20)) / 20 })
        let t = Targets(labels: y, classes: classes)
        let ranked = RankedScores(t, p)
        for _ in 0..<50 {
            var counts = [Int32](repeating: 0, count: n)
            for _ in 0..<n { counts[Int(g.below(UInt64(n)))] += 1 }
            let fast = ranked.auroc(counts), slow = Metrics.auroc(t, p, counts.map(Double.init), orders: nil)
            #expect(fast.bitPattern == slow.bitPattern, "\(classes) classes: \(fast) vs \(slow)")
        }
    }
}
