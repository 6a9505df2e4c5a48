import ArgumentParser
import Foundation
import MeritBase
import MeritCore
import MeritData
import MeritEval
import MeritEthereum

/// Exit codes shared by every command.
public enum ExitStatus {
    public static let awarded: Int32 = 0
    public static let error: Int32 = 1
    public static let noDeltaOne: Int32 = 3
    public static let rejected: Int32 = 4
}

/// Turns domain errors into one clear line on stderr and the documented exit code.
public enum CLIFailure {
    public static func exitCode(for error: Error) -> Int32 {
        switch error {
        case let e as DataError:
            switch e.code {
            case .fileNotFound, .unreadable, .invalidArgument: return ExitStatus.error
            default: return ExitStatus.rejected
            }
        case let e as EvalError: return e.code == .inputRejected ? ExitStatus.rejected : ExitStatus.error
        default: return ExitStatus.error
        }
    }

    /// Runs `body`, printing a domain error as `merit: error: ...` and exiting with its code.
    public static func guarding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as ExitCode {
            throw e
        } catch let e as DataError {
            fail(e.description, exitCode(for: e))
        } catch let e as CoreError {
            fail(e.description, ExitStatus.error)
        } catch let e as EvalError {
            fail(e.description, exitCode(for: e))
        } catch let e as EthereumError {
            fail(e.description, ExitStatus.error)
        } catch let e as JSONError {
            fail(e.description, ExitStatus.error)
        } catch let e as CocoaError {
            fail("file error: \(e.localizedDescription)", ExitStatus.error)
        }
    }

    /// For async commands: domain errors as `guarding` reports them, and any other error (store, watcher,
    /// network) as one `merit: error:` line with exit code 1. Usage errors go to ArgumentParser.
    public static func guardingAll<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let e as ExitCode { throw e } catch let e as ValidationError { throw e } catch let e as CleanExit { throw e } catch {
            if let e = error as? CocoaError { fail("file error: \(e.localizedDescription)", ExitStatus.error) }
            fail("\(error)", exitCode(for: error))
        }
    }

    public static func fail(_ message: String, _ code: Int32) -> Never {
        FileHandle.standardError.write(Data("merit: error: \(printable(message))\n".utf8))
        exit(code)
    }

    /// One line a terminal shows as written: control characters (escape sequences included) escaped,
    /// and at most 2,000 characters, whatever reached the message.
    public static func printable(_ message: String) -> String {
        var out = ""
        for (i, scalar) in message.unicodeScalars.enumerated() {
            if i >= 2_000 { out += "… (cut)"; break }
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0..<0x20, 0x7F, 0x80..<0xA0, 0x202A...0x202E, 0x2066...0x2069: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Reads a spec file, with a clear error when it is missing.
    public static func loadSpec(_ path: String) throws -> ModelSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(.fileNotFound, "no such model spec file; check the path (see the README's 'Model spec')", file: path)
        }
        return try ModelSpec.parse(data, fileName: path)
    }
}
