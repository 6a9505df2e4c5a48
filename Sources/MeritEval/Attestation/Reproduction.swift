import Foundation
import MeritBase
import MeritCore
import MeritData
import MeritEthereum

/// Re-runs an attested evaluation from its files and compares the result with the attestation.
public enum Reproduction {
    /// What came out.
    public struct Outcome: Sendable {
        /// Whether the re-run gives the same typed data (so the same digest) and the same report bytes.
        public var identical: Bool { firstDifference == nil && reportIdentical }
        /// The first field, as a JSON path, whose value differs; nil when the typed data agree.
        public var firstDifference: String?
        /// The attested value at that path.
        public var attested: String?
        /// The re-computed value at that path.
        public var reproduced: String?
        /// The re-computed digest.
        public var digest: Bytes32
        /// Whether report.json's bytes hash to the attested `report`.
        public var reportIdentical: Bool
        /// The re-computed report.
        public var report: EvaluationReport
    }

    /// Loads the spec the attestation names from `dataDirectory`.
    public static func loadSpec(_ file: AttestationFile, dataDirectory: URL) throws -> ModelSpec {
        let url = dataDirectory.appendingPathComponent(file.inputs.spec)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw EvalError(.invalidArgument, "\(url.path): the model spec named in the attestation is not in the data folder")
        }
        return try ModelSpec.parse(data, fileName: url.path)
    }

    /// Re-runs the pipeline with the attested contributors and domain.
    public static func run(_ file: AttestationFile, dataDirectory: URL, workDirectory: URL,
                           progress: EvaluationPipeline.Progress? = nil) throws -> Outcome {
        let spec = try loadSpec(file, dataDirectory: dataDirectory)
        func path(_ name: String) -> String { dataDirectory.appendingPathComponent(name).path }
        for name in [file.inputs.base, file.inputs.benchmark, file.inputs.contribution] where !FileManager.default.fileExists(atPath: path(name)) {
            throw EvalError(.invalidArgument, "\(path(name)): this input, named in the attestation, is not in the data folder")
        }
        let pipeline = try EvaluationPipeline(spec: spec, workDirectory: workDirectory)
        // The version judged against is part of what was signed (a registry's head; 0 for files given directly).
        var parent = 0
        if case .string(let v)? = file.typedData.message["lineage"]?["parentVersion"], let n = Int(v) { parent = n }
        let report = try pipeline.judge(base: DatasetFile(path: path(file.inputs.base)), benchmark: DatasetFile(path: path(file.inputs.benchmark)),
                                        contribution: DatasetFile(path: path(file.inputs.contribution)), parentVersion: parent, progress: progress).report
        let reportHash = Keccak256.hash(Array(try EvaluationPipeline.encode(report)))
        let td = file.typedData
        let contributors = try (td.message["contributors"]?.arrayValue ?? []).map { c -> DeltaOneAttestation.Contributor in
            guard let a = c["account"]?.stringValue, let w = c["weightBps"], case .string(let ws) = w, let bps = Int(ws) else {
                throw EvalError(.invalidArgument, "the attestation's contributors are malformed")
            }
            return DeltaOneAttestation.Contributor(account: try Address(hex: a), weightBps: bps)
        }
        var domain = DeltaOneAttestation.Domain()
        if let c = td.domain["chainId"], case .string(let s) = c, let id = UInt64(s) { domain.chainId = id }
        if let v = td.domain["verifyingContract"]?.stringValue { domain.verifyingContract = try Address(hex: v) }
        guard report.results != nil else {
            return Outcome(firstDifference: "message.result", attested: "a result", reproduced: "rejected: \(report.reason)",
                           digest: .zero, reportIdentical: reportHash == file.report, report: report)
        }
        let again = try DeltaOneAttestation.typedData(report: report, contributors: contributors, domain: domain)
        let diff = firstDifference(td.json, again.json, path: "")
        return Outcome(firstDifference: diff?.path, attested: diff?.a, reproduced: diff?.b, digest: try again.digest(),
                       reportIdentical: reportHash == file.report, report: report)
    }

    /// The first path, in document order, where two JSON values differ.
    public static func firstDifference(_ a: JSONValue, _ b: JSONValue, path: String) -> (path: String, a: String, b: String)? {
        if a == b { return nil }
        switch (a, b) {
        case (.object(let ma), .object(let mb)):
            for m in ma {
                let p = path.isEmpty ? m.key : path + "." + m.key
                guard let other = mb.first(where: { $0.key == m.key })?.value else { return (p, m.value.serialized(pretty: false), "(absent)") }
                if let d = firstDifference(m.value, other, path: p) { return d }
            }
            for m in mb where !ma.contains(where: { $0.key == m.key }) {
                return (path.isEmpty ? m.key : path + "." + m.key, "(absent)", m.value.serialized(pretty: false))
            }
            return nil
        case (.array(let xa), .array(let xb)):
            for (i, (x, y)) in zip(xa, xb).enumerated() {
                if let d = firstDifference(x, y, path: path + "[\(i)]") { return d }
            }
            return (path + ".length", "\(xa.count)", "\(xb.count)")
        default:
            return (path, a.serialized(pretty: false), b.serialized(pretty: false))
        }
    }

    /// Checks the data files against the attested roots and spec hash, without training.
    public static func checkRoots(_ file: AttestationFile, dataDirectory: URL) throws -> [(field: String, ok: Bool, detail: String)] {
        let spec = try loadSpec(file, dataDirectory: dataDirectory)
        let m = file.typedData.message
        var out: [(String, Bool, String)] = []
        let attestedSpec = m["model"]?["specHash"]?.stringValue ?? ""
        out.append(("model.specHash", spec.specHash.hex == attestedSpec, "\(file.inputs.spec): \(spec.specHash.hex)"))
        let loader = DatasetLoader(spec: spec)
        for (name, key) in [(file.inputs.base, "base"), (file.inputs.benchmark, "benchmark"), (file.inputs.contribution, "contribution")] {
            let d = try loader.load(DatasetFile(path: dataDirectory.appendingPathComponent(name).path, name: name))
            let root = m["data"]?[key + "Root"]?.stringValue ?? ""
            let records = m["data"]?[key + "Records"]?.stringValue ?? ""
            out.append(("data.\(key)Root", d.fingerprint.root.hex == root && "\(d.fingerprint.records)" == records,
                        "\(name): \(d.fingerprint.records) records, root \(d.fingerprint.root.hex)"))
        }
        return out
    }
}
