import Foundation
import MeritCore
import MeritEval
import TestSupport
import Testing

@Test(.tags(.unit)) func mcnemarExactKnownValues() {
    // b = 1, c = 9: P(X <= 1 | n = 10, 1/2) = 11/1024; two-sided = 22/1024.
    let a = Array(repeating: true, count: 1) + Array(repeating: false, count: 9) + Array(repeating: true, count: 20)
    let b = Array(repeating: false, count: 1) + Array(repeating: true, count: 9) + Array(repeating: true, count: 20)
    let r = McNemar.test(baselineCorrect: a, candidateCorrect: b)
    #expect(r.baselineOnly == 1 && r.candidateOnly == 9)
    #expect(abs(r.pTwoSided - 22.0 / 1024) < 1e-12)
    #expect(abs(r.pCandidateBetter - 11.0 / 1024) < 1e-12)
}

@Test(.tags(.unit)) func bootstrapIsSeededAndDeterministic() {
    var g = SplitMix64(seed: 9)
    let y = (0..<900).map { _ in Double(g.next() % 2) }
    let a = Predictions(values: y.map { _ in Double(g.next() % 100) / 100 })
    let b = Predictions(values: y.map { $0 * 0.3 + Double(g.next() % 70) / 100 })
    let t = Targets(labels: y, classes: 2)
    let boot = PairedBootstrap(metric: .auroc, direction: .maximize, resamples: 2000, seed: 5)
    let r1 = boot.run(t, baseline: a, candidate: b), r2 = boot.run(t, baseline: a, candidate: b)
    #expect(r1 == r2)
    #expect(r1.lower95 <= r1.lowerOneSided95 && r1.lowerOneSided95 <= r1.upper95)
    let other = PairedBootstrap(metric: .auroc, direction: .maximize, resamples: 2000, seed: 6).run(t, baseline: a, candidate: b)
    #expect(other != r1)
}

/// With no true improvement, the decision rule must pay in at most 5% of trials. Each trial draws two
/// models of equal true accuracy on 800 rows and applies the award rule; the one-sided bound's own
/// coverage (bound > 0 with no improvement) is checked too, with slack for 200 binomial trials.
///
/// In the test suite (a debug build) each trial uses 1,000 paired resamples: the same rule, with a
/// coarser quantile. `Benchmarks/calibration.sh` runs it in a release build at the production
/// setting, 10,000 resamples (MERIT_CALIBRATION_RESAMPLES).
@Test(.tags(.statistics), .enabled(if: TestScope.everything)) func zeroTrueImprovementIsRarelyRewarded() {
    var g = SplitMix64(seed: 2024)
    let trials = 200, n = 800
    let resamples = Int(ProcessInfo.processInfo.environment["MERIT_CALIBRATION_RESAMPLES"] ?? "") ?? 1_000
    var rewarded = 0, boundAboveZero = 0
    for trial in 0..<trials {
        let y = (0..<n).map { _ in Double(g.next() % 2) }
        func model() -> Predictions {
            Predictions(values: y.map { yi in Double(g.next() % 1000) < 720 ? (yi == 1 ? 0.8 : 0.2) : (yi == 1 ? 0.2 : 0.8) })
        }
        let t = Targets(labels: y, classes: 2)
        let r = PairedBootstrap(metric: .accuracy, direction: .maximize, resamples: resamples, seed: UInt64(trial)).run(t, baseline: model(), candidate: model())
        let lower = DeltaOne.deltaOnes(improvement: r.lowerOneSided95, metric: .accuracy, baseline: 0.72)!
        if DeltaOne.awardBasisPoints(lowerBound: lower) > 0 { rewarded += 1 }
        if r.lowerOneSided95 > 0 { boundAboveZero += 1 }
    }
    print("zero-improvement simulation (\(resamples) resamples): rewarded in \(rewarded)/\(trials) trials, one-sided bound above 0 in \(boundAboveZero)/\(trials)")
    #expect(Double(rewarded) / Double(trials) <= 0.05)
    #expect(boundAboveZero <= 18)  // 5% of 200 is 10; 18 is beyond the binomial 99.5th percentile
}

/// SplitMix64's state is a counter: the generator after k outputs is reached at once, and the number
/// of outputs drawn is read back from the state; the parallel bootstrap relies on both.
@Test(.tags(.unit)) func splitMixJumpsAheadAndCountsItsOutputs() {
    var g = SplitMix64(seed: 77)
    for _ in 0..<12_345 { _ = g.next() }
    var jumped = SplitMix64(seed: 77, after: 12_345)
    #expect(jumped.next() == g.next())
    #expect(g.outputs(since: 77) == 12_346)
    for _ in 0..<1000 { _ = g.below(1_000_003) }
    #expect(g.outputs(since: 77) >= 13_346)
}
