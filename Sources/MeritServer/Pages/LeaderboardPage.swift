import Foundation
import MeritWatch

/// The leaderboard as an HTML page (GET /leaderboard): scores with their 95% intervals drawn as bars,
/// QoS, identity verdicts with their evidence, and each endpoint's history as a small plot. Everything
/// is rendered on the server (no scripts); all text is escaped.
enum LeaderboardPage {
    static func html(_ b: Leaderboard) -> String {
        var rows = ""
        for e in b.entries {
            let flagged = e.identity == "impostor"
            rows += """
            <tr\(flagged ? " class=\"flag\"" : "")><td>\(e.rank)</td><td><b>\(esc(e.endpoint))</b><br><small>\(esc(e.operatorName))</small></td>
            <td>\(esc(e.model))</td><td class="num">\(f(e.average.value, 4)) ± \(f(e.average.stderr, 4))</td>
            <td>\(interval(e.average.lower95, e.average.value, e.average.upper95))</td>
            <td class="num">\(f(e.availability * 100, 1))%<br><small>[\(f(e.availabilityLower95 * 100, 1)), \(f(e.availabilityUpper95 * 100, 1))]</small></td>
            <td class="num">\(ms(e.latencyP50)) / \(ms(e.latencyP99))</td><td class="num">\(ms(e.firstTokenP50))</td>
            <td><span class="badge \(esc(e.identity ?? "none"))">\(esc(e.identity ?? "–"))</span>\(e.identityAgreement.map { "<br><small>agreement \(f($0, 2))</small>" } ?? "")</td>
            <td>\(sparkline(e.history.map(\.average)))</td></tr>
            """
            var details = ""
            for t in e.tasks {
                details += "<li>\(esc(t.task)) · \(esc(t.metric)): \(f(t.score.value, 4)) ± \(f(t.score.stderr, 4)) (n = \(t.score.samples), \(t.rounds) rounds) \(interval(t.score.lower95, t.score.value, t.score.upper95))</li>"
            }
            for ev in e.identityEvidence where ev.count == 3 {
                details += "<li class=\"evidence\">probe <q>\(esc(ev[0]))</q>: this endpoint <q>\(esc(ev[1]))</q>, the other <q>\(esc(ev[2]))</q></li>"
            }
            if e.loglikelihoodCheck == "failed" {
                details += "<li class=\"evidence\">log-likelihood self-check failed: multiple-choice scores not ranked</li>"
                for ev in e.loglikelihoodEvidence ?? [] where ev.count == 3 {
                    details += "<li class=\"evidence\">prompt <q>\(esc(ev[0]))</q>: expected \(esc(ev[1])), got \(esc(ev[2]))</li>"
                }
            }
            if let mode = e.promptMode { details += "<li>log-likelihood prompts sent as \(esc(mode))\(e.loglikelihoodCheck.map { "; self-check \(esc($0))" } ?? "")</li>" }
            let errors = e.errors.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\(esc($0.key)) \($0.value)" }.joined(separator: ", ")
            if !errors.isEmpty { details += "<li>failed requests: \(errors) of \(e.requests)</li>" }
            rows += "<tr class=\"details\"><td></td><td colspan=\"9\"><ul>\(details)</ul></td></tr>\n"
        }
        let empty = b.entries.isEmpty ? "<p>No rounds yet: run <code>merit watch run --once</code>.</p>" : ""
        return """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Merit endpoint leaderboard</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%}
        th,td{padding:.4em .6em;border-bottom:1px solid #ddd;vertical-align:top;text-align:left}th{background:#f4f4f4}
        .num{text-align:right;white-space:nowrap}tr.details td{border-bottom:2px solid #ccc;font-size:12px;color:#555}
        tr.flag{background:#fff0f0}.badge{padding:.1em .5em;border-radius:.8em;background:#eee}
        .badge.consistent{background:#dff5e1}.badge.impostor{background:#f8c9c9;font-weight:bold}.badge.inconclusive{background:#fff2c6}
        .evidence{color:#a00}code{background:#f4f4f4;padding:0 .3em}
        </style></head><body>
        <h1>Endpoint leaderboard</h1>
        <p>Rounds \(b.windowFrom)–\(b.windowTo) (window of \(b.windowRounds)). Head of the signed chain:
        <code>\(esc(b.headDigest ?? "–"))</code> · <a href="/api/v1/watch/verify">verify the chain</a> ·
        <a href="/api/v1/leaderboard">JSON</a> · how scores and intervals are computed: docs/watch.md.</p>
        \(empty)
        <table><tr><th>#</th><th>endpoint</th><th>model</th><th>average</th><th>95% interval</th><th>availability</th>
        <th>latency p50 / p99</th><th>TTFT p50</th><th>identity</th><th>history</th></tr>
        \(rows)</table></body></html>
        """
    }

    static func esc(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func ms(_ x: Double?) -> String { x.map { f($0, 1) + " ms" } ?? "–" }

    /// A 0-to-1 axis with the interval as a bar and the estimate as a tick.
    static func interval(_ lo: Double, _ v: Double, _ hi: Double) -> String {
        let w = 120.0
        func x(_ p: Double) -> String { f(max(0, min(1, p)) * w, 1) }
        return """
        <svg width="\(Int(w))" height="14" role="img" aria-label="95% interval \(f(lo, 3)) to \(f(hi, 3))"><line x1="0" y1="7" x2="\(Int(w))" y2="7" stroke="#ddd"/>\
        <rect x="\(x(lo))" y="3" width="\(f(max(1, (min(1, hi) - max(0, lo)) * w), 1))" height="8" fill="#9cc3e6"/>\
        <line x1="\(x(v))" y1="0" x2="\(x(v))" y2="14" stroke="#1a5a96" stroke-width="2"/></svg>
        """
    }

    /// The average per round, on a 0-to-1 scale.
    static func sparkline(_ values: [Double]) -> String {
        guard values.count > 1 else { return values.first.map { f($0, 3) } ?? "–" }
        let w = 120.0, h = 28.0
        let points = values.enumerated().map { k, v in "\(f(Double(k) / Double(values.count - 1) * w, 1)),\(f(h - max(0, min(1, v)) * h, 1))" }
        return "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" aria-label=\"average per round\"><polyline fill=\"none\" stroke=\"#1a5a96\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/></svg>"
    }
}
