import Foundation
import Hummingbird
import MeritBase
import MeritCore
import MeritEthereum
import MeritEval
import MeritStore
import MeritToken

/// A model's token (docs/token.md): its state and balances, quotes, the ledger and its verification,
/// trades and transfers signed by their accounts, claims, API fees, and mints from attestations.
struct TokenController: Controller {
    let s: Services

    /// `POST …/token/buy|sell|transfer`: the request and the account's EIP-191 consent.
    struct Signed: Decodable { var account: String?; var to: String?; var amount: String?; var nonce: String?; var signature: String? }
    /// `POST …/token/claim`.
    struct Claim: Decodable { var account: String? }
    /// `POST …/token/fees`: USDC (base units, or dollars with `usdc`) for a number of calls.
    struct Fees: Decodable { var amount: String?; var calls: Int?; var depositor: String? }

    func register(on routes: GuardedRoutes) {
        routes.on(.get, "models/{name}/token", .read) { try await self.show($0, $1) }
        routes.on(.get, "models/{name}/token/balances/{address}", .read) { try await self.balance($0, $1) }
        routes.on(.get, "models/{name}/token/quote", .read) { try await self.quote($0, $1) }
        routes.on(.get, "models/{name}/ledger", .read) { try await self.entries($0, $1) }
        routes.on(.get, "models/{name}/ledger/verify", .read) { try await self.verify($0, $1) }
        routes.on(.get, "models/{name}/ledger/export", .read) { try await self.export($0, $1) }
        // Trades and transfers are authorised by the account's signature; the key only lets the caller in.
        for kind in ["buy", "sell", "transfer"] {
            routes.on(.post, "models/{name}/token/\(kind)", .role(.contributor)) { try await self.signed($0, $1, kind: kind) }
        }
        routes.on(.post, "models/{name}/token/claim", .role(.contributor)) { try await self.claim($0, $1) }
        routes.on(.post, "models/{name}/token/fees", .role(.owner)) { try await self.fees($0, $1) }
        routes.on(.post, "models/{name}/ledger/mint", .role(.owner)) { try await self.mint($0, $1) }
    }

    /// The model's spec and resolved token terms.
    func terms(_ name: String) async throws -> (ModelSpec, TokenTerms) {
        guard let spec = try await s.registry.model(name).spec else { throw APIError.notFound("model '\(name)' has no spec, so no token (create it with POST /api/v1/models)") }
        do { return (spec, try TokenMinting.terms(spec)) } catch { throw APIError.bad("\(error)") }
    }

    /// The ledger state, or 404 before genesis.
    func launched(_ name: String) async throws -> (ModelSpec, TokenTerms, LedgerState) {
        let (spec, terms) = try await self.terms(name)
        let state = try await s.ledger.state(spec.ticker)
        guard state.count > 0 else {
            throw APIError(status: .notFound, code: "not_launched", message: "the token of '\(name)' is not launched: its spec names no token.owner_address (or access.treasury) to receive the initial supply")
        }
        return (spec, terms, state)
    }

    static func respond(_ v: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: v.serialized())))
    }

    func show(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        let (spec, terms, state) = try await launched(name)
        return Self.respond(try TokenMinting.summary(spec: spec, terms: terms, state: state))
    }

    func balance(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        let (_, _, state) = try await launched(name)
        guard let who = try? Address(hex: try ctx.param("address")) else { throw APIError.bad("the address must be 0x and 40 hex digits") }
        let now = UInt64(max(0, Date().timeIntervalSince1970))
        let (claimable, locked) = try state.vesting(of: who, at: max(now, state.lastTime))
        return Self.respond(.object([.init("account", .string(who.checksummed)), .init("liquid", .string((state.balances[who] ?? .zero).description)),
                                     .init("claimable", .string(claimable.description)), .init("locked", .string(locked.description)), .init("at", .number(String(max(now, state.lastTime))))]))
    }

    func quote(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        let (_, terms, state) = try await launched(name)
        let q = req.uri.queryParameters
        guard let side = q.get("side"), ["buy", "sell"].contains(side), let text = q.get("amount"), let amount = UInt256(decimal: text), !amount.isZero else {
            throw APIError.bad("give ?side=buy&amount=USDC_BASE_UNITS or ?side=sell&amount=TOKEN_BASE_UNITS (a whole number above 0)")
        }
        let curve = BondingCurve(terms.amm)
        do {
            if side == "buy" {
                let b = try curve.buy(usdcIn: amount, reserve: state.reserve, supply: state.liquidSupply)
                return Self.respond(.object([.init("side", .string("buy")), .init("usdc_in", .string(b.usdcIn.description)), .init("fee", .string(b.fee.description)),
                                             .init("tokens_out", .string(b.tokensOut.description)), .init("flat_tokens", .string(b.flatTokens.description)),
                                             .init("curve_tokens", .string(b.curveTokens.description)),
                                             .init("spot_after", .string(try curve.spotPrice(reserve: b.reserveAfter, supply: b.supplyAfter).description))]))
            }
            let now = max(UInt64(max(0, Date().timeIntervalSince1970)), state.lastTime)
            let x = try curve.sell(tokens: amount, reserve: state.reserve, supply: state.liquidSupply, now: now, launch: state.launch)
            return Self.respond(.object([.init("side", .string("sell")), .init("tokens_in", .string(x.tokensIn.description)), .init("gross", .string(x.gross.description)),
                                         .init("fee", .string(x.fee.description)), .init("usdc_out", .string(x.usdcOut.description)),
                                         .init("spot_after", .string(try curve.spotPrice(reserve: x.reserveAfter, supply: x.supplyAfter).description))]))
        } catch let e as TokenError { throw APIError(status: .unprocessableContent, code: e.code.rawValue, message: e.description) }
    }

    func entries(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        let (spec, _) = try await terms(name)
        let q = req.uri.queryParameters
        let after = try q.get("after").map { text -> UInt64 in
            guard let n = UInt64(text) else { throw APIError.bad("after must be an entry number (0, 1, …)") }
            return n
        }
        let limit = min(Int(q.get("limit") ?? "") ?? 1000, 10_000)
        let stored = try await s.ledgers.ledgerEntries(spec.ticker, after: after, limit: limit)
        return Self.respond(.object([.init("token", .string(spec.ticker)),
                                     .init("entries", .array(stored.map { e in
                                         .object([.init("hash", .string(e.hash.hex)), .init("entry", e.entry.json)])
                                     }))]))
    }

    /// Entries per page read from the store while exporting.
    static let exportPage = 20_000

    /// The whole ledger as JSON lines (`{"sequence":N,"hash":"0x…","entry":{…}}`), each entry its stored
    /// canonical JSON as is, streamed page by page so that neither side holds it all: what `merit ledger
    /// verify` reads. Entries appended meanwhile are included up to the page that finds the end.
    func export(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        let (spec, _) = try await terms(name)
        let ledgers = s.ledgers, ticker = spec.ticker
        let body = ResponseBody { writer in
            var after: UInt64?
            while true {
                let page = try await ledgers.ledgerExport(ticker, after: after, limit: Self.exportPage)
                if page.count > 0 { try await writer.write(ByteBuffer(bytes: page.lines)) }
                guard page.count == Self.exportPage, let last = page.last else { break }
                after = last
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: body)
    }

    func verify(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        let (spec, _) = try await terms(name)
        let stored = try await s.ledgers.ledgerEntries(spec.ticker, after: nil, limit: nil)
        let r = try await StoredData.offPool { LedgerVerifier.verify(token: spec.ticker, entries: stored.map(\.entry), storedHashes: stored.map(\.hash)) }
        return Self.respond(.object([.init("ok", .bool(r.ok)), .init("entries", .number(String(stored.count))), .init("checked", .number(String(r.entries))),
                                     .init("head", .string(r.head.hex)), .init("first_bad", r.firstBad.map { .number(String($0)) } ?? .null),
                                     .init("problem", r.problem.map(JSONValue.string) ?? .null)]))
    }

    /// Submits a request to the model's ledger; a refusal is a 422 with the rule's words.
    func submit(_ spec: ModelSpec, _ request: LedgerRequest) async throws -> Response {
        do {
            let out = try await s.ledger.submit(spec.ticker, request, time: UInt64(max(0, Date().timeIntervalSince1970)))
            return Self.respond(.object([.init("replay", .bool(out.replay)), .init("hash", .string(out.entry.hash.hex)), .init("entry", out.entry.json)]),
                                status: out.replay ? .ok : .created)
        } catch let e as TokenError { throw APIError(status: .unprocessableContent, code: e.code.rawValue, message: e.description) }
    }

    func signed(_ req: Request, _ ctx: AppContext, kind: String) async throws -> Response {
        let name = try ctx.param("name")
        let (spec, _, _) = try await launched(name)
        let b = try await NativeBody.decode(Signed.self, req, ctx)
        guard let account = b.account.flatMap({ try? Address(hex: $0) }) else { throw APIError.bad("account: give the 0x address that signs the \(kind)") }
        guard let amount = b.amount.flatMap(UInt256.init(decimal:)), !amount.isZero else {
            throw APIError.bad("amount: a whole number of base units above 0 (USDC has 6 decimals, tokens 18), as a string")
        }
        guard let nonce = b.nonce.flatMap(Bytes32.init(hex:)), let signature = b.signature.flatMap({ try? Secp256k1.Signature(hex: $0) }) else {
            throw APIError.bad("nonce (0x and 64 hex digits) and signature (0x and 130 hex digits) are required: the account signs the request with personal_sign (`merit token \(kind)` does it)")
        }
        let auth = LedgerRequest.Authorization(nonce: nonce, signature: signature)
        switch kind {
        case "buy": return try await submit(spec, .buy(account: account, usdcIn: amount, auth: auth))
        case "sell": return try await submit(spec, .sell(account: account, tokens: amount, auth: auth))
        default:
            guard let to = b.to.flatMap({ try? Address(hex: $0) }) else { throw APIError.bad("to: the 0x address that receives the tokens") }
            return try await submit(spec, .transfer(from: account, to: to, amount: amount, auth: auth))
        }
    }

    func claim(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        let (spec, _, _) = try await launched(name)
        let b = try await NativeBody.decode(Claim.self, req, ctx)
        guard let account = b.account.flatMap({ try? Address(hex: $0) }) else { throw APIError.bad("account: the 0x address whose vested tokens to claim") }
        return try await submit(spec, .claim(account: account))
    }

    func fees(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        _ = try await s.ownedModel(name, ctx)
        let (spec, terms, _) = try await launched(name)
        let b = try await NativeBody.decode(Fees.self, req, ctx)
        let calls = b.calls ?? 0
        guard calls >= 0 else { throw APIError.bad("calls must be 0 or more") }
        // Without an amount, the fee is the calls at the model's API fee per call (token.api_fee_per_call).
        let amount: UInt256
        if let text = b.amount {
            guard let a = UInt256(decimal: text), !a.isZero else { throw APIError.bad("amount: USDC base units above 0, as a string (1 USDC is \"1000000\")") }
            amount = a
        } else {
            guard calls > 0 else { throw APIError.bad("give amount (USDC base units) or calls (priced at the model's API fee per call)") }
            do { amount = try terms.apiFeePerCall * UInt256(UInt64(calls)) } catch { throw APIError.bad("\(error)") }
        }
        return try await submit(spec, .feeDeposit(depositor: b.depositor ?? ctx.identity?.label ?? "api", amount: amount, calls: UInt64(calls)))
    }

    func mint(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let name = try ctx.param("name")
        _ = try await s.ownedModel(name, ctx)
        let (spec, _, _) = try await launched(name)
        let buffer = try await req.body.collect(upTo: 1 << 20)
        let file: AttestationFile
        do { file = try AttestationFile(json: JSONValue.parse(buffer.readableBytesView, name: "attestation"), name: "attestation") } catch {
            throw APIError.bad("the body is not a Merit attestation: \(error)")
        }
        let request: LedgerRequest.Mint
        do { request = try TokenMinting.mintRequest(file, spec: spec, attesters: s.attesters) } catch let e as TokenError {
            throw APIError(status: .unprocessableContent, code: e.code.rawValue, message: e.description)
        }
        return try await submit(spec, .mint(request))
    }
}
