import ArgumentParser
import Foundation
import MeritCore
import MeritData
import MeritEval
import MeritCommandLine

/// `merit demo`: the main job on generated data, a good and a gaming contribution side by side.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a credit-default dataset and evaluate a useful and a gaming contribution side by side.")

    @Option(help: "Folder for the generated data and both reports.") var out: String = "merit-demo"
    @Option(help: "Seed of the data generator.") var seed: UInt64 = 2026
    @Flag(help: "No progress output on stderr.") var quiet = false
    @Flag(help: "Print both reports as one JSON object on stdout.") var json = false
    @Option(help: .hidden) var baseRows: Int = 2500
    @Option(help: .hidden) var benchmarkRows: Int = 2000
    @Option(help: .hidden) var contributionRows: Int = 3000
    @Option(help: .hidden) var baseRareWeight: Double = 0.04
    @Flag(help: .hidden) var dataOnly = false

    func run() throws {
        let dir = URL(fileURLWithPath: out)
        if dataOnly {
            // Benchmarks/loop.sh: the files only, at the sizes asked for.
            var demo = CreditDemo(seed: seed, base: baseRows, benchmark: benchmarkRows, good: contributionRows)
            demo.baseRareWeight = baseRareWeight
            try CLIFailure.guarding { try demo.write(to: dir.appendingPathComponent("data")) }
            return
        }
        let (good, gaming) = try CLIFailure.guarding { () -> (EvaluationReport, EvaluationReport) in
            let bar = ProgressBar(enabled: !quiet)
            bar.update("generating data", 0)
            let data = dir.appendingPathComponent("data")
            try CreditDemo(seed: seed).write(to: data)
            let spec = try CLIFailure.loadSpec(data.appendingPathComponent("model.yaml").path)
            var reports: [EvaluationReport] = []
            for name in ["good", "gaming"] {
                let outDir = dir.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
                let pipeline = try EvaluationPipeline(spec: spec, workDirectory: outDir.appendingPathComponent("work"))
                let (report, _) = try pipeline.run(
                    base: DatasetFile(path: data.appendingPathComponent("base.csv").path),
                    benchmark: DatasetFile(path: data.appendingPathComponent("benchmark.csv").path),
                    contribution: DatasetFile(path: data.appendingPathComponent("contribution-\(name).csv").path)) { bar.update("\(name): \($0)", $1) }
                try EvaluationPipeline.encode(report).write(to: outDir.appendingPathComponent("report.json"))
                reports.append(report)
            }
            bar.finish()
            return (reports[0], reports[1])
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            FileHandle.standardOutput.write(try encoder.encode(["good": good, "gaming": gaming]))
            print()
            return
        }
        print("Merit demo: \(good.model.name) (\(good.model.ticker)), metric \(good.model.metric.rawValue)")
        print("data and reports in \(out)/ (data/, good/report.json, gaming/report.json)\n")
        print(ReportPrinter.sideBySide(good, gaming, titles: ("useful contribution", "gaming contribution")))
    }
}
