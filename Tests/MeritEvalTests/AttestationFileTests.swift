import MeritBase
import MeritEthereum
import MeritEval
import TestSupport
import Testing

/// Two attesters' keys (not secret: test keys 0x11…11 and 0x22…22).
let attesterKeys = [String(repeating: "11", count: 32), String(repeating: "22", count: 32)].map { try! Secp256k1.PrivateKey(hex: $0) }

/// A value of each EIP-712 type, zero where it can be, so that typed data with Merit's exact types can be
/// built without running an evaluation.
func zeroValue(_ type: String, types: [(String, [TypedData.Field])]) -> JSONValue {
    if type.hasSuffix("[]") { return .array([]) }
    if let fields = types.first(where: { $0.0 == type })?.1 {
        return .object(fields.map { JSONValue.Member($0.name, zeroValue($0.type, types: types)) })
    }
    switch type {
    case "bytes32": return .string("0x" + String(repeating: "0", count: 64))
    case "string": return .string("x")
    case "bool": return .bool(false)
    case "address": return .string("0x" + String(repeating: "0", count: 40))
    default: return .string("0")
    }
}

/// An attestation over typed data with `types`, signed by `keys`.
func signedAttestation(types: [(String, [TypedData.Field])] = DeltaOneAttestation.types, keys: [Secp256k1.PrivateKey] = attesterKeys) throws -> AttestationFile {
    let domain: JSONValue = .object(["name": .string("Merit"), "version": .string("1"), "chainId": .string("1")])
    let td = TypedData(types: types, primaryType: "DeltaOne", domain: domain, message: zeroValue("DeltaOne", types: types))
    var file = AttestationFile(typedData: td, inputs: .init(spec: "model.yaml", base: "base.csv", benchmark: "benchmark.csv", contribution: "c.csv"),
                               report: Bytes32(hex: "0x" + String(repeating: "ab", count: 32))!)
    for k in keys { try file.sign(with: k) }
    return file
}

/// The file's JSON with `edit` applied to its top-level members.
func edited(_ file: AttestationFile, _ edit: (inout [JSONValue.Member]) -> Void) throws -> JSONValue {
    var members = try file.json.objectMembers!
    edit(&members)
    return .object(members)
}

/// Applies `edit` to the object at `members[key]` (or its element `index` when it is an array).
func editObject(_ members: inout [JSONValue.Member], _ key: String, index: Int? = nil, _ edit: (inout [JSONValue.Member]) -> Void) {
    let k = members.firstIndex { $0.key == key }!
    if let index, case .array(var items) = members[k].value {
        var inner = items[index].objectMembers!
        edit(&inner)
        items[index] = .object(inner)
        members[k].value = .array(items)
    } else {
        var inner = members[k].value.objectMembers!
        edit(&inner)
        members[k].value = .object(inner)
    }
}

@Test(.tags(.unit)) func aWrittenAttestationReadsBackAndHolds() throws {
    let file = try signedAttestation()
    let read = try AttestationFile(json: JSONValue.parse(try file.json.serialized(), name: "att.json"), name: "att.json")
    // The domain type is declared once written, so compare what is written: the same bytes.
    #expect(try read.json.serialized() == file.json.serialized())
    #expect(read.signatures == file.signatures && read.inputs == file.inputs && read.report == file.report)
    let v = try read.verify(allowed: attesterKeys.map(\.address), threshold: 2)
    #expect(v.ok && v.problems.isEmpty)
    #expect(v.summary == "attestation holds: 2 valid signature(s), 2 required")
}

@Test(.tags(.unit)) func malformedAttestationsAreRefusedWithTheirJSONPath() throws {
    let file = try signedAttestation()
    let sig = file.signatures[0].signature.hex
    func setSignature(_ text: String) -> (inout [JSONValue.Member]) -> Void {
        { m in editObject(&m, "signatures", index: 0) { $0[$0.firstIndex { $0.key == "signature" }!].value = .string(text) } }
    }
    let otherDigest = Bytes32(hex: "0x" + String(repeating: "cd", count: 32))!
    let cases: [(String, (inout [JSONValue.Member]) -> Void, String, String)] = [
        ("space inside", setSignature(String(sig.prefix(10)) + " " + sig.dropFirst(10)), "att.json: signatures[0].signature", "it contains white space"),
        ("trailing space", setSignature(sig + " "), "att.json: signatures[0].signature", "it contains white space"),
        ("no 0x", setSignature(String(sig.dropFirst(2))), "att.json: signatures[0].signature", "it does not start with 0x"),
        ("0X", setSignature("0X" + sig.dropFirst(2)), "att.json: signatures[0].signature", "it does not start with 0x"),
        ("short", setSignature(String(sig.dropLast(2))), "att.json: signatures[0].signature", "it has 128 hex digits after 0x"),
        ("not hex", setSignature("0x" + "zz" + sig.dropFirst(4)), "att.json: signatures[0].signature", "character 3 is not a hex digit"),
        ("unknown top-level key", { $0.append(.init("comment", .string("hi"))) }, "att.json: comment", "unknown key; an attestation has exactly the keys format, typedData"),
        ("unknown signature key", { m in editObject(&m, "signatures", index: 1) { $0.append(.init("note", .null)) } }, "att.json: signatures[1].note", "unknown key"),
        ("unknown inputs key", { m in editObject(&m, "inputs") { $0.append(.init("extra", .string("x"))) } }, "att.json: inputs.extra", "unknown key"),
        ("escaped key", { $0.append(.init("\u{1b}[2J", .null)) }, #"att.json: ["\u{1b}[2J"]"#, "unknown key"),
        ("missing key", { $0.removeAll { $0.key == "report" } }, "att.json: report", "missing"),
        ("signer with a space", { m in editObject(&m, "signatures", index: 0) { $0[0].value = .string(" " + file.signatures[0].signer.checksummed) } },
         "att.json: signatures[0].signer", "it contains white space"),
        ("the same signature twice", { m in
            let k = m.firstIndex { $0.key == "signatures" }!
            m[k].value = .array(m[k].value.arrayValue! + [m[k].value.arrayValue![0]])
        }, "att.json: signatures[2]", "signature 3 repeats signature 1 (signatures[0]) byte for byte"),
        ("one signer twice", { m in
            let k = m.firstIndex { $0.key == "signatures" }!
            let again: JSONValue = .object(["signer": .string(file.signatures[1].signer.checksummed),
                                            "signature": .string(attesterKeys[1].sign(digest: otherDigest).hex)])
            m[k].value = .array(m[k].value.arrayValue! + [again])
        }, "att.json: signatures[2].signer", "signature 3 is a second signature by \(file.signatures[1].signer.checksummed), who already signed signature 2"),
    ]
    for (name, edit, location, message) in cases {
        do {
            _ = try AttestationFile(json: try edited(file, edit), name: "att.json")
            Issue.record("\(name): accepted")
        } catch let e as EthereumError {
            #expect(e.location == location, "\(name): \(e)")
            #expect(e.message.contains(message), "\(name): \(e)")
            #expect(!e.description.unicodeScalars.contains { $0.value == 0x1B }, "\(name): \(e)")
        }
    }
}

@Test(.tags(.unit)) func theVerdictIsOneConsistentStatement() throws {
    // Enough signatures, but not Merit's types: the verdict gives that reason, and no count that reads as success.
    var types = DeltaOneAttestation.types
    types[0].1.append(TypedData.Field("extra", "uint256"))
    let foreign = try signedAttestation(types: types, keys: [attesterKeys[0]]).verify(allowed: nil, threshold: 1)
    #expect(!foreign.ok && foreign.problems.count == 1)
    #expect(foreign.summary.hasPrefix("attestation does NOT hold: the typed data does not use Merit's DeltaOne or ModelVersion types"), "\(foreign.summary)")
    #expect(!foreign.summary.contains("1 of 1"))
    // Too few: the count is the reason.
    let few = try signedAttestation().verify(allowed: nil, threshold: 3)
    #expect(few.summary == "attestation does NOT hold: only 2 of 3 required signature(s) valid")
    // A signer outside the set is ignored, neither counted nor fatal.
    let outside = try signedAttestation().verify(allowed: [attesterKeys[0].address], threshold: 1)
    #expect(outside.ok && outside.checks.filter(\.outsideSignerSet).count == 1, "\(outside.summary)")
    #expect(outside.summary == "attestation holds: 1 valid signature(s), 1 required")
}
