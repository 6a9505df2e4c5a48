import ArgumentParser
import MeritBase

/// `merit-server`: the registry server and the job worker, the only executable that links the HTTP
/// server (Hummingbird). `merit serve` and `merit worker` run it (see `ServerCommands` in `merit`), so
/// the other commands of `merit` carry no HTTP server.
@main
struct MeritServerMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merit-server",
        abstract: "Merit's registry server (`serve`) and job worker (`worker`); `merit serve` and `merit worker` run this.",
        version: MeritVersion.current,
        subcommands: [Serve.self, Worker.self]
    )
}
