import Foundation
import TestSupport
import Testing

/// End-to-end tests of the built `merit` binary (`swift build` runs before `swift test` in `make test`).
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/merit").path

    static func run(_ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, b in b } }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let errText = String(decoding: e, as: UTF8.self)
        // Every CLI message of the suite is scanned: none may quote a value of the data it was given.
        let leaks = LeakScanner(data: args.filter { !$0.hasPrefix("-") }).leaks(in: errText)
        #expect(leaks.isEmpty, "merit \(args.first ?? "") quoted data values on stderr: \(leaks.prefix(5))")
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), errText)
    }

    static func temp(_ name: String, _ bytes: [UInt8]) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try! Data(bytes).write(to: url)
        return url.path
    }
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func missingFileIsAClearErrorWithExitCode1() throws {
    let r = try CLI.run(["fingerprint", "/nonexistent/data.csv"])
    #expect(r.status == 1)
    #expect(r.err.contains("/nonexistent/data.csv: no such file"))
    #expect(!r.err.contains("Fatal error"))
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func brokenAndEmptyCSVsAreRejectedWithExitCode4() throws {
    let broken = try CLI.run(["fingerprint", CLI.temp("b.csv", Array("a,b\n1,\"open\n2,3\n".utf8))])
    #expect(broken.status == 4)
    #expect(broken.err.contains("b.csv:2"))
    let empty = try CLI.run(["fingerprint", CLI.temp("e.csv", [])])
    #expect(empty.status == 4)
    #expect(empty.err.contains("empty"))
    let long = try CLI.run(["fingerprint", "--quiet", CLI.temp("l.csv", Array("a\n".utf8) + Array(repeating: 120, count: 3 << 20))])
    #expect(long.status == 4)
    #expect(long.err.contains("longer than"))
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func proveAndVerifyRoundTrip() throws {
    var text = "id,name\n"
    for i in 0..<37 { text += "\(i),row \(i)\n" }
    let file = CLI.temp("d.csv", Array(text.utf8))
    let fp = try CLI.run(["fingerprint", "--quiet", file])
    #expect(fp.status == 0 && fp.out.contains("records 37"))
    let proof = try CLI.run(["prove", file, "--record", "21"])
    #expect(proof.status == 0)
    let proofFile = CLI.temp("p.json", Array(proof.out.utf8))
    let ok = try CLI.run(["verify-proof", proofFile])
    #expect(ok.status == 0 && ok.out.hasPrefix("valid"))
    let root = fp.out.split(separator: "\n")[0].split(separator: " ")[1]
    #expect(proof.out.contains(String(root)))
    let wrong = try CLI.run(["verify-proof", proofFile, "--root", "0x" + String(repeating: "ab", count: 32)])
    #expect(wrong.status == 4)
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func scanJSONGivesSpansNotValues() throws {
    let file = CLI.temp("s.csv", Array("id,notes\n1,mail bob@example.com please\n".utf8))
    let r = try CLI.run(["scan", "--json", "--quiet", file])
    #expect(r.status == 0)
    #expect(r.out.contains("\"kind\" : \"email\""))
    #expect(r.out.contains("\"start\" : 5") && r.out.contains("\"end\" : 20"))
    #expect(!r.out.contains("bob@example.com"))
}

@Test(.tags(.integration), .enabled(if: TestScope.everything)) func evaluateExitCodesTellOutcomesApart() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-cli-demo-\(UUID().uuidString)").path
    let demo = try CLI.run(["demo", "--out", dir, "--quiet"])
    #expect(demo.status == 0)
    #expect(demo.out.contains("AWARDED"))
    let data = dir + "/data"
    let args = ["evaluate", "--model", data + "/model.yaml", "--base", data + "/base.csv", "--benchmark", data + "/benchmark.csv", "--quiet"]
    let gaming = try CLI.run(args + ["--contribution", data + "/contribution-gaming.csv", "--out", dir + "/g"])
    #expect(gaming.status == 3)
    #expect(FileManager.default.fileExists(atPath: dir + "/g/report.json"))
    let selfAsContribution = try CLI.run(args + ["--contribution", data + "/benchmark.csv", "--out", dir + "/b"])
    #expect(selfAsContribution.status == 4)  // every row is benchmark contamination: rejected
    let badSpec = try CLI.run(["evaluate", "--model", "/nonexistent.yaml", "--base", "x", "--benchmark", "y", "--contribution", "z"])
    #expect(badSpec.status == 1)
}

extension CLI {
    /// Runs a Python helper from the MeritEthereumTests target; returns stdout.
    static func python(_ script: String, _ args: [String], folder: String = "Tests/MeritEthereumTests/Python") throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", root.appendingPathComponent("\(folder)/\(script)").path] + args
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: o, as: UTF8.self)
    }
}
