import Foundation
import MeritCore
import TestSupport
import Testing

let minimalSpec = """
name: Demo
ticker: DEMO
license: open-source
task:
  type: binary-classification
  label: y
  features:
    - {name: x, type: number}
metric:
  name: auroc
baseline: 0.7
"""

func parse(_ text: String, file: String = "model.yaml") throws -> ModelSpec {
    try ModelSpec.parse(Data(text.utf8), fileName: file)
}

@Test(.tags(.unit)) func minimalSpecGetsDefaults() throws {
    let spec = try parse(minimalSpec)
    #expect(spec.metric.direction == .maximize)
    #expect(spec.trainer.kind == .xgboost)
    #expect(spec.evaluation.bootstrapResamples == 10_000)
    #expect(spec.evaluation.minBenchmarkRows == 800)
    #expect(spec.task.columns.map(\.name) == ["x", "y"])
}

@Test(.tags(.unit), arguments: ["CR", "TOOLONG", "crdt", "CRD1", "ÉTÉ"])
func badTickersAreRejected(ticker: String) {
    let text = minimalSpec.replacingOccurrences(of: "ticker: DEMO", with: "ticker: \(ticker)")
    #expect(throws: CoreError.self) { try parse(text) }
    do { _ = try parse(text) } catch let e as CoreError {
        #expect(e.description.contains("model.yaml: ticker"))
    } catch {}
}

@Test(.tags(.unit)) func naturalDirectionsAndOverride() throws {
    let logloss = try parse(minimalSpec.replacingOccurrences(of: "name: auroc", with: "name: logloss").replacingOccurrences(of: "baseline: 0.7", with: "baseline: 0.5"))
    #expect(logloss.metric.direction == .minimize)
    let overridden = try parse(minimalSpec.replacingOccurrences(of: "name: auroc", with: "name: auroc\n  direction: minimize"))
    #expect(overridden.metric.overridesNaturalDirection)
    #expect(throws: CoreError.self) { try parse(minimalSpec.replacingOccurrences(of: "name: auroc", with: "name: auroc\n  direction: sideways")) }
}

@Test(.tags(.unit)) func errorsNameTheFieldAndTheChoices() {
    let text = minimalSpec.replacingOccurrences(of: "type: number", with: "type: strng")
    do {
        _ = try parse(text)
        Issue.record("expected an error")
    } catch let e as CoreError {
        #expect(e.description.contains("task.features[0].type"))
        #expect(e.description.contains("number, integer, category, text, boolean"))
    } catch { Issue.record("unexpected \(error)") }
}

@Test(.tags(.unit)) func unknownFieldsAreErrors() {
    #expect(throws: CoreError.self) { try parse(minimalSpec + "\nlable: y\n") }
}

@Test(.tags(.unit)) func metricMustFitTheTask() {
    #expect(throws: CoreError.self) { try parse(minimalSpec.replacingOccurrences(of: "name: auroc", with: "name: rmse")) }
}

@Test(.tags(.unit)) func specHashIgnoresFormatting() throws {
    let a = try parse(minimalSpec)
    let json = #"{"name":"Demo","ticker":"DEMO","license":"open-source","task":{"type":"binary-classification","label":"y","features":[{"name":"x","type":"number"}]},"metric":{"name":"auroc"},"baseline":0.7}"#
    let b = try parse(json, file: "model.json")
    #expect(a.specHash == b.specHash)
    let c = try parse(minimalSpec.replacingOccurrences(of: "baseline: 0.7", with: "baseline: 0.71"))
    #expect(a.specHash != c.specHash)
}

@Test(.tags(.unit)) func deltaOneDefinition() {
    // Bounded: 1 DeltaOne = 1 percentage point.
    #expect(DeltaOne.deltaOnes(improvement: 0.015, metric: .accuracy, baseline: 0.8)! == 1.5)
    // Unbounded: 1 DeltaOne = 1% of the baseline.
    #expect(abs(DeltaOne.deltaOnes(improvement: 0.02, metric: .rmse, baseline: 0.5)! - 4) < 1e-12)
    #expect(DeltaOne.improvement(baseline: 0.5, candidate: 0.4, direction: .minimize) > 0)
    #expect(DeltaOne.awardBasisPoints(lowerBound: 0.99) == 0)
    #expect(DeltaOne.awardBasisPoints(lowerBound: 1.0) == 100)
    #expect(DeltaOne.awardBasisPoints(lowerBound: 2.3456) == 234)
    #expect(DeltaOne.awardBasisPoints(lowerBound: .nan) == 0)
}
