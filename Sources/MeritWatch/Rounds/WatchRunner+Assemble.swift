import MeritBase
import MeritEthereum

extension WatchRunner {
    /// Scores the answers, judges identity, lays out the round data and signs the record.
    func assemble(round: UInt64, previous: Bytes32, startedAt: UInt64, probeSeed: Bytes32, seedSignature: Secp256k1.Signature,
                  probes: [String], targets: [Target], plans: [TaskPlan], work: [Work],
                  results: [EndpointResult], seconds: Double) throws -> Outcome {
        func num(_ d: Double) -> JSONValue { RoundData.number(d) }
        func str(_ s: String) -> JSONValue { .string(s) }
        func int(_ i: some BinaryInteger) -> JSONValue { .number("\(i)") }

        // Index the work list so answers can be looked up by (task, item, choice).
        var llIndex: [Int: [Int: [Int]]] = [:], genIndex: [Int: [Int: Int]] = [:], probeIndex: [Int] = []
        for (k, w) in work.enumerated() {
            switch w {
            case .loglikelihood(let t, let i, _): llIndex[t, default: [:]][i, default: []].append(k)
            case .generate(let t, let i): genIndex[t, default: [:]][i] = k
            case .probe: probeIndex.append(k)
            }
        }

        var scores: [(endpoint: String, task: String, metric: String, score: TaskScoring.Score, primary: Bool)] = []
        var responses: [JSONValue] = [], scoreSection: [JSONValue] = [], timings: [JSONValue] = []
        var signatures: [IdentityCheck.Signature] = []
        var qos: [String: QoSSummary] = [:]
        for result in results {
            let (endpoint, answers, latencies, summary) = (result.endpoint, result.answers, result.latencies, result.qos)
            let target = targets.first { $0.record.id == endpoint }!
            qos[endpoint] = summary
            // Multiple-choice scores from an endpoint whose echoed logprobs failed the self-check are kept,
            // marked, and not ranked.
            let unreliable = summary.loglikelihoodCheck?.status == "failed"
            var taskResponses: [JSONValue] = [], taskScores: [JSONValue] = []
            for (t, plan) in plans.enumerated() {
                if plan.config.outputType == .multipleChoice, let first = llIndex[t]?[0]?.first, answers[first] == .unsupported {
                    taskResponses.append(.object(["task": str(plan.config.name), "unsupported": str("log-likelihood needs the completions API; this endpoint only chats")]))
                    continue
                }
                let (docAnswers, perDoc) = Self.scoreDocuments(plan: plan, task: t, answers: answers, llIndex: llIndex, genIndex: genIndex)
                let notRanked = unreliable && plan.config.outputType == .multipleChoice
                var response: [JSONValue.Member] = [.init("task", str(plan.config.name)), .init("answers", .array(docAnswers))]
                if notRanked { response.append(.init("unreliable", str(Self.unreliableReason))) }
                taskResponses.append(.object(response))
                let primary = plan.config.outputType == .multipleChoice ? plan.config.metrics[0].name
                    : "\(plan.config.metrics[0].name),\(plan.config.filters[0].name)"
                for metric in perDoc.keys.sorted() {
                    let values = perDoc[metric]!
                    let score = TaskScoring.Score(values)
                    if !notRanked { scores.append((endpoint, plan.config.name, metric, score, metric == primary)) }
                    var entry: [JSONValue.Member] = [.init("task", str(plan.config.name)), .init("metric", str(metric)), .init("value", num(score.value)),
                                                     .init("stderr", num(score.stderr)), .init("samples", int(score.count)),
                                                     .init("perDocument", .array(values.map(num)))]
                    if notRanked { entry.append(.init("ranked", .bool(false))) }
                    taskScores.append(.object(entry))
                }
            }
            let probeAnswers: [String?] = probeIndex.map { if case .text(let s) = answers[$0] { return s }; return nil }
            signatures.append(IdentityCheck.Signature(endpoint: endpoint, claimedModel: target.record.model, isReference: target.record.isReference, answers: probeAnswers))
            responses.append(Self.response(endpoint: endpoint, tasks: taskResponses, answers: answers, probeIndex: probeIndex, summary: summary))
            scoreSection.append(.object(["endpoint": str(endpoint), "scores": .array(taskScores)]))
            timings.append(.object(["endpoint": str(endpoint), "qos": Self.qosJSON(summary), "latencyMicros": .array(latencies.map(int))]))
        }
        let verdicts = IdentityCheck.judge(signatures, prompts: probes)
        let identity: [JSONValue] = verdicts.keys.sorted().map { id in
            let v = verdicts[id]!
            return .object(["endpoint": str(id), "status": str(v.status), "comparedWith": v.comparedWith.map(str) ?? .null,
                            "agreement": v.agreement.map(num) ?? .null, "probes": int(v.probes),
                            "evidence": .array(v.evidence.map { .array($0.map(str)) })])
        }
        let (endpoints, tasks, prompts) = Self.planSections(targets: targets, plans: plans, probes: probes)
        let data = RoundData(sections: ["endpoints": .array(endpoints), "tasks": .array(tasks), "prompts": prompts, "responses": .array(responses),
                                        "scores": .array(scoreSection), "timings": .array(timings), "identity": .array(identity)],
                             probeSeedSignature: seedSignature)
        let record = try RoundRecord.sign(round: round, previous: previous, startedAt: startedAt, probeSeed: probeSeed, data: data,
                                          meritVersion: meritVersion, key: key)
        return Outcome(record: record, data: data, scores: scores, qos: qos, identity: verdicts, seconds: seconds)
    }

    /// One endpoint's part of the responses section: its tasks' answers, its probe answers (a failed probe
    /// as "failed: CLASS", as a failed document), what it supported and its log-likelihood self-check.
    static func response(endpoint: String, tasks: [JSONValue], answers: [Answer], probeIndex: [Int], summary: QoSSummary) -> JSONValue {
        var members: [JSONValue.Member] = [.init("endpoint", .string(endpoint)), .init("tasks", .array(tasks)),
                                           .init("probes", .array(probeIndex.map { k in
                                               if case .text(let s) = answers[k] { return .string(s) }
                                               return .string("failed: " + failure(answers[k]))
                                           }))]
        if let c = summary.capabilities {
            members.append(.init("capabilities", .object([.init("tokenizer", .bool(c.tokenizer)), .init("promptMode", .string(c.promptMode.rawValue))]
                                                         + (c.note.map { [.init("note", .string($0))] } ?? []))))
        }
        if let check = summary.loglikelihoodCheck {
            members.append(.init("loglikelihoodCheck", .object(["status": .string(check.status), "checked": .number("\(check.checked)"),
                                                                 "evidence": .array(check.evidence.map { .array($0.map { .string($0) }) })])))
        }
        return .object(members)
    }

    static let unreliableReason = "not ranked: the endpoint failed the log-likelihood self-check this round (see loglikelihoodCheck)"

    static func failure(_ a: Answer) -> String {
        if case .failed(let c) = a { return c.rawValue }
        return "unexpected answer"
    }

    /// A QoS summary as deterministic JSON.
    static func qosJSON(_ q: QoSSummary) -> JSONValue {
        func opt(_ d: Double?) -> JSONValue { d.map(RoundData.number) ?? .null }
        return .object(["requests": .number("\(q.requests)"), "successes": .number("\(q.successes)"),
                        "failures": .object(q.failures.map { .init($0.errorClass.rawValue, .number("\($0.count)")) }),
                        "latencyMs": .object(["p50": opt(q.latencyP50), "p95": opt(q.latencyP95), "p99": opt(q.latencyP99)]),
                        "firstTokenMs": .object(["p50": opt(q.firstTokenP50), "p95": opt(q.firstTokenP95), "p99": opt(q.firstTokenP99)]),
                        "tokensPerSecond": opt(q.tokensPerSecond)])
    }
    /// One task's answers from one endpoint scored per document: the answers as recorded, and each
    /// metric's per-document values (a failed request scores 0).
    static func scoreDocuments(plan: TaskPlan, task t: Int, answers: [Answer], llIndex: [Int: [Int: [Int]]],
                               genIndex: [Int: [Int: Int]]) -> (answers: [JSONValue], perDoc: [String: [Double]]) {
        func num(_ d: Double) -> JSONValue { RoundData.number(d) }
        func str(_ s: String) -> JSONValue { .string(s) }
        var perDoc: [String: [Double]] = [:]
        var docAnswers: [JSONValue] = []
        for (i, item) in plan.items.enumerated() {
            switch plan.config.outputType {
            case .multipleChoice:
                let ks = llIndex[t]?[i] ?? []
                let lls: [Double?] = ks.map { if case .loglikelihood(let v) = answers[$0] { return v }; return nil }
                docAnswers.append(.array(zip(ks, lls).map { k, v in v.map(num) ?? .string("failed: " + Self.failure(answers[k])) }))
                if lls.contains(where: { $0 == nil }) {
                    for m in plan.config.metrics { perDoc[m.name, default: []].append(0) }
                } else {
                    let r = TaskScoring.multipleChoice(loglikelihoods: lls.map { $0! }, choices: item.choices, gold: item.gold)
                    for m in plan.config.metrics { perDoc[m.name, default: []].append(m.name == "acc_norm" ? r.accNorm : r.acc) }
                }
            case .generateUntil:
                let k = genIndex[t]![i]!
                if case .text(let text) = answers[k] {
                    docAnswers.append(str(text))
                    for f in plan.config.filters {
                        let filtered = TaskScoring.filter(text, f.steps)
                        for m in plan.config.metrics {
                            perDoc["\(m.name),\(f.name)", default: []].append(TaskScoring.exactMatch(prediction: filtered, reference: item.target, metric: m))
                        }
                    }
                } else {
                    docAnswers.append(str("failed: " + Self.failure(answers[k])))
                    for f in plan.config.filters { for m in plan.config.metrics { perDoc["\(m.name),\(f.name)", default: []].append(0) } }
                }
            }
        }
        return (docAnswers, perDoc)
    }

    /// The round data's description of what was asked of whom: endpoints, tasks, and prompts with probes.
    static func planSections(targets: [Target], plans: [TaskPlan], probes: [String]) -> (endpoints: [JSONValue], tasks: [JSONValue], prompts: JSONValue) {
        func str(_ s: String) -> JSONValue { .string(s) }
        func int(_ i: some BinaryInteger) -> JSONValue { .number("\(i)") }
    let endpoints: [JSONValue] = targets.sorted { $0.record.id < $1.record.id }.map { t in
        .object(["id": str(t.record.id), "operator": str(t.record.operatorName), "url": str(t.record.url),
                 "model": str(t.record.model), "api": str(t.record.api), "reference": .bool(t.record.isReference)])
    }
    let tasks: [JSONValue] = plans.map { p in
        .object(["name": str(p.config.name), "version": p.config.version.map(str) ?? .null, "outputType": str(p.config.outputType.rawValue),
                 "documents": int(p.items.count), "numFewshot": int(p.config.numFewshot)])
    }
    let prompts: JSONValue = .object([
        "tasks": .array(plans.map { p in
            .object(["task": str(p.config.name), "items": .array(p.items.map { item in
                .object(["context": str(item.context), "continuations": .array(item.continuations.map(str)), "target": str(item.target)])
            })])
        }),
        "probes": .array(probes.map(str)),
    ])
        return (endpoints, tasks, prompts)
    }
}
