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
        let path = PairedBootstrap.Path(metric, t, a, b)
        let one = boot.part(0..<1500, skipped: 0, t, a, b, path)
        let parallel = boot.run(t, baseline: a, candidate: b)
        #expect(one.extraOutputs == 0)
        let sorted = one.diffs.sorted()
        #expect(parallel.lower95 == sorted[Int((0.025 * Double(sorted.count - 1)).rounded(.down))], "\(metric)")
        #expect(parallel.upper95 == sorted[Int((0.975 * Double(sorted.count - 1)).rounded(.up))], "\(metric)")
        let tail = boot.part(700..<1500, skipped: 700 * 700, t, a, b, path)
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

/// Method: every fast path of the bootstrap (ranked AUROC, accuracy from correctness bits, means of
/// per-row terms) gives, resample by resample, the bits of the general path (`Metrics.value` with the
/// multiplicities as weights), for binary, three-class and regression targets.
@Test(.tags(.unit)) func theBootstrapsFastPathsAreTheWeightedOne() {
    var g = SplitMix64(seed: 9)
    let n = 401
    let binary = Targets(labels: (0..<n).map { _ in Double(g.below(2)) }, classes: 2)
    let three = Targets(labels: (0..<n).map { _ in Double(g.below(3)) }, classes: 3)
    let regression = Targets(labels: (0..<n).map { _ in Double(g.below(1000)) / 7 }, classes: 0)
    func scores(_ width: Int) -> Predictions { Predictions(values: (0..<(n * width)).map { _ in Double(g.below(50)) / 50 }) }
    let cases: [(MetricKind, Targets, Int)] = [(.auroc, binary, 1), (.auroc, three, 3), (.accuracy, binary, 1), (.accuracy, three, 3),
                                               (.logloss, binary, 1), (.logloss, three, 3), (.mae, regression, 1), (.rmse, regression, 1)]
    for (metric, t, width) in cases {
        let a = scores(width), b = scores(width)
        let boot = PairedBootstrap(metric: metric, direction: metric.naturalDirection, resamples: 300, seed: 4)
        let path = PairedBootstrap.Path(metric, t, a, b)
        if case .weighted = path { Issue.record("\(metric) has no fast path") }
        let fast = boot.part(0..<300, skipped: 0, t, a, b, path), slow = boot.part(0..<300, skipped: 0, t, a, b, .weighted)
        #expect(fast.diffs.map(\.bitPattern) == slow.diffs.map(\.bitPattern) && fast.valuesA.map(\.bitPattern) == slow.valuesA.map(\.bitPattern), "\(metric), \(t.classes) classes")
        #expect(fast.undefined == slow.undefined && fast.extraOutputs == slow.extraOutputs)
    }
}

/// Method: the feature encoder's ASCII token counter gives the buckets of the general rule (lower-cased,
/// split on anything but letters and numbers, FNV-1a) for random ASCII text with every separator.
@Test(.tags(.unit)) func asciiTokensAreTheGeneralTokens() {
    let pieces = [" ", "\t", "\r\n", "\n", "A", "b", "Zq", "7", "x9", "-", ".", "_", "'", "MiXeD", "QUICK", "brown42"]
    var g = SplitMix64(seed: 2)
    for _ in 0..<3000 {
        let s = (0..<Int(g.below(10))).map { _ in pieces[Int(g.below(UInt64(pieces.count)))] }.joined()
        var fast = [Float](repeating: 0, count: FeatureEncoder.textBuckets), slow = fast
        #expect(FeatureEncoder.countASCIITokens(s, into: &fast, at: 0))
        for token in s.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            slow[Int(FeatureEncoder.fnv1a(token.utf8) % UInt64(FeatureEncoder.textBuckets))] += 1
        }
        #expect(fast == slow, "\(s.debugDescription)")
    }
    var none = [Float](repeating: 0, count: FeatureEncoder.textBuckets)
    #expect(!FeatureEncoder.countASCIITokens("café", into: &none, at: 0) && none.allSatisfy { $0 == 0 })
}
