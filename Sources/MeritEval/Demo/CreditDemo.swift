import Foundation
import MeritCore

/// A deterministic synthetic credit-default dataset for `merit demo`.
///
/// Default risk rises with the debt ratio in most regions, but in `central` and `east` it falls with
/// it and rises with late payments and self-employment. The base set barely covers those two regions, the benchmark covers all
/// regions evenly, and the useful contribution fills the gap, so it earns DeltaOnes for a real reason.
/// The gaming contribution copies benchmark rows (exactly and nearly), repeats itself and the base,
/// carries personal data, and adds noise.
public struct CreditDemo: Sendable {
    /// The generator seed.
    public var seed: UInt64

    /// Creates a generator.
    /// Rows of the base, benchmark and good contribution files (the gaming file is fixed).
    public var sizes: (base: Int, benchmark: Int, good: Int) = (2500, 2000, 3000)
    /// How often the base draws the two regions the good contribution brings, against 1 for the others.
    public var baseRareWeight = 0.04
    public init(seed: UInt64 = 2026) { self.seed = seed }
    /// A demo with other file sizes (benchmarks): the same generator, more or fewer rows.
    public init(seed: UInt64 = 2026, base: Int, benchmark: Int, good: Int) { self.seed = seed; sizes = (base, benchmark, good) }

    static let header = ["age", "income", "debt_ratio", "employment", "region", "has_mortgage", "late_payments", "notes", "default"]
    static let employments = ["salaried", "self-employed", "retired", "student", "unemployed"]
    static let regions = ["north", "south", "west", "central", "east"]
    static let words = ["steady", "client", "since", "branch", "review", "renewed", "card", "limit", "asked", "about", "loan", "terms", "moved", "recently", "paid", "early", "online", "account", "joint", "savings"]

    /// The model spec the demo evaluates against.
    public static let specYAML = """
    name: Credit Default Risk
    ticker: CRDT
    description: Predicts whether a consumer loan defaults within 12 months.
    category: finance
    tags: [credit, tabular, demo]
    license: open-source
    task:
      type: binary-classification
      label: default
      positive_class: "yes"
      missing: allow
      features:
        - {name: age, type: integer}
        - {name: income, type: number}
        - {name: debt_ratio, type: number}
        - {name: employment, type: category}
        - {name: region, type: category}
        - {name: has_mortgage, type: boolean}
        - {name: late_payments, type: integer}
        - {name: notes, type: text}
    metric:
      name: accuracy
    baseline: 0.72
    trainer:
      kind: xgboost
      rounds: 150
      seed: 7
      threads: 2
      params: {max_depth: 4, eta: 0.1, subsample: 0.9}
    evaluation:
      bootstrap_resamples: 10000
      seed: 11
      min_benchmark_rows: 800
      evaluation_time: 1767225600
    validation:
      on_invalid_row: drop-row
    pii:
      default: reject-row
      columns: {notes: redact}
    token:
      tokens_per_delta_one: 1000
      contributor_share_bps: 8000

    """

    /// The module's SplitMix64, with the draws the generator needs.
    struct Rng {
        var base: SplitMix64
        init(state: UInt64) { base = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { base.next() }
        mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func normal() -> Double {
            let u1 = max(uniform(), 1e-300), u2 = uniform()
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        mutating func pick<T>(_ a: [T]) -> T { a[Int(next() % UInt64(a.count))] }
    }

    /// One person: the nine fields in header order.
    static func person(_ rng: inout Rng, regionWeights: [Double]) -> [String] {
        var r = rng.uniform() * regionWeights.reduce(0, +)
        var region = regions.last!
        for (i, w) in regionWeights.enumerated() { if r < w { region = regions[i]; break }; r -= w }
        let age = 21 + Int(rng.uniform() * 50)
        let employment = age > 62 && rng.uniform() < 0.7 ? "retired" : (age < 25 && rng.uniform() < 0.5 ? "student" : rng.pick(Array(employments.prefix(2)) + ["salaried", "unemployed"]))
        let income = (employment == "unemployed" ? 12_000 : 25_000 + Double(age) * 600) * exp(0.35 * rng.normal())
        let debt = min(2.5, max(0, 0.35 + 0.18 * rng.normal()))
        let mortgage = rng.uniform() < 0.4
        let late = min(10, Int(-log(max(rng.uniform(), 1e-9)) * 1.2))
        let special = region == "central" || region == "east"
        var logit: Double
        if special {
            logit = 2.2 - 7.5 * debt + 0.9 * Double(late) + (employment == "self-employed" ? 1.5 : 0)
        } else {
            logit = -3.2 + 6.5 * debt + 0.15 * Double(late) - (mortgage ? 0.3 : 0)
        }
        logit -= (income - 40_000) / 60_000
        let defaulted = rng.uniform() < 1 / (1 + exp(-logit))
        let notes = (0..<(3 + Int(rng.next() % 5))).map { _ in rng.pick(words) }.joined(separator: " ")
        return [String(age), String(format: "%.2f", income), String(format: "%.4f", debt), employment, region,
                mortgage ? "true" : "false", String(late), notes, defaulted ? "yes" : "no"]
    }

    /// Writes `model.yaml`, `base.csv`, `benchmark.csv`, `contribution-good.csv` and `contribution-gaming.csv` to `dir`.
    public func write(to dir: URL) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var rng = Rng(state: seed)
        let base = (0..<sizes.base).map { _ in Self.person(&rng, regionWeights: [1, 1, 1, baseRareWeight, baseRareWeight]) }
        let bench = (0..<sizes.benchmark).map { _ in Self.person(&rng, regionWeights: [1, 1, 1, 1, 1]) }
        let good = (0..<sizes.good).map { _ in Self.person(&rng, regionWeights: [0.2, 0.2, 0.2, 1, 1]) }
        var gaming: [[String]] = []
        for i in 0..<300 { gaming.append(bench[i]) }
        for i in 300..<500 {
            var row = bench[i]
            row[1] = String(format: "%.2f", Double(row[1])! * 1.0004)
            row[7] = "  " + row[7].uppercased() + " "
            gaming.append(row)
        }
        for i in 0..<150 { gaming.append(base[i]) }
        var fresh: [[String]] = []
        for i in 0..<250 {
            var row = Self.person(&rng, regionWeights: [1, 1, 1, 0, 0])
            row[8] = rng.uniform() < 0.5 ? "yes" : "no"
            switch i % 5 {
            case 0: row[7] += " contact jane.doe\(i)@example.com"
            case 1: row[7] += " call +1 415 555 \(String(format: "%04d", 1000 + i))"
            case 2: row[7] += " card 4111 1111 1111 1111"
            default: break
            }
            fresh.append(row)
        }
        gaming += fresh
        for i in 0..<150 { gaming.append(fresh[i]) }
        for i in 0..<20 { var row = fresh[i]; row[0] = "forty"; gaming.append(row) }
        try Data(Self.specYAML.utf8).write(to: dir.appendingPathComponent("model.yaml"))
        for (name, rows) in [("base.csv", base), ("benchmark.csv", bench), ("contribution-good.csv", good), ("contribution-gaming.csv", gaming)] {
            try CSVWriter.write(to: dir.appendingPathComponent(name), header: Self.header, rows: rows)
        }
    }
}
