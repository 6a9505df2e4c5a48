import FakeOpenAI
import Foundation
import MeritBase
import MeritEthereum
import TestSupport
import Testing
@testable import MeritWatch

/// lm-eval's results for `tasks` (task files) against the endpoint at `base`, as lm_eval_check.py prints
/// them; nil, with the issue recorded, when it prints none.
func lmEvalResults(base: String, tasks: [String], concurrency: Int) async throws -> JSONValue? {
    let script = repositoryRoot.appendingPathComponent("Tests/MeritWatchTests/Python/lm_eval_check.py").path
    let (status, output) = try await runProcess(["python3", script, base, "merit-tiny"] + tasks + ["--concurrency", String(concurrency)])
    try #require(status == 0, "lm_eval_check.py failed (run scripts/setup.sh --test to install lm-eval):\n\(output.suffix(4000))")
    guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{\"lm_eval_version\"") }) else {
        Issue.record("no JSON from lm_eval_check.py:\n\(output.suffix(3000))")
        return nil
    }
    return try JSONValue.parse(String(line), name: "lm_eval_check output")
}

/// Method: lm-evaluation-harness's own `local-completions` model (pip, pinned in Python/requirements.txt)
/// runs the shipped tasks against the same fake endpoint; Merit's prompts, per-document answers,
/// accuracies and standard errors must be equal to lm-eval's, not merely close.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func meritScoresTasksExactlyAsLMEvalDoes() async throws {
    let tasks = ["merit_capitals", "merit_arithmetic", "merit_facts"]
    try await withFakeServers([FakeOpenAIConfiguration()]) { ports in
        let base = "http://127.0.0.1:\(ports[0])/v1"
        guard let lm = try await lmEvalResults(base: base, tasks: tasks.map(shippedTask), concurrency: 4) else { return }

        let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 8)
        let key = try Secp256k1.PrivateKey(hex: "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
        let runner = WatchRunner(http: http, key: key, probeCount: 0, meritVersion: "test")
        let target = WatchRunner.Target(record: .init(id: "fake", operatorName: "test", url: base, model: "merit-tiny", concurrency: 8), apiKey: nil)
        let plans = try tasks.map { try TaskPlan(config: try TaskConfig.load(path: shippedTask($0))) }
        let outcome = try await runner.run(round: 1, previous: Bytes32(0, 0, 0, 0), startedAt: 0, targets: [target], plans: plans)
        try await http.shutdown()

        var compared = 0
        for s in outcome.scores {
            let metric = s.metric.contains(",") ? s.metric : s.metric + ",none"
            let name = metric.replacingOccurrences(of: ",", with: "_stderr,", options: [], range: metric.range(of: ","))
            guard case .number(let v)? = lm["tasks"]?[s.task]?["results"]?[metric] else {
                Issue.record("lm-eval reported no \(metric) for \(s.task)")
                continue
            }
            #expect(Double(v) == s.score.value, "\(s.task) \(metric): lm-eval \(v), Merit \(s.score.value)")
            if case .number(let se)? = lm["tasks"]?[s.task]?["results"]?[name] {
                #expect(abs(Double(se)! - s.score.stderr) < 1e-12, "\(s.task) \(name): lm-eval \(se), Merit \(s.score.stderr)")
            }
            if case .number(let n)? = lm["tasks"]?[s.task]?["documents"] { #expect(Int(n) == s.score.count) }
            compared += 1
        }
        #expect(compared == 6)  // acc and acc_norm for two tasks, exact_match under two filters
        // Per-document generations are identical too.
        let merit = outcome.data.sections["responses"]?.arrayValue?.first?["tasks"]?.arrayValue?.first { $0["task"]?.stringValue == "merit_arithmetic" }?["answers"]
        let theirs = lm["tasks"]?["merit_arithmetic"]?["responses"]?.arrayValue
        #expect(merit?.arrayValue?.count == theirs?.count)
        for (k, (a, b)) in zip(merit?.arrayValue ?? [], theirs ?? []).enumerated() {
            // The task's "none" pipeline strips the raw answer (remove_whitespace).
            let raw = TemplateFunctions.strip(a.stringValue ?? "", nil, left: true, right: true)
            #expect(b["none"]?.stringValue == raw, "document \(k): Merit \(a), lm-eval \(b)")
        }
    }
}


/// Method: a test task whose questions, few-shot example and choices hold accents, CJK, emoji outside
/// the Basic Multilingual Plane and ZWJ sequences (Fixtures/merit_unicode). lm-eval scores it through
/// the fake endpoint's /tokenize; Merit scores it against the same model served without /tokenize, so its
/// context boundaries come from the echoed text offsets, which the fake counts in code points as Python
/// servers do. acc and acc_norm must be equal, and so must every document's choice log-likelihoods.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func nonASCIIContextsScoreExactlyAsLMEvalDoes() async throws {
    var plain = FakeOpenAIConfiguration()
    plain.tokenizer = false
    let task = repositoryRoot.appendingPathComponent("Tests/MeritWatchTests/Fixtures/merit_unicode/merit_unicode.yaml").path
    try await withFakeServers([FakeOpenAIConfiguration(), plain]) { ports in
        guard let lm = try await lmEvalResults(base: "http://127.0.0.1:\(ports[0])/v1", tasks: [task], concurrency: 2) else { return }
        let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 4)
        let key = try Secp256k1.PrivateKey(hex: "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
        let runner = WatchRunner(http: http, key: key, probeCount: 0, meritVersion: "test")
        let target = WatchRunner.Target(record: .init(id: "plain", operatorName: "test", url: "http://127.0.0.1:\(ports[1])/v1", model: "merit-tiny", concurrency: 4), apiKey: nil)
        let plan = try TaskPlan(config: try TaskConfig.load(path: task))
        let outcome = try await runner.run(round: 1, previous: Bytes32(0, 0, 0, 0), startedAt: 0, targets: [target], plans: [plan])
        try await http.shutdown()
        var compared = 0
        for s in outcome.scores {
            let metric = s.metric.contains(",") ? s.metric : s.metric + ",none"
            guard case .number(let v)? = lm["tasks"]?["merit_unicode"]?["results"]?[metric] else { Issue.record("lm-eval reported no \(metric)"); continue }
            #expect(Double(v) == s.score.value, "\(metric): lm-eval \(v), Merit \(s.score.value)")
            compared += 1
        }
        #expect(compared == 2 && outcome.scores.allSatisfy { $0.score.count == 12 })
        // Each document's choice log-likelihoods, as lm-eval logged them and as Merit's client gets them.
        let http2 = OpenAICompletionsClient.makeHTTPClient(concurrency: 2)
        let client = OpenAICompletionsClient(target: EndpointTarget(baseURL: "http://127.0.0.1:\(ports[1])/v1", model: "merit-tiny"), http: http2)
        let theirs = lm["tasks"]?["merit_unicode"]?["responses"]?.arrayValue ?? []
        #expect(theirs.count == 12)
        var checked = 0
        do {
            for (k, item) in plan.items.enumerated() where k < theirs.count {
                guard let lls = theirs[k]["none"]?.arrayValue else { Issue.record("document \(k): no log-likelihoods from lm-eval"); continue }
                for (c, continuation) in item.continuations.enumerated() where c < lls.count {
                    guard case .number(let text)? = lls[c].arrayValue?.first, let expected = Double(text) else { continue }
                    checked += 1
                    let mine = try await client.loglikelihood(context: item.context, continuation: continuation)
                    #expect(mine.value == expected, "document \(k), choice \(c): lm-eval \(expected), Merit \(mine.value)")
                }
            }
        } catch { Issue.record("Merit's client failed: \(error)") }
        try await http2.shutdown()
        #expect(checked >= 36, "every choice of every document compared (\(checked))")
    }
}
