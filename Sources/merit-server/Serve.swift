import ArgumentParser
import Foundation
import Hummingbird
import MeritCommandLine
import MeritEthereum
import MeritEval
import MeritServer
import MeritStore

/// `merit serve`: the registry server.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the registry: the native API (/api/v1), the MLflow REST API, /health and /metrics.",
        discussion: """
        Point the mlflow client at it with MLFLOW_TRACKING_URI=http://HOST:PORT and MLFLOW_TRACKING_TOKEN=<key from `merit api-keys create`>. \
        Stops cleanly on SIGINT or SIGTERM.
        """)
    @OptionGroup var storage: StorageOptions
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Port (0 picks a free one and prints it).") var port: Int = 5000
    @Flag(help: "Let requests without an API key read.") var anonymousRead = false
    @Option(help: "Largest artifact upload, in bytes.") var maxUploadBytes: Int64 = 1 << 30
    @OptionGroup var jobs: JobOptions
    @Option(name: .customLong("attester"), help: "Another attester address to publish at /api/v1/attesters: the key of a `merit worker` elsewhere (repeat for several).")
    var attesters: [String] = []

    func run() async throws {
        var c = ServerConfiguration()
        c.storage = storage.configuration
        c.host = host; c.port = port; c.anonymousRead = anonymousRead; c.maxUploadBytes = maxUploadBytes
        let signing = try CLIFailure.guarding { try jobs.signing() }
        c.signing = signing
        c.attesters = try CLIFailure.guarding {
            var addresses = signing.map { [$0.key.address] } ?? []
            for text in attesters {
                do { addresses.append(try Address(hex: text)) } catch { throw ValidationError("--attester \(text.prefix(60)): not a 0x address of 40 hex digits") }
            }
            var seen = Set<Address>()
            return Attesters(addresses: addresses.filter { seen.insert($0).inserted }, domain: try jobs.domain())
        }
        let stores: Stores
        do { stores = try await Stores.open(c.storage) } catch {
            CLIFailure.fail("cannot open the registry at \(c.databaseURL == nil ? c.storage.databaseLocation : "the PostgreSQL URL"): \(error)", ExitStatus.error)
        }
        let host = c.host
        let (app, _) = buildApplication(stores, c) { port in
            FileHandle.standardOutput.write(Data("merit serve: listening on http://\(host):\(port) (\(stores.database.engine.rawValue))\n".utf8))
        }
        let workers = jobs.startWorkers(stores, c.storage, signing: signing)
        do { try await app.runService() } catch {
            workers.forEach { $0.cancel() }
            try? await stores.database.close()
            CLIFailure.fail("the server stopped: \(error)", ExitStatus.error)
        }
        workers.forEach { $0.cancel() }
        for w in workers { await w.value }
        try await stores.database.close()
    }
}

/// Job-runner options, shared by `serve` and `worker`.
struct JobOptions: ParsableArguments {
    @Option(help: "Evaluation jobs to run at once in this process (0: none; run `merit worker` elsewhere).") var workers: Int = 1
    @Option(help: "Keystore of the server's attestation key (attestations are unsigned without one).") var keystore: String?
    @OptionGroup var password: PasswordOptions
    @Option(help: "EIP-712 domain chainId of the attestations.") var chainId: UInt64 = 1
    @Option(help: "EIP-712 domain verifyingContract of the attestations.") var verifyingContract: String?

    func signing() throws -> JobWorker.Signing? {
        guard let keystore else { return nil }
        let key = try KeyOptions.load(keystore: keystore, password: password)
        return JobWorker.Signing(key: key, domain: try domain())
    }

    /// The EIP-712 domain the options name.
    func domain() throws -> DeltaOneAttestation.Domain {
        do { return DeltaOneAttestation.Domain(chainId: chainId, verifyingContract: try verifyingContract.map { try Address(hex: $0) }) } catch {
            throw ValidationError("--verifying-contract: not a 0x address of 40 hex digits")
        }
    }

    func startWorkers(_ stores: Stores, _ c: StoreConfiguration) throws -> [Task<Void, Never>] {
        startWorkers(stores, c, signing: try CLIFailure.guarding { try self.signing() })
    }

    /// Starts the workers with a key already loaded (the keystore is read, and its password asked, once).
    func startWorkers(_ stores: Stores, _ c: StoreConfiguration, signing: JobWorker.Signing?) -> [Task<Void, Never>] {
        let work = URL(fileURLWithPath: c.dataDirectory).appendingPathComponent("jobs")
        return (0..<max(0, workers)).map { _ in
            let worker = JobWorker(stores: stores, signing: signing, workDirectory: work)
            return Task { await worker.run() }
        }
    }
}

/// `merit worker`: runs evaluation jobs without serving HTTP (for PostgreSQL deployments).
struct Worker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run contribution jobs from the registry database, without serving HTTP.",
        discussion: "With PostgreSQL, any number of workers and servers share the queue: each job is claimed with FOR UPDATE SKIP LOCKED under a lease, and a stopped worker's job is taken over when its lease runs out.")
    @OptionGroup var storage: StorageOptions
    @OptionGroup var jobs: JobOptions

    func run() async throws {
        let c = storage.configuration
        let stores = try await Stores.open(c)
        let workers = try jobs.startWorkers(stores, c)
        FileHandle.standardOutput.write(Data("merit worker: \(workers.count) job runner(s) on \(stores.database.engine.rawValue); stop it with Ctrl-C\n".utf8))
        // Runs until stopped. A job in progress when the process is killed is taken over by another
        // worker at once on this host, or once its lease (10 s) runs out elsewhere, so no work is lost.
        for w in workers { await w.value }
        try await stores.database.close()
    }
}
