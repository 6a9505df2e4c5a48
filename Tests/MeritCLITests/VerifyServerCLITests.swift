import Foundation
import TestSupport
import Testing

/// Method: `merit serve --keystore K` publishes K's address at /api/v1/attesters (read without a key, even
/// though anonymous reads are off); `merit verify --server` accepts an attestation K signed for the
/// server's domain (exit 0) and refuses one signed by another key, and one K signed for another chain
/// (exit 4, each with the reason).
@Test(.tags(.integration), .enabled(if: TestScope.everything)) func verifyAgainstTheServersPublishedAttesters() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-verify-server-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let password = ["MERIT_KEYSTORE_PASSWORD": "verify-server-test"]
    #expect(try CLI.run(["keys", "new", "--out", dir + "/k.json", "--kdf", "pbkdf2", "--pbkdf2-iterations", "1000"], environment: password).status == 0)
    #expect(try CLI.run(["keys", "new", "--out", dir + "/other.json", "--kdf", "pbkdf2", "--pbkdf2-iterations", "1000"], environment: password).status == 0)
    #expect(try CLI.run(["demo", "--out", dir + "/demo", "--data-only"]).status == 0)
    let data = dir + "/demo/data"
    func sign(_ key: String, _ out: String, chain: String) throws {
        let r = try CLI.run(["evaluate", "--quiet", "--model", data + "/model.yaml", "--base", data + "/base.csv", "--benchmark", data + "/benchmark.csv",
                             "--contribution", data + "/contribution-good.csv", "--out", dir + "/" + out, "--sign", "--keystore", dir + "/" + key,
                             "--contributor", "0x00000000000000000000000000000000000000a1", "--chain-id", chain], environment: password)
        #expect(r.status == 0, "\(r.err)")
    }
    try sign("k.json", "mine", chain: "1")
    try sign("other.json", "theirs", chain: "1")
    try sign("k.json", "elsewhere", chain: "5")

    let processes = Processes()
    defer { processes.stopAll() }
    let server = try processes.start([CLI.binary, "serve", "--port", "0", "--workers", "0", "--data", dir + "/srv", "--keystore", dir + "/k.json",
                                      "--password-file", CLI.temp("pw.txt", Array("verify-server-test".utf8))])
    let url = try #require(try await server.waitForLine(containing: "merit serve: listening on", timeout: 60)).split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init)!
    let published = try Processes.run(["curl", "-s", url + "/api/v1/attesters"])
    let address = try CLI.run(["eth", "address", "--keystore", dir + "/k.json"], environment: password).out.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(published.status == 0 && published.output.contains(address), "\(published.output)")

    let ok = try CLI.run(["verify", dir + "/mine/attestation.json", "--server", url])
    #expect(ok.status == 0, "\(ok.out) \(ok.err)")
    let other = try CLI.run(["verify", dir + "/theirs/attestation.json", "--server", url])
    #expect(other.status == 4 && other.out.contains("does NOT hold"), "\(other.out) \(other.err)")
    let chain = try CLI.run(["verify", dir + "/elsewhere/attestation.json", "--server", url])
    #expect(chain.status == 4 && chain.out.contains("chain 5") && chain.out.contains("chain 1"), "\(chain.out) \(chain.err)")
    processes.stopAll()
}
