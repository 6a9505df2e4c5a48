import ArgumentParser
import Foundation
import MeritCore
import MeritData
import MeritEthereum
import MeritEval
import MeritCommandLine

/// `merit prove FILE --record N`: an OpenZeppelin-compatible inclusion proof; with `--server`, whether a
/// record was in the training data of a model version, asked by its hash alone.
struct Prove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print an inclusion proof for record N (0-based) of a dataset, as JSON; or, with --server, prove that a row was in a model version's training data.",
        discussion: """
        The proof verifies with `merit verify-proof` and on chain with OpenZeppelin's MerkleProof.verify(proof, root, leaf). \
        With --server URL --model NAME --version N ROW.csv (or .jsonl), the row is typed with the model's spec and hashed \
        here; only its hash is sent. The server's proof is checked here against version N's training root, and that root \
        against the signed attestation that created the version (its signers must be the server's published attesters). \
        Exit code 0 when the row is in the version's training data, 4 when it is not.
        """)

    @Argument(help: "A CSV or JSONL file (or use --dataset).") var file: String?
    @Option(help: "The dataset, instead of the positional FILE.") var dataset: String?
    @Option(help: "The 0-based record number (the first row after the header is 0; default 0 with --server).") var record: Int?
    @Option(help: "Type the columns with this model spec (records are then the rows the spec keeps); with --server, the model's name.") var model: String?
    @OptionGroup var format: FormatOption
    @Option(help: "Prove against a root in this attestation; the spec it names is looked up beside the dataset unless --model is given.") var attestation: String?
    @Option(help: "A Merit server: prove membership in a model version's training data there.") var server: String?
    @Option(help: "With --server: the model version.") var version: Int?
    @Option(help: "With --server: the environment variable holding an API key (unless the server allows anonymous reads).") var tokenEnv: String = "MERIT_TOKEN"

    func validate() throws {
        if (file == nil) == (dataset == nil) { throw ValidationError("give the dataset once: as FILE or with --dataset") }
        if server != nil {
            if model == nil || version == nil { throw ValidationError("--server needs --model NAME and --version N") }
            if attestation != nil { throw ValidationError("--server takes the attestation from the server; leave out --attestation") }
        } else if record == nil {
            throw ValidationError("give --record N (the 0-based record to prove)")
        }
    }

    func run() async throws {
        if let server, let model, let version {
            let rowFile = format.file((self.file ?? dataset)!), row = self.record ?? 0
            let included = try await CLIFailure.guardingAll {
                try await ServerMembership(client: ServerClient(server: server, tokenEnv: tokenEnv), model: model, version: version)
                    .prove(rowFile, record: row)
            }
            if !included { throw ExitCode(ExitStatus.rejected) }
            return
        }
        let record = self.record!
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
