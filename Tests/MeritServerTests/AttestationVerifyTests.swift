import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MeritBase
import MeritEthereum
import MeritEval
import MeritServer
import MeritStore
import TestSupport
import Testing

/// `POST /api/v1/attestations/verify` reads the file as strictly as `merit verify`: a repeated signature,
/// a loose signature and an unknown key are refused with their JSON path, never counted.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func verifyEndpointRefusesLooseAndRepeatedSignatures() async throws {
    let c = freshConfiguration()
    let stores = try await Stores.open(c.storage)
    let reader = try await stores.apiKeys.create(role: .reader, label: "reader").token
    let key = try Secp256k1.PrivateKey(bytes: [UInt8](repeating: 0x5e, count: 32))
    let td = TypedData(types: [("Note", [TypedData.Field("text", "string")])], primaryType: "Note",
                       domain: .object(["name": .string("test")]), message: .object(["text": .string("hi")]))
    var file = AttestationFile(typedData: td, inputs: .init(spec: "s.yaml", base: "b.csv", benchmark: "m.csv", contribution: "c.csv"),
                               report: Bytes32(hex: "0x" + String(repeating: "ab", count: 32))!)
    try file.sign(with: key)
    let written = try file.json.serialized()
    let members = try file.json.objectMembers!
    let k = members.firstIndex { $0.key == "signatures" }!
    let entry = members[k].value.arrayValue![0]
    let signature = entry["signature"]!.stringValue!
    func body(_ edit: (inout [JSONValue.Member]) -> Void) -> String {
        var m = members
        edit(&m)
        return JSONValue.object(m).serialized()
    }
    let loose: JSONValue = .object(["signer": entry["signer"]!, "signature": .string(String(signature.dropFirst(2)))])
    let cases = [
        ("repeated", body { $0[k].value = .array([entry, entry]) }, "attestation: signatures[1]: signature 2 repeats signature 1"),
        ("no 0x", body { $0[k].value = .array([loose]) }, "attestation: signatures[0].signature: it does not start with 0x"),
        ("unknown key", body { $0.append(.init("trustMe", .bool(true))) }, "attestation: trustMe: unknown key"),
    ]
    let (app, _) = buildApplication(stores, c)
    try await app.test(.router) { client in
        let headers: HTTPFields = [.authorization: "Bearer \(reader)"]
        let fine = try await client.execute(uri: "/api/v1/attestations/verify", method: .post, headers: headers,
                                            body: ByteBuffer(string: written))
        #expect(!String(buffer: fine.body).contains("\"problem\":\"attestation:"), "a well-formed file is read: \(String(buffer: fine.body))")
        for (name, text, message) in cases {
            let r = try await client.execute(uri: "/api/v1/attestations/verify", method: .post, headers: headers, body: ByteBuffer(string: text))
            let answer = String(buffer: r.body)
            #expect(answer.contains("\"ok\":false") && answer.contains(message), "\(name): \(r.status) \(answer)")
        }
    }
    try await stores.database.close()
}
