import ArgumentParser
import Foundation
import MeritBase
import MeritCommandLine
import MeritEthereum
import MeritToken

/// `merit token`: a model's token on a Merit server (docs/token.md).
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a model's token and trade it: show, balance, quote, buy, sell, transfer, claim, deposit-fees.",
        discussion: "Amounts are written in whole units with decimals: tokens with up to 18 (\"1.5\"), USDC with up to 6 (\"12.34\"). Buys, sells and transfers are signed by the account's key (--keystore or --private-key-file) with personal_sign; the server checks the signature and the nonce.",
        subcommands: [Show.self, Balance.self, Quote.self, Buy.self, Sell.self, Transfer.self, Claim.self, DepositFees.self])

    /// Where the server is and how to reach it.
    struct Target: ParsableArguments {
        @Argument(help: "The model's name.") var model: String
        @Option(help: "The server's base URL.") var server: String = "http://127.0.0.1:5000"
        @Option(help: "The environment variable holding an API key.") var tokenEnv: String = "MERIT_TOKEN"
        @Flag(help: "Print the server's JSON.") var json = false

        var client: ServerClient { ServerClient(server: server, tokenEnv: tokenEnv) }
        var path: String { "/api/v1/models/\(ServerClient.segment(model))" }

        /// GETs a JSON object, failing with the server's words.
        func read(_ suffix: String) async throws -> JSONValue {
            let answer = try await CLIFailure.guardingAll { try await client.get(path + suffix) }
            guard answer.status == 200 else { CLIFailure.fail("\(model): \(ServerClient.message(answer.body))", answer.status == 422 ? ExitStatus.rejected : ExitStatus.error) }
            return try CLIFailure.guarding { try JSONValue.parse(Array(answer.body), name: "the server's answer") }
        }

        /// POSTs a request; prints the entry (JSON) or a line; a refusal exits 4 with the rule's words.
        func write(_ suffix: String, _ body: JSONValue, describe: (JSONValue) -> String) async throws {
            let answer = try await CLIFailure.guardingAll { try await client.post(path + suffix, json: Data(body.serialized(pretty: false).utf8)) }
            guard answer.status == 200 || answer.status == 201 else {
                CLIFailure.fail("\(model): \(ServerClient.message(answer.body))", answer.status == 422 ? ExitStatus.rejected : ExitStatus.error)
            }
            let v = try CLIFailure.guarding { try JSONValue.parse(Array(answer.body), name: "the server's answer") }
            if json { print(v.serialized()) } else { print(describe(v)) }
        }
    }

    static func tokens(_ v: JSONValue?) -> String { UInt256(decimal: v?.stringValue ?? "").map { $0.units(decimals: 18) } ?? "?" }
    static func usdc(_ v: JSONValue?) -> String { UInt256(decimal: v?.stringValue ?? "").map { "$" + $0.units(decimals: 6) } ?? "?" }
    static func amount(_ text: String, decimals: Int, what: String) throws -> UInt256 {
        guard let v = UInt256(units: text, decimals: decimals), !v.isZero else {
            throw ValidationError("\(what) \(text.prefix(40)): write an amount above 0 with at most \(decimals) decimals, such as 12.5")
        }
        return v
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The token's phase, supply, reserve, spot price, budget and ledger head.")
        @OptionGroup var target: Target
        func run() async throws {
            let t = try await target.read("/token")
            if target.json { print(t.serialized()); return }
            print("\(t["name"]?.stringValue ?? target.model) (\(t["ticker"]?.stringValue ?? "?")): \(t["phase"]?.stringValue ?? "?") phase")
            print("  supply \(Token.tokens(t["supply"])) liquid (all redeemable), \(Token.tokens(t["total_supply"])) in all (with vesting)")
            print("  reserve \(Token.usdc(t["reserve"])), spot price \(Token.usdc(t["spot_price"])) per token, infrastructure \(Token.usdc(t["infrastructure"])), API fee \(Token.usdc(t["api_fee_per_call"])) per call")
            print("  mint budget left \(Token.tokens(t["budget_remaining"])), lifetime minted \(Token.tokens(t["lifetime_minted"]))")
            print("  \(t["holders"].map { $0.serialized() } ?? "?") holders, \(t["entries"].map { $0.serialized() } ?? "?") ledger entries, head \(t["chain_head"]?.stringValue ?? "?")")
        }
    }

    struct Balance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An account's liquid, claimable and still-vesting tokens.")
        @OptionGroup var target: Target
        @Argument(help: "The 0x address.") var address: String
        func run() async throws {
            let b = try await target.read("/token/balances/\(address)")
            if target.json { print(b.serialized()); return }
            print("\(b["account"]?.stringValue ?? address): \(Token.tokens(b["liquid"])) liquid, \(Token.tokens(b["claimable"])) claimable, \(Token.tokens(b["locked"])) vesting")
        }
    }

    struct Quote: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What a buy (USDC in) or a sell (tokens in) would give now, without trading.")
        @OptionGroup var target: Target
        @Argument(help: "buy or sell.") var side: String
        @Argument(help: "USDC to pay (buy) or tokens to sell.") var amount: String
        func validate() throws { guard ["buy", "sell"].contains(side) else { throw ValidationError("the side is buy or sell") } }
        func run() async throws {
            let units = try Token.amount(amount, decimals: side == "buy" ? 6 : 18, what: side == "buy" ? "USDC" : "tokens")
            let q = try await target.read("/token/quote?side=\(side)&amount=\(units)")
            if target.json { print(q.serialized()); return }
            if side == "buy" {
                print("pay \(Token.usdc(q["usdc_in"])) (fee \(Token.usdc(q["fee"]))): \(Token.tokens(q["tokens_out"])) tokens; spot after \(Token.usdc(q["spot_after"]))")
            } else {
                print("sell \(Token.tokens(q["tokens_in"])) tokens: \(Token.usdc(q["usdc_out"])) after a fee of \(Token.usdc(q["fee"])); spot after \(Token.usdc(q["spot_after"]))")
            }
        }
    }

    /// A signed trade or transfer.
    static func signed(_ target: Target, kind: String, amount: UInt256, to: Address?, key: Secp256k1.PrivateKey) async throws {
        let ticker = try await target.read("/token")["ticker"]?.stringValue ?? ""
        var nonce = [UInt8](repeating: 0, count: 32)
        var rng = SystemRandomNumberGenerator()
        for i in nonce.indices { nonce[i] = UInt8.random(in: 0...255, using: &rng) }
        let auth = LedgerRequest.authorize(token: ticker, kind: kind, amount: amount, to: to, nonce: Bytes32(bytes: nonce)!, key: key)
        var body: [JSONValue.Member] = [.init("account", .string(key.address.checksummed)), .init("amount", .string(amount.description)),
                                        .init("nonce", .string(auth.nonce.hex)), .init("signature", .string(auth.signature.hex))]
        if let to { body.append(.init("to", .string(to.checksummed))) }
        try await target.write("/token/\(kind)", .object(body)) { v in
            let o = v["entry"]?["outputs"]
            switch kind {
            case "buy": return "bought \(Token.tokens(o?["tokens_out"])) tokens (fee \(Token.usdc(o?["fee"]))); spot price now \(Token.usdc(o?["spot_price"])) (ledger entry \(v["entry"]?["sequence"]?.serialized() ?? "?"))"
            case "sell": return "sold for \(Token.usdc(o?["usdc_out"])) (fee \(Token.usdc(o?["fee"]))); spot price now \(Token.usdc(o?["spot_price"])) (ledger entry \(v["entry"]?["sequence"]?.serialized() ?? "?"))"
            default: return "transferred; the sender now holds \(Token.tokens(o?["from_balance"])) (ledger entry \(v["entry"]?["sequence"]?.serialized() ?? "?"))"
            }
        }
    }

    struct Buy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Buy tokens with USDC (fee included), signed by the buyer's key.")
        @OptionGroup var target: Target
        @Option(help: "USDC to pay, fee included (\"250\" or \"0.5\").") var usdc: String
        @OptionGroup var key: KeyOptions
        func run() async throws {
            let amount = try Token.amount(usdc, decimals: 6, what: "--usdc")
            let k = try CLIFailure.guarding { try key.load() }
            try await Token.signed(target, kind: "buy", amount: amount, to: nil, key: k)
        }
    }

    struct Sell: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sell tokens to the reserve, signed by the seller's key.")
        @OptionGroup var target: Target
        @Option(help: "Tokens to sell (\"100\" or \"0.25\").") var tokens: String
        @OptionGroup var key: KeyOptions
        func run() async throws {
            let amount = try Token.amount(tokens, decimals: 18, what: "--tokens")
            let k = try CLIFailure.guarding { try key.load() }
            try await Token.signed(target, kind: "sell", amount: amount, to: nil, key: k)
        }
    }

    struct Transfer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move liquid tokens to another account, signed by the sender's key.")
        @OptionGroup var target: Target
        @Option(help: "Tokens to move.") var tokens: String
        @Option(help: "The receiving 0x address.") var to: String
        @OptionGroup var key: KeyOptions
        func run() async throws {
            let amount = try Token.amount(tokens, decimals: 18, what: "--tokens")
            guard let receiver = try? Address(hex: to) else { throw ValidationError("--to: a 0x address of 40 hex digits") }
            let k = try CLIFailure.guarding { try key.load() }
            try await Token.signed(target, kind: "transfer", amount: amount, to: receiver, key: k)
        }
    }

    struct Claim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make an account's vested tokens liquid (anyone may ask; the tokens go to the account).")
        @OptionGroup var target: Target
        @Option(help: "The 0x address whose vested tokens to claim.") var account: String
        func run() async throws {
            guard let a = try? Address(hex: account) else { throw ValidationError("--account: a 0x address of 40 hex digits") }
            try await target.write("/token/claim", .object([.init("account", .string(a.checksummed))])) { v in
                "claimed \(Token.tokens(v["entry"]?["outputs"]?["amount"])) tokens for \(a.checksummed)"
            }
        }
    }

    struct DepositFees: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "deposit-fees", abstract: "Deposit API fees: split between infrastructure and the reserve (the model's owner).")
        @OptionGroup var target: Target
        @Option(help: "USDC collected (\"1000\"); without it, --calls at the model's API fee per call.") var usdc: String?
        @Option(help: "API calls the fees are for.") var calls: Int = 0
        func validate() throws { if usdc == nil && calls <= 0 { throw ValidationError("give --usdc, or --calls to price them at the model's API fee per call") } }
        func run() async throws {
            var body: [JSONValue.Member] = [.init("calls", .number(String(calls)))]
            if let usdc { body.append(.init("amount", .string(try Token.amount(usdc, decimals: 6, what: "--usdc").description))) }
            try await target.write("/token/fees", .object(body)) { v in
                let o = v["entry"]?["outputs"]
                return "deposited: \(Token.usdc(o?["infrastructure"])) to infrastructure, \(Token.usdc(o?["reserve_part"])) to the reserve (now \(Token.usdc(o?["reserve"]))); spot price \(Token.usdc(o?["spot_price"]))"
            }
        }
    }
}

/// `merit ledger`: a model's token ledger.
struct Ledger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check a model's token ledger.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a ledger's chain and every balance from its entries alone.",
            discussion: "Reads every entry from the server (GET .../ledger/export, streamed) and checks it here: the hash chain, the order, each signature, and that each entry's outputs are what the rules give from its inputs. Exit 0 when it holds, 4 with the first entry that does not fit.")
        @OptionGroup var target: Token.Target
        func run() async throws {
            let ticker = try await target.read("/ledger?limit=1")["token"]?.stringValue ?? ""
            let bar = ProgressBar(enabled: !target.json)
            bar.update("reading and checking the ledger", 0)
            let reader = LedgerVerifier.ExportReader(token: ticker)
            let answer = try await CLIFailure.guardingAll {
                try await target.client.stream(target.path + "/ledger/export") { reader.feed($0.readableBytesView) }
            }
            let r = reader.finish()
            bar.finish()
            guard answer.status == 200 else { CLIFailure.fail("\(target.model): \(ServerClient.message(answer.body))", ExitStatus.error) }
            let count = r.firstBad ?? r.entries
            if target.json {
                print(JSONValue.object([.init("ok", .bool(r.ok)), .init("entries", .number(String(count))), .init("head", .string(r.head.hex)),
                                        .init("first_bad", r.firstBad.map { .number(String($0)) } ?? .null),
                                        .init("problem", r.problem.map(JSONValue.string) ?? .null)]).serialized())
            } else if r.ok {
                print("ledger of \(ticker) holds: \(r.entries) entries, head \(r.head.hex); supply \(r.state.liquidSupply.units(decimals: 18)) liquid, reserve $\(r.state.reserve.units(decimals: 6))")
            } else {
                print("ledger of \(ticker) does NOT hold: \(r.problem ?? "")")
            }
            if !r.ok { throw ExitCode(ExitStatus.rejected) }
        }
    }
}
