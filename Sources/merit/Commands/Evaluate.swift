import ArgumentParser
import Foundation
import MeritCore
import MeritData
import MeritEthereum
import MeritEval
import MeritCommandLine

/// `merit evaluate`: the contribution pipeline on files.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a contribution: validate, fingerprint, filter, train, compare, decide.",
        discussion: "Writes report.json to --out. Exit codes: 0 DeltaOnes awarded, 3 evaluated but no DeltaOne, 4 input rejected, 1 error.")

    @Option(help: "The model spec (YAML or JSON).") var model: String
    @Option(help: "The model's base training data (CSV or JSONL).") var base: String
    @Option(help: "The held-out benchmark (CSV or JSONL).") var benchmark: String
    @Option(help: "The contributed dataset (CSV or JSONL).") var contribution: String
    @OptionGroup var format: FormatOption
    @Option(help: "Folder for report.json.") var out: String = "merit-out"
    @Flag(help: "Print the report as JSON on stdout instead of text.") var json = false
    @Flag(help: "No progress output on stderr.") var quiet = false
    @Flag(help: "Print wall-clock time per stage on stderr (never written to the report).") var timings = false
    @Flag(help: "Sign the result: write attestation.json (EIP-712) next to report.json.") var sign = false
    @OptionGroup var key: KeyOptions
    @Option(help: "A payee, 0xADDRESS or 0xADDRESS:BPS; repeat for several (weights total 10000).") var contributor: [String] = []
    @Option(help: "EIP-712 domain chainId.") var chainId: UInt64 = 1
    @Option(help: "EIP-712 domain verifyingContract (the verifier contract's address).") var verifyingContract: String?

    func validate() throws {
        if sign && !key.isGiven { throw ValidationError("--sign needs --keystore F or --private-key-file F") }
        if sign && contributor.isEmpty { throw ValidationError("--sign needs at least one --contributor 0xADDRESS[:BPS]") }
        if !sign && key.isGiven { throw ValidationError("a key was given without --sign") }
    }

    func run() throws {
        let (report, t) = try CLIFailure.guarding { () -> (EvaluationReport, EvaluationPipeline.Timings) in
            let spec = try CLIFailure.loadSpec(model)
            let outURL = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
            let bar = ProgressBar(enabled: !quiet)
            let pipeline = try EvaluationPipeline(spec: spec, workDirectory: outURL.appendingPathComponent("work"))
            let result = try pipeline.run(base: format.file(base), benchmark: format.file(benchmark),
                                           contribution: format.file(contribution)) { bar.update($0, $1) }
            bar.finish()
            let reportBytes = try EvaluationPipeline.encode(result.0)
            try reportBytes.write(to: outURL.appendingPathComponent("report.json"))
            if sign && result.0.results == nil {
                FileHandle.standardError.write(Data("merit: no attestation written: the input was rejected, so there is no result to sign\n".utf8))
            } else if sign {
                let contributors = try DeltaOneAttestation.Contributor.resolve(contributor.map(DeltaOneAttestation.Contributor.parse))
                let domain = DeltaOneAttestation.Domain(chainId: chainId, verifyingContract: try verifyingContract.map { try Address(hex: $0) })
                let td = try DeltaOneAttestation.typedData(report: result.0, contributors: contributors, domain: domain)
                func name(_ p: String) -> String { URL(fileURLWithPath: p).lastPathComponent }
                var file = AttestationFile(typedData: td, inputs: .init(spec: name(model), base: name(base), benchmark: name(benchmark), contribution: name(contribution)),
                                           report: Keccak256.hash(Array(reportBytes)))
                try file.sign(with: try key.load())
                try Attest.write(file, to: outURL.appendingPathComponent("attestation.json").path)
            }
            return result
        }
        if json {
            FileHandle.standardOutput.write(try EvaluationPipeline.encode(report))
        } else {
            print(ReportPrinter.text(report))
            print("report: \(out)/report.json" + (sign ? ", attestation: \(out)/attestation.json" : ""))
        }
        if timings {
            let line = String(format: "timings: reading+validation %.3fs, fingerprinting+filtering %.3fs, training %.3fs, evaluation %.3fs\n",
                              t.readingAndValidation, t.fingerprinting, t.training, t.evaluation)
            FileHandle.standardError.write(Data(line.utf8))
        }
        throw ExitCode(ReportPrinter.exitStatus(report))
    }
}
