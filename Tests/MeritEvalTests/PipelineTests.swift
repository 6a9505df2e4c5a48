import Foundation
import MeritCore
import MeritData
import MeritEval
import MeritEthereum
import TestSupport
import Testing

func demoDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-eval-\(UUID().uuidString)")
    try CreditDemo(seed: 2026).write(to: dir)
    return dir
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func xgboostPredictionsAreBitIdenticalAcrossRuns() throws {
    let dir = try demoDirectory()
    let spec = try ModelSpec.parse(Data(contentsOf: dir.appendingPathComponent("model.yaml")), fileName: "model.yaml")
    let base = try DatasetLoader(spec: spec).load(path: dir.appendingPathComponent("base.csv").path)
    let bench = try DatasetLoader(spec: spec).load(path: dir.appendingPathComponent("benchmark.csv").path)
    let n = spec.task.features.count
    let job = TrainingJob(kind: .binaryClassification, features: spec.task.features, label: "default", classes: ["no", "yes"],
                          trainRows: base.rows.map { Array($0.prefix(n)) },
                          trainLabels: base.rows.map { $0[n] == .text("yes") ? 1 : 0 },
                          benchmarkRows: bench.rows.map { Array($0.prefix(n)) }, seed: 7)
    let trainer = try XGBoostTrainer(spec: spec.trainer)
    let a = try trainer.predict(job), b = try trainer.predict(job)
    #expect(a.values.map(\.bitPattern) == b.values.map(\.bitPattern))
    #expect(a.values.count == bench.rows.count)
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func demoPipelineAwardsTheUsefulContributionAndReproducesByteForByte() throws {
    let dir = try demoDirectory()
    let spec = try ModelSpec.parse(Data(contentsOf: dir.appendingPathComponent("model.yaml")), fileName: "model.yaml")
    func run(_ name: String) throws -> (EvaluationReport, Data) {
        let pipeline = try EvaluationPipeline(spec: spec, workDirectory: dir.appendingPathComponent("work"))
        let (report, _) = try pipeline.run(base: DatasetFile(path: dir.appendingPathComponent("base.csv").path),
                                           benchmark: DatasetFile(path: dir.appendingPathComponent("benchmark.csv").path),
                                           contribution: DatasetFile(path: dir.appendingPathComponent("contribution-\(name).csv").path))
        return (report, try EvaluationPipeline.encode(report))
    }
    let (good, bytes1) = try run("good")
    let (_, bytes2) = try run("good")
    #expect(bytes1 == bytes2)
    #expect(good.status == .awarded)
    #expect(good.results!.awardedBps >= 100)
    let (gaming, _) = try run("gaming")
    #expect(gaming.status != .awarded)
    #expect(gaming.rejected.contamination.benchmarkExact == 300)
    #expect(gaming.rejected.contamination.benchmarkNear == 200)
    #expect(gaming.inputs.contribution.pii.total > 0)
    // The training set provably extends the base set.
    #expect(good.accepted.trainingRecords == good.inputs.base.fingerprint.records + good.accepted.rows)
}

/// Method: judging with the baseline's predictions known (those of the model `scoreAlone` trains on the
/// base, as a server keeps them for its head) and with the base and benchmark already read gives the
/// report that reading everything and training both models gives, byte for byte, and the same model.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func aKnownBaselineGivesTheSameReport() throws {
    let dir = try demoDirectory()
    let spec = try ModelSpec.parse(Data(contentsOf: dir.appendingPathComponent("model.yaml")), fileName: "model.yaml")
    let pipeline = try EvaluationPipeline(spec: spec, workDirectory: dir.appendingPathComponent("work"))
    let files = ["base", "benchmark", "contribution-good"].map { DatasetFile(path: dir.appendingPathComponent("\($0).csv").path) }
    let full = try pipeline.judge(base: files[0], benchmark: files[1], contribution: files[2])
    let base = try #require(full.base), bench = try #require(full.benchmark)
    let head = try pipeline.scoreAlone(training: base, benchmark: bench)
    let known = EvaluationPipeline.KnownBaseline(predictions: head.model.predictions, modelHash: Keccak256.hash(try #require(head.model.file)))
    let quick = try pipeline.judge(base: .loaded(base), benchmark: .loaded(bench), contribution: files[2], baseline: known)
    #expect(try EvaluationPipeline.encode(quick.report) == EvaluationPipeline.encode(full.report))
    #expect(quick.candidate?.file == full.candidate?.file && quick.acceptedLeaves == full.acceptedLeaves)
    #expect(full.report.status == .awarded && full.report.lineage?.baselineModelHash == known.modelHash)
}
