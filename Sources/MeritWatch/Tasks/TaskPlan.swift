/// The requests a task makes, document by document, built exactly as lm-eval builds them.
public struct TaskPlan: Sendable {
    /// One evaluated document.
    public struct Item: Sendable {
        /// Index in the evaluation split.
        public var index: Int
        /// The prompt: description, few-shot examples, then the document's text.
        public var context: String
        /// Multiple choice: the continuations scored (target delimiter + choice).
        public var continuations: [String]
        /// Multiple choice: the choices themselves (acc_norm divides by their length).
        public var choices: [String]
        /// Multiple choice: the index of the right choice.
        public var gold: Int
        /// Generation: the reference answer.
        public var target: String
    }

    /// The task.
    public let config: TaskConfig
    /// Its items, in document order.
    public let items: [Item]

    /// Loads the data and builds every prompt. `limit` keeps the first N documents (lm-eval's `--limit`).
    public init(config: TaskConfig, limit: Int? = nil, fewshotSeed: UInt64 = 1234) throws {
        self.config = config
        var docs = try TaskDocuments.load(config, split: config.evalSplit)
        if let limit { docs = Array(docs.prefix(limit)) }
        let fewshotDocs = config.numFewshot > 0 ? try TaskDocuments.load(config, split: config.fewshotSplit) : []
        var rng = PythonRandom(seed: fewshotSeed)
        let sameSplit = config.excludeEvaluatedDocument
        var items: [Item] = []
        for (k, doc) in docs.enumerated() {
            let at = "\(config.file): document \(k + 1) of split \(config.evalSplit)"
            var examples: [TaskDocuments.Document] = []
            if config.numFewshot > 0 {
                let n = config.numFewshot + (sameSplit ? 1 : 0)
                guard n <= fewshotDocs.count else {
                    throw WatchError(.invalidTask, "num_fewshot \(config.numFewshot) needs at least \(n) few-shot documents; the split has \(fewshotDocs.count)", at: config.file)
                }
                let picked = config.fewshotSampler == "first_n" ? Array(0..<n) : rng.sample(count: fewshotDocs.count, n)
                examples = Array(picked.map { fewshotDocs[$0] }.filter { !Self.same($0, doc) }.prefix(config.numFewshot))
            }
            var context = try Self.text(config.description, doc, at)
            for ex in examples {
                context += try Self.docText(config, ex, at)
                let target = try Self.targetText(config, ex, at)
                if !target.isEmpty { context += config.targetDelimiter + target + config.fewshotDelimiter }
            }
            context += try Self.docText(config, doc, at)
            switch config.outputType {
            case .multipleChoice:
                let choices = try Self.choices(config, doc, at)
                let gold = try Self.goldIndex(config, doc, choices, at)
                items.append(Item(index: k, context: context, continuations: choices.map { config.targetDelimiter + $0 },
                                  choices: choices, gold: gold, target: choices[gold]))
            case .generateUntil:
                items.append(Item(index: k, context: context, continuations: [], choices: [], gold: 0,
                                  target: try Self.targetText(config, doc, at)))
            }
        }
        self.items = items
    }

    static func same(_ a: TaskDocuments.Document, _ b: TaskDocuments.Document) -> Bool {
        a.count == b.count && a.allSatisfy { b[$0.key] == $0.value }
    }

    static func text(_ template: String, _ doc: TaskDocuments.Document, _ at: String) throws -> String {
        guard Template.isTemplate(template) else { return template }
        return try Template(template, name: at).render(doc, name: at)
    }

    /// `doc_to_*`: a field's value, a rendered template, or a literal.
    static func value(_ f: TaskConfig.Field, _ doc: TaskDocuments.Document, _ at: String, literalEval: Bool) throws -> TemplateValue {
        switch f {
        case .field(let name): return doc[name] ?? .string(name)
        case .literal(let v): return v
        case .template(let t):
            let s = try t.render(doc, name: at)
            if literalEval, let v = PythonLiteral.parse(s) { return v }
            return .string(s)
        }
    }

    static func docText(_ c: TaskConfig, _ doc: TaskDocuments.Document, _ at: String) throws -> String {
        let v = try value(c.docToText, doc, "\(at): doc_to_text", literalEval: false)
        if case .int(let i) = v, c.docToChoice != nil {
            let ch = try choices(c, doc, at)
            guard ch.indices.contains(i) else { throw WatchError(.invalidTask, "doc_to_text gives index \(i) but there are \(ch.count) choices", at: at) }
            return ch[i]
        }
        return v.rendered
    }

    /// `doc_to_target`, with lm-eval's rule that a rendered all-digit target is an index.
    static func target(_ c: TaskConfig, _ doc: TaskDocuments.Document, _ at: String) throws -> TemplateValue {
        let v = try value(c.docToTarget, doc, "\(at): doc_to_target", literalEval: false)
        if case .template = c.docToTarget, case .string(let s) = v {
            if c.docToChoice != nil, !s.isEmpty, s.allSatisfy({ $0.isASCII && $0.isNumber }) { return .int(Int(s)!) }
            if s.count >= 2, s.first == "[", s.last == "]", let l = PythonLiteral.parse(s) { return l }
        }
        return v
    }

    static func targetText(_ c: TaskConfig, _ doc: TaskDocuments.Document, _ at: String) throws -> String {
        let t = try target(c, doc, at)
        if case .list(let l) = t { return l.first?.rendered ?? "" }
        if c.docToChoice != nil, case .int(let i) = t {
            let ch = try choices(c, doc, at)
            guard ch.indices.contains(i) else { throw WatchError(.invalidTask, "doc_to_target gives index \(i) but there are \(ch.count) choices", at: at) }
            return ch[i]
        }
        return t.rendered
    }

    static func choices(_ c: TaskConfig, _ doc: TaskDocuments.Document, _ at: String) throws -> [String] {
        guard let f = c.docToChoice else { return [] }
        let v = try value(f, doc, "\(at): doc_to_choice", literalEval: true)
        switch v {
        case .list(let l) where !l.isEmpty: return l.map(\.rendered)
        case .dict(let d) where !d.isEmpty: return d.map(\.1.rendered)
        default: throw WatchError(.invalidTask, "doc_to_choice must give a non-empty list, got \(v.repr)", at: at)
        }
    }

    static func goldIndex(_ c: TaskConfig, _ doc: TaskDocuments.Document, _ choices: [String], _ at: String) throws -> Int {
        let t = try target(c, doc, at)
        switch t {
        case .int(let i) where choices.indices.contains(i): return i
        case .string(let s):
            if let k = choices.firstIndex(of: s) { return k }
            throw WatchError(.invalidTask, "the target \(TemplateValue.pythonRepr(s)) is not one of the choices", at: at)
        default: throw WatchError(.invalidTask, "the target \(t.repr) is not a valid choice index (there are \(choices.count) choices)", at: at)
        }
    }
}
