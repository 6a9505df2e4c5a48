import MeritBase
import MeritEthereum

/// What someone asks of a model's ledger: the inputs of one entry. The ledger computes the rest
/// (`LedgerState.apply`), and a verifier recomputes it from these inputs alone.
public enum LedgerRequest: Sendable, Equatable {
    /// The token's birth: its terms, and who holds the initial supply.
    case genesis(Genesis)
    /// Tokens minted for a paid contribution, from its verified attestation.
    case mint(Mint)
    /// Vested tokens made liquid, at the entry's time.
    case claim(account: Address)
    /// An API fee: split between infrastructure and the reserve.
    case feeDeposit(depositor: String, amount: UInt256, calls: UInt64)
    /// Tokens bought from the reserve with USDC (fee included), signed by the buyer.
    case buy(account: Address, usdcIn: UInt256, auth: Authorization)
    /// Tokens sold to the reserve for USDC, signed by the seller.
    case sell(account: Address, tokens: UInt256, auth: Authorization)
    /// Liquid tokens moved between accounts, signed by the sender.
    case transfer(from: Address, to: Address, amount: UInt256, auth: Authorization)

    /// An account's consent to one request: its EIP-191 (`personal_sign`) signature over
    /// `authorizationMessage`, with a nonce the account never uses twice in this ledger.
    public struct Authorization: Sendable, Equatable {
        /// Chosen by the account; a second request with the same nonce is refused.
        public var nonce: Bytes32
        /// r ‖ s ‖ v.
        public var signature: Secp256k1.Signature
        /// Creates an authorization.
        public init(nonce: Bytes32, signature: Secp256k1.Signature) { self.nonce = nonce; self.signature = signature }
    }

    /// The text an account signs to consent to a trade or transfer (nil for the other kinds):
    /// one line each for the ledger, the kind, the account, the amount, the recipient and the nonce.
    public static func authorizationMessage(token: String, kind: String, account: Address, amount: UInt256, to: Address? = nil, nonce: Bytes32) -> String {
        var lines = ["Merit ledger request", "token: \(token)", "kind: \(kind)", "account: \(account.checksummed)", "amount: \(amount)"]
        if let to { lines.append("to: \(to.checksummed)") }
        lines.append("nonce: \(nonce.hex)")
        return lines.joined(separator: "\n")
    }

    /// Signs a trade or transfer with the account's key (what `merit token buy|sell|transfer` does).
    public static func authorize(token: String, kind: String, amount: UInt256, to: Address? = nil, nonce: Bytes32, key: Secp256k1.PrivateKey) -> Authorization {
        let text = authorizationMessage(token: token, kind: kind, account: key.address, amount: amount, to: to, nonce: nonce)
        return Authorization(nonce: nonce, signature: EIP191.sign(Array(text.utf8), with: key))
    }

    /// Who must have signed this request and the authorization, without the message (cheap: a ledger
    /// check asks it of every entry); nil for kinds that need none.
    var signedBy: (account: Address, auth: Authorization)? {
        switch self {
        case .buy(let a, _, let auth), .sell(let a, _, let auth), .transfer(let a, _, _, let auth): (a, auth)
        default: nil
        }
    }

    /// Who must have signed this request, the message and the authorization; nil for kinds that need none.
    func consent(token: String) -> (account: Address, message: String, auth: Authorization)? {
        switch self {
        case .buy(let a, let usdc, let auth): (a, Self.authorizationMessage(token: token, kind: kind, account: a, amount: usdc, nonce: auth.nonce), auth)
        case .sell(let a, let t, let auth): (a, Self.authorizationMessage(token: token, kind: kind, account: a, amount: t, nonce: auth.nonce), auth)
        case .transfer(let from, let to, let amount, let auth): (from, Self.authorizationMessage(token: token, kind: kind, account: from, amount: amount, to: to, nonce: auth.nonce), auth)
        default: nil
        }
    }

    /// The genesis inputs.
    public struct Genesis: Sendable, Equatable {
        /// The token's resolved terms.
        public var terms: TokenTerms
        /// The owner's account (the terms' owner address when set).
        public var owner: Address
        /// Where the rest of the initial supply goes (the owner when nil).
        public var treasury: Address?
        /// keccak256 of the head version's model when the token is born (version 1), if known.
        public var head: Bytes32?
        /// Creates the inputs.
        public init(terms: TokenTerms, owner: Address, treasury: Address? = nil, head: Bytes32? = nil) {
            self.terms = terms; self.owner = owner; self.treasury = treasury; self.head = head
        }
    }

    /// A mint's inputs, read from a verified DeltaOne attestation.
    public struct Mint: Sendable, Equatable {
        /// The attestation's EIP-712 digest.
        public var attestation: Bytes32
        /// Its nonce: a mint happens once per nonce.
        public var nonce: Bytes32
        /// The attestation's awarded improvement, bps of the metric (`result.deltaOneBps`).
        public var deltaBps: UInt64
        /// Contributors and weights, as signed.
        public var contributors: [(account: Address, weightBps: Int)]
        /// The baseline's and the candidate's model hashes (`lineage`), which move the head.
        public var baselineModelHash: Bytes32
        public var candidateModelHash: Bytes32
        /// The attesters whose signatures were checked.
        public var signers: [Address]

        /// Creates the inputs.
        public init(attestation: Bytes32, nonce: Bytes32, deltaBps: UInt64, contributors: [(account: Address, weightBps: Int)],
                    baselineModelHash: Bytes32, candidateModelHash: Bytes32, signers: [Address]) {
            self.attestation = attestation; self.nonce = nonce; self.deltaBps = deltaBps; self.contributors = contributors
            self.baselineModelHash = baselineModelHash; self.candidateModelHash = candidateModelHash; self.signers = signers
        }

        public static func == (a: Mint, b: Mint) -> Bool {
            a.attestation == b.attestation && a.nonce == b.nonce && a.deltaBps == b.deltaBps
                && a.contributors.map(\.account) == b.contributors.map(\.account) && a.contributors.map(\.weightBps) == b.contributors.map(\.weightBps)
                && a.baselineModelHash == b.baselineModelHash && a.candidateModelHash == b.candidateModelHash && a.signers == b.signers
        }
    }

    /// The entry kind's name.
    public var kind: String {
        switch self {
        case .genesis: "genesis"
        case .mint: "mint"
        case .claim: "claim"
        case .feeDeposit: "fee_deposit"
        case .buy: "buy"
        case .sell: "sell"
        case .transfer: "transfer"
        }
    }

    /// The inputs as an entry stores them.
    public var json: JSONValue {
        typealias J = LedgerJSON
        switch self {
        case .genesis(let g):
            return .object([.init("terms", g.terms.json), .init("owner", J.address(g.owner)), .init("treasury", J.optional(g.treasury)),
                            .init("head", g.head.map(J.bytes32) ?? .null)])
        case .mint(let m):
            return .object([.init("attestation", J.bytes32(m.attestation)), .init("nonce", J.bytes32(m.nonce)), .init("delta_bps", J.integer(m.deltaBps)),
                            .init("contributors", .array(m.contributors.map { .object([.init("account", J.address($0.account)), .init("weight_bps", J.integer($0.weightBps))]) })),
                            .init("baseline_model_hash", J.bytes32(m.baselineModelHash)), .init("candidate_model_hash", J.bytes32(m.candidateModelHash)),
                            .init("signers", .array(m.signers.map(J.address)))])
        case .claim(let a):
            return .object([.init("account", J.address(a))])
        case .feeDeposit(let d, let amount, let calls):
            return .object([.init("depositor", .string(d)), .init("amount", J.amount(amount)), .init("calls", J.integer(calls))])
        case .buy(let a, let usdc, let auth):
            return .object([.init("account", J.address(a)), .init("usdc_in", J.amount(usdc))] + Self.json(auth))
        case .sell(let a, let t, let auth):
            return .object([.init("account", J.address(a)), .init("tokens_in", J.amount(t))] + Self.json(auth))
        case .transfer(let from, let to, let amount, let auth):
            return .object([.init("from", J.address(from)), .init("to", J.address(to)), .init("amount", J.amount(amount))] + Self.json(auth))
        }
    }

    static func json(_ a: Authorization) -> [JSONValue.Member] {
        [.init("nonce", LedgerJSON.bytes32(a.nonce)), .init("signature", .string(a.signature.hex))]
    }

    static func authorization(_ f: Fields) throws -> Authorization {
        guard let sig = try? Secp256k1.Signature(hex: try f.string("signature")) else { throw f.fail("signature", "expected 0x and 130 hex digits (r ‖ s ‖ v)") }
        return Authorization(nonce: try f.bytes32("nonce"), signature: sig)
    }

    /// Reads the inputs of an entry of `kind`.
    init(kind: String, json: JSONValue, at: String) throws {
        let f = try Fields(json, at: at)
        switch kind {
        case "genesis":
            self = .genesis(Genesis(terms: try TokenTerms(json: try f.value("terms"), at: at + ".terms"), owner: try f.address("owner"),
                                    treasury: try f.optionalAddress("treasury"), head: try f.optionalBytes32("head")))
        case "mint":
            let contributors = try f.array("contributors").enumerated().map { k, c -> (account: Address, weightBps: Int) in
                let cf = try Fields(c, at: "\(at).contributors[\(k)]")
                return (try cf.address("account"), Int(try cf.integer("weight_bps")))
            }
            let signers = try f.array("signers").enumerated().map { k, s -> Address in
                guard let text = s.stringValue, let a = try? Address(hex: text) else { throw f.fail("signers[\(k)]", "expected a 0x address") }
                return a
            }
            self = .mint(Mint(attestation: try f.bytes32("attestation"), nonce: try f.bytes32("nonce"), deltaBps: try f.integer("delta_bps"),
                              contributors: contributors, baselineModelHash: try f.bytes32("baseline_model_hash"),
                              candidateModelHash: try f.bytes32("candidate_model_hash"), signers: signers))
        case "claim": self = .claim(account: try f.address("account"))
        case "fee_deposit": self = .feeDeposit(depositor: try f.string("depositor"), amount: try f.amount("amount"), calls: try f.integer("calls"))
        case "buy": self = .buy(account: try f.address("account"), usdcIn: try f.amount("usdc_in"), auth: try Self.authorization(f))
        case "sell": self = .sell(account: try f.address("account"), tokens: try f.amount("tokens_in"), auth: try Self.authorization(f))
        case "transfer": self = .transfer(from: try f.address("from"), to: try f.address("to"), amount: try f.amount("amount"), auth: try Self.authorization(f))
        default: throw TokenError(.invalidAmount, "unknown entry kind \(JSONValue.excerpt(kind)); the kinds are genesis, mint, claim, fee_deposit, buy, sell, transfer", at: at)
        }
    }
}
