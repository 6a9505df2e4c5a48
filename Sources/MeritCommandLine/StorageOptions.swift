import ArgumentParser
import MeritStore

// MeritCommandLine: what the two executables share (`merit` and `merit-server`): storage, key and
// password options, and the one way a command reports an error and exits. Depends on ArgumentParser
// and the domain modules; never on the HTTP server.

/// Where a command finds the database and artifacts: shared by `serve`, `worker`, `watch` and `api-keys`.
public struct StorageOptions: ParsableArguments {
    public init() {}
    @Option(help: "Folder for the SQLite database and artifacts.") public var data: String = "merit-data"
    @Option(help: "PostgreSQL URL (postgres://user:pass@host:port/db) instead of SQLite; artifacts stay in --data.") public var database: String?

    public var configuration: StoreConfiguration {
        var c = StoreConfiguration()
        c.dataDirectory = data
        c.databaseURL = database
        return c
    }
}
