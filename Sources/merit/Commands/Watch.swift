import ArgumentParser
import AsyncHTTPClient
import Foundation
import MeritBase
import MeritCore
import MeritStore
import MeritWatch
import MeritCommandLine

/// `merit watch`: the endpoint watcher.
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch OpenAI-compatible LLM endpoints: benchmark tasks, QoS, identity, and a signed chain of rounds.",
        subcommands: [Add.self, List.self, Remove.self, Run.self, VerifyChain.self])

    /// `merit watch add`.
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register an endpoint to watch.")
        @Option(help: "A short id for the endpoint (letters, digits, '-', '_', '.').") var id: String
        @Option(help: "Who runs it.") var `operator`: String
        @Option(help: "Its OpenAI-compatible base URL, up to /v1 (http://host:8000/v1).") var url: String
        @Option(help: "The model it claims to serve (sent as `model` in requests).") var model: String
        @Option(help: "The environment variable that holds its API key (the key itself is never stored).") var apiKeyEnv: String?
        @Option(help: "completions (/v1/completions: every task) or chat (/v1/chat/completions only: generation tasks and probes).") var api: String = "completions"
        @Flag(help: "A trusted reference: others claiming the same model are compared with it.") var reference = false
        @Option(help: "Requests in flight at once.") var concurrency: Int = 8
        @Option(help: "Request timeout in seconds.") var timeout: Double = 60
        @OptionGroup var storage: StorageOptions
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw ValidationError("--id may use letters, digits, '-', '_' and '.' only")
            }
            guard let u = URL(string: url), ["http", "https"].contains(u.scheme ?? ""), u.host != nil else {
                throw ValidationError("--url must be an http(s) URL such as http://10.0.0.5:8000/v1")
            }
            guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 256") }
            guard EndpointTarget.API(rawValue: api) != nil else { throw ValidationError("--api must be completions or chat") }
            guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        }

        func run() async throws {
            try await CLIFailure.guardingAll {
                let stores = try await Stores.open(storage.configuration)
                let record = WatchedEndpoint(id: id, operatorName: `operator`, url: url, model: model, api: api, apiKeyEnv: apiKeyEnv, isReference: reference,
                                            concurrency: concurrency, timeoutMs: Int(timeout * 1000))
                do { try await stores.watch.add(record) } catch { try await stores.database.close(); throw error }
                try await stores.database.close()
                if json { print(try WatchCLI.json(record)) } else { print("added \(id): \(model) at \(url) (operator \(`operator`))") }
            }
        }
    }

    /// `merit watch list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the watched endpoints.")
        @OptionGroup var storage: StorageOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await CLIFailure.guardingAll {
                let stores = try await Stores.open(storage.configuration)
                let endpoints = try await stores.watch.endpoints()
                try await stores.database.close()
                if json { print(try WatchCLI.json(endpoints)); return }
                if endpoints.isEmpty { print("no endpoints; add one with `merit watch add`"); return }
                let rows = endpoints.map { [$0.id, $0.operatorName, $0.model, $0.url, $0.api, $0.isReference ? "yes" : "", $0.apiKeyEnv.map { "$" + $0 } ?? "", "\($0.concurrency)"] }
                print(WatchCLI.table(["id", "operator", "model", "url", "api", "reference", "key", "concurrency"], rows))
            }
        }
    }

    /// `merit watch remove`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop watching an endpoint (its past rounds stay signed).")
        @Argument(help: "The endpoint id.") var id: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await CLIFailure.guardingAll {
                let stores = try await Stores.open(storage.configuration)
                do { try await stores.watch.remove(id) } catch { try await stores.database.close(); throw error }
                try await stores.database.close()
                print("removed \(id)")
            }
        }
    }
}

/// Shared by the watch commands.
enum WatchCLI {
    static func json<T: Encodable>(_ v: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(v), as: UTF8.self)
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { c in ([header[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ r: [String]) -> String {
            r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)).joined(separator: "\n")
    }
}
