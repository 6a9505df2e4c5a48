import Foundation
import MeritBase

extension TaskConfig {
    /// Reads a task file, merging any `include`d file under it.
    public static func load(path: String) throws -> TaskConfig {
        let yaml = try merged(path: path, depth: 0)
        return try TaskConfig(yaml: yaml, file: path)
    }

    static func merged(path: String, depth: Int) throws -> [(String, TaskYAML)] {
        guard depth < 8 else { throw WatchError(.invalidTask, "include nests deeper than 8 files; is there a cycle?", at: path) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw WatchError(.invalidTask, "cannot read the file; check the path", at: path)
        }
        guard case .map(var members, _) = try TaskYAML.parse(text, name: path) else {
            throw WatchError(.invalidTask, "a task file is a mapping of settings (task:, dataset_path:, …)", at: path)
        }
        if let inc = members.first(where: { $0.0 == "include" })?.1.string {
            let base = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(inc).path
            var parent = try merged(path: base, depth: depth + 1)
            members.removeAll { $0.0 == "include" }
            for (k, v) in members { parent.removeAll { $0.0 == k }; parent.append((k, v)) }
            members = parent
        }
        return members
    }

    init(yaml members: [(String, TaskYAML)], file: String) throws {
        let root = TaskYAML.map(members, line: 1)
        func at(_ key: String) -> String { "\(file):\(root[key]?.line ?? 1): \(key)" }
        func fail(_ key: String, _ m: String) -> WatchError { WatchError(.invalidTask, m, at: at(key)) }
        // A top-level setting that must be one value: nil when absent, an error naming the shape when it is a list or mapping.
        func scalar(_ key: String) throws -> String? {
            guard let v = root[key] else { return nil }
            guard let s = v.string else { throw fail(key, "expected a single value, found \(v.kind)") }
            return s
        }
        for (k, v) in members where v.tag == "!function" {
            throw fail(k, "'!function' runs Python code from the task's folder, which Merit does not execute; write it as a field name or Jinja template")
        }
        for k in ["process_docs", "process_results", "custom_dataset"] where root[k] != nil {
            throw fail(k, "\(k) needs Python code; Merit runs declarative tasks only")
        }
        guard let name = try scalar("task"), !name.isEmpty else { throw fail("task", "every task needs a name: task: NAME") }
        self.name = name
        self.file = file
        let output = try scalar("output_type") ?? "generate_until"
        guard let ot = OutputType(rawValue: output) else {
            throw fail("output_type", "\(JSONValue.excerpt(output)) is not supported; use multiple_choice or generate_until")
        }
        outputType = ot
        guard let path = try scalar("dataset_path"), ["json", "csv"].contains(path) else {
            throw fail("dataset_path", "Merit reads local data only: set dataset_path: json (or csv) and list the files under dataset_kwargs: data_files:")
        }
        format = path
        let files = try Self.dataFiles(root["dataset_kwargs"]?["data_files"], file: file, fail: fail)
        dataFiles = files
        guard let evalSplit = try scalar("test_split") ?? scalar("validation_split") else {
            throw fail("test_split", "name the split to evaluate with test_split: (or validation_split:)")
        }
        guard files[evalSplit] != nil else { throw fail("test_split", "no data_files are given for the split \(JSONValue.excerpt(evalSplit))") }
        self.evalSplit = evalSplit
        // lm-eval's few-shot source: fewshot_split, else training, else validation, else the test split itself;
        // the evaluated document is left out only when fewshot_split names the test split.
        fewshotSplit = try scalar("fewshot_split") ?? scalar("training_split") ?? scalar("validation_split") ?? evalSplit
        excludeEvaluatedDocument = root["fewshot_split"]?.string != nil && root["fewshot_split"]?.string == root["test_split"]?.string
        if files[fewshotSplit] == nil { throw fail("fewshot_split", "no data_files are given for the split \(JSONValue.excerpt(fewshotSplit))") }

        func field(_ key: String) throws -> Field? {
            guard let v = root[key] else { return nil }
            if case .scalar(let s, let plain, _, _) = v {
                if Template.isTemplate(s) { return .template(try Template(s, name: at(key))) }
                if plain, let i = Int(s) { return .literal(.int(i)) }
                return .field(s)
            }
            return .literal(v.templateValue)
        }
        guard let text = try field("doc_to_text") else { throw fail("doc_to_text", "doc_to_text is required") }
        guard let target = try field("doc_to_target") else { throw fail("doc_to_target", "doc_to_target is required") }
        docToText = text
        docToTarget = target
        docToChoice = try field("doc_to_choice")
        if ot == .multipleChoice && docToChoice == nil { throw fail("doc_to_choice", "a multiple_choice task needs doc_to_choice") }
        if let d = try scalar("target_delimiter") { targetDelimiter = d }
        if let d = try scalar("fewshot_delimiter") { fewshotDelimiter = d }
        if let d = try scalar("description") { description = d }
        if let n = try scalar("num_fewshot") {
            guard let k = Int(n), k >= 0 else { throw fail("num_fewshot", "must be a whole number ≥ 0") }
            numFewshot = k
        }
        if let s = root["fewshot_config"]?["sampler"]?.string {
            guard ["default", "first_n"].contains(s) else { throw fail("fewshot_config", "sampler \(JSONValue.excerpt(s)) is not supported; use first_n or default") }
            fewshotSampler = s
        }
        if let g = root["generation_kwargs"] {
            let (u, m) = try Self.generation(g, fail: fail)
            until = u
            if let m { maxGenTokens = m }
        }
        if case .list(let list, _)? = root["filter_list"] {
            filters = try list.map { try Self.filter($0, file: file) }
        }
        metrics = try Self.metrics(root["metric_list"], outputType: ot, file: file)
        version = root["metadata"]?["version"]?.string
    }

    /// `dataset_kwargs: data_files:` as split → files, each resolved beside the task file when it is there.
    static func dataFiles(_ node: TaskYAML?, file: String, fail: (String, String) -> WatchError) throws -> [String: [String]] {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        func resolve(_ f: String) -> String {
            if f.hasPrefix("/") { return f }
            let beside = folder.appendingPathComponent(f).path
            return FileManager.default.fileExists(atPath: beside) ? beside : f
        }
        var files: [String: [String]] = [:]
        switch node {
        case .scalar(let s, _, _, _)?: files["train"] = [resolve(s)]
        case .list(let l, _)?: files["train"] = l.compactMap(\.string).map(resolve)
        case .map(let m, _)?:
            for (split, v) in m {
                switch v {
                case .scalar(let s, _, _, _): files[split] = [resolve(s)]
                case .list(let l, _): files[split] = l.compactMap(\.string).map(resolve)
                default: throw fail("dataset_kwargs", "data_files.\(split) must be a file name or a list of them")
                }
            }
        default: throw fail("dataset_kwargs", "list the local files: dataset_kwargs: {data_files: {test: data.jsonl}}")
        }
        return files
    }

    /// `generation_kwargs`: the stop sequences and the token limit; sampling is refused.
    static func generation(_ g: TaskYAML, fail: (String, String) -> WatchError) throws -> (until: [String]?, maxGenTokens: Int?) {
        var until: [String]? = nil, maxGen: Int? = nil
        switch g["until"] {
        case .scalar(let s, _, _, _)?: until = [s]
        case .list(let l, _)?: until = l.compactMap(\.string)
        default: break
        }
        if let m = g["max_gen_toks"]?.string {
            guard let k = Int(m), k > 0 else { throw fail("generation_kwargs", "max_gen_toks must be a positive integer") }
            maxGen = k
        }
        if let s = g["do_sample"]?.string, s.lowercased() == "true" {
            throw fail("generation_kwargs", "do_sample: true makes results random; Merit scores greedy decoding only")
        }
        return (until, maxGen)
    }

    /// `metric_list`, or the output type's default metrics.
    static func metrics(_ node: TaskYAML?, outputType ot: OutputType, file: String) throws -> [Metric] {
        var metrics: [Metric] = []
        if case .list(let list, _)? = node {
            for m in list {
                guard let name = m["metric"]?.string else { throw WatchError(.invalidTask, "each metric_list entry needs metric:", at: "\(file):\(m.line)") }
                let supported = ot == .multipleChoice ? ["acc", "acc_norm"] : ["exact_match"]
                guard supported.contains(name) else {
                    throw WatchError(.invalidTask, "metric \(JSONValue.excerpt(name)) is not supported for \(ot.rawValue); use \(supported.joined(separator: " or "))", at: "\(file):\(m.line)")
                }
                var metric = Metric(name: name)
                metric.ignoreCase = m["ignore_case"]?.string.map { $0.lowercased() == "true" } ?? false
                metric.ignorePunctuation = m["ignore_punctuation"]?.string.map { $0.lowercased() == "true" } ?? false
                metric.ignoreNumbers = m["ignore_numbers"]?.string.map { $0.lowercased() == "true" } ?? false
                if case .list(let rs, _)? = m["regexes_to_ignore"] {
                    metric.regexesToIgnore = try rs.compactMap(\.string).map { try PythonRegex($0, at: "\(file):\(m.line)") }
                }
                metrics.append(metric)
            }
        } else {
            metrics = ot == .multipleChoice ? [Metric(name: "acc"), Metric(name: "acc_norm")] : [Metric(name: "exact_match")]
        }
        return metrics
    }

    static func filter(_ node: TaskYAML, file: String) throws -> Filter {
        let at = "\(file):\(node.line)"
        guard let name = node["name"]?.string, case .list(let steps, _)? = node["filter"] else {
            throw WatchError(.invalidTask, "each filter_list entry needs name: and a filter: list", at: at)
        }
        return Filter(name: name, steps: try steps.map { step in
            let at = "\(file):\(step.line)"
            guard let fn = step["function"]?.string else { throw WatchError(.invalidTask, "each filter step needs function:", at: at) }
            switch fn {
            case "regex":
                let pattern = step["regex_pattern"]?.string ?? #"#### (\-?[0-9\.\,]+)"#
                let group = Int(step["group_select"]?.string ?? "0") ?? 0
                return .regex(try PythonRegex(pattern, at: at), group: group, fallback: step["fallback"]?.string ?? "[invalid]")
            case "take_first": return .takeFirst
            case "remove_whitespace": return .removeWhitespace
            case "lowercase": return .lowercase
            case "uppercase": return .uppercase
            case "map":
                guard case .map(let m, _)? = step["mapping_dict"] else { throw WatchError(.invalidTask, "map needs mapping_dict:", at: at) }
                return .map(m.map { ($0.0, $0.1.string ?? "") }, default: step["default_value"]?.string)
            default:
                throw WatchError(.invalidTask, "filter function \(JSONValue.excerpt(fn)) is not supported; use regex, take_first, remove_whitespace, lowercase, uppercase or map", at: at)
            }
        })
    }
}
