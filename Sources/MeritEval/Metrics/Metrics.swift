import Foundation
import MeritCore

/// Metric formulas, each taking optional per-row weights (bootstrap multiplicities).
///
/// Definitions match scikit-learn: accuracy at threshold 0.5 (binary) or argmax (multiclass);
/// precision, recall and F1 for the positive class (binary) or macro-averaged (multiclass);
/// AUROC with ties counted half (multiclass: macro one-vs-rest); log loss with probabilities
/// clipped to [1e-15, 1 − 1e-15]; RMSE, MAE, R².
public enum Metrics {
    /// The metric's value; `weights` nil means every row once.
    public static func value(_ metric: MetricKind, _ t: Targets, _ p: Predictions, weights w: [Double]? = nil) -> Double {
        switch metric {
        case .accuracy: return accuracy(t, p, w)
        case .precision: return prf(t, p, w).precision
        case .recall: return prf(t, p, w).recall
        case .f1: return prf(t, p, w).f1
        case .auroc: return auroc(t, p, w, orders: nil)
        case .logloss: return logloss(t, p, w)
        case .rmse: return (weightedMean(t.count, w) { i in let e = p.values[i] - t.labels[i]; return e * e }).squareRoot()
        case .mae: return weightedMean(t.count, w) { i in abs(p.values[i] - t.labels[i]) }
        case .r2: return r2(t, p, w)
        }
    }

    @inline(__always)
    static func weightedMean(_ n: Int, _ w: [Double]?, _ f: (Int) -> Double) -> Double {
        var s = 0.0, ws = 0.0
        for i in 0..<n {
            let wi = w?[i] ?? 1
            if wi == 0 { continue }
            s += wi * f(i); ws += wi
        }
        return ws == 0 ? .nan : s / ws
    }

    /// The predicted class of row i.
    @inline(__always)
    public static func predictedClass(_ t: Targets, _ p: Predictions, _ i: Int) -> Int {
        if t.classes <= 2 { return p.values[i] >= 0.5 ? 1 : 0 }
        var best = 0
        var bestP = -Double.infinity
        for k in 0..<t.classes where p.values[i * t.classes + k] > bestP { bestP = p.values[i * t.classes + k]; best = k }
        return best
    }

    static func accuracy(_ t: Targets, _ p: Predictions, _ w: [Double]?) -> Double {
        weightedMean(t.count, w) { i in predictedClass(t, p, i) == Int(t.labels[i]) ? 1 : 0 }
    }

    static func prf(_ t: Targets, _ p: Predictions, _ w: [Double]?) -> (precision: Double, recall: Double, f1: Double) {
        let k = max(t.classes, 2)
        var tp = [Double](repeating: 0, count: k), fp = tp, fn = tp
        for i in 0..<t.count {
            let wi = w?[i] ?? 1
            if wi == 0 { continue }
            let y = Int(t.labels[i]), yhat = predictedClass(t, p, i)
            if y == yhat { tp[y] += wi } else { fp[yhat] += wi; fn[y] += wi }
        }
        func one(_ c: Int) -> (Double, Double, Double) {
            let prec = tp[c] + fp[c] == 0 ? 0 : tp[c] / (tp[c] + fp[c])
            let rec = tp[c] + fn[c] == 0 ? 0 : tp[c] / (tp[c] + fn[c])
            let f = prec + rec == 0 ? 0 : 2 * prec * rec / (prec + rec)
            return (prec, rec, f)
        }
        if t.classes <= 2 { return one(1) }
        var s = (0.0, 0.0, 0.0)
        for c in 0..<k { let o = one(c); s.0 += o.0; s.1 += o.1; s.2 += o.2 }
        return (s.0 / Double(k), s.1 / Double(k), s.2 / Double(k))
    }

    /// Row orders sorted by score, one per class column (one for binary), computed once for the bootstrap.
    public static func scoreOrders(_ t: Targets, _ p: Predictions) -> [[Int]] {
        if t.classes <= 2 { return [Array(0..<t.count).sorted { p.values[$0] < p.values[$1] }] }
        return (0..<t.classes).map { k in Array(0..<t.count).sorted { p.values[$0 * t.classes + k] < p.values[$1 * t.classes + k] } }
    }

    static func auroc(_ t: Targets, _ p: Predictions, _ w: [Double]?, orders: [[Int]]?) -> Double {
        let orders = orders ?? scoreOrders(t, p)
        func binary(_ order: [Int], positive: Int, score: (Int) -> Double) -> Double {
            // Walk scores upward; for each tie group, positives beat all lower negatives and half the tied ones.
            var negBelow = 0.0, sum = 0.0, pos = 0.0, neg = 0.0
            var g = 0
            while g < order.count {
                var e = g
                let s = score(order[g])
                var gp = 0.0, gn = 0.0
                while e < order.count && score(order[e]) == s {
                    let i = order[e]
                    let wi = w?[i] ?? 1
                    if Int(t.labels[i]) == positive { gp += wi } else { gn += wi }
                    e += 1
                }
                sum += gp * (negBelow + 0.5 * gn)
                negBelow += gn
                pos += gp; neg += gn
                g = e
            }
            return pos == 0 || neg == 0 ? .nan : sum / (pos * neg)
        }
        if t.classes <= 2 { return binary(orders[0], positive: 1) { p.values[$0] } }
        var total = 0.0
        for k in 0..<t.classes { total += binary(orders[k], positive: k) { p.values[$0 * t.classes + k] } }
        return total / Double(t.classes)
    }

    static func logloss(_ t: Targets, _ p: Predictions, _ w: [Double]?) -> Double {
        weightedMean(t.count, w) { i in loglossTerm(t, p, i) }
    }

    /// Row i's log loss.
    @inline(__always)
    static func loglossTerm(_ t: Targets, _ p: Predictions, _ i: Int) -> Double {
        let eps = 1e-15
        let y = Int(t.labels[i])
        let q: Double
        if t.classes <= 2 { q = y == 1 ? p.values[i] : 1 - p.values[i] } else {
            // Normalise the row as scikit-learn does.
            var s = 0.0
            for k in 0..<t.classes { s += min(max(p.values[i * t.classes + k], eps), 1 - eps) }
            q = min(max(p.values[i * t.classes + y], eps), 1 - eps) / s
        }
        return -log(min(max(q, eps), 1 - eps))
    }

    /// For a metric that is a weighted mean of one term per row (or its square root), each row's term:
    /// the bootstrap computes such a metric from these and its multiplicities, in the same order and so
    /// to the same bits as `value` with the multiplicities as weights. Nil for other metrics.
    static func rowTerms(_ metric: MetricKind, _ t: Targets, _ p: Predictions) -> (terms: [Double], squareRoot: Bool)? {
        switch metric {
        case .accuracy: return ((0..<t.count).map { predictedClass(t, p, $0) == Int(t.labels[$0]) ? 1 : 0 }, false)
        case .logloss: return ((0..<t.count).map { loglossTerm(t, p, $0) }, false)
        case .rmse: return ((0..<t.count).map { let e = p.values[$0] - t.labels[$0]; return e * e }, true)
        case .mae: return ((0..<t.count).map { abs(p.values[$0] - t.labels[$0]) }, false)
        case .precision, .recall, .f1, .auroc, .r2: return nil
        }
    }

    static func r2(_ t: Targets, _ p: Predictions, _ w: [Double]?) -> Double {
        let mean = weightedMean(t.count, w) { t.labels[$0] }
        var sse = 0.0, sst = 0.0
        for i in 0..<t.count {
            let wi = w?[i] ?? 1
            if wi == 0 { continue }
            let e = t.labels[i] - p.values[i], d = t.labels[i] - mean
            sse += wi * e * e; sst += wi * d * d
        }
        return sst == 0 ? .nan : 1 - sse / sst
    }
}
