import Foundation

/// Runs a program without blocking the concurrency pool; returns its status and combined output.
/// Shared by the tests that drive real third-party clients (mlflow, lm-eval).
public func runProcess(_ args: [String], environment: [String: String] = [:]) async throws -> (Int32, String) {
    try await withCheckedThrowingContinuation { cont in
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, b in b }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        let collected = OutputBox()
        pipe.fileHandleForReading.readabilityHandler = { h in collected.append(h.availableData) }
        p.terminationHandler = { proc in
            pipe.fileHandleForReading.readabilityHandler = nil
            collected.append(pipe.fileHandleForReading.readDataToEndOfFile())
            cont.resume(returning: (proc.terminationStatus, collected.text))
        }
        do { try p.run() } catch { cont.resume(throwing: error) }
    }
}

/// A child process's output, appended from the pipe's handler queue.
public final class OutputBox: @unchecked Sendable {
    // Appended from the pipe's handler queue and read after termination; the lock guards both.
    private let lock = NSLock()
    private var data = Data()
    /// Creates an empty box.
    public init() {}
    /// Appends bytes.
    public func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
    /// Everything so far, as text.
    public var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}

/// Runs a Python script (`python3 SCRIPT ARGUMENTS`) and returns its standard output; throws with its
/// standard error when it fails. Shared by the tests that check Merit against Python references.
public func runPython(_ script: String, _ arguments: [String]) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", script] + arguments
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    let errors = OutputBox()
    err.fileHandleForReading.readabilityHandler = { h in errors.append(h.availableData) }
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    err.fileHandleForReading.readabilityHandler = nil
    errors.append(err.fileHandleForReading.readDataToEndOfFile())
    guard p.terminationStatus == 0 else {
        throw NSError(domain: "python", code: Int(p.terminationStatus), userInfo: [NSLocalizedDescriptionKey: "\(script) failed: \(errors.text)"])
    }
    return String(decoding: data, as: UTF8.self)
}
