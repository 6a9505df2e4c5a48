import ArgumentParser
import MeritStore

/// Where a command finds the database and artifacts: shared by `serve`, `worker`, `watch` and `api-keys`.
struct StorageOptions: ParsableArguments {
    @Option(help: "Folder for the SQLite database and artifacts.") var data: String = "merit-data"
    @Option(help: "PostgreSQL URL (postgres://user:pass@host:port/db) instead of SQLite; artifacts stay in --data.") var database: String?

    var configuration: StoreConfiguration {
        var c = StoreConfiguration()
        c.dataDirectory = data
        c.databaseURL = database
        return c
    }
}
