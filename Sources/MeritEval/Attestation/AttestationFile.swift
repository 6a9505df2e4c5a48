import MeritBase
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
        /// The contribution (empty in a version record, which has none).
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
}
