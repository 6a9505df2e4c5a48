/// The one definition of DeltaOne, Merit's unit of model improvement.
///
/// - For metrics bounded in [0, 1] (accuracy, precision, recall, F1, AUROC, and R², see
///   `MetricKind.isBounded`): 1 DeltaOne = +1 percentage point, absolute.
/// - For unbounded metrics (log loss, RMSE, MAE): 1 DeltaOne = 1% of the recomputed baseline value.
///
/// In both cases the sign follows the metric's direction: a positive DeltaOne is an improvement.
/// The award is the one-sided 95% lower bound in DeltaOnes, floored to basis points (1/100 DeltaOne),
/// and is zero unless that bound reaches 1 DeltaOne.
public enum DeltaOne {
    /// Basis points per DeltaOne.
    public static let basisPoints = 100
    /// The smallest bound, in DeltaOnes, that earns an award.
    public static let threshold = 1.0

    /// The improvement of `candidate` over `baseline` in metric units, positive when better.
    public static func improvement(baseline: Double, candidate: Double, direction: Direction) -> Double {
        direction == .maximize ? candidate - baseline : baseline - candidate
    }

    /// Converts an improvement in metric units to DeltaOnes.
    ///
    /// - Parameter baseline: the recomputed baseline value; the scale of relative metrics.
    /// - Returns: nil when the scale is undefined (a relative metric with a zero baseline).
    public static func deltaOnes(improvement: Double, metric: MetricKind, baseline: Double) -> Double? {
        if metric.isBounded { return improvement * 100 }
        guard baseline != 0, baseline.isFinite else { return nil }
        return improvement / abs(baseline) * 100
    }

    /// The award in basis points for a one-sided lower bound expressed in DeltaOnes.
    public static func awardBasisPoints(lowerBound: Double) -> Int {
        guard lowerBound.isFinite, lowerBound >= threshold else { return 0 }
        // Round the bound to 1e-9 before flooring so 1.0 computed as 0.99999999999 still counts.
        let bps = (lowerBound * Double(basisPoints) * 1e6).rounded() / 1e6
        return Int(bps.rounded(.down))
    }
}
