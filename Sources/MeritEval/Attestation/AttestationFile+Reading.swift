import MeritBase
import MeritEthereum

extension AttestationFile {
    /// The top-level keys of attestation.json, in the order Merit writes them; all are required.
    static let topLevelKeys = ["format", "typedData", "digest", "signatures", "inputs", "report"]
    /// The keys of `inputs`.
    static let inputKeys = ["spec", "base", "benchmark", "contribution"]
    /// The keys of each `signatures[k]` entry.
    static let signatureKeys = ["signer", "signature"]

    /// Reads the JSON form strictly, as a verifier must: every key Merit defines is present and no other
    /// (at the top level, in `inputs` and in each signature); hex values are exactly `0x` and the right
    /// number of hex digits, with no white space; no signature and no signer appears twice; and the stored
    /// digest matches the typed data.
    ///
    /// - Parameter name: the file as the user named it, for error locations such as `att.json: signatures[1]`.
    /// - Throws: `EthereumError` naming the file, the JSON path and the fix.
    public init(json: JSONValue, name: String) throws {
        let r = StrictReader(file: name)
        let top = try r.object(json, at: "", keys: Self.topLevelKeys, what: "an attestation")
        guard top["format"]?.stringValue == Self.format else {
            throw r.fail("format", "not a Merit attestation: format must be the string \"\(Self.format)\"")
        }
        let computed: Bytes32
        do {
            typedData = try TypedData(json: top["typedData"]!)
            computed = try typedData.digest()
        } catch let e as EthereumError {
            let inner = e.location.map { $0.hasPrefix("[") ? "typedData\($0)" : "typedData.\($0)" } ?? "typedData"
            throw EthereumError(e.code, e.message, at: r.locate(inner))
        }
        let i = try r.object(top["inputs"]!, at: "inputs", keys: Self.inputKeys, what: "inputs")
        // A version record was made from no contribution: its `contribution` is the empty string.
        let isVersionRecord = typedData.primaryType == VersionAttestation.primaryType
        func fileName(_ key: String) throws -> String {
            if isVersionRecord && key == "contribution" && i[key]?.stringValue == "" { return "" }
            guard let s = i[key]?.stringValue, !s.isEmpty else {
                throw r.fail("inputs.\(key)", "expected a file name (a non-empty string), found \(i[key]!.kindName)")
            }
            return s
        }
        inputs = Inputs(spec: try fileName("spec"), base: try fileName("base"), benchmark: try fileName("benchmark"),
                        contribution: try fileName("contribution"))
        report = Bytes32(bytes: try r.hex(top["report"]!, at: "report", digits: 64, what: "the report hash"))!
        guard let list = top["signatures"]!.arrayValue else {
            throw r.fail("signatures", "expected an array of {signer, signature} objects, found \(top["signatures"]!.kindName)")
        }
        var entries: [Entry] = []
        for (k, item) in list.enumerated() {
            let at = "signatures[\(k)]"
            let e = try r.object(item, at: at, keys: Self.signatureKeys, what: "a signature entry")
            _ = try r.hex(e["signer"]!, at: "\(at).signer", digits: 40, what: "a signer address")
            let sigBytes = try r.hex(e["signature"]!, at: "\(at).signature", digits: 130, what: "a signature (65 bytes r ‖ s ‖ v)")
            let entry: Entry
            do {
                // The text is now exactly 0x and 40 hex digits; Address(hex:) adds the EIP-55 check.
                entry = Entry(signer: try Address(hex: e["signer"]!.stringValue!), signature: try Secp256k1.Signature(bytes: sigBytes))
            } catch let err as EthereumError {
                throw EthereumError(err.code, err.message, at: r.locate(err.code == .invalidAddress ? "\(at).signer" : "\(at).signature"))
            }
            if let m = entries.firstIndex(where: { $0.signature == entry.signature }) {
                throw r.fail(at, "signature \(k + 1) repeats signature \(m + 1) (signatures[\(m)]) byte for byte; delete the copy, since each signature may appear once")
            }
            if let m = entries.firstIndex(where: { $0.signer == entry.signer }) {
                throw r.fail("\(at).signer", "signature \(k + 1) is a second signature by \(entry.signer.checksummed), who already signed signature \(m + 1) (signatures[\(m)]); keep one of them, since each signer may sign once")
            }
            entries.append(entry)
        }
        signatures = entries
        let stored = try r.hex(top["digest"]!, at: "digest", digits: 64, what: "the digest")
        guard stored == computed.bytes else {
            throw r.fail("digest", "the digest does not match the typed data: the file was altered after signing; get the attestation again from its signer")
        }
    }
}

/// Reads JSON values against Merit's exact shapes, with errors that name the file and the JSON path.
struct StrictReader {
    /// The file as the user named it.
    let file: String

    /// `file: path`, or the file alone at the top level.
    func locate(_ path: String) -> String { path.isEmpty ? file : "\(file): \(path)" }

    /// An error at `path`.
    func fail(_ path: String, _ message: String) -> EthereumError {
        EthereumError(.invalidTypedData, message, at: locate(path))
    }

    /// The members of an object that must have exactly `keys`: an unknown key and a missing key are errors.
    func object(_ v: JSONValue, at path: String, keys: [String], what: String) throws -> [String: JSONValue] {
        let shape = "\(what) has exactly the keys \(keys.joined(separator: ", "))"
        guard let members = v.objectMembers else { throw fail(path, "expected \(what) (a JSON object), found \(v.kindName)") }
        var out: [String: JSONValue] = [:]
        for m in members {
            guard keys.contains(m.key) else {
                throw fail(JSONValue.path(path, key: m.key), "unknown key; \(shape): remove it or correct its spelling")
            }
            out[m.key] = m.value
        }
        for k in keys where out[k] == nil { throw fail(JSONValue.path(path, key: k), "missing; \(shape)") }
        return out
    }

    /// The bytes of a string that is exactly `0x` and `digits` hex digits (either case), nothing else.
    func hex(_ v: JSONValue, at path: String, digits: Int, what: String) throws -> [UInt8] {
        let form = "\(what) is 0x followed by exactly \(digits) hex digits, with no spaces"
        guard let s = v.stringValue else { throw fail(path, "expected a string, found \(v.kindName); \(form)") }
        let u = Array(s.utf8)
        func isHex(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) || (0x61...0x66).contains(c) || (0x41...0x46).contains(c) }
        let problem: String?
        if u.contains(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            problem = "it contains white space"
        } else if !u.starts(with: [0x30, 0x78]) {
            problem = "it does not start with 0x"
        } else if let bad = u.dropFirst(2).firstIndex(where: { !isHex($0) }) {
            problem = "character \(bad + 1) is not a hex digit"
        } else if u.count - 2 != digits {
            problem = "it has \(u.count - 2) hex digits after 0x"
        } else {
            problem = nil
        }
        if let problem { throw fail(path, "\(problem); \(form)") }
        return Hex.decode(s)!
    }
}
