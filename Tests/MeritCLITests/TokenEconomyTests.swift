import Foundation
import TestSupport
import Testing

/// Method: the economy in one walk, as a new user would take it, with the CLI against `merit serve`:
/// create a model with a preset (its token is born with the owner's allocation), register its data,
/// contribute (the paid contribution mints, 10% liquid and the rest vesting), pay API fees (the reserve
/// and the price move), buy with a signed request, be refused a sell in the buy-only period, and verify
/// the ledger from its entries alone.
@Test(.tags(.integration), .enabled(if: TestScope.everything), .timeLimit(.minutes(5))) func theTokenEconomyInOneWalk() async throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("merit-economy-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let pw = CLI.temp("economy-pw.txt", Array("economy-test".utf8))
    for name in ["attester", "buyer"] {
        #expect(try CLI.run(["keys", "new", "--out", "\(dir)/\(name).json", "--kdf", "pbkdf2", "--pbkdf2-iterations", "1000", "--password-file", pw]).status == 0)
    }
    let buyer = try CLI.run(["eth", "address", "--keystore", dir + "/buyer.json", "--password-file", pw]).out.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try CLI.run(["demo", "--data-only", "--out", dir + "/demo"]).status == 0)
    let data = dir + "/demo/data"
    // The owner's payout address and a budget large enough for the demo's improvement.
    var spec = try String(contentsOfFile: data + "/model.yaml", encoding: .utf8)
    spec = spec.replacingOccurrences(of: "token:\n", with: "token:\n  owner_address: \"0x00000000000000000000000000000000000000aa\"\n  mint_budget: 100000\n")
    try spec.write(toFile: data + "/model.yaml", atomically: true, encoding: .utf8)
    let storage = ["--data", dir + "/srv"]
    let key = try CLI.run(["api-keys", "create", "--role", "admin", "--json"] + storage)
    let token = try #require((try JSONSerialization.jsonObject(with: Data(key.out.utf8)) as? [String: Any])?["key"] as? String)
    let env = ["MERIT_TOKEN": token]

    let processes = Processes()
    defer { processes.stopAll() }
    let server = try processes.start([CLI.binary, "serve", "--port", "0", "--keystore", dir + "/attester.json", "--password-file", pw] + storage)
    let url = try #require(try await server.waitForLine(containing: "merit serve: listening on", timeout: 60)).split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init)!
    func merit(_ args: [String]) throws -> (status: Int32, out: String, err: String) { try CLI.run(args + ["--server", url], environment: env) }
    let model = "Credit Default Risk"

    let created = try merit(["models", "create", data + "/model.yaml", "--preset", "growth"])
    #expect(created.status == 0, "\(created.out) \(created.err)")
    let shown = try merit(["token", "show", model])
    #expect(shown.status == 0 && shown.out.contains("supply 1000000 liquid") && shown.out.contains("flat phase") && shown.out.contains("API fee $0.001 per call"), "\(shown.out) \(shown.err)")
    let http = HTTP(base: url, token: token)
    for role in ["base", "benchmark"] {
        #expect(try http.send("PUT", "/api/v1/models/Credit%20Default%20Risk/data/\(role)?file=\(role).csv", file: data + "/\(role).csv").status == 200)
    }
    let submitted = try merit(["submit", data + "/contribution-good.csv", "--model", model, "--contributor", "0x00000000000000000000000000000000000000a1", "--out", dir + "/sub"])
    #expect(submitted.status == 0, "\(submitted.out) \(submitted.err)")
    // The mint follows the version; give the worker a moment to write it.
    var balance = (status: Int32(0), out: "", err: "")
    for _ in 0..<100 {
        balance = try merit(["token", "balance", model, "0x00000000000000000000000000000000000000a1", "--json"])
        if balance.out.contains("\"liquid\"") && !balance.out.contains("\"liquid\": \"0\"") { break }
        try await Task.sleep(for: .milliseconds(200))
    }
    let b = try #require(try JSONSerialization.jsonObject(with: Data(balance.out.utf8)) as? [String: Any], "\(balance.out) \(balance.err)")
    let liquid = Double(b["liquid"] as? String ?? "0") ?? 0, locked = Double(b["locked"] as? String ?? "0") ?? 0
    #expect(liquid > 0 && abs(locked / liquid - 9) < 0.01, "10% liquid, 90% vesting: \(balance.out)")

    let fees = try merit(["token", "deposit-fees", model, "--usdc", "1000", "--calls", "1000000"])
    #expect(fees.status == 0 && fees.out.contains("$800 to infrastructure, $200 to the reserve"), "\(fees.out) \(fees.err)")
    // Without an amount, the calls are priced at the model's API fee per call: 2,000 × $0.001 = $2.
    let priced = try merit(["token", "deposit-fees", model, "--calls", "2000"])
    #expect(priced.status == 0 && priced.out.contains("$1.6 to infrastructure, $0.4 to the reserve (now $200.4)"), "\(priced.out) \(priced.err)")
    let bought = try merit(["token", "buy", model, "--usdc", "100", "--keystore", dir + "/buyer.json", "--password-file", pw])
    #expect(bought.status == 0 && bought.out.contains("bought 9970 tokens"), "\(bought.out) \(bought.err)")
    let quote = try merit(["token", "quote", model, "sell", "10"])
    #expect(quote.status == 4 && quote.err.contains("selling opens"), "\(quote.out) \(quote.err)")
    let sold = try merit(["token", "sell", model, "--tokens", "10", "--keystore", dir + "/buyer.json", "--password-file", pw])
    #expect(sold.status == 4 && sold.err.contains("selling opens"), "\(sold.out) \(sold.err)")
    let mine = try merit(["token", "balance", model, buyer])
    #expect(mine.out.contains("9970 liquid"), "\(mine.out) \(mine.err)")
    let metrics = try Processes.run(["curl", "-s", url + "/metrics"])
    #expect(metrics.output.contains("merit_token_supply{model=\"Credit Default Risk\",ticker=\"") && metrics.output.contains("merit_token_reserve_usdc{"), "\(metrics.output.suffix(600))")
    let verified = try merit(["ledger", "verify", model])
    #expect(verified.status == 0 && verified.out.contains("holds: 5 entries"), "\(verified.out) \(verified.err)")

    // The same paid attestation as the reference protocol's MintRequest, signed by the attester: the
    // same bytes twice, and eth-account hashes the typed data to Merit's digest and recovers the signer.
    let args = ["attest", "mint-request", dir + "/sub/attestation.json", "--model-id", "42", "--verifying-contract",
                "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9", "--chain-id", "31337", "--keystore", dir + "/attester.json", "--password-file", pw]
    let request = try CLI.run(args), again = try CLI.run(args)
    #expect(request.status == 0 && request.out == again.out, "\(request.err)")
    let o = try #require(try JSONSerialization.jsonObject(with: Data(request.out.utf8)) as? [String: Any], "\(request.out) \(request.err)")
    try JSONSerialization.data(withJSONObject: o["typedData"]!).write(to: URL(fileURLWithPath: dir + "/mint-typed.json"))
    let signature = ((o["signatures"] as? [[String: Any]])?.first?["signature"] as? String) ?? ""
    let py = try CLI.python("check_typed.py", [dir + "/mint-typed.json", signature])
    let attester = try CLI.run(["eth", "address", "--keystore", dir + "/attester.json", "--password-file", pw]).out.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(py.contains(o["digest"] as? String ?? "?") && py.contains(attester), "\(py)")
    #expect((o["callData"] as? String)?.hasPrefix("0xaf829f8e") == true)
}
