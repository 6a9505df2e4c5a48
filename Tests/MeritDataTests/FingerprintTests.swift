import Foundation
import MeritData
import MeritEthereum
import TestSupport
import Testing

struct FixtureCase: CustomTestStringConvertible, Sendable {
    let file: String, root: String, records: Int
    var testDescription: String { file }
}

let fixtureCases: [FixtureCase] = {
    let text = try! String(contentsOf: Paths.fixtures.appendingPathComponent("fingerprint/expected.txt"), encoding: .utf8)
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
        let f = line.split(separator: " ")
        return FixtureCase(file: String(f[0]), root: String(f[1]), records: Int(f[2])!)
    }
}()

@Test(.tags(.unit), arguments: fixtureCases)
func parallelFingerprintMatchesIndependentReference(_ c: FixtureCase) throws {
    let path = Paths.fixtures.appendingPathComponent("fingerprint/\(c.file)").path
    let fp = try CSVFingerprinter(inFlight: 3).fingerprint(path: path)
    #expect(fp.root.hex == c.root)
    #expect(fp.records == c.records)
}

@Test(.tags(.unit), arguments: fixtureCases)
func streamedRecordHashesMatchIndependentReference(_ c: FixtureCase) throws {
    let path = Paths.fixtures.appendingPathComponent("fingerprint/\(c.file)").path
    var b = Merkle.Builder()
    try RecordStream.forEachRecordHash(DatasetFile(path: path)) { _, h in b.append(leaf: Merkle.leaf(h)) }
    #expect(b.root.hex == c.root)
}

@Test(.tags(.unit)) func fingerprintIsTheSameWhateverTheChunkSize() throws {
    // Records cross chunk boundaries at every offset when the chunk is tiny.
    let path = Paths.fixtures.appendingPathComponent("fingerprint/quoted.csv").path
    var big: [Bytes32] = [], tiny: [Bytes32] = []
    for (chunk, out) in [(4 << 20, 0), (3, 1)] {
        let reader = try CSVReader(path: path, chunkSize: chunk)
        try reader.forEachRecord { row in
            var enc: [UInt8] = []
            for i in 0..<row.count { CanonicalEncoder.appendText(Array(UnsafeRawBufferPointer(row.field(i))), to: &enc) }
            if out == 0 { big.append(Keccak256.hash(enc)) } else { tiny.append(Keccak256.hash(enc)) }
        }
    }
    #expect(big == tiny)
    #expect(!big.isEmpty)
}

/// RFC 6962's recursive definition, written independently of the streaming builder.
func referenceRoot(_ leaves: ArraySlice<Bytes32>) -> Bytes32 {
    if leaves.isEmpty { return Merkle.emptyRoot }
    if leaves.count == 1 { return leaves.first! }
    var k = 1
    while k * 2 < leaves.count { k *= 2 }
    let lo = leaves.startIndex
    return Merkle.node(referenceRoot(leaves[lo..<lo + k]), referenceRoot(leaves[(lo + k)...]))
}

let sampleLeaves = (0..<70).map { Merkle.leaf(Keccak256.hash("record \($0)")) }

@Test(.tags(.unit)) func streamingBuilderMatchesRecursiveDefinition() {
    for n in 0...70 {
        #expect(Merkle.root(leaves: sampleLeaves.prefix(n)) == referenceRoot(sampleLeaves.prefix(n)))
    }
}

@Test(.tags(.unit)) func subtreeAppendsEqualLeafAppends() {
    var a = Merkle.Builder(), b = Merkle.Builder()
    for l in sampleLeaves.prefix(64) { a.append(leaf: l) }
    for i in 0..<4 { b.append(subtree: referenceRoot(sampleLeaves[(i * 16)..<(i * 16 + 16)]), height: 4) }
    #expect(a.root == b.root)
}

@Test(.tags(.unit)) func everyInclusionProofVerifiesAndTamperingFails() {
    for n in 1...40 {
        let leaves = Array(sampleLeaves.prefix(n))
        let root = Merkle.root(leaves: leaves)
        for m in 0..<n {
            let proof = Merkle.rangeRoots(Merkle.inclusionRanges(index: m, count: n), leaves: leaves)
            #expect(proof.count <= 6)
            #expect(Merkle.verify(proof: proof, root: root, leaf: leaves[m]))
            #expect(!Merkle.verify(proof: proof, root: root, leaf: sampleLeaves[69]))
            if !proof.isEmpty {
                var bad = proof
                bad[0] = sampleLeaves[69]
                #expect(!Merkle.verify(proof: bad, root: root, leaf: leaves[m]))
            }
        }
    }
}

@Test(.tags(.unit)) func everyConsistencyProofVerifiesAndWrongRootsFail() {
    for n in 1...40 {
        let leaves = Array(sampleLeaves.prefix(n))
        let newRoot = Merkle.root(leaves: leaves)
        for m in 1...n {
            let oldRoot = Merkle.root(leaves: leaves.prefix(m))
            let proof = Merkle.rangeRoots(Merkle.consistencyRanges(old: m, new: n), leaves: leaves)
            #expect(Merkle.verifyConsistency(old: m, oldRoot: oldRoot, new: n, newRoot: newRoot, proof: proof), "m=\(m) n=\(n)")
            if m < n {
                #expect(!Merkle.verifyConsistency(old: m, oldRoot: sampleLeaves[69], new: n, newRoot: newRoot, proof: proof))
                #expect(!Merkle.verifyConsistency(old: m, oldRoot: oldRoot, new: n, newRoot: sampleLeaves[69], proof: proof))
            }
        }
    }
}

/// Method: growing a tree from its frontier (`Merkle.extend`, which hashes only the new leaves) gives,
/// for every old size m and new size n up to 70, the root and the consistency proof computed over all
/// the leaves, and the leaves hashed on every core are the leaves hashed one by one.
@Test(.tags(.unit)) func growingFromTheFrontierIsGrowingFromTheLeaves() {
    for n in 1...70 {
        let leaves = Array(sampleLeaves.prefix(n))
        for m in 0...n {
            let (root, proof) = Merkle.extend(Merkle.Builder(leaves: leaves.prefix(m)), with: Array(leaves[m...]))
            #expect(root == Merkle.root(leaves: leaves), "m=\(m) n=\(n)")
            #expect(proof == (m == 0 ? [] : Merkle.rangeRoots(Merkle.consistencyRanges(old: m, new: n), leaves: leaves)), "m=\(m) n=\(n)")
        }
    }
    let hashes = (0..<20_000).map { Keccak256.hash(Array("record \($0)".utf8)) }
    #expect(Merkle.leaves(hashes) == hashes.map(Merkle.leaf))
}

/// Method: an on-disk proof index built in three appends (as three versions) gives, for every prefix
/// size that is a version boundary and for every record in it, the same root and audit path as the
/// in-memory tree; positions are found by leaf, records beyond a version's size or never appended are
/// not, and an append at a stale position changes nothing.
@Test(.tags(.unit)) func proofIndexMatchesTheInMemoryTree() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-proof-index-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let index = try ProofIndex(directory: dir)
    let hashes = (0..<777).map { Keccak256.hash("record \($0)") }
    let leaves = hashes.map(Merkle.leaf)
    var sizes: [Int] = []
    for (start, end) in [(0, 500), (500, 501), (501, 777)] {
        #expect(try index.append(leaves: Array(leaves[start..<end]), at: start))
        sizes.append(end)
    }
    #expect(index.count == 777)
    #expect(try index.append(leaves: Array(leaves[0..<3]), at: 500) == false, "a stale append changes nothing")
    #expect(index.count == 777)
    for n in sizes {
        #expect(try index.root(count: n) == Merkle.root(leaves: leaves[0..<n]), "root of \(n)")
        for i in stride(from: 0, to: n, by: n > 600 ? 7 : 3) {
            let reference = InclusionProof(recordHashes: Array(hashes[0..<n]), index: i)
            #expect(try index.inclusionProof(index: i, count: n) == reference.proof, "path of \(i) in \(n)")
            #expect(try index.position(of: leaves[i], within: n) == i)
        }
    }
    #expect(try index.position(of: leaves[600], within: 501) == nil, "a record of a later version is not in an earlier one")
    #expect(try index.position(of: Merkle.leaf(Keccak256.hash("never")), within: 777) == nil)
}
