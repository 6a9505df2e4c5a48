import ArgumentParser
import Foundation
import MeritData
import MeritEthereum

/// `merit bench-proofs`: the Swift side of Benchmarks/proofs.sh (hidden from help). Builds a proof index
/// of N synthetic records (version 1) plus a second version's rows, then times proofs by record hash for
/// random records of both, each checked, and reports the index's bytes per record.
struct BenchProofs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-proofs",
        abstract: "Measure membership proofs on a large training set (used by Benchmarks/proofs.sh).",
        shouldDisplay: false)
    @Option(help: "Records in version 1.") var records: Int = 10_000_000
    @Option(help: "Records a second version appends.") var appended: Int = 100_000
    @Option(help: "Proofs to time.") var queries: Int = 2_000
    @Option(help: "Folder for the index (emptied first).") var out: String = "Benchmarks/out/proof-index"

    func run() throws {
        let dir = URL(fileURLWithPath: out)
        try? FileManager.default.removeItem(at: dir)
        let index = try ProofIndex(directory: dir)
        func leaves(_ range: Range<Int>) -> [Bytes32] {
            range.map { i in Merkle.leaf(Keccak256.hash(word: Bytes32(0, 0, 0, UInt64(i)))) }
        }
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let build = try clock.measure {
            try index.append(leaves: leaves(0..<records), at: 0)
            try index.append(leaves: leaves(records..<records + appended), at: records)
        }
        let total = records + appended
        let root = try index.root(count: total)
        var rng = SystemRandomNumberGenerator()
        var times: [Double] = []
        var failures = 0
        for q in 0..<queries {
            // Alternate between the base and the appended rows; every tenth asks for a record not in the set.
            let i = q % 10 == 9 ? total + Int.random(in: 0..<1_000_000, using: &rng) : (q % 2 == 0 ? Int.random(in: 0..<records, using: &rng) : records + Int.random(in: 0..<appended, using: &rng))
            let leaf = Merkle.leaf(Keccak256.hash(word: Bytes32(0, 0, 0, UInt64(i))))
            var ok = false
            let t = try clock.measure {
                if let p = try index.position(of: leaf, within: total) {
                    let path = try index.inclusionProof(index: p, count: total)
                    ok = p == i && Merkle.verify(proof: path, root: root, leaf: leaf)
                } else {
                    ok = i >= total
                }
            }
            if !ok { failures += 1 }
            times.append(seconds(t) * 1000)
        }
        times.sort()
        func pct(_ p: Double) -> Double { times[min(times.count - 1, Int(Double(times.count) * p))] }
        let bytes = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: [.fileSizeKey]).reduce(0) {
            $0 + ((try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
        }
        print("{\"records\":\(total),\"build_seconds\":\(seconds(build)),\"queries\":\(queries),\"failures\":\(failures),"
              + "\"p50_ms\":\(pct(0.5)),\"p99_ms\":\(pct(0.99)),\"max_ms\":\(times.last ?? 0),\"bytes_per_record\":\(Double(bytes) / Double(total)),"
              + "\"leaves_file\":\"\(dir.appendingPathComponent("level-0.bin").path)\"}")
        if failures > 0 { throw ExitCode(1) }
    }
}
