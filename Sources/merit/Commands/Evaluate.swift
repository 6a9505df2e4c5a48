import ArgumentParser
import Foundation
import MeritCore
import MeritEval

/// `merit evaluate`: the contribution pipeline on files.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a contribution: validate, fingerprint, filter, train, compare, decide.",
        discussion: "Writes report.json to --out. Exit codes: 0 DeltaOnes awarded, 3 evaluated but no DeltaOne, 4 input rejected, 1 error.")

    @Option(help: "The model spec (YAML or JSON).") var model: String
    @Option(help: "The model's base training data (CSV or JSONL).") var base: String
    @Option(help: "The held-out benchmark (CSV or JSONL).") var benchmark: String
    @Option(help: "The contributed dataset (CSV or JSONL).") var contribution: String
    @Option(help: "Folder for report.json.") var out: String = "merit-out"
    @Flag(help: "Print the report as JSON on stdout instead of text.") var json = false
    @Flag(help: "No progress output on stderr.") var quiet = false
    @Flag(help: "Print wall-clock time per stage on stderr (never written to the report).") var timings = false

    func run() throws {
        let (report, t) = try CLIFailure.guarding { () -> (EvaluationReport, EvaluationPipeline.Timings) in
            let spec = try CLIFailure.loadSpec(model)
            let outURL = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
            let bar = ProgressBar(enabled: !quiet)
            let pipeline = try EvaluationPipeline(spec: spec, workDirectory: outURL.appendingPathComponent("work"))
            let result = try pipeline.run(base: base, benchmark: benchmark, contribution: contribution) { bar.update($0, $1) }
            bar.finish()
            try EvaluationPipeline.encode(result.0).write(to: outURL.appendingPathComponent("report.json"))
            return result
        }
        if json {
            FileHandle.standardOutput.write(try EvaluationPipeline.encode(report))
        } else {
            print(ReportPrinter.text(report))
            print("report: \(out)/report.json")
        }
        if timings {
            let line = String(format: "timings: reading+validation %.3fs, fingerprinting+filtering %.3fs, training %.3fs, evaluation %.3fs\n",
                              t.readingAndValidation, t.fingerprinting, t.training, t.evaluation)
            FileHandle.standardError.write(Data(line.utf8))
        }
        throw ExitCode(ReportPrinter.exitStatus(report))
    }
}
