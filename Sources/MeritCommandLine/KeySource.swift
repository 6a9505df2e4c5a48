import ArgumentParser
import Foundation
import MeritBase
import MeritEthereum

/// Where a keystore password comes from: a file, an environment variable, or a prompt. Never argv,
/// where other users could read it in the process list.
public struct PasswordOptions: ParsableArguments {
    public init() {}
    @Option(help: "Read the keystore password from this file (its first line).") public var passwordFile: String?
    @Option(help: "Read the keystore password from this environment variable.") public var passwordEnv: String = "MERIT_KEYSTORE_PASSWORD"

    /// The password's bytes; prompts on the terminal when neither a file nor the variable gives one.
    public func password(prompt: String, confirm: Bool = false) throws -> [UInt8] {
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw ValidationError("--password-file \(passwordFile): no such file")
            }
            var text = String(decoding: data, as: UTF8.self)
            if let nl = text.firstIndex(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) { text = String(text[..<nl]) }
            return Array(text.utf8)
        }
        if let env = ProcessInfo.processInfo.environment[passwordEnv] { return Array(env.utf8) }
        guard let first = Terminal.readSecret(prompt) else {
            throw ValidationError("no password: give --password-file F, set \(passwordEnv), or run on a terminal to be asked")
        }
        if confirm {
            guard let second = Terminal.readSecret("Repeat the password: "), second == first else {
                throw ValidationError("the two passwords differ; nothing was written")
            }
        }
        return Array(first.utf8)
    }
}

/// A signing key: a keystore (with its password) or a file holding the private key in hex.
public struct KeyOptions: ParsableArguments {
    public init() {}
    @Option(help: "A keystore V3 file (geth, eth-account and `merit keys new` write these).") public var keystore: String?
    @Option(help: "A file holding the private key as 64 hex digits (a 0x prefix is allowed).") public var privateKeyFile: String?
    @OptionGroup public var password: PasswordOptions

    public var isGiven: Bool { keystore != nil || privateKeyFile != nil }

    public func validate() throws {
        if keystore != nil && privateKeyFile != nil { throw ValidationError("give --keystore or --private-key-file, not both") }
    }

    /// Loads the key; errors never include key material.
    public func load() throws -> Secp256k1.PrivateKey {
        if let privateKeyFile {
            guard let data = FileManager.default.contents(atPath: privateKeyFile) else {
                throw ValidationError("--private-key-file \(privateKeyFile): no such file")
            }
            do { return try Secp256k1.PrivateKey(hex: String(decoding: data, as: UTF8.self)) } catch let e as EthereumError {
                throw EthereumError(e.code, e.message, at: privateKeyFile)
            }
        }
        guard let keystore else { throw ValidationError("give --keystore F or --private-key-file F") }
        return try Self.load(keystore: keystore, password: password)
    }

    /// Decrypts a keystore with a password from the options, checking its declared address.
    public static func load(keystore: String, password: PasswordOptions) throws -> Secp256k1.PrivateKey {
        let json = try KeystoreFile.read(keystore)
        let key: Secp256k1.PrivateKey
        do { key = try Keystore.decrypt(json, password: try password.password(prompt: "Password for \(keystore): ")) } catch let e as EthereumError {
            throw EthereumError(e.code, e.message, at: keystore)
        }
        if let declared = try? Keystore.declaredAddress(json), declared != key.address {
            throw EthereumError(.invalidKeystore, "the file declares address \(declared) but its key belongs to \(key.address); the file was edited or mixed up", at: keystore)
        }
        return key
    }
}

public enum KeystoreFile {
    public static func read(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("--keystore \(path): no such file")
        }
        do { return try JSONValue.parse(Array(data), name: path) } catch let e as JSONError { throw EthereumError(e) }
    }
}

/// Reads a line from the terminal with echo off.
public enum Terminal {
    public static func readSecret(_ prompt: String) -> String? {
        let fd = open("/dev/tty", O_RDWR)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        _ = prompt.withCString { write(fd, $0, strlen($0)) }
        var old = termios()
        tcgetattr(fd, &old)
        var quiet = old
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(fd, TCSANOW, &quiet)
        defer { tcsetattr(fd, TCSANOW, &old); _ = "\n".withCString { write(fd, $0, 1) } }
        var bytes: [UInt8] = []
        var c: UInt8 = 0
        while read(fd, &c, 1) == 1 && c != 10 && c != 13 { bytes.append(c) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
