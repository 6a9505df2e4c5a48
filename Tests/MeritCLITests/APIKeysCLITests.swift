import Foundation
import TestSupport
import Testing

/// `merit api-keys create|list|revoke`, and `merit keys create` still working for one release with a
/// deprecation line on stderr.
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func apiKeysAreCreatedListedAndRevoked() throws {
    let data = FileManager.default.temporaryDirectory.appendingPathComponent("merit-api-keys-\(UUID().uuidString)").path
    let made = try CLI.run(["api-keys", "create", "--role", "attester", "--label", "re-runner", "--data", data, "--json"])
    #expect(made.status == 0, "\(made.err)")
    let json = try JSONSerialization.jsonObject(with: Data(made.out.utf8)) as! [String: Any]
    let key = json["key"] as! String, id = json["id"] as! String
    #expect(key.hasPrefix("merit_\(id)_"))
    let old = try CLI.run(["keys", "create", "--role", "reader", "--data", data])
    #expect(old.status == 0 && old.out.hasPrefix("merit_") && old.err.contains("deprecated") && old.err.contains("merit api-keys create"))
    let listed = try CLI.run(["api-keys", "list", "--data", data])
    #expect(listed.status == 0 && listed.out.contains(id) && listed.out.contains("attester") && listed.out.contains("re-runner"))
    #expect(!listed.out.contains(key), "a listing never shows a secret")
    let revoked = try CLI.run(["api-keys", "revoke", id, "--data", data])
    #expect(revoked.status == 0)
    let after = try CLI.run(["api-keys", "list", "--data", data, "--json"])
    let rows = try JSONSerialization.jsonObject(with: Data(after.out.utf8)) as! [[String: Any]]
    #expect(rows.first { $0["id"] as? String == id }?["revoked"] as? Bool == true)
    let unknown = try CLI.run(["api-keys", "revoke", "nope", "--data", data])
    #expect(unknown.status == 1 && unknown.err.contains("api-keys list"))
    let help = try CLI.run(["keys", "--help"])
    #expect(help.out.contains("new") && !help.out.contains("create"), "keys --help lists only signing keys")
}
