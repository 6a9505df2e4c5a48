import Foundation
import MeritBase
import MeritCore
import MeritData
import MeritEthereum
import MeritEval

/// `merit prove --server`: whether a row was in a model version's training data. The row is typed with
/// the model's spec and hashed here; the server sees only the hash. Its proof is checked here against the
/// version's training root, and that root against the attestation that created the version, signed by
/// one of the server's published attesters.
struct ServerMembership {
    let client: ServerClient
    let model: String
    let version: Int

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// A `.json` file holding one JSON object (a row as an API or a notebook prints it, over several lines
    /// or one) as a one-record JSONL file; any other file as it is.
    static func asRecords(_ file: DatasetFile) throws -> DatasetFile {
        guard file.path.lowercased().hasSuffix(".json") else { return file }
        guard let data = FileManager.default.contents(atPath: file.path) else { throw DataError(.fileNotFound, "no such file", file: file.name) }
        guard let object = try? JSONSerialization.jsonObject(with: data), object is [String: Any] else {
            throw DataError(.malformedJSON, "a .json row must be one JSON object, {\"column\": value, …}", file: file.name)
        }
        let line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("merit-row-\(UUID().uuidString).jsonl").path
        try (line + Data([0x0A])).write(to: URL(fileURLWithPath: path))
        return DatasetFile(path: path, format: .jsonl, name: file.name)
    }

    /// Prints the proof (JSON, stdout) and the verdict (stderr); true when the row is included.
    func prove(_ file: DatasetFile, record: Int) async throws -> Bool {
        let name = ServerClient.segment(model)
        let specBody = try await client.get("/api/v1/models/\(name)/spec")
        guard specBody.status == 200 else { throw Failure(description: "model '\(model)': \(ServerClient.message(specBody.body))") }
        let spec = try ModelSpec.parse(specBody.body, fileName: "the spec of '\(model)'")
        let records = try Self.asRecords(file)
        defer { if records.path != file.path { try? FileManager.default.removeItem(atPath: records.path) } }
        let rows = try DatasetLoader(spec: spec).load(records)
        guard record >= 0 && record < rows.recordHashes.count else {
            throw DataError(.invalidArgument, "--record \(record) is out of range; the file has \(rows.recordHashes.count) records the spec keeps", file: file.name)
        }
        let hash = rows.recordHashes[record]
        let asked = try await client.get("/api/v1/models/\(name)/versions/\(version)/proof?record_hash=\(hash.hex)")
        if asked.status == 404 {
            FileHandle.standardError.write(Data("NOT INCLUDED: \(ServerClient.message(asked.body))\n".utf8))
            print(JSONValue.object([.init("included", .bool(false)), .init("model", .string(model)), .init("version", .number(String(version))),
                                    .init("record_hash", .string(hash.hex))]).serialized())
            return false
        }
        guard asked.status == 200 else { throw Failure(description: "the server refused the proof request (HTTP \(asked.status)): \(ServerClient.message(asked.body))") }
        let proof = try JSONDecoder().decode(InclusionProof.self, from: asked.body)
        guard proof.recordHash == hash, proof.leaf == Merkle.leaf(hash), Merkle.verify(proof: proof.proof, root: proof.root, leaf: proof.leaf) else {
            throw Failure(description: "the server's proof does not hold: it does not lead from this row's leaf to its root; do not trust this server's answer")
        }

        // The root must be version N's as the lineage records it, and as its attesters signed it.
        let lineage = try await client.object("/api/v1/models/\(name)/lineage")
        guard let entry = (lineage["versions"] as? [[String: Any]])?.first(where: { $0["version"] as? Int == version }),
              let training = entry["training"] as? [String: Any], training["root"] as? String == proof.root.hex else {
            throw Failure(description: "the proof's root \(proof.root.hex) is not version \(version)'s training root in the lineage")
        }
        var verdict = "INCLUDED: the row is record \(proof.index) of the \(proof.records) records version \(version) of '\(model)' was trained on (root \(proof.root.hex))"
        // What the attesters signed about version N: the DeltaOne attestation that made it, or version 1's own record.
        var signedAs: String? = nil
        let attestation = try await client.get("/api/v1/models/\(name)/versions/\(version)/attestation")
        if attestation.status == 200 {
            let file = try AttestationFile(json: JSONValue.parse(Array(attestation.body), name: "attestation"), name: "version \(version)'s attestation")
            let isRecord = file.typedData.primaryType == VersionAttestation.primaryType
            let field = isRecord ? "trainingRoot" : "data.trainingRoot"
            let signedRoot = isRecord ? file.typedData.message["trainingRoot"]?.stringValue : file.typedData.message["data"]?["trainingRoot"]?.stringValue
            let published = try await ServerAttesters.fetch(client.base)
            let check = try file.verify(allowed: published.addresses, threshold: 1)
            var problems = check.problems + published.domainProblems(file.typedData.domain)
            if signedRoot != proof.root.hex { problems.append("its \(field) is \(signedRoot ?? "missing"), not the proof's root") }
            if isRecord && file.typedData.message["version"]?.stringValue != String(version) { problems.append("it is the record of another version") }
            guard problems.isEmpty else {
                throw Failure(description: "what the attesters signed about version \(version) does not hold for this root: " + problems.joined(separator: "; "))
            }
            verdict += ", attested by \(check.validSigners.map(\.checksummed).joined(separator: ", ")) in \(isRecord ? "version \(version)'s signed record" : "the attestation that created it") \(try file.digest().hex)"
            signedAs = field
        } else if attestation.status != 404 {
            throw Failure(description: "the server refused version \(version)'s attestation (HTTP \(attestation.status)): \(ServerClient.message(attestation.body))")
        }
        if signedAs == nil { verdict += " (unsigned: \(ServerClient.message(attestation.body)))" }
        var out = proof
        out.attestedAs = signedAs
        FileHandle.standardError.write(Data((verdict + "\n").utf8))
        print(try JSONOutput.string(out))
        return true
    }
}
