import Foundation
import MeritData
import MeritEval
import MeritCommandLine

/// Renders a report for people.
enum ReportPrinter {
    static func exitStatus(_ r: EvaluationReport) -> Int32 {
        switch r.status {
        case .awarded: return ExitStatus.awarded
        case .noDeltaOne: return ExitStatus.noDeltaOne
        case .rejected: return ExitStatus.rejected
        }
    }

    static func f(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }

    /// The report as lines of (label, value), shared by the single and side-by-side views.
    static func lines(_ r: EvaluationReport) -> [(String, String)] {
        var out: [(String, String)] = []
        let c = r.inputs.contribution
        out.append(("status", r.status.rawValue.uppercased().replacingOccurrences(of: "_", with: " ")))
        out.append(("rows read", "\(c.readRows)"))
        out.append(("accepted", "\(r.accepted.rows)"))
        out.append(("rejected: invalid", "\(c.invalidRows)"))
        out.append(("rejected: PII (reject-row)", "\(c.piiRejectedRows)"))
        out.append(("rejected: benchmark exact", "\(r.rejected.contamination.benchmarkExact)"))
        out.append(("rejected: benchmark near", "\(r.rejected.contamination.benchmarkNear)"))
        out.append(("rejected: duplicate", "\(r.rejected.contamination.duplicateInContribution)"))
        out.append(("rejected: already in base", "\(r.rejected.contamination.inBase)"))
        out.append(("rejected: unknown label", "\(r.rejected.unknownLabel)"))
        let piiSummary = c.pii.counts.isEmpty ? "none" : c.pii.counts.map { "\($0.count) \($0.kind.rawValue) in \($0.column) (\($0.policy.rawValue))" }.joined(separator: "; ")
        out.append(("PII findings", piiSummary))
        out.append(("contribution root", short(c.fingerprint.root.hex)))
        out.append(("accepted root", short(r.accepted.root.hex)))
        out.append(("training root", short(r.accepted.trainingRoot.hex)))
        if let res = r.results {
            let m = r.model.metric.rawValue
            let bi = res.bootstrap.baselineInterval, ci = res.bootstrap.candidateInterval
            out.append(("baseline \(m) (claimed \(f(r.model.baselineClaimed, 3)))", "\(f(res.baseline)) [\(f(bi[0])), \(f(bi[1]))]"))
            out.append(("improved \(m)", "\(f(res.improved)) [\(f(ci[0])), \(f(ci[1]))]"))
            out.append(("delta (95% CI)", "\(signed(res.delta)) [\(signed(res.bootstrap.lower95)), \(signed(res.bootstrap.upper95))]"))
            out.append(("DeltaOnes (95% CI)", "\(signed(res.deltaOnes.point, 2)) [\(signed(res.deltaOnes.lower95, 2)), \(signed(res.deltaOnes.upper95, 2))]"))
            out.append(("one-sided 95% lower bound", "\(signed(res.deltaOnes.lowerOneSided95, 2)) DeltaOnes"))
            if let mc = res.mcnemar {
                out.append(("McNemar exact", "fixed \(mc.candidateOnly), broke \(mc.baselineOnly), p = \(String(format: "%.2g", mc.pCandidateBetter)) (one-sided)"))
            }
            out.append(("awarded", "\(res.awardedBps) bps = \(f(Double(res.awardedBps) / 100, 2)) DeltaOnes"))
            out.append(("tokens minted", "\(res.rewards.minted) (contributors \(res.rewards.contributors), owner \(res.rewards.owner))"))
        }
        out.append(("reason", r.reason))
        return out
    }

    static func short(_ hex: String) -> String { String(hex.prefix(18)) + "…" }
    static func signed(_ x: Double, _ digits: Int = 4) -> String { (x >= 0 ? "+" : "") + f(x, digits) }

    static func text(_ r: EvaluationReport) -> String {
        var s = "\(r.model.name) (\(r.model.ticker)), metric \(r.model.metric.rawValue), \(r.model.direction.rawValue)\n"
        let rows = lines(r)
        let w = rows.map { $0.0.count }.max() ?? 0
        for (k, v) in rows { s += k.padding(toLength: w, withPad: " ", startingAt: 0) + "  " + v + "\n" }
        for line in firstLines(r) { s += line + "\n" }
        for warning in r.warnings { s += "warning: \(warning)\n" }
        return s
    }

    /// Where the rejected rows are: the first line numbers by reason and the first row issues (file, line,
    /// column, reason; never a value).
    static func firstLines(_ r: EvaluationReport, limit: Int = 5) -> [String] {
        var out: [String] = []
        let names = ["benchmark_exact": "benchmark copies", "benchmark_near": "near benchmark copies",
                     "duplicate_in_contribution": "duplicates in the file", "in_base": "already in the training data"]
        for key in r.rejected.examples.keys.sorted() {
            guard let lines = r.rejected.examples[key], !lines.isEmpty else { continue }
            out.append("first lines rejected as \(names[key] ?? key): " + lines.prefix(limit).map(String.init).joined(separator: ", ") + (lines.count > limit ? ", …" : ""))
        }
        let issues = r.inputs.contribution.issues
        if !issues.isEmpty {
            out.append("first row issues:")
            out += issues.prefix(limit).map { "  \($0)" }
            if r.inputs.contribution.invalidRows + r.inputs.contribution.piiRejectedRows > limit { out.append("  … (report.json lists up to \(RowIssue.keep))") }
        }
        return out
    }

    static func sideBySide(_ left: EvaluationReport, _ right: EvaluationReport, titles: (String, String)) -> String {
        let a = lines(left), b = lines(right)
        let labels = a.map(\.0)
        let w0 = labels.map(\.count).max() ?? 0
        let w1 = max(titles.0.count, a.map { min($0.1.count, 46) }.max() ?? 0)
        func clip(_ s: String) -> String { s.count > 46 ? String(s.prefix(45)) + "…" : s }
        var s = "".padding(toLength: w0, withPad: " ", startingAt: 0) + "  " + titles.0.padding(toLength: w1, withPad: " ", startingAt: 0) + "  " + titles.1 + "\n"
        s += String(repeating: "─", count: w0 + w1 + 50) + "\n"
        for (i, label) in labels.enumerated() where label != "reason" {
            let right = b.first { $0.0 == label }?.1 ?? "—"
            s += label.padding(toLength: w0, withPad: " ", startingAt: 0) + "  " + clip(a[i].1).padding(toLength: w1, withPad: " ", startingAt: 0) + "  " + clip(right) + "\n"
        }
        // Lines only the right-hand report has (it may have been evaluated while the left was not).
        for (label, value) in b where !labels.contains(label) && label != "reason" {
            s += label.padding(toLength: w0, withPad: " ", startingAt: 0) + "  " + "—".padding(toLength: w1, withPad: " ", startingAt: 0) + "  " + clip(value) + "\n"
        }
        s += "\n\(titles.0): \(left.reason)\n\(titles.1): \(right.reason)\n"
        return s
    }
}
