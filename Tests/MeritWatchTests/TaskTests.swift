import Foundation
import TestSupport
import Testing
@testable import MeritWatch

/// Method: values printed by CPython 3.11's `random.Random(seed)` for the same calls.
@Test(.tags(.unit)) func pythonRandomMatchesCPython() {
    var r = PythonRandom(seed: 1234)
    #expect([r.next32(), r.next32(), r.next32()] == [4_150_886_329, 3_342_196_574, 1_892_932_127])
    r = PythonRandom(seed: 1234)
    #expect([r.sample(count: 8, 3), r.sample(count: 8, 3), r.sample(count: 8, 3)] == [[7, 0, 6], [1, 6, 4], [0, 5, 6]])
    r = PythonRandom(seed: 1234)
    #expect(r.sample(count: 100, 7) == [99, 56, 14, 0, 11, 74, 4])  // set method
    #expect(r.sample(count: 30, 6) == [21, 22, 2, 3, 24, 11])        // pool method
    r = PythonRandom(seed: (1 << 40) + 5)                               // a two-word seed
    #expect(r.next32() == 2_166_296_868)
}

@Test(.tags(.unit)) func shippedTasksLoadAndBuildPrompts() throws {
    let capitals = try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_capitals")))
    #expect(capitals.items.count == 36)
    #expect(capitals.config.outputType == .multipleChoice)
    let first = capitals.items[0]
    #expect(first.context.hasPrefix("The following are questions about world capitals.\n\nQuestion: "))
    #expect(first.context.hasSuffix("Question: What is the capital of Canada?\nAnswer:"))
    #expect(first.context.components(separatedBy: "Question:").count == 4)  // two shots and the question
    #expect(first.continuations == [" Prague", " Bogota", " Vienna", " Ottawa"] && first.gold == 3)

    let arithmetic = try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_arithmetic")))
    #expect(arithmetic.items.count == 36)
    #expect(arithmetic.items[0].target == "-11")
    #expect(arithmetic.items[0].context.hasPrefix("Q: What is 15 - 18?\nA: The answer is -3\n\nQ: "))  // first_n shots
    #expect(arithmetic.config.filters.map(\.name) == ["strict-match", "none"])

    let facts = try TaskPlan(config: try TaskConfig.load(path: shippedTask("merit_facts")))
    #expect(facts.items[0].continuations == [" true", " false"] && facts.items[0].gold == 0)
}

@Test(.tags(.unit)) func taskFileErrorsNameTheFileLineAndFix() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-task-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    func write(_ yaml: String) throws -> String {
        let p = dir.appendingPathComponent("t.yaml").path
        try yaml.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }
    let hub = try write("task: x\ndataset_path: cais/mmlu\ndoc_to_text: q\ndoc_to_target: a\n")
    #expect(throws: WatchError.self) { try TaskConfig.load(path: hub) }
    do { _ = try TaskConfig.load(path: hub) } catch let e as WatchError { #expect(e.description.contains("t.yaml:2: dataset_path") && e.message.contains("local data")) }
    let fn = try write("task: x\ndataset_path: json\ndataset_kwargs: {data_files: {test: a.jsonl}}\ntest_split: test\nprocess_docs: !function utils.p\ndoc_to_text: q\ndoc_to_target: a\n")
    do { _ = try TaskConfig.load(path: fn); Issue.record("expected an error") } catch let e as WatchError { #expect(e.message.contains("!function")) }
}

@Test(.tags(.unit)) func csvColumnsGetTheTypesHuggingFaceGivesThem() throws {
    let docs = try TaskDocuments.csv(Data("q,n,x,s\n\"a, b\",1,1.5,t\n\"say \"\"hi\"\"\",2,,u\n".utf8), name: "t.csv")
    #expect(docs[0]["q"] == .string("a, b") && docs[1]["q"] == .string("say \"hi\""))
    #expect(docs[0]["n"] == .int(1) && docs[1]["n"] == .int(2))
    #expect(docs[0]["x"] == .double(1.5))
    #expect(docs[1]["s"] == .string("u"))
}

/// Method: lm-eval 0.4.13's filter and exact_match semantics (filters/extraction.py, api/metrics.py).
@Test(.tags(.unit)) func filtersAndExactMatchFollowLMEval() throws {
    let regex = try PythonRegex("(-?[0-9]+)", at: "t")
    #expect(TaskScoring.filter(" -12 apples and 3", [.regex(regex, group: 0, fallback: "[invalid]"), .takeFirst]) == "-12")
    #expect(TaskScoring.filter("none here", [.regex(regex, group: 0, fallback: "[invalid]")]) == "[invalid]")
    #expect(TaskScoring.filter("a 1 b 2", [.regex(regex, group: -1, fallback: "x")]) == "2")
    #expect(TaskScoring.filter("  x  ", [.removeWhitespace]) == "x")
    var m = TaskConfig.Metric(name: "exact_match")
    #expect(TaskScoring.exactMatch(prediction: " 7", reference: "7", metric: m) == 0)  // nothing is stripped
    m.ignoreCase = true; m.ignorePunctuation = true
    m.regexesToIgnore = [try PythonRegex(",", at: "t")]
    #expect(TaskScoring.exactMatch(prediction: "Paris!", reference: "paris", metric: m) == 1)
    #expect(TaskScoring.exactMatch(prediction: "1,000", reference: "1000", metric: m) == 1)
    let mc = TaskScoring.multipleChoice(loglikelihoods: [-4, -6, -4], choices: ["ab", "abcdef", "abcdefgh"], gold: 2)
    #expect(mc.acc == 0)      // tie: the first wins
    #expect(mc.accNorm == 1)  // -4/8 beats -4/2 and -6/6
    let s = TaskScoring.Score([1, 1, 0, 0, 0])
    #expect(abs(s.stderr - 0.2449489742783178) < 1e-15)  // lm-eval's mean_stderr (n - 1)
}

@Test(.tags(.unit)) func taskYAMLErrorsGiveTheLineColumnAndShape() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-task-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    func error(_ yaml: String) throws -> WatchError? {
        let p = dir.appendingPathComponent("t.yaml").path
        try yaml.write(toFile: p, atomically: true, encoding: .utf8)
        do { _ = try TaskConfig.load(path: p); Issue.record("expected an error") } catch let e as WatchError { return e }
        return nil
    }
    let rest = "dataset_path: json\ndataset_kwargs: {data_files: {test: a.jsonl}}\ntest_split: test\ndoc_to_text: q\ndoc_to_target: a\n"
    let broken = try #require(try error("task: x\ndataset_path: json: y\n"))
    #expect(broken.description.contains("t.yaml:2:19: not valid YAML: mapping values are not allowed"), "\(broken)")
    let two = try #require(try error("task: x\n" + rest + "---\ntask: y\n"))
    #expect(two.description.contains("t.yaml:7:1: a second YAML document begins here"), "\(two)")
    let alias = try #require(try error("task: *name\n" + rest))
    #expect(alias.description.contains("t.yaml:1:7: this alias (*name) refers to no anchor"), "\(alias)")
    let recursive = try #require(try error("task: x\n" + rest + "doc_to_choice: &c [a, *c]\n"))
    #expect(recursive.description.contains("t.yaml:7:23: this alias"), "\(recursive)")
    let shape = try #require(try error("task: [a, b]\n" + rest))
    #expect(shape.description.contains("t.yaml:1: task: expected a single value, found a list"), "\(shape)")
    for e in [broken, two, alias, recursive, shape] {
        #expect(!e.description.contains("The given data was not valid YAML") && !e.description.contains("error: "), "\(e)")
    }
    // A value in a message is a short escaped excerpt: a terminal escape never reaches the terminal.
    let escaped = try #require(try error("task: x\noutput_type: \"\\e[2J\(String(repeating: "y", count: 500))\"\n" + rest))
    #expect(!escaped.description.unicodeScalars.contains { $0.value == 0x1B } && escaped.description.contains(#"\u{1b}[2J"#), "\(escaped)")
    #expect(escaped.description.count < 300)
    // Aliases of aliases standing for ten million values are refused before they are expanded.
    var bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for k in 1...7 { bomb += "a\(k): &a\(k) [" + Array(repeating: "*a\(k - 1)", count: 10).joined(separator: ", ") + "]\n" }
    let expanded = try #require(try error("task: x\n" + bomb))
    #expect(expanded.message.contains("once its aliases"), "\(expanded)")
}
