import ArgumentParser
import Foundation
import MeritBase
import MeritEthereum
import MeritEval
import MeritCommandLine

/// `merit attest`: work with attestation.json files.
struct Attest: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Co-sign attestations and turn them into contract calls.",
        subcommands: [Cosign.self, Calldata.self, MintRequest.self])

    /// Reads an attestation file.
    static func read(_ path: String) throws -> AttestationFile {
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("\(path): no such file") }
        let json: JSONValue
        do { json = try JSONValue.parse(Array(data), name: path) } catch let e as JSONError { throw EthereumError(e) }
        return try AttestationFile(json: json, name: path)
    }

    /// Writes an attestation file atomically.
    static func write(_ file: AttestationFile, to path: String) throws {
        try Data(try file.json.serialized().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// `merit attest cosign attestation.json --keystore F`.
    struct Cosign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add your signature to an attestation (m-of-n attesting).",
            discussion: "Checks the existing signatures first; writes the file back (or to --out) with signatures sorted by signer. Signs the same digest, so the order of cosigning does not matter.")
        @Argument(help: "attestation.json") var attestation: String
        @OptionGroup var key: KeyOptions
        @Option(help: "Write here instead of updating the file in place.") var out: String?

        func run() throws {
            try CLIFailure.guarding {
                var file = try Attest.read(attestation)
                let check = try file.verify(allowed: nil, threshold: 0)
                if let bad = check.checks.first(where: { !$0.counts }) {
                    CLIFailure.fail("\(attestation): the signature of \(bad.claimed) does not hold (\(bad.problem ?? "")); refusing to cosign", ExitStatus.rejected)
                }
                let k = try key.load()
                try file.sign(with: k)
                try Attest.write(file, to: out ?? attestation)
                print("\(k.address.checksummed) signed \(try file.digest().hex); \(file.signatures.count) signature(s)")
            }
        }
    }

    /// `merit attest mint-request attestation.json --model-id N --verifying-contract 0x… --chain-id N`.
    struct MintRequest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mint-request",
            abstract: "Write the reference protocol's EIP-712 MintRequest for a paid attestation, signed, with its submitMintRequest call data.",
            discussion: "For Hokusai's DeltaVerifier (domain HokusaiDeltaVerifier, version 1). Scores are bps of the metric; the anchors are Merit's roots; the commitments are the lineage's model hashes; the idempotency key is sha256(\"MODELID:DIGEST\") of the attestation, so the same attestation always gives the same request. The deadline defaults to the evaluation time plus 5 days (never the clock). docs/token.md says how each field is made.")
        @Argument(help: "attestation.json (a paid DeltaOne attestation)") var attestation: String
        @Option(help: "The contract's model id (uint256, decimal).") var modelId: String
        @Option(help: "The DeltaVerifier contract's address.") var verifyingContract: String
        @Option(help: "The chain id.") var chainId: UInt64
        @Option(help: "Unix time after which the contract refuses the request.") var deadline: UInt64?
        @OptionGroup var key: KeyOptions

        func run() throws {
            try CLIFailure.guarding {
                let file = try Attest.read(attestation)
                guard let contract = try? Address(hex: verifyingContract) else { throw ValidationError("--verifying-contract: a 0x address of 40 hex digits") }
                let fields = try HokusaiMintRequest.fields(from: file, modelId: modelId, deadline: deadline)
                let td = HokusaiMintRequest.typedData(fields, chainId: chainId, verifyingContract: contract)
                var signatures: [(signer: Address, signature: Secp256k1.Signature)] = []
                if key.isGiven {
                    let k = try key.load()
                    signatures.append((k.address, try td.sign(with: k)))
                }
                let call = try HokusaiMintRequest.callData(fields, signatures: signatures)
                print(JSONValue.object([
                    .init("typedData", td.json), .init("digest", .string(try td.digest().hex)),
                    .init("signatures", .array(signatures.map { .object([.init("signer", .string($0.signer.checksummed)), .init("signature", .string($0.signature.hex))]) })),
                    .init("function", .string(ABIEncoder.signature("submitMintRequest", HokusaiMintRequest.callTypes))),
                    .init("callData", .string("0x" + Hex.encode(call))),
                ]).serialized())
            }
        }
    }

    /// `merit attest calldata attestation.json`.
    struct Calldata: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the ABI-encoded call submit(DeltaOne, bytes[]) for contracts/DeltaOneVerifier.vy.",
            discussion: "Send it as the data of a transaction to the deployed verifier (cast send --data, eth_sendTransaction, ...).")
        @Argument(help: "attestation.json") var attestation: String
        @Flag(help: "Print JSON: the function signature, selector and call data.") var json = false

        func run() throws {
            try CLIFailure.guarding {
                let file = try Attest.read(attestation)
                let (signature, data) = try AttestationCall.submit(file)
                if json {
                    print(JSONValue.object(["function": .string(signature), "selector": .string("0x" + Hex.encode(data.prefix(4))),
                                            "calldata": .string("0x" + Hex.encode(data))]).serialized(), terminator: "")
                } else {
                    print("0x" + Hex.encode(data))
                }
            }
        }
    }
}

/// The verifier contract's call, built from the typed data so it follows the documented types exactly.
enum AttestationCall {
    static func submit(_ file: AttestationFile) throws -> (String, [UInt8]) {
        let td = file.typedData
        let types: [ABIType] = [try td.abiType(td.primaryType), .array(.bytes, nil)]
        let values: [JSONValue] = [try td.abiValue(td.primaryType, td.message, path: "message"),
                                   .array(file.signatures.map { .string($0.signature.hex) })]
        let signature = ABIEncoder.signature("submit", types)
        return (signature, try ABIEncoder.callData("submit", types, values))
    }
}
