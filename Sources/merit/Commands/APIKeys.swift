import ArgumentParser
import Foundation
import MeritBase
import MeritCore
import MeritData
import MeritStore
import MeritCommandLine

/// `merit api-keys`: the registry server's API keys.
struct APIKeys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-keys",
        abstract: "Create, list and revoke the registry server's API keys.",
        subcommands: [Create.self, List.self, Revoke.self])

    /// `merit api-keys create --role R`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key (admin, owner, attester, contributor or reader) and print it once.",
            discussion: "Only a hash is stored; keep the printed key. Send it as Authorization: Bearer <key> (MLFLOW_TRACKING_TOKEN for the mlflow client).")
        @Option(help: "admin, owner, attester (reads every model's base and benchmark data to re-run evaluations), contributor or reader.") var role: String
        @Option(help: "A label to recognise the key by (shown in errors, never secret).") var label: String = "cli"
        @Option(help: "For an owner key: the one model it may write.") var model: String?
        @OptionGroup var storage: StorageOptions
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard APIKey.Role(rawValue: role) != nil else { throw ValidationError("--role must be admin, owner, attester, contributor or reader") }
        }

        func run() async throws {
            let stores = try await Stores.open(storage.configuration)
            let created: (token: String, identity: APIKey.Identity)
            do { created = try await stores.apiKeys.create(role: APIKey.Role(rawValue: role)!, label: label, modelName: model) } catch {
                try await stores.database.close(); throw error
            }
            try await stores.database.close()
            if json {
                print(JSONValue.object(["key": .string(created.token), "id": .string(created.identity.keyId), "role": .string(role)]).serialized(), terminator: "")
            } else {
                print(created.token)
            }
        }
    }

    /// `merit api-keys list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the API keys: id, role, scope, label and whether revoked (never a secret).")
        @OptionGroup var storage: StorageOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let stores = try await Stores.open(storage.configuration)
            let keys: [APIKey.Listed]
            do { keys = try await stores.apiKeys.list() } catch { try await stores.database.close(); throw error }
            try await stores.database.close()
            if json {
                print(JSONValue.array(keys.map { k in
                    .object(["id": .string(k.keyId), "role": .string(k.role.rawValue), "model": k.modelName.map(JSONValue.string) ?? .null,
                             "label": .string(k.label), "revoked": .bool(k.revoked), "created_ms": .number(String(k.createdMs))])
                }).serialized(), terminator: "")
                return
            }
            for k in keys {
                print("\(k.keyId)  \(k.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(k.revoked ? "revoked " : "active  ") \(k.modelName.map { "model=\($0) " } ?? "")\(k.label)")
            }
        }
    }

    /// `merit api-keys revoke ID`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke an API key by its id (the part after merit_); servers stop accepting it within 5 seconds.")
        @Argument(help: "The key's id, as `list` shows it.") var id: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let stores = try await Stores.open(storage.configuration)
            let found: Bool
            do { found = try await stores.apiKeys.revoke(id: id) } catch { try await stores.database.close(); throw error }
            try await stores.database.close()
            guard found else { CLIFailure.fail("no API key has the id '\(Excerpt.escaped(id, limit: 40))'; `merit api-keys list` shows the ids", ExitStatus.error) }
            print("revoked \(id)")
        }
    }
}
