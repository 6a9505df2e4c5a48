import ArgumentParser
import Foundation
import Hummingbird
import MeritServer
import MeritStore

/// Options naming the registry's storage, shared by `serve` and `keys create`.
struct StorageOptions: ParsableArguments {
    @Option(help: "Folder for the SQLite database and artifacts.") var data: String = "merit-data"
    @Option(help: "PostgreSQL URL (postgres://user:pass@host:port/db) instead of SQLite; artifacts stay in --data.") var database: String?

    var configuration: ServerConfiguration {
        var c = ServerConfiguration()
        c.dataDirectory = data
        c.databaseURL = database
        return c
    }
}

/// `merit serve`: the registry server.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the registry: the native API (/api/v1), the MLflow REST API, /health and /metrics.",
        discussion: """
        Point the mlflow client at it with MLFLOW_TRACKING_URI=http://HOST:PORT and MLFLOW_TRACKING_TOKEN=<key from `merit keys create`>. \
        Stops cleanly on SIGINT or SIGTERM.
        """)
    @OptionGroup var storage: StorageOptions
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Port (0 picks a free one and prints it).") var port: Int = 5000
    @Flag(help: "Let requests without an API key read.") var anonymousRead = false
    @Option(help: "Largest artifact upload, in bytes.") var maxUploadBytes: Int64 = 1 << 30

    func run() async throws {
        var c = storage.configuration
        c.host = host; c.port = port; c.anonymousRead = anonymousRead; c.maxUploadBytes = maxUploadBytes
        let registry: Registry
        do { registry = try await Registry.open(c) } catch {
            CLIFailure.fail("cannot open the registry at \(c.databaseURL == nil ? c.databaseLocation : "the PostgreSQL URL"): \(error)", ExitStatus.error)
        }
        let host = c.host
        let (app, _) = buildApplication(registry, c) { port in
            FileHandle.standardOutput.write(Data("merit serve: listening on http://\(host):\(port) (\(registry.database.engine.rawValue))\n".utf8))
        }
        do { try await app.runService() } catch {
            try? await registry.database.close()
            CLIFailure.fail("the server stopped: \(error)", ExitStatus.error)
        }
        try await registry.database.close()
    }
}
