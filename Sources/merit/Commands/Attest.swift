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
        subcommands: [Cosign.self, Calldata.self])

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
