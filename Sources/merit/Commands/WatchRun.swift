import ArgumentParser
import AsyncHTTPClient
import Foundation
import MeritCore
import MeritEthereum
import MeritStore
import MeritWatch
import MeritCommandLine

extension Watch {
    /// `merit watch run`.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure every endpoint on the tasks, probe QoS and identity, and append a signed round to the chain.",
            discussion: """
            Tasks are lm-evaluation-harness YAML files with local data (see tasks/ for the shipped ones). \
            Without --once, a round starts every --every seconds until interrupted.
            """)
        @Option(name: .customLong("task"), help: "A task YAML file (repeat for several).") var tasks: [String] = []
        @Option(help: "Score only the first N documents of each task (lm-eval's --limit).") var limit: Int?
        @Option(help: "Identity probe prompts per round.") var probes: Int = 16
        @Flag(help: "Run one round and exit.") var once = false
        @Option(help: "Seconds between round starts.") var every: Double = 3600
        @OptionGroup var key: KeyOptions
        @OptionGroup var storage: StorageOptions
        @Flag(help: "Print the round's outcome as JSON.") var json = false
        @Flag(help: "No progress bar.") var quiet = false

        func validate() throws {
            guard !tasks.isEmpty else { throw ValidationError("give at least one --task FILE.yaml (the shipped tasks are in tasks/)") }
            guard key.isGiven else { throw ValidationError("rounds are signed: give the watcher's --keystore F (or --private-key-file F)") }
            guard (0...1000).contains(probes) else { throw ValidationError("--probes must be 0 to 1000") }
            guard every > 0 else { throw ValidationError("--every must be positive") }
        }

        func run() async throws {
            try await CLIFailure.guardingAll {
                let signer = try key.load()
                let plans = try tasks.map { try TaskPlan(config: try TaskConfig.load(path: $0), limit: limit) }
                let stores = try await Stores.open(storage.configuration)
                let bar = ProgressBar(enabled: !quiet && !json)
                let http = OpenAICompletionsClient.makeHTTPClient(concurrency: 256)
                let runner = WatchRunner(http: http, key: signer, probeCount: probes, meritVersion: Merit.configuration.version,
                                         progress: { stage, f in bar.update(stage, f) })
                let service = WatchService(store: stores.watch, runner: runner)
                do {
                    repeat {
                        let began = ContinuousClock.now
                        do {
                            let (outcome, row) = try await service.runRound(plans: plans)
                            bar.finish()
                            if json { print(try Self.outcomeJSON(outcome, row)) } else { Self.printOutcome(outcome, row) }
                        } catch where !once {
                            // On a schedule one failed round (another watcher appended first, the database
                            // was briefly unreachable) must not stop the watcher: say so and go on.
                            bar.finish()
                            FileHandle.standardError.write(Data("merit: round failed: \(error); the next round starts on schedule\n".utf8))
                        }
                        if once { break }
                        let wait = max(0, every - Double((ContinuousClock.now - began).components.seconds))
                        try await Task.sleep(for: .seconds(wait))
                    } while true
                } catch {
                    try? await http.shutdown()
                    try? await stores.database.close()
                    throw error
                }
                try await http.shutdown()
                try await stores.database.close()
            }
        }

        static func printOutcome(_ o: WatchRunner.Outcome, _ row: SignedRound) {
            print("round \(row.round) signed by \(row.signer)")
            print("  digest   \(row.digest)")
            print("  previous \(row.previous)")
            print(String(format: "  measured in %.3f s", o.seconds))
            var rows: [[String]] = []
            for s in o.scores where s.primary {
                let (lo, hi) = s.score.interval95
                rows.append([s.endpoint, s.task, s.metric, String(format: "%.4f", s.score.value), String(format: "±%.4f", s.score.stderr),
                             String(format: "[%.3f, %.3f]", lo, hi), "\(s.score.count)"])
            }
            print(WatchCLI.table(["endpoint", "task", "metric", "score", "stderr", "95% CI", "n"], rows))
            for id in o.qos.keys.sorted() {
                let q = o.qos[id]!
                let errs = q.failures.filter { $0.count > 0 }.map { "\($0.errorClass.rawValue)=\($0.count)" }.joined(separator: " ")
                let v = o.identity[id]
                print("  \(id): p50 \(fmt(q.latencyP50)) ms, p99 \(fmt(q.latencyP99)) ms, TTFT p50 \(fmt(q.firstTokenP50)) ms, "
                      + "\(q.successes)/\(q.requests) ok\(errs.isEmpty ? "" : " (\(errs))"), identity \(v?.status ?? "-")"
                      + (v?.agreement.map { String(format: " (agreement %.2f with %@)", $0, v?.comparedWith ?? "-") } ?? ""))
                if let c = q.capabilities {
                    print("    prompts as \(c.promptMode.rawValue)\(c.note.map { " (\($0))" } ?? "")"
                          + (q.loglikelihoodCheck.map { ", log-likelihood self-check \($0.status) (\($0.checked) of \(LoglikelihoodSelfCheck.prompts.count) prompts checked)" } ?? ""))
                }
                if let check = q.loglikelihoodCheck, check.status == "failed" {
                    print("    multiple-choice scores from \(id) are not ranked this round:")
                    for ev in check.evidence.prefix(2) where ev.count == 3 { print("      \(TemplateValueQuote.quote(ev[0])): expected \(ev[1]), got \(ev[2])") }
                }
            }
        }

        static func fmt(_ d: Double?) -> String { d.map { String(format: "%.1f", $0) } ?? "-" }

        static func outcomeJSON(_ o: WatchRunner.Outcome, _ row: SignedRound) throws -> String {
            struct Score: Encodable { var endpoint, task, metric: String; var value, stderr, lower95, upper95: Double; var samples: Int; var primary: Bool }
            struct Out: Encodable {
                var round: Int64; var digest, previous, signer: String; var seconds: Double
                var scores: [Score]; var qos: [String: QoSSummary]; var identity: [String: IdentityCheck.Verdict]
            }
            let scores = o.scores.map { s in
                Score(endpoint: s.endpoint, task: s.task, metric: s.metric, value: s.score.value, stderr: s.score.stderr,
                      lower95: s.score.interval95.lower, upper95: s.score.interval95.upper, samples: s.score.count, primary: s.primary)
            }
            // The histogram buckets are for merging rounds in the store; the percentiles say it here.
            let qos = o.qos.mapValues { q -> QoSSummary in var q = q; q.latencyHistogram = nil; q.firstTokenHistogram = nil; return q }
            return try WatchCLI.json(Out(round: row.round, digest: row.digest, previous: row.previous, signer: row.signer, seconds: o.seconds,
                                         scores: scores, qos: qos, identity: o.identity))
        }
    }

    /// `merit watch verify`.
    struct VerifyChain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check the chain of rounds: signatures, links, numbering, data hashes and probe seeds.")
        @Option(help: "Accept only these watcher addresses (comma-separated); by default the first round's signer.") var signers: String?
        @OptionGroup var storage: StorageOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CLIFailure.guardingAll {
                let allowed = try signers.map { try $0.split(separator: ",").map { try Address(hex: String($0)) } }
                let stores = try await Stores.open(storage.configuration)
                let rows = try await stores.watch.rounds()
                try await stores.database.close()
                let checks = ChainVerifier.verify(rows, signers: allowed)
                let bad = checks.filter { !$0.problems.isEmpty }
                if json {
                    struct C: Encodable { var round: UInt64; var digest: String; var ok: Bool; var problems: [String] }
                    struct Out: Encodable { var ok: Bool; var rounds: Int; var head: String?; var checks: [C] }
                    print(try WatchCLI.json(Out(ok: bad.isEmpty, rounds: checks.count, head: checks.last?.digest,
                                                checks: checks.map { C(round: $0.round, digest: $0.digest, ok: $0.problems.isEmpty, problems: $0.problems) })))
                } else {
                    for c in bad { for p in c.problems { print("round \(c.round): \(p)") } }
                    if checks.isEmpty { print("no rounds yet") }
                    else if bad.isEmpty { print("OK: \(checks.count) round\(checks.count == 1 ? "" : "s") verif\(checks.count == 1 ? "ies" : "y"); head \(checks.last!.digest)") }
                    else { print("FAILED: \(bad.count) of \(checks.count) rounds do not verify") }
                }
                if !bad.isEmpty { throw ExitCode(ExitStatus.error) }
            }
        }
    }
}

/// `merit leaderboard`.
struct LeaderboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaderboard",
        abstract: "Print the endpoint leaderboard from the signed rounds (scores with 95% intervals, QoS, identity).")
    @Option(help: "Rounds in the sliding window.") var window: Int = 10
    @OptionGroup var storage: StorageOptions
    @Flag(help: "Print JSON (the same document as GET /api/v1/leaderboard).") var json = false

    func run() async throws {
        try await CLIFailure.guardingAll {
            let stores = try await Stores.open(storage.configuration)
            let board: Leaderboard
            do { board = try await Leaderboard.compute(store: stores.watch, window: window) } catch { try await stores.database.close(); throw error }
            try await stores.database.close()
            if json { print(try WatchCLI.json(board)); return }
            guard !board.entries.isEmpty else { print("no rounds yet; run `merit watch run --once`"); return }
            print("rounds \(board.windowFrom)–\(board.windowTo) (window \(board.windowRounds)), head \(board.headDigest ?? "-")")
            let rows = board.entries.map { e -> [String] in
                [String(e.rank), e.endpoint, e.model, String(format: "%.4f ± %.4f", e.average.value, e.average.stderr),
                 String(format: "[%.3f, %.3f]", e.average.lower95, e.average.upper95),
                 String(format: "%.3f", e.availability), Watch.Run.fmt(e.latencyP50), Watch.Run.fmt(e.latencyP99),
                 Watch.Run.fmt(e.firstTokenP50), e.identity ?? "-"]
            }
            print(WatchCLI.table(["#", "endpoint", "model", "average", "95% CI", "avail.", "p50 ms", "p99 ms", "TTFT ms", "identity"], rows))
            for e in board.entries {
                for t in e.tasks {
                    print(String(format: "  %@ %@ %@ = %.4f ± %.4f (n=%d over %d rounds)", e.endpoint, t.task, t.metric, t.score.value, t.score.stderr, t.score.samples, t.rounds))
                }
                if e.loglikelihoodCheck == "failed" {
                    print("  \(e.endpoint) failed the log-likelihood self-check: its multiple-choice scores are not ranked")
                    for ev in (e.loglikelihoodEvidence ?? []).prefix(2) where ev.count == 3 {
                        print("    \(TemplateValueQuote.quote(ev[0])): expected \(ev[1]), got \(ev[2])")
                    }
                }
                for ev in e.identityEvidence.prefix(2) where ev.count == 3 {
                    print("  \(e.endpoint) differs on \(TemplateValueQuote.quote(ev[0])): \(TemplateValueQuote.quote(ev[1])) vs \(TemplateValueQuote.quote(ev[2]))")
                }
            }
        }
    }
}

enum TemplateValueQuote {
    static func quote(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\n", with: "\\n") + "\"" }
}
