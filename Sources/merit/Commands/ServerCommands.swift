import ArgumentParser
import Foundation
import MeritCommandLine

/// `merit serve` and `merit worker` are run by the `merit-server` executable beside `merit`, the only
/// one that links the HTTP server: `merit` replaces itself with it (exec), so the process, its signals
/// and its exit code are the server's own. `ServerCommands.forward` does that before any parsing, so
/// `merit serve --help` prints the server's own help.
enum ServerCommands {
    static let names: Set<String> = ["serve", "worker"]

    /// When `arguments` (argv) name a server command, runs `merit-server` with the same arguments and
    /// never returns; otherwise returns.
    static func forward(_ arguments: [String]) {
        guard arguments.count > 1, names.contains(arguments[1]) else { return }
        let server = executable()
        let argv = [server] + arguments.dropFirst()
        var cArgs = argv.map { strdup($0) } + [nil]
        execv(server, &cArgs)
        CLIFailure.fail("cannot run \(server) for `merit \(arguments[1])`: \(String(cString: strerror(errno))). "
                        + "It is built beside merit (`swift build`, or `make release` for .build/release); "
                        + "or run `merit-server \(arguments[1])` from your PATH.", ExitStatus.error)
    }

    /// `merit-server` in the folder of the running `merit` (symlinks resolved), else the first on PATH.
    static func executable() -> String {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let beside = me.deletingLastPathComponent().appendingPathComponent("merit-server").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("merit-server").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return beside
    }
}

/// `merit serve`, listed in `merit --help`; `ServerCommands.forward` runs it before parsing.
struct ServeForward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the registry: the native API (/api/v1), the MLflow REST API, /health and /metrics.",
        discussion: "Runs `merit-server serve` with the same arguments; `merit serve --help` lists its options.")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { ServerCommands.forward(["merit", "serve"] + arguments) }
}

/// `merit worker`, listed in `merit --help`; `ServerCommands.forward` runs it before parsing.
struct WorkerForward: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run contribution jobs from the registry database, without serving HTTP.",
        discussion: "Runs `merit-server worker` with the same arguments; `merit worker --help` lists its options.")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []
    func run() throws { ServerCommands.forward(["merit", "worker"] + arguments) }
}
