import Foundation
import MeritCore
import MeritData

/// Runs an external program as the trainer (the contract is in docs/trainer-command.md).
///
/// Merit writes `train.csv` (features and label) and `benchmark.csv` (features only, labels withheld)
/// to a fresh folder, runs the program there with MERIT_* variables, and reads `predictions.csv`.
public struct CommandTrainer: Trainer {
    /// Program and arguments.
    public var command: [String]
    /// Seconds before the program is stopped.
    public var timeoutSeconds: Int
    /// Seed passed as MERIT_SEED.
    public var seed: UInt64
    /// Folder where per-run folders are made.
    public var workDirectory: URL

    /// Creates a command trainer.
    public init(command: [String], timeoutSeconds: Int, seed: UInt64, workDirectory: URL) {
        self.command = command; self.timeoutSeconds = timeoutSeconds; self.seed = seed; self.workDirectory = workDirectory
    }

    public var identity: String { "command " + command.joined(separator: " ") + " seed=\(seed)" }

    public func predict(_ job: TrainingJob) throws -> Predictions {
        let dir = workDirectory.appendingPathComponent("trainer-\(job.trainRows.count)-\(job.benchmarkRows.count)")
        try? FileManager.default.removeItem(at: dir)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let names = job.features.map(\.name)
        try CSVWriter.write(to: dir.appendingPathComponent("train.csv"), header: names + [job.label],
                            rows: zip(job.trainRows, job.trainLabels).map { row, y in
                                row.map(\.csvText) + [job.kind == .regression ? "\(y)" : job.classes[Int(y)]]
                            })
        try CSVWriter.write(to: dir.appendingPathComponent("benchmark.csv"), header: names,
                            rows: job.benchmarkRows.map { $0.map(\.csvText) })
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["MERIT_TRAIN"] = dir.appendingPathComponent("train.csv").path
        env["MERIT_BENCHMARK"] = dir.appendingPathComponent("benchmark.csv").path
        env["MERIT_PREDICTIONS"] = dir.appendingPathComponent("predictions.csv").path
        env["MERIT_SEED"] = String(seed)
        env["MERIT_TASK"] = job.kind.rawValue
        env["MERIT_LABEL"] = job.label
        env["MERIT_CLASSES"] = job.classes.joined(separator: ",")
        process.environment = env
        let log = dir.appendingPathComponent("trainer.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let logHandle = try FileHandle(forWritingTo: log)
        process.standardOutput = logHandle
        process.standardError = logHandle
        do { try process.run() } catch {
            throw EvalError(.trainerFailed, "trainer.command '\(command[0])' could not be started; check that it is installed and on PATH")
        }
        let deadline = Date().addingTimeInterval(Double(timeoutSeconds))
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw EvalError(.trainerFailed, "trainer.command ran longer than \(timeoutSeconds) s and was stopped; raise trainer.timeout_seconds or speed it up")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        try? logHandle.close()
        guard process.terminationStatus == 0 else {
            throw EvalError(.trainerFailed, "trainer.command exited with status \(process.terminationStatus); its output is in \(log.path)")
        }
        return try readPredictions(dir.appendingPathComponent("predictions.csv"), job: job)
    }

    func readPredictions(_ url: URL, job: TrainingJob) throws -> Predictions {
        let width = job.kind == .multiclassClassification ? job.classes.count : 1
        let reader: CSVReader
        do { reader = try CSVReader(path: url.path, displayName: "predictions.csv") } catch {
            throw EvalError(.trainerFailed, "trainer.command did not write predictions.csv (MERIT_PREDICTIONS): \(error)")
        }
        guard reader.header.count == width else {
            throw EvalError(.trainerFailed, "predictions.csv has \(reader.header.count) columns; expected \(width) (see docs/trainer-command.md)")
        }
        var values: [Double] = []
        try reader.forEachRecord { row in
            for i in 0..<width {
                guard let v = Double(row.string(i).trimmingCharacters(in: .whitespaces)), v.isFinite else {
                    throw EvalError(.trainerFailed, "predictions.csv line \(row.line): column \(i + 1) is not a finite number")
                }
                values.append(v)
            }
        }
        guard values.count == job.benchmarkRows.count * width else {
            throw EvalError(.trainerFailed, "predictions.csv has \(values.count / width) rows; the benchmark has \(job.benchmarkRows.count)")
        }
        return Predictions(values: values)
    }
}

/// Writes RFC 4180 CSV, quoting only fields that need it.
public enum CSVWriter {
    /// Writes a header and rows to `url`.
    public static func write(to url: URL, header: [String], rows: [[String]]) throws {
        var out = ""
        out.reserveCapacity(64 * (rows.count + 1))
        func line(_ fields: [String]) {
            out += fields.map(quote).joined(separator: ",")
            out += "\n"
        }
        line(header)
        for r in rows { line(r) }
        try Data(out.utf8).write(to: url)
    }

    /// Quotes a field when it contains a comma, quote, CR or LF.
    public static func quote(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}
