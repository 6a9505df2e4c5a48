import ArgumentParser
import Foundation
import MeritBase
import MeritEthereum
import MeritCommandLine

/// `merit keys`: signing keys (Ethereum keystores). API keys are `merit api-keys`.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create signing keys (keystore V3 files, readable by geth and eth-account).",
        subcommands: [New.self, Create.self])

    /// `merit keys create`: the old name of `merit api-keys create`, kept for one release.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Deprecated: use `merit api-keys create` (this name goes in the next release).",
            shouldDisplay: false)
        @OptionGroup var options: APIKeys.Create

        func run() async throws {
            FileHandle.standardError.write(Data("merit: warning: `merit keys create` is deprecated and goes in the next release; use `merit api-keys create`\n".utf8))
            try await options.run()
        }
    }

    /// `merit keys new --out F`.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a secp256k1 key and write it as an encrypted keystore V3 file.",
            discussion: "The password comes from --password-file, the environment variable named by --password-env (default MERIT_KEYSTORE_PASSWORD), or a prompt; never from the command line. The file is written with mode 0600 and never overwritten.")

        @Option(help: "Where to write the keystore.") var out: String
        @Option(help: "Key derivation: scrypt (geth's default) or pbkdf2.") var kdf: String = "scrypt"
        @Option(help: "scrypt cost n, a power of two (geth's standard is 262144).") var scryptN: Int = 1 << 18
        @Option(help: "PBKDF2 iterations.") var pbkdf2Iterations: Int = 262_144
        @OptionGroup var password: PasswordOptions
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard kdf == "scrypt" || kdf == "pbkdf2" else { throw ValidationError("--kdf must be scrypt or pbkdf2") }
            guard scryptN > 1 && scryptN & (scryptN - 1) == 0 else { throw ValidationError("--scrypt-n must be a power of two") }
        }

        func run() throws {
            try CLIFailure.guarding {
                guard !FileManager.default.fileExists(atPath: out) else {
                    throw ValidationError("\(out) exists; Merit never overwrites a key file. Choose another --out")
                }
                let pw = try password.password(prompt: "Password for the new key: ", confirm: true)
                let key = Secp256k1.PrivateKey.generate()
                let derivation: Keystore.KeyDerivation = kdf == "scrypt" ? .scrypt(n: scryptN, r: 8, p: 1) : .pbkdf2(c: pbkdf2Iterations)
                let file = try Keystore.encrypt(key, password: pw, kdf: derivation)
                let fd = open(out, O_WRONLY | O_CREAT | O_EXCL, 0o600)
                guard fd >= 0 else { throw ValidationError("\(out): cannot create the file (\(String(cString: strerror(errno))))") }
                let bytes = Array(file.serialized().utf8)
                let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                fsync(fd)
                close(fd)
                guard written == bytes.count else { throw ValidationError("\(out): the write was cut short; delete the file and retry") }
                if json {
                    print(JSONValue.object(["address": .string(key.address.checksummed), "keystore": .string(out)]).serialized(), terminator: "")
                } else {
                    print(key.address.checksummed)
                }
            }
        }
    }
}
