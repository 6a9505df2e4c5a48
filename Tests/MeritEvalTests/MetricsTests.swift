import Foundation
import MeritCore
import MeritEval
import TestSupport
import Testing

/// Runs a Python snippet that prints JSON; scikit-learn is installed by `scripts/setup.sh --test`.
func python(_ script: String) throws -> [String: Double] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0, "python3 with scikit-learn is required: run scripts/setup.sh --test")
    return try JSONDecoder().decode([String: Double].self, from: data)
}

struct Gen {
    var rng: SplitMix64
    mutating func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func binaryMetricsMatchScikitLearn() throws {
    var g = Gen(rng: SplitMix64(seed: 1))
    let n = 500
    let y = (0..<n).map { _ in g.u() < 0.4 ? 1.0 : 0.0 }
    // Rounded to two decimals so that AUROC has ties to handle.
    let p = y.map { yi in ((0.35 * yi + 0.65 * g.u()) * 100).rounded() / 100 }
    let t = Targets(labels: y, classes: 2), pr = Predictions(values: p)
    let ref = try python("""
    import json, sklearn.metrics as m
    y = \(y.map { Int($0) }); p = \(p)
    yh = [1 if q >= 0.5 else 0 for q in p]
    print(json.dumps(dict(accuracy=m.accuracy_score(y, yh), precision=m.precision_score(y, yh), recall=m.recall_score(y, yh),
      f1=m.f1_score(y, yh), auroc=m.roc_auc_score(y, p), logloss=m.log_loss(y, p))))
    """)
    for metric in [MetricKind.accuracy, .precision, .recall, .f1, .auroc, .logloss] {
        let ours = Metrics.value(metric, t, pr)
        #expect(abs(ours - ref[metric.rawValue]!) < 1e-9, "\(metric.rawValue): \(ours) vs \(ref[metric.rawValue]!)")
    }
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func multiclassMetricsMatchScikitLearn() throws {
    var g = Gen(rng: SplitMix64(seed: 2))
    let n = 300, k = 3
    let y = (0..<n).map { _ in Double(Int(g.u() * 3)) }
    var p: [Double] = []
    for yi in y {
        var row = (0..<k).map { c in g.u() + (Double(c) == yi ? 0.6 : 0) }
        let s = row.reduce(0, +)
        row = row.map { $0 / s }
        p += row
    }
    let t = Targets(labels: y, classes: k), pr = Predictions(values: p)
    let rows = stride(from: 0, to: p.count, by: k).map { Array(p[$0..<$0 + k]) }
    let ref = try python("""
    import json, sklearn.metrics as m, numpy as np
    y = \(y.map { Int($0) }); p = np.array(\(rows))
    yh = p.argmax(axis=1)
    print(json.dumps(dict(accuracy=m.accuracy_score(y, yh), precision=m.precision_score(y, yh, average='macro'),
      recall=m.recall_score(y, yh, average='macro'), f1=m.f1_score(y, yh, average='macro'),
      auroc=m.roc_auc_score(y, p, multi_class='ovr', average='macro'), logloss=m.log_loss(y, p))))
    """)
    for metric in [MetricKind.accuracy, .precision, .recall, .f1, .auroc, .logloss] {
        let ours = Metrics.value(metric, t, pr)
        #expect(abs(ours - ref[metric.rawValue]!) < 1e-9, "\(metric.rawValue): \(ours) vs \(ref[metric.rawValue]!)")
    }
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func regressionMetricsMatchScikitLearn() throws {
    var g = Gen(rng: SplitMix64(seed: 3))
    let y = (0..<400).map { _ in g.u() * 10 }
    let p = y.map { $0 + (g.u() - 0.5) * 3 }
    let t = Targets(labels: y, classes: 0), pr = Predictions(values: p)
    let ref = try python("""
    import json, math, sklearn.metrics as m
    y = \(y); p = \(p)
    print(json.dumps(dict(rmse=math.sqrt(m.mean_squared_error(y, p)), mae=m.mean_absolute_error(y, p), r2=m.r2_score(y, p))))
    """)
    for metric in [MetricKind.rmse, .mae, .r2] {
        #expect(abs(Metrics.value(metric, t, pr) - ref[metric.rawValue]!) < 1e-9)
    }
}

@Test(.tags(.unit)) func weightsActAsRepeatedRows() {
    let t = Targets(labels: [1, 0, 1, 0], classes: 2), p = Predictions(values: [0.9, 0.4, 0.3, 0.6])
    let repeated = Targets(labels: [1, 1, 0, 1, 0, 0, 0], classes: 2), rp = Predictions(values: [0.9, 0.9, 0.4, 0.3, 0.6, 0.6, 0.6])
    for metric in [MetricKind.accuracy, .f1, .auroc, .logloss] {
        #expect(abs(Metrics.value(metric, t, p, weights: [2, 1, 1, 3]) - Metrics.value(metric, repeated, rp)) < 1e-12)
    }
}
