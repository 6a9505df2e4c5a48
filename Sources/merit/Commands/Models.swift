import ArgumentParser
import Foundation
import MeritCommandLine

/// `merit models`: a registry's models, read from a server.
struct Models: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Create a model on a Merit server and read its models.",
        subcommands: [Create.self, Lineage.self])

    /// `merit models create SPEC --preset growth`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a model from its spec (model.yaml); its token is launched when the spec names token.owner_address.",
            discussion: "--preset fills every token setting the spec leaves unset (docs/token.md): experimental, growth or mature. A setting out of range is refused with its field.")
        @Argument(help: "The model spec (YAML or JSON).") var spec: String
        @Option(help: "Token preset: experimental, growth or mature.") var preset: String?
        @Option(help: "The server's base URL.") var server: String = "http://127.0.0.1:5000"
        @Option(help: "The environment variable holding an owner or admin API key.") var tokenEnv: String = "MERIT_TOKEN"
        @Flag(help: "Print the server's JSON.") var json = false

        func validate() throws {
            if let preset, !["experimental", "growth", "mature"].contains(preset) { throw ValidationError("--preset is experimental, growth or mature") }
        }

        func run() async throws {
            guard let body = FileManager.default.contents(atPath: spec) else { CLIFailure.fail("\(spec): no such file", ExitStatus.error) }
            let client = ServerClient(server: server, tokenEnv: tokenEnv)
            let answer = try await CLIFailure.guardingAll { try await client.post("/api/v1/models" + (preset.map { "?preset=\($0)" } ?? ""), json: body) }
            guard answer.status == 201 else { CLIFailure.fail("\(spec): \(ServerClient.message(answer.body))", answer.status == 422 || answer.status == 400 ? ExitStatus.rejected : ExitStatus.error) }
            if json { print(String(decoding: answer.body, as: UTF8.self)); return }
            let model = ((try? JSONSerialization.jsonObject(with: answer.body)) as? [String: Any])?["model"] as? [String: Any]
            print("created model '\(model?["name"] as? String ?? "?")' (ticker \(model?["ticker"] as? String ?? "?")); see its token with `merit token show`")
        }
    }

    /// `merit models lineage NAME`.
    struct Lineage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the versions Merit trained for a model: parent, metric and interval, DeltaOnes, contributors, roots and digests.",
            discussion: "Version 1 is trained on the owner's base data; each later version is its parent plus the accepted rows of one paid contribution. The head (marked *) is the version new contributions are judged against.")
        @Argument(help: "The model's name.") var name: String
        @Option(help: "The server's base URL.") var server: String = "http://127.0.0.1:5000"
        @Option(help: "The environment variable holding an API key (needed unless the server allows anonymous reads).") var tokenEnv: String = "MERIT_TOKEN"
        @Flag(help: "Print the server's JSON.") var json = false

        func run() async throws {
            let client = ServerClient(server: server, tokenEnv: tokenEnv)
            let o = try await CLIFailure.guardingAll { try await client.object("/api/v1/models/\(ServerClient.segment(name))/lineage") }
            if json {
                print(String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]), as: UTF8.self))
                return
            }
            let versions = o["versions"] as? [[String: Any]] ?? []
            guard !versions.isEmpty else {
                print("\(name): no version trained by Merit yet (the owner registers base and benchmark data to train version 1)")
                return
            }
            let metric = o["metric"] as? String ?? "metric"
            print("\(name): \(versions.count) version\(versions.count == 1 ? "" : "s"), head v\((o["head"] as? Int).map(String.init) ?? "?"), \(metric) \(o["direction"] as? String ?? "")")
            for v in versions {
                let m = v["metric"] as? [String: Any] ?? [:]
                let interval = m["interval_95"] as? [Double] ?? []
                let training = v["training"] as? [String: Any] ?? [:]
                let head = (v["head"] as? Bool) == true ? "*" : " "
                let parent = (v["parent_version"] as? Int).map { "from v\($0)" } ?? "base data"
                var line = "\(head)v\(v["version"] as? Int ?? 0)  \(parent.padding(toLength: 9, withPad: " ", startingAt: 0))  "
                line += String(format: "%@ %.4f [%.4f, %.4f]", metric, m["value"] as? Double ?? .nan, interval.first ?? .nan, interval.last ?? .nan)
                line += String(format: "  %+.2f DeltaOnes", v["delta_ones"] as? Double ?? 0)
                line += "  \(training["records"] as? Int ?? 0) records, root \(String((training["root"] as? String ?? "").prefix(18)))…"
                print(line)
                let payees = v["contributors"] as? [String] ?? []
                if !payees.isEmpty { print("      contribution \(v["contribution_id"] as? String ?? "?") paid to \(payees.joined(separator: ", "))") }
                if let a = v["attestation_digest"] as? String { print("      attestation \(a)") }
                print("      stage \(v["stage"] as? String ?? "none"), model hash \(v["model_hash"] as? String ?? "none")")
            }
        }
    }
}
