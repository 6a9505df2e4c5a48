import ArgumentParser
import Foundation
import MeritBase
import MeritEthereum
import MeritCommandLine

/// `merit eth`: Ethereum primitives in the standard formats, so other tools can check Merit and back.
struct Eth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ethereum primitives: addresses, EIP-712 digests and signatures, Keccak-256, ABI encoding.",
        discussion: "TYPED.json is the standard eth_signTypedData_v4 JSON: {types, primaryType, domain, message}.",
        subcommands: [AddressCommand.self, Digest.self, Sign.self, Recover.self, KeccakCommand.self, ABIEncode.self, Bench.self])

    /// Reads a file (or stdin for `-`) as typed data.
    static func typedData(_ path: String) throws -> TypedData {
        let data: Data
        if path == "-" { data = FileHandle.standardInput.readDataToEndOfFile() } else {
            guard let d = FileManager.default.contents(atPath: path) else { throw ValidationError("\(path): no such file") }
            data = d
        }
        do { return try TypedData(json: JSONValue.parse(Array(data), name: path)) } catch let e as JSONError {
            throw EthereumError(e)
        } catch let e as EthereumError {
            throw EthereumError(e.code, e.message, at: e.location.map { "\(path): \($0)" } ?? path)
        }
    }

    /// `merit eth address --keystore F`.
    struct AddressCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "address",
            abstract: "Print the EIP-55 address of a keystore's key (or of --private-key-file).",
            discussion: "The key is decrypted, so the address is proven, not just read from the file; --declared prints the file's own claim without a password.")
        @OptionGroup var key: KeyOptions
        @Flag(help: "Print the address the keystore declares, without decrypting.") var declared = false

        func run() throws {
            try CLIFailure.guarding {
                if declared, let path = key.keystore {
                    guard let a = try Keystore.declaredAddress(try KeystoreFile.read(path)) else {
                        throw EthereumError(.invalidKeystore, "the keystore declares no address; drop --declared to decrypt it", at: path)
                    }
                    print(a.checksummed)
                    return
                }
                print(try key.load().address.checksummed)
            }
        }
    }

    /// `merit eth digest TYPED.json`.
    struct Digest: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the EIP-712 digest of typed data.")
        @Argument(help: "TYPED.json, or - for stdin.") var typed: String
        @Flag(help: "Print JSON with the domain separator, the message hash and the type string too.") var json = false

        func run() throws {
            try CLIFailure.guarding {
                let td = try Eth.typedData(typed)
                let digest = try td.digest()
                if json {
                    var members: [JSONValue.Member] = [.init("digest", .string(digest.hex)), .init("domainSeparator", .string(try td.domainSeparator().hex))]
                    if td.primaryType != "EIP712Domain" {
                        members.append(.init("messageHash", .string(try td.hashStruct(td.primaryType, td.message, path: "message").hex)))
                    }
                    members.append(.init("encodeType", .string(try td.encodeType(td.primaryType))))
                    print(JSONValue.object(members).serialized(), terminator: "")
                } else {
                    print(digest.hex)
                }
            }
        }
    }

    /// `merit eth sign TYPED.json --keystore F`.
    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign typed data (EIP-712); prints the 65-byte signature r‖s‖v as 0x-hex.",
            discussion: "The signature is deterministic (RFC 6979), low-s, v = 27/28: what eth_signTypedData_v4 returns.")
        @Argument(help: "TYPED.json, or - for stdin.") var typed: String
        @OptionGroup var key: KeyOptions
        @Flag(help: "Print JSON: signer, digest, signature.") var json = false

        func run() throws {
            try CLIFailure.guarding {
                let td = try Eth.typedData(typed)
                let digest = try td.digest()
                let k = try key.load()
                let sig = k.sign(digest: digest)
                if json {
                    print(JSONValue.object(["signer": .string(k.address.checksummed), "digest": .string(digest.hex), "signature": .string(sig.hex)]).serialized(), terminator: "")
                } else {
                    print(sig.hex)
                }
            }
        }
    }

    /// `merit eth recover TYPED.json SIGNATURE`.
    struct Recover: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the address that signed typed data.",
            discussion: "Refuses high-s signatures and v other than 27/28 (exit 4), as OpenZeppelin's ECDSA and ecrecover do.")
        @Argument(help: "TYPED.json, or - for stdin.") var typed: String
        @Argument(help: "The signature, 0x-hex of r‖s‖v.") var signature: String

        func run() throws {
            try CLIFailure.guarding {
                let td = try Eth.typedData(typed)
                do {
                    let sig = try Secp256k1.Signature(hex: signature)
                    print(try td.recover(sig).checksummed)
                } catch let e as EthereumError where e.code == .invalidSignature {
                    CLIFailure.fail("signature: \(e.message)", ExitStatus.rejected)
                }
            }
        }
    }

    /// `merit eth keccak`.
    struct KeccakCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keccak",
            abstract: "Print Keccak-256 (Ethereum's, not SHA3-256) of text, hex bytes, a file or stdin.")
        @Argument(help: "UTF-8 text to hash; omit to read stdin.") var text: String?
        @Option(help: "Hash these bytes, given as hex (0x optional).") var hex: String?
        @Option(help: "Hash a file's bytes (streamed).") var file: String?

        func run() throws {
            try CLIFailure.guarding {
                var k = Keccak256()
                if let hex {
                    guard let b = Hex.decode(hex) else { throw ValidationError("--hex: not whole bytes of hex") }
                    k.update(b)
                } else if let file {
                    guard let h = FileHandle(forReadingAtPath: file) else { throw ValidationError("--file \(file): no such file") }
                    while let chunk = try h.read(upToCount: 1 << 20), !chunk.isEmpty { chunk.withUnsafeBytes { k.update($0) } }
                } else if let text {
                    k.update(Array(text.utf8))
                } else {
                    let d = FileHandle.standardInput.readDataToEndOfFile()
                    d.withUnsafeBytes { k.update($0) }
                }
                print(k.finalize().hex)
            }
        }
    }

    /// `merit eth abi-encode SIG VALUES...`.
    struct ABIEncode: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "abi-encode",
            abstract: "ABI-encode values: `merit eth abi-encode 'f(uint256,string[])' 7 '[\"a\",\"b\"]'`.",
            discussion: """
            SIG is a type list `(t1,t2)` or a function signature `name(t1,t2)`. Each value is JSON when it parses as JSON \
            (numbers, true/false, arrays for arrays and tuples, quoted strings), and otherwise a plain string, so 0x-hex and \
            text need no quotes. --json takes all values as one JSON array instead. Prints abi.encode(values) as 0x-hex; \
            --selector prepends the function's 4-byte selector (call data).
            """)
        @Argument(help: "Type list or function signature.") var signature: String
        @Argument(help: "One value per type.") var values: [String] = []
        @Option(help: "All values as one JSON array.") var json: String?
        @Flag(help: "Prepend the 4-byte selector of the function signature.") var selector = false

        func run() throws {
            try CLIFailure.guarding {
                let open = signature.firstIndex(of: "(") ?? signature.startIndex
                let name = String(signature[..<open])
                let types = try ABIType.parseList(String(signature[open...]))
                let parsed: [JSONValue]
                if let json {
                    guard let a = try JSONValue.parse(json, name: "--json").arrayValue else { throw ValidationError("--json must be a JSON array") }
                    parsed = a
                } else {
                    parsed = values.map { (try? JSONValue.parse($0)) ?? .string($0) }
                }
                var out = try ABIEncoder.encode(types, parsed)
                if selector {
                    guard !name.isEmpty else { throw ValidationError("--selector needs a function name: name(t1,t2)") }
                    out = ABIEncoder.selector(ABIEncoder.signature(name, types)) + out
                }
                print("0x" + Hex.encode(out))
            }
        }
    }
}
