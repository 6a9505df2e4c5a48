import MeritEthereum

/// `attestation.json`: the typed data, its digest, the signatures, and the input file names.
///
/// Serialised with `JSONValue`, so the same attestation always has the same bytes.
public struct AttestationFile: Sendable, Equatable {
    /// The format tag.
    public static let format = "merit-attestation-v1"

    /// One attester's signature.
    public struct Entry: Sendable, Equatable {
        /// The address the attester claims; verification recovers it from the signature.
        public var signer: Address
        /// r ‖ s ‖ v.
        public var signature: Secp256k1.Signature
    }

    /// File names of the inputs, relative to the data folder (not signed; used to find the files).
    public struct Inputs: Sendable, Equatable {
        /// The model spec.
        public var spec: String
        /// The base data.
        public var base: String
        /// The benchmark.
        public var benchmark: String
        /// The contribution.
        public var contribution: String
        /// Creates the names.
        public init(spec: String, base: String, benchmark: String, contribution: String) {
            self.spec = spec; self.base = base; self.benchmark = benchmark; self.contribution = contribution
        }
    }

    /// The signed typed data.
    public var typedData: TypedData
    /// Signatures, sorted by signer address.
    public var signatures: [Entry]
    /// Input file names.
    public var inputs: Inputs
    /// keccak256 of report.json's bytes.
    public var report: Bytes32

    /// Creates an unsigned attestation.
    public init(typedData: TypedData, inputs: Inputs, report: Bytes32) {
        self.typedData = typedData; self.signatures = []; self.inputs = inputs; self.report = report
    }

    /// The EIP-712 digest.
    public func digest() throws -> Bytes32 { try typedData.digest() }

    /// Adds `key`'s signature. Signing twice with one key is refused, as a second copy would count twice
    /// for a careless verifier.
    public mutating func sign(with key: Secp256k1.PrivateKey) throws {
        guard !signatures.contains(where: { $0.signer == key.address }) else {
            throw EthereumError(.invalidSignature, "\(key.address) has already signed this attestation")
        }
        signatures.append(Entry(signer: key.address, signature: key.sign(digest: try digest())))
        signatures.sort { $0.signer < $1.signer }
    }

    /// The JSON form.
    public var json: JSONValue {
        get throws {
            .object([
                "format": .string(Self.format),
                "typedData": typedData.json,
                "digest": .string(try digest().hex),
                "signatures": .array(signatures.map { .object(["signer": .string($0.signer.checksummed), "signature": .string($0.signature.hex)]) }),
                "inputs": .object(["spec": .string(inputs.spec), "base": .string(inputs.base), "benchmark": .string(inputs.benchmark), "contribution": .string(inputs.contribution)]),
                "report": .string(report.hex),
            ])
        }
    }

    /// Reads the JSON form. The stored digest must match the typed data, and each signature must parse.
    public init(json: JSONValue, name: String) throws {
        func fail(_ m: String, _ at: String) -> EthereumError { EthereumError(.invalidTypedData, m, at: "\(name): \(at)") }
        guard json["format"]?.stringValue == Self.format else { throw fail("not a Merit attestation (format must be \(Self.format))", "format") }
        guard let td = json["typedData"] else { throw fail("missing", "typedData") }
        do { typedData = try TypedData(json: td) } catch let e as EthereumError {
            throw EthereumError(e.code, e.message, at: "\(name): typedData.\(e.location ?? "")")
        }
        guard let i = json["inputs"], let spec = i["spec"]?.stringValue, let base = i["base"]?.stringValue,
              let bench = i["benchmark"]?.stringValue, let contrib = i["contribution"]?.stringValue else {
            throw fail("needs spec, base, benchmark and contribution file names", "inputs")
        }
        inputs = Inputs(spec: spec, base: base, benchmark: bench, contribution: contrib)
        guard let r = json["report"]?.stringValue, let rh = Bytes32(hex: r) else { throw fail("expected 0x and 64 hex digits", "report") }
        report = rh
        guard let list = json["signatures"]?.arrayValue else { throw fail("missing or not an array", "signatures") }
        signatures = try list.enumerated().map { k, e in
            guard let s = e["signer"]?.stringValue, let sig = e["signature"]?.stringValue else { throw fail("needs signer and signature", "signatures[\(k)]") }
            do { return Entry(signer: try Address(hex: s), signature: try Secp256k1.Signature(hex: sig)) } catch let e as EthereumError {
                throw EthereumError(e.code, e.message, at: "\(name): signatures[\(k)]")
            }
        }
        guard let d = json["digest"]?.stringValue, Bytes32(hex: d) == (try typedData.digest()) else {
            throw fail("the digest does not match the typed data: the file was altered after signing", "digest")
        }
    }

    /// The outcome of checking signatures against a signer set and a threshold.
    public struct Verification: Sendable {
        /// One signature's check.
        public struct Check: Sendable {
            /// The claimed signer.
            public var claimed: Address
            /// The recovered signer, when recovery worked.
            public var recovered: Address?
            /// Whether it counts toward the threshold.
            public var counts: Bool
            /// Why not, when it does not.
            public var problem: String?
        }
        /// The digest checked.
        public var digest: Bytes32
        /// Whether the typed data has exactly Merit's DeltaOne types.
        public var meritTypes: Bool
        /// Each signature.
        public var checks: [Check]
        /// Distinct signers that count.
        public var validSigners: [Address]
        /// Signatures required.
        public var threshold: Int
        /// Whether the attestation holds. At least one valid signature is always required, whatever the
        /// threshold says: an unsigned attestation never verifies.
        public var ok: Bool { meritTypes && validSigners.count >= max(threshold, 1) && checks.allSatisfy { $0.counts || $0.problem == "not in the signer set" } }
    }

    /// Checks every signature: it must recover to its claimed signer, be low-s with v = 27/28, and,
    /// when `allowed` is given, come from that set. Distinct valid signers are counted against `threshold`.
    public func verify(allowed: [Address]?, threshold: Int) throws -> Verification {
        let digest = try digest()
        var checks: [Verification.Check] = []
        var valid: [Address] = []
        for e in signatures {
            var check = Verification.Check(claimed: e.signer, recovered: nil, counts: false, problem: nil)
            do {
                let who = try e.signature.recoverAddress(digest: digest)
                check.recovered = who
                if who != e.signer { check.problem = "recovers to \(who), not the claimed signer" }
                else if let allowed, !allowed.contains(who) { check.problem = "not in the signer set" }
                else if valid.contains(who) { check.problem = "a second signature by the same signer" }
                else { check.counts = true; valid.append(who) }
            } catch let err as EthereumError {
                check.problem = err.message
            }
            checks.append(check)
        }
        return Verification(digest: digest, meritTypes: DeltaOneAttestation.hasMeritTypes(typedData), checks: checks,
                            validSigners: valid, threshold: threshold)
    }
}
