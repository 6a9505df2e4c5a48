import Foundation
import TestSupport
import Testing

/// Method: one `merit serve` (no job runners) and two `merit worker` processes on the same database;
/// the same useful contribution is submitted eight times over HTTP. Every job ends, each claimed exactly
/// once (attempts 1), and both worker processes ran some. Exactly one is paid (it became version 2, the
/// head); the seven others were judged against a head that already holds their rows and earn nothing,
/// even when two were judged at once against version 1 (the second to record is judged again). `merit
/// submit` repeated with a paid job's Idempotency-Key exits 0 and saves its report; with a rejected one's
/// it prints why and exits 4. On SQLite (two processes, one WAL file) and, when MERIT_TEST_POSTGRES_URL is
/// set, on PostgreSQL (its `_cli` database; scripts/postgres.sh makes it).
@Test(.tags(.integration), .enabled(if: TestScope.everything), .timeLimit(.minutes(5))) func twoWorkerProcessesShareTheJobQueue() async throws {
    var databases: [String?] = [nil]
    if let cli = postgresTestURL(suffix: "_cli") {
        let reset = try Processes.run(["psql", cli, "-qc", "DROP SCHEMA public CASCADE; CREATE SCHEMA public"])
        try #require(reset.status == 0, "psql: \(reset.output)")
        databases.append(cli)
    }
    for database in databases {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-workers-\(UUID().uuidString)").path
        let storage = ["--data", dir] + (database.map { ["--database", $0] } ?? [])
        let demo = dir + "/demo/data"
        #expect(try CLI.run(["demo", "--out", dir + "/demo", "--json"]).status == 0)
        let key = try CLI.run(["api-keys", "create", "--role", "admin", "--json"] + storage)
        let token = try #require((try JSONSerialization.jsonObject(with: Data(key.out.utf8)) as? [String: Any])?["key"] as? String)

        // The workers sign; the server (no key) publishes their address and trains version 1 unsigned
        // when it wins that race: a worker then adds its signature to version 1's record.
        let pw = CLI.temp("workers-pw.txt", Array("workers-test".utf8))
        #expect(try CLI.run(["keys", "new", "--out", dir + "/k.json", "--kdf", "pbkdf2", "--pbkdf2-iterations", "1000", "--password-file", pw]).status == 0)
        let address = try CLI.run(["eth", "address", "--keystore", dir + "/k.json", "--password-file", pw]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let signing = ["--keystore", dir + "/k.json", "--password-file", pw]

        let processes = Processes()
        defer { processes.stopAll() }
        let server = try processes.start([CLI.binary, "serve", "--port", "0", "--workers", "0", "--attester", address] + storage)
        let url = try #require(try await server.waitForLine(containing: "merit serve: listening on", timeout: 60)).split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init)!
        let http = HTTP(base: url, token: token)
        #expect(try http.send("POST", "/api/v1/models", file: demo + "/model.yaml").status == 201)
        for role in ["base", "benchmark"] {
            #expect(try http.send("PUT", "/api/v1/models/Credit%20Default%20Risk/data/\(role)?file=\(role).csv", file: demo + "/\(role).csv").status == 200)
        }
        for k in 0..<8 {
            try FileManager.default.copyItem(atPath: demo + "/contribution-good.csv", toPath: dir + "/c\(k).csv")
            let r = try http.send("POST", "/api/v1/models/Credit%20Default%20Risk/contributions?file=c\(k).csv&contributor=0x00000000000000000000000000000000000000a1",
                                  file: dir + "/c\(k).csv", headers: ["Idempotency-Key: upload-\(k)"])
            #expect(r.status == 202, "\(r.body)")
        }
        let workers = try (0..<2).map { _ in try processes.start([CLI.binary, "worker", "--workers", "1"] + storage + signing) }
        for w in workers { _ = try await w.waitForLine(containing: "job runner", timeout: 60) }

        var jobs: [[String: Any]] = []
        let ended: Set<String> = ["done", "rejected", "failed"]
        for _ in 0..<800 {
            let list = try http.send("GET", "/api/v1/jobs")
            jobs = ((try JSONSerialization.jsonObject(with: Data(list.body.utf8)) as? [String: Any])?["jobs"] as? [[String: Any]]) ?? []
            if jobs.count == 8 && jobs.allSatisfy({ ended.contains($0["state"] as? String ?? "") }) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let engine = database == nil ? "sqlite" : "postgresql"
        let states = jobs.map { $0["state"] as? String ?? "?" }
        #expect(jobs.count == 8 && states.filter { $0 == "done" }.count == 1 && states.filter { $0 == "rejected" }.count == 7, "\(engine): \(states) \(jobs.compactMap { $0["error"] })")
        #expect(jobs.allSatisfy { ($0["attempts"] as? Int) == 1 }, "\(engine): every job claimed once")
        let ranBy = Set(jobs.compactMap { $0["worker"] as? String })
        #expect(ranBy.count == 2, "\(engine): both worker processes ran jobs: \(ranBy)")
        let lineage = try http.send("GET", "/api/v1/models/Credit%20Default%20Risk/lineage")
        #expect(lineage.body.contains("\"head\":2"), "\(engine): \(lineage.body.prefix(300))")
        // Membership by version, with only the row's hash sent: a row of the paid contribution is in
        // version 2 and not in version 1; a base row is in version 1.
        let good = try String(contentsOfFile: demo + "/contribution-good.csv", encoding: .utf8).split(separator: "\n")
        let base = try String(contentsOfFile: demo + "/base.csv", encoding: .utf8).split(separator: "\n")
        try Data((good[0] + "\n" + good[5] + "\n").utf8).write(to: URL(fileURLWithPath: dir + "/row.csv"))
        try Data((base[0] + "\n" + base[9] + "\n").utf8).write(to: URL(fileURLWithPath: dir + "/base-row.csv"))
        func prove(_ file: String, _ version: Int) throws -> (status: Int32, out: String, err: String) {
            try CLI.run(["prove", "--server", url, "--model", "Credit Default Risk", "--version", String(version), dir + "/" + file], environment: ["MERIT_TOKEN": token])
        }
        let in2 = try prove("row.csv", 2)
        #expect(in2.status == 0 && in2.err.contains("INCLUDED: the row is record") && in2.err.contains("attested by \(address) in the attestation that created it")
                && in2.out.contains("\"proof\""), "\(engine): \(in2.out) \(in2.err)")
        let in1 = try prove("row.csv", 1)
        #expect(in1.status == 4 && in1.err.contains("not in version 1's training data"), "\(engine): \(in1.out) \(in1.err)")
        let baseIn1 = try prove("base-row.csv", 1)
        #expect(baseIn1.status == 0 && baseIn1.err.contains("attested by \(address) in version 1's signed record"), "\(engine): \(baseIn1.out) \(baseIn1.err)")
        // Version 1's record is an EIP-712 document like any attestation: `merit verify --server` checks it.
        let record = try http.send("GET", "/api/v1/models/Credit%20Default%20Risk/versions/1/attestation")
        try Data(record.body.utf8).write(to: URL(fileURLWithPath: dir + "/v1.json"))
        let verified = try CLI.run(["verify", dir + "/v1.json", "--server", url])
        #expect(record.status == 200 && verified.status == 0, "\(engine): \(record.body.prefix(300)) \(verified.out) \(verified.err)")
        // The same row as one JSON object, over several lines, as an API or a notebook prints it.
        let names = base[0].split(separator: ",").map(String.init), values = base[9].split(separator: ",").map(String.init)
        let object = Dictionary(uniqueKeysWithValues: zip(names, values).map { ($0, $1) })
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]).write(to: URL(fileURLWithPath: dir + "/base-row.json"))
        let jsonIn1 = try prove("base-row.json", 1)
        #expect(jsonIn1.status == 0 && jsonIn1.err.contains("INCLUDED"), "\(engine): \(jsonIn1.out) \(jsonIn1.err)")

        // `merit submit` with an Idempotency-Key already used for the same request (file, name, payees)
        // returns that contribution, waits for it, saves its report and exits as `merit evaluate` would.
        var checkedRejected = false
        for job in jobs {
            guard let file = job["file"] as? String, let state = job["state"] as? String, let k = Int(file.dropFirst().dropLast(4)) else { continue }
            let submitted = try CLI.run(["submit", dir + "/" + file, "--server", url, "--model", "Credit Default Risk",
                                         "--contributor", "0x00000000000000000000000000000000000000a1", "--idempotency-key", "upload-\(k)",
                                         "--out", dir + "/submitted-\(k)", "--json"], environment: ["MERIT_TOKEN": token])
            if state == "done" {
                #expect(submitted.status == 0 && submitted.out.contains("\"status\":\"awarded\""), "\(engine): \(submitted.out) \(submitted.err)")
                #expect(FileManager.default.fileExists(atPath: dir + "/submitted-\(k)/report.json"))
            } else if state == "rejected" && !checkedRejected {
                checkedRejected = true
                #expect(submitted.status == 4 && submitted.out.contains("\"status\":\"rejected\"") && submitted.out.contains("no contribution row was accepted"),
                        "\(engine): a rejected contribution exits 4 with its reason: \(submitted.out) \(submitted.err)")
                let text = try CLI.run(["submit", dir + "/" + file, "--server", url, "--model", "Credit Default Risk",
                                        "--contributor", "0x00000000000000000000000000000000000000a1", "--idempotency-key", "upload-\(k)",
                                        "--out", dir + "/submitted-\(k)", "--quiet"], environment: ["MERIT_TOKEN": token])
                #expect(text.status == 4 && text.out.contains("REJECTED") && text.out.contains("first lines rejected as already in the training data"),
                        "\(engine): \(text.out) \(text.err)")
            }
        }
        #expect(try CLI.run(["submit", demo + "/contribution-good.csv", "--server", url, "--model", "Credit Default Risk",
                             "--contributor", "0x00000000000000000000000000000000000000a1"], environment: ["MERIT_TOKEN": ""]).status == 64,
                "no key: a usage error, before anything is sent")
        processes.stopAll()
    }
}

/// Child processes a test starts, with their output collected, stopped when the test ends.
final class Processes: @unchecked Sendable {
    // Used from one test task; each child's output box has its own lock.
    final class Child: @unchecked Sendable {
        let process = Process()
        private let buffer = OutputBox()
        func append(_ d: Data) { buffer.append(d) }
        var output: String { buffer.text }

        /// The first output line containing `text`, waiting up to `timeout` seconds.
        func waitForLine(containing text: String, timeout: Double) async throws -> String? {
            for _ in 0..<Int(timeout * 10) {
                if let line = output.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("no line containing '\(text)'; output:\n\(output.suffix(2000))")
            return nil
        }
    }
    private var children: [Child] = []

    func start(_ args: [String]) throws -> Child {
        let c = Child()
        c.process.executableURL = URL(fileURLWithPath: args[0])
        c.process.arguments = Array(args.dropFirst())
        let pipe = Pipe()
        c.process.standardOutput = pipe
        c.process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { h in c.append(h.availableData) }
        try c.process.run()
        children.append(c)
        return c
    }

    func stopAll() {
        for c in children where c.process.isRunning { c.process.terminate() }
        for c in children { c.process.waitUntilExit() }
        children = []
    }

    /// Runs a command to completion.
    static func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Requests with curl (one process per request keeps the test free of an HTTP client dependency).
struct HTTP {
    let base: String
    let token: String

    func send(_ method: String, _ path: String, file: String? = nil, headers: [String] = []) throws -> (status: Int, body: String) {
        var args = ["curl", "-s", "-X", method, "-H", "Authorization: Bearer \(token)", "-w", "\n%{http_code}"]
        for h in headers { args += ["-H", h] }
        if let file { args += ["--data-binary", "@" + file] }
        args.append(base + path)
        let r = try Processes.run(args)
        let lines = r.output.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }
}
