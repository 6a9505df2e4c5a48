import ArgumentParser
import Foundation
import MeritCore
import MeritData
import MeritEthereum
import MeritEval
import MeritCommandLine

/// `merit prove FILE --record N`: an OpenZeppelin-compatible inclusion proof.
struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print an inclusion proof for record N (0-based) of a dataset, as JSON.",
        discussion: "The proof verifies with `merit verify-proof` and on chain with OpenZeppelin's MerkleProof.verify(proof, root, leaf).")

    @Argument(help: "A CSV or JSONL file (or use --dataset).") var file: String?
    @Option(help: "The dataset, instead of the positional FILE.") var dataset: String?
    @Option(help: "The 0-based record number (the first row after the header is 0).") var record: Int
    @Option(help: "Type the columns with this model spec (records are then the rows the spec keeps).") var model: String?
    @OptionGroup var format: FormatOption
    @Option(help: "Prove against a root in this attestation; the spec it names is looked up beside the dataset unless --model is given.") var attestation: String?

    func validate() throws {
        if (file == nil) == (dataset == nil) { throw ValidationError("give the dataset once: as FILE or with --dataset") }
    }

    func run() throws {
        let file = (self.file ?? dataset)!
        var model = self.model
        var attested: AttestationFile? = nil
        if let attestation {
            attested = try CLIFailure.guarding { try Attest.read(attestation) }
            if model == nil {
                model = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(attested!.inputs.spec).path
            }
        }
        var proof = try CLIFailure.guarding { () -> InclusionProof in
            var hashes: [Bytes32]? = nil
            var count = 0
            if let model {
                hashes = try DatasetLoader(spec: try CLIFailure.loadSpec(model)).load(format.file(file)).recordHashes
                count = hashes!.count
            } else {
                try RecordStream.forEachRecordHash(format.file(file)) { _, _ in count += 1 }
            }
            guard record >= 0 && record < count else {
                throw DataError(.invalidArgument, "--record \(record) is out of range; the file has \(count) records (0 to \(count - 1))", file: file)
            }
            var collector = RangeRootCollector(Merkle.inclusionRanges(index: record, count: count))
            var builder = Merkle.Builder()
            var target = Bytes32.zero
            func feed(_ i: Int, _ h: Bytes32) {
                let leaf = Merkle.leaf(h)
                if i == record { target = h }
                collector.add(leaf: leaf, at: i)
                builder.append(leaf: leaf)
            }
            if let hashes { for (i, h) in hashes.enumerated() { feed(i, h) } } else {
                try RecordStream.forEachRecordHash(format.file(file)) { i, h in feed(i, h) }
            }
            return InclusionProof(root: builder.root, records: count, index: record, recordHash: target, leaf: Merkle.leaf(target), proof: collector.roots)
        }
        if let attested, let attestation {
            let data = attested.typedData.message["data"]
            let match = ["baseRoot", "benchmarkRoot", "contributionRoot"].first { data?[$0]?.stringValue == proof.root.hex }
            guard let match else {
                CLIFailure.fail("\(file): its root \(proof.root.hex) is none of the dataset roots in \(attestation); is it the right file and spec?", ExitStatus.rejected)
            }
            proof.attestedAs = "data." + match
            proof.attestation = try CLIFailure.guarding { try attested.digest() }
        }
        print(try JSONOutput.string(proof))
    }
}

/// `merit verify-proof`: checks an inclusion proof.
struct VerifyProof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof",
        abstract: "Check an inclusion proof (the JSON `merit prove` prints, from a file or stdin).",
        discussion: "Exit code 0 when the proof holds, 4 when it does not. --root overrides the proof's root, for example with one from a report.")

    @Argument(help: "The proof JSON file; - or nothing reads stdin.") var proofFile: String = "-"
    @Option(help: "The root to check against (0x hex); defaults to the root in the proof.") var root: String?

    func run() throws {
        let data: Data
        if proofFile == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
            guard let d = FileManager.default.contents(atPath: proofFile) else { CLIFailure.fail("\(proofFile): no such file", ExitStatus.error) }
            data = d
        }
        guard let proof = try? JSONDecoder().decode(InclusionProof.self, from: data) else {
            CLIFailure.fail("\(proofFile): not a proof; expected the JSON that `merit prove` prints (root, leaf, proof, ...)", ExitStatus.error)
        }
        var expected = proof.root
        if let root {
            guard let r = Bytes32(hex: root) else { CLIFailure.fail("--root: expected 32 bytes as 0x-prefixed hex", 64) }
            expected = r
        }
        let leafOK = Merkle.leaf(proof.recordHash) == proof.leaf
        let ok = leafOK && Merkle.verify(proof: proof.proof, root: expected, leaf: proof.leaf)
        print(ok ? "valid: record \(proof.index) is in the dataset with root \(expected.hex)" : "INVALID: the proof does not lead to root \(expected.hex)" + (leafOK ? "" : " (the leaf does not match the record hash)"))
        if !ok { throw ExitCode(ExitStatus.rejected) }
    }
}
