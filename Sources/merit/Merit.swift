import ArgumentParser
import MeritBase
import MeritCore

/// The `merit` command line: thin wiring over MeritData and MeritEval.
@main
struct Merit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merit",
        abstract: "Decide what ML models and the data contributed to them are worth, and prove it.",
        discussion: """
        Exit codes: 0 success (evaluate: DeltaOnes awarded), 3 evaluated but no DeltaOne, \
        4 input rejected, 1 error, 64 usage error.
        """,
        version: MeritVersion.current,
        subcommands: [Demo.self, Evaluate.self, Fingerprint.self, Prove.self, VerifyProof.self, Scan.self, Eth.self, Keys.self, APIKeys.self, Attest.self, Verify.self, Reproduce.self, ServeForward.self, WorkerForward.self, Submit.self, Models.self, Token.self, Ledger.self, Watch.self, LeaderboardCommand.self, BenchProofs.self, BenchLedger.self]
    )

    /// ArgumentParser's own entry point, after `merit serve` and `merit worker` were handed to
    /// `merit-server` (which never returns).
    static func main() async {
        ServerCommands.forward(CommandLine.arguments)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
