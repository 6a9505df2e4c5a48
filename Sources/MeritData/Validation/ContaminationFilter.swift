import Foundation
import MeritBase
import MeritEthereum
import Synchronization

/// Rejects contribution rows that leak the benchmark or repeat known data, counting each reason.
///
/// Reasons are checked in this order and a row is counted once, under the first that applies:
/// its features equal a benchmark row's exactly (canonical encoding without the label); they equal one
/// nearly (text folded for case and white space and every other non-number value equal, and every
/// number within a relative difference of 0.5·10^(1−digits), which is "equal to `digits` significant
/// digits" without the edge effects of rounding to a grid); the whole
/// record repeats an earlier contribution row; the whole record is already in the base data.
public struct ContaminationFilter: Sendable {
    /// What the filter decided.
    public struct Result: Sendable {
        /// Indices (into the contribution's rows) of the rows accepted.
        public var accepted: [Int]
        /// Counts by reason.
        public var counts: Counts
        /// The first lines rejected for each reason, for the report.
        public var examples: [String: [Int]]
    }

    /// Rejected rows by reason.
    public struct Counts: Codable, Sendable, Equatable {
        /// Features equal to a benchmark row.
        public var benchmarkExact = 0
        /// Features nearly equal to a benchmark row.
        public var benchmarkNear = 0
        /// A repeat of an earlier row of the contribution.
        public var duplicateInContribution = 0
        /// Already in the base data.
        public var inBase = 0

        /// All rejected rows.
        public var total: Int { benchmarkExact + benchmarkNear + duplicateInContribution + inBase }

        enum CodingKeys: String, CodingKey {
            case benchmarkExact = "benchmark_exact", benchmarkNear = "benchmark_near"
            case duplicateInContribution = "duplicate_in_contribution", inBase = "in_base"
        }
    }

    let exact: Set<Bytes32>
    let nearIndex: [Bytes32: [Int]]
    let benchNumbers: [[Double?]]
    let base: Set<Bytes32>
    let featureCount: Int
    let digits: Int

    /// Indexes the benchmark's feature keys (see `index(_:)`) and the base's record hashes.
    public init(benchmark: LoadedDataset, base: LoadedDataset, digits: Int) {
        featureCount = benchmark.columns.count - 1
        self.digits = digits
        let index = Self.index(benchmark)
        exact = index.exact; nearIndex = index.near; benchNumbers = index.numbers
        self.base = Set(base.recordHashes)
    }

    /// A benchmark's side of the filter: its rows' exact and coarse feature keys, and their numbers.
    public struct BenchmarkIndex: Sendable {
        let exact: Set<Bytes32>
        let near: [Bytes32: [Int]]
        let numbers: [[Double?]]
    }

    /// The indexes of the last few benchmarks this process filtered against, by content: the Merkle root
    /// of their records and their width. Every contribution to a model is filtered against the same
    /// benchmark, so a server indexes it once (`index(_:)` at its first version) rather than per job.
    private static let recent = Mutex<[(key: String, index: BenchmarkIndex)]>([])

    /// `benchmark`'s index, from the process's recent ones when it is there; computed and kept otherwise.
    @discardableResult
    public static func index(_ benchmark: LoadedDataset) -> BenchmarkIndex {
        let n = benchmark.columns.count - 1
        let key = "\(benchmark.fingerprint.root.hex) \(n) \(benchmark.rows.count)"
        if let known = recent.withLock({ list in list.first { $0.key == key }?.index }) { return known }
        var near: [Bytes32: [Int]] = [:]
        for (i, row) in benchmark.rows.enumerated() { near[coarseKey(row.prefix(n)), default: []].append(i) }
        let index = BenchmarkIndex(exact: Set(benchmark.rows.map { CanonicalEncoder.featureKey($0.prefix(n)) }), near: near,
                                   numbers: benchmark.rows.map { numbers($0.prefix(n)) })
        recent.withLock { list in
            list.removeAll { $0.key == key }
            list.append((key, index))
            if list.count > 4 { list.removeFirst(list.count - 4) }
        }
        return index
    }

    /// Filters a contribution.
    public func filter(_ contribution: LoadedDataset) -> Result {
        var counts = Counts()
        var accepted: [Int] = []
        var seen = Set<Bytes32>()
        var examples: [String: [Int]] = [:]
        func reject(_ key: String, _ i: Int) {
            if examples[key, default: []].count < 20 { examples[key, default: []].append(contribution.lines[i]) }
        }
        // Whether a row copies the benchmark does not depend on the other rows: that is judged on every core.
        let n = contribution.rows.count, featureCount = featureCount
        let copies: [UInt8] = Parallel.map(n, minimum: 2048, filler: 0) { i in  // 1: exact, 2: near
            let features = contribution.rows[i].prefix(featureCount)
            return exact.contains(CanonicalEncoder.featureKey(features)) ? 1 : isNear(features) ? 2 : 0
        }
        for i in 0..<n {
            let h = contribution.recordHashes[i]
            if copies[i] == 1 {
                counts.benchmarkExact += 1; reject("benchmark_exact", i)
            } else if copies[i] == 2 {
                counts.benchmarkNear += 1; reject("benchmark_near", i)
            } else if !seen.insert(h).inserted {
                counts.duplicateInContribution += 1; reject("duplicate_in_contribution", i)
            } else if base.contains(h) {
                counts.inBase += 1; reject("in_base", i)
            } else {
                accepted.append(i)
            }
        }
        return Result(accepted: accepted, counts: counts, examples: examples)
    }

    /// The key of everything but numbers: folded text, categories, integers, booleans, and where numbers are missing.
    static func coarseKey(_ values: ArraySlice<Value>) -> Bytes32 {
        var out = [UInt8]()
        for v in values {
            switch v {
            case .number: out.append(0x01)
            case .text(let s): CanonicalEncoder.appendText(Array(Text.fold(s).utf8), to: &out)
            default: CanonicalEncoder.append(v, to: &out)
            }
        }
        return Keccak256.hash(out)
    }

    static func numbers(_ values: ArraySlice<Value>) -> [Double?] {
        values.map { if case .number(let d) = $0 { return d } else { return nil } }
    }

    func isNear(_ features: ArraySlice<Value>) -> Bool {
        guard let candidates = nearIndex[Self.coarseKey(features)] else { return false }
        let mine = Self.numbers(features)
        let tolerance = 0.5 * pow(10, Double(1 - digits))
        return candidates.contains { j in
            zip(mine, benchNumbers[j]).allSatisfy { a, b in
                guard let a, let b else { return true }
                return abs(a - b) <= tolerance * max(abs(a), abs(b))
            }
        }
    }
}
