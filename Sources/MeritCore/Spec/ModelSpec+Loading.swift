import Foundation
import MeritBase
import MeritEthereum

extension ModelSpec {
    /// Parses and validates a spec from the bytes of a YAML or JSON file.
    ///
    /// - Parameter fileName: used in error messages and to pick the format (`.json` is JSON,
    ///   anything else is YAML, which also reads JSON).
    /// - Throws: `CoreError` naming the file, the line and column (YAML), the field path and the fix.
    public static func parse(_ data: Data, fileName: String) throws -> ModelSpec {
        guard let text = String(data: data, encoding: .utf8) else {
            throw CoreError(.invalidSpec, "the file is not UTF-8 text; save it as UTF-8", location: fileName)
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw CoreError(.invalidSpec, "the file is empty; see the README's 'Model spec' section for the fields", location: fileName)
        }
        let spec = fileName.lowercased().hasSuffix(".json")
            ? try SpecDecoding.decodeJSON(ModelSpec.self, data, fileName: fileName)
            : try SpecDecoding.decodeYAML(ModelSpec.self, text, fileName: fileName)
        try spec.validate(fileName: fileName)
        return spec
    }

    /// Checks every rule a decoded spec must satisfy beyond its types.
    public func validate(fileName: String = "model spec") throws {
        func fail(_ field: String, _ message: String) -> CoreError {
            CoreError(.invalidSpec, message, location: "\(fileName): \(field)")
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw fail("name", "must not be empty") }
        let tickerOK = (3...6).contains(ticker.utf8.count) && ticker.utf8.allSatisfy { (65...90).contains($0) }
        if !tickerOK {
            throw fail("ticker", "must be 3 to 6 upper-case letters A-Z (got \(ticker.count) characters), for example CRDT")
        }
        if task.label.isEmpty { throw fail("task.label", "must name the label column") }
        if task.features.isEmpty { throw fail("task.features", "list at least one feature column") }
        var seen = Set<String>()
        for (i, f) in task.features.enumerated() {
            if f.name.isEmpty { throw fail("task.features[\(i)].name", "must not be empty") }
            if f.name == task.label { throw fail("task.features[\(i)].name", "\(JSONValue.excerpt(f.name)) is the label column; a feature cannot be the label") }
            if !seen.insert(f.name).inserted { throw fail("task.features[\(i)].name", "\(JSONValue.excerpt(f.name)) is listed twice; each column once") }
        }
        let isClassification = task.kind != .regression
        if metric.name.isClassification != isClassification {
            let fits = MetricKind.allCases.filter { $0.isClassification == isClassification }.map(\.rawValue)
            throw fail("metric.name", "\(metric.name.rawValue) does not apply to \(task.kind.rawValue); use one of: \(fits.joined(separator: ", "))")
        }
        if !baseline.isFinite { throw fail("baseline", "must be a finite number") }
        if metric.name.isBounded && metric.name != .r2 && !(0...1).contains(baseline) {
            throw fail("baseline", "\(metric.name.rawValue) lies in [0, 1]; write the claim as a fraction (0.81, not 81)")
        }
        if metric.name == .r2 && baseline > 1 { throw fail("baseline", "R² is at most 1") }
        if !metric.name.isBounded && baseline < 0 { throw fail("baseline", "\(metric.name.rawValue) is never negative") }
        if let classes = task.classes {
            if Set(classes).count != classes.count { throw fail("task.classes", "class names must be distinct") }
            if task.kind == .binaryClassification && classes.count != 2 { throw fail("task.classes", "binary classification needs exactly 2 classes (got \(classes.count))") }
            if task.kind == .multiclassClassification && classes.count < 2 { throw fail("task.classes", "list at least 2 classes") }
        }
        if let p = task.positiveClass {
            if task.kind != .binaryClassification { throw fail("task.positive_class", "only binary classification has a positive class") }
            if let classes = task.classes, !classes.contains(p) { throw fail("task.positive_class", "must be one of task.classes") }
        }
        if task.kind == .regression && task.classes != nil { throw fail("task.classes", "regression has no classes; remove this field") }
        if !(1...100_000).contains(trainer.rounds) { throw fail("trainer.rounds", "must be between 1 and 100000") }
        if !(1...256).contains(trainer.threads) { throw fail("trainer.threads", "must be between 1 and 256") }
        if trainer.kind == .command && (trainer.command ?? []).isEmpty {
            throw fail("trainer.command", "a command trainer needs the program and its arguments, for example [python3, train.py]")
        }
        if trainer.timeoutSeconds < 1 { throw fail("trainer.timeout_seconds", "must be at least 1") }
        if evaluation.bootstrapResamples < 10_000 { throw fail("evaluation.bootstrap_resamples", "must be at least 10000 for a stable 95% bound") }
        if evaluation.bootstrapResamples > 1_000_000 { throw fail("evaluation.bootstrap_resamples", "must be at most 1000000") }
        if evaluation.minBenchmarkRows < 1 { throw fail("evaluation.min_benchmark_rows", "must be at least 1") }
        if !(1...15).contains(evaluation.nearDuplicateDigits) { throw fail("evaluation.near_duplicate_digits", "must be between 1 and 15") }
        if validation.maxRecordBytes < 64 { throw fail("validation.max_record_bytes", "must be at least 64") }
        if !(0...10_000).contains(token.contributorShareBps) { throw fail("token.contributor_share_bps", "must be between 0 and 10000 basis points") }
        if license == .proprietary && access == nil {
            throw fail("access", "a proprietary model names who may contribute and its treasury: access: {contributors: [0x…], treasury: 0x…}")
        }
        if let access, access.contributors.isEmpty {
            throw fail("access.contributors", "list at least one 0x address that may contribute")
        }
        let columnNames = Set(task.columns.map(\.name))
        for name in pii.columns.keys.sorted() where !columnNames.contains(name) {
            throw fail(JSONValue.path("pii.columns", key: name), "there is no column \(JSONValue.excerpt(name)) in task.features or task.label")
        }
    }

    /// The spec in canonical JSON: keys sorted, defaults filled, no insignificant white space.
    public func canonicalJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a validated spec of plain values cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }

    /// keccak256 of `canonicalJSON()`: what reports and attestations commit to.
    public var specHash: Bytes32 { Keccak256.hash(canonicalJSON()) }
}
