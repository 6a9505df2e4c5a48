import MeritBase
import MeritEthereum

/// A model's token as its ledger leaves it: balances, vesting, reserve, caps and the head, folded
/// from the entries in order. Pure: the same entries always give the same state.
public struct LedgerState: Sendable {
    /// One vesting schedule and what was claimed from it.
    public struct Schedule: Sendable, Equatable {
        /// Its number, in order of creation.
        public var id: Int
        /// Who it vests to.
        public var beneficiary: Address
        /// The schedule.
        public var schedule: VestingSchedule
        /// Tokens claimed so far.
        public var claimed: UInt256
    }

    /// The terms (from genesis).
    public private(set) var terms: TokenTerms?
    /// Entries applied.
    public private(set) var count: UInt64 = 0
    /// The last entry's hash and time.
    public private(set) var lastHash: Bytes32 = .zero
    public private(set) var lastTime: UInt64 = 0
    /// When the token was born (the genesis entry's time): the buy-only period counts from it.
    public private(set) var launch: UInt64 = 0
    /// Liquid tokens per account.
    public private(set) var balances: [Address: UInt256] = [:]
    /// Every vesting schedule.
    public private(set) var schedules: [Schedule] = []
    /// USDC in the AMM reserve.
    public private(set) var reserve: UInt256 = .zero
    /// USDC owed to infrastructure (its share of API fees, and trade fees).
    public private(set) var infrastructure: UInt256 = .zero
    /// Liquid tokens in all: the supply the curve counts.
    public private(set) var liquidSupply: UInt256 = .zero
    /// Rewards minted in the model's lifetime (sells against the reserve give headroom back).
    public private(set) var lifetimeMinted: UInt256 = .zero
    /// What is left of the mint budget.
    public private(set) var budgetRemaining: UInt256 = .zero
    /// The owner and treasury accounts named at genesis.
    public private(set) var owner: Address?
    public private(set) var treasury: Address?
    /// The head's model hash: a mint must name it as its baseline.
    public private(set) var head: Bytes32?
    /// The nonces each account has signed requests with.
    public private(set) var usedNonces: [Address: Set<Bytes32>] = [:]
    /// The entry that minted each attestation nonce.
    public private(set) var mintedBy: [Bytes32: UInt64] = [:]

    /// An empty ledger (before genesis).
    public init() {}

    /// Tokens still vesting (not yet claimed) of `account`, at time `t`: (vested and claimable, not yet vested).
    public func vesting(of account: Address, at t: UInt64) throws -> (claimable: UInt256, locked: UInt256) {
        var claimable = UInt256.zero, locked = UInt256.zero
        for s in schedules where s.beneficiary == account {
            let vested = try s.schedule.vested(at: t)
            claimable = try claimable + (try vested - s.claimed)
            locked = try locked + (try s.schedule.total - vested)
        }
        return (claimable, locked)
    }

    /// Every token that exists: liquid, and vesting whether vested or not.
    public var totalSupply: UInt256 {
        get throws {
            var total = liquidSupply
            for s in schedules { total = try total + (try s.schedule.total - s.claimed) }
            return total
        }
    }

    /// The curve over this ledger's terms.
    var curve: BondingCurve? { terms.map { BondingCurve($0.amm) } }

    private mutating func credit(_ a: Address, _ amount: UInt256) throws {
        let had = balances[a]
        let now = try (had ?? .zero) + amount
        undo.balances.append((a, had))
        balances[a] = now
        liquidSupply = try liquidSupply + amount
    }

    private mutating func debit(_ a: Address, _ amount: UInt256, _ what: String) throws {
        let have = balances[a] ?? .zero
        guard amount <= have else {
            throw TokenError(.refused, "\(a.checksummed) holds \(have.units(decimals: 18)) liquid tokens, fewer than the \(amount.units(decimals: 18)) to \(what)", at: what)
        }
        undo.balances.append((a, balances[a]))
        balances[a] = try have - amount
        liquidSupply = try liquidSupply - amount
    }

    /// What a request changed in the large collections, to put back if it is refused part way: the
    /// state is changed in place (a copy per entry would copy every balance), and everything else is
    /// a few words, saved whole before the request (`Words`).
    private struct Undo: Sendable {
        var balances: [(Address, UInt256?)] = []
        var claims: [(Int, UInt256)] = []
        var schedules = 0
    }
    private var undo = Undo()

    /// The state but its large collections.
    private struct Words {
        var terms: TokenTerms?, count: UInt64, lastHash: Bytes32, lastTime: UInt64, launch: UInt64
        var reserve: UInt256, infrastructure: UInt256, liquidSupply: UInt256, lifetimeMinted: UInt256, budgetRemaining: UInt256
        var owner: Address?, treasury: Address?, head: Bytes32?
    }

    /// Applies the request all or nothing: when it is refused, the state is as before.
    private mutating func applyingAtomically(_ request: LedgerRequest, time: UInt64, recoveredSigner: Address? = nil) throws -> JSONValue {
        let words = Words(terms: terms, count: count, lastHash: lastHash, lastTime: lastTime, launch: launch, reserve: reserve,
                          infrastructure: infrastructure, liquidSupply: liquidSupply, lifetimeMinted: lifetimeMinted,
                          budgetRemaining: budgetRemaining, owner: owner, treasury: treasury, head: head)
        undo = Undo(schedules: schedules.count)
        do {
            let outputs = try applying(request, time: time, recoveredSigner: recoveredSigner)
            undo = Undo()
            return outputs
        } catch {
            for (a, had) in undo.balances.reversed() { balances[a] = had }
            for (k, claimed) in undo.claims.reversed() { schedules[k].claimed = claimed }
            if schedules.count > undo.schedules { schedules.removeLast(schedules.count - undo.schedules) }
            terms = words.terms; count = words.count; lastHash = words.lastHash; lastTime = words.lastTime; launch = words.launch
            reserve = words.reserve; infrastructure = words.infrastructure; liquidSupply = words.liquidSupply
            lifetimeMinted = words.lifetimeMinted; budgetRemaining = words.budgetRemaining
            owner = words.owner; treasury = words.treasury; head = words.head
            spent = nil; minted = nil; undo = Undo()
            throw error
        }
    }

    /// What an accepted request adds to the growing sets (kept out of `applying`, so that trying a request
    /// on a copy of the state never copies them).
    private var spent: (Address, Bytes32)? = nil
    private var minted: Bytes32? = nil

    /// Records the nonce an accepted request used, in place (the state is the only owner of its sets here).
    private mutating func commit(sequence: UInt64) {
        if let (signer, nonce) = spent { usedNonces[signer, default: []].insert(nonce) }
        if let nonce = minted { mintedBy[nonce] = sequence }
        spent = nil; minted = nil
    }

    private mutating func applying(_ request: LedgerRequest, time: UInt64, recoveredSigner: Address? = nil) throws -> JSONValue {
        typealias J = LedgerJSON
        if case .genesis = request {
            guard terms == nil else { throw TokenError(.refused, "the ledger already has its genesis", at: "genesis") }
        } else {
            guard terms != nil else { throw TokenError(.refused, "the ledger has no genesis yet; create the token first", at: request.kind) }
            guard time >= lastTime else { throw TokenError(.refused, "time \(time) is before the previous entry's (\(lastTime)); entries are in time order", at: request.kind) }
        }
        try checkConsent(request, recoveredSigner: recoveredSigner)
        switch request {
        case .genesis(let g):
            terms = g.terms; launch = time; head = g.head
            budgetRemaining = g.terms.mintBudget
            let treasury = g.treasury ?? g.owner
            owner = g.owner; self.treasury = treasury
            let rest = try g.terms.initialSupply - g.terms.ownerAllocation
            try credit(g.owner, g.terms.ownerAllocation)
            if !rest.isZero { try credit(treasury, rest) }
            return .object([.init("owner_amount", J.amount(g.terms.ownerAllocation)), .init("treasury_amount", J.amount(rest)),
                            .init("supply", J.amount(liquidSupply)), .init("budget_remaining", J.amount(budgetRemaining))])

        case .mint(let m):
            return try applying(m, time: time)

        case .claim(let account):
            var total = UInt256.zero, claimed: [JSONValue] = []
            for k in schedules.indices where schedules[k].beneficiary == account {
                let amount = try (try schedules[k].schedule.vested(at: time)) - schedules[k].claimed
                guard !amount.isZero else { continue }
                undo.claims.append((k, schedules[k].claimed))
                schedules[k].claimed = try schedules[k].claimed + amount
                total = try total + amount
                claimed.append(.object([.init("schedule", J.integer(k)), .init("amount", J.amount(amount))]))
            }
            guard !total.isZero else { throw TokenError(.refused, "\(account.checksummed) has nothing vested to claim at \(time)", at: "claim") }
            try credit(account, total)
            return .object([.init("amount", J.amount(total)), .init("schedules", .array(claimed))])

        case .feeDeposit(let depositor, let amount, _):
            guard !amount.isZero else { throw TokenError(.invalidAmount, "a fee deposit must be more than 0 USDC", at: "fee_deposit") }
            guard !depositor.isEmpty, depositor.utf8.count <= 100 else { throw TokenError(.invalidAmount, "name the depositor (1 to 100 bytes)", at: "fee_deposit.depositor") }
            let (infra, toReserve) = try FeeSplit.split(amount, infrastructureBps: terms!.infrastructureShareBps)
            infrastructure = try infrastructure + infra; reserve = try reserve + toReserve
            return .object([.init("infrastructure", J.amount(infra)), .init("reserve_part", J.amount(toReserve)),
                            .init("reserve", J.amount(reserve)), .init("spot_price", J.amount(try curve!.spotPrice(reserve: reserve, supply: liquidSupply)))])

        case .buy(let account, let usdcIn, _):
            let b = try curve!.buy(usdcIn: usdcIn, reserve: reserve, supply: liquidSupply)
            reserve = b.reserveAfter; infrastructure = try infrastructure + b.fee
            try credit(account, b.tokensOut)
            return .object([.init("fee", J.amount(b.fee)), .init("flat_tokens", J.amount(b.flatTokens)), .init("curve_tokens", J.amount(b.curveTokens)),
                            .init("tokens_out", J.amount(b.tokensOut)), .init("reserve", J.amount(reserve)), .init("supply", J.amount(liquidSupply)),
                            .init("spot_price", J.amount(try curve!.spotPrice(reserve: reserve, supply: liquidSupply)))])

        case .sell(let account, let tokens, _):
            guard tokens <= balances[account] ?? .zero else {
                throw TokenError(.refused, "\(account.checksummed) holds \((balances[account] ?? .zero).units(decimals: 18)) liquid tokens, fewer than the \(tokens.units(decimals: 18)) to sell", at: "sell")
            }
            let s = try curve!.sell(tokens: tokens, reserve: reserve, supply: liquidSupply, now: time, launch: launch)
            try debit(account, tokens, "sell")
            reserve = s.reserveAfter; infrastructure = try infrastructure + s.fee
            // Tokens sold back give their headroom under the lifetime cap back.
            lifetimeMinted = lifetimeMinted > tokens ? try lifetimeMinted - tokens : .zero
            return .object([.init("gross", J.amount(s.gross)), .init("fee", J.amount(s.fee)), .init("usdc_out", J.amount(s.usdcOut)),
                            .init("reserve", J.amount(reserve)), .init("supply", J.amount(liquidSupply)),
                            .init("spot_price", J.amount(try curve!.spotPrice(reserve: reserve, supply: liquidSupply)))])

        case .transfer(let from, let to, let amount, _):
            guard !amount.isZero else { throw TokenError(.invalidAmount, "a transfer must move more than 0 tokens", at: "transfer") }
            guard from != to else { throw TokenError(.invalidAmount, "a transfer needs two different accounts", at: "transfer") }
            try debit(from, amount, "transfer")
            try credit(to, amount)
            return .object([.init("from_balance", J.amount(balances[from] ?? .zero)), .init("to_balance", J.amount(balances[to] ?? .zero))])
        }
    }

    /// A signed request's signature: it must recover to the request's account, with a nonce that account
    /// has not used in this ledger (recorded by `commit` once the request is accepted).
    private mutating func checkConsent(_ request: LedgerRequest, recoveredSigner: Address?) throws {
        guard let terms, let consent = request.signedBy else { return }
        let signer: Address
        if let known = recoveredSigner { signer = known } else {
            // Built only when no signer was recovered beforehand: the message costs a checksum.
            let message = request.consent(token: terms.ticker)!.message
            do { signer = try EIP191.recover(Array(message.utf8), signature: consent.auth.signature) } catch {
                throw TokenError(.refused, "the \(request.kind)'s signature does not recover: \(error)", at: request.kind)
            }
        }
        guard signer == consent.account else {
            throw TokenError(.refused, "the \(request.kind) is signed by \(signer.checksummed), not by its account \(consent.account.checksummed); sign it with the account's key", at: request.kind)
        }
        guard usedNonces[signer]?.contains(consent.auth.nonce) != true else {
            throw TokenError(.refused, "\(signer.checksummed) already used nonce \(consent.auth.nonce.hex) in this ledger; sign the request again with a new nonce", at: request.kind)
        }
        // Recorded by `commit` once the request is accepted: the sets only grow, in place.
        spent = (signer, consent.auth.nonce)
    }

    /// A mint from a verified attestation: the reward split between contributors and owner, each share
    /// liquid or vesting by the terms, once per attestation nonce, only against the model's head.
    private mutating func applying(_ m: LedgerRequest.Mint, time: UInt64) throws -> JSONValue {
        typealias J = LedgerJSON
        let terms = self.terms!
        if let earlier = mintedBy[m.nonce] {
            throw TokenError(.refused, "attestation nonce \(m.nonce.hex) was already minted in entry \(earlier); nothing changed", at: "mint")
        }
        if let head, m.baselineModelHash != head {
            throw TokenError(.refused, "the attestation's baseline model \(m.baselineModelHash.hex) is not the model's head \(head.hex); it was judged against an older version", at: "mint")
        }
        guard m.candidateModelHash != .zero else { throw TokenError(.refused, "the attestation names no candidate model", at: "mint") }
        guard let owner = terms.ownerAddress ?? self.owner else { throw TokenError(.refused, "the model has no owner address for its share", at: "mint") }
        let weights = m.contributors.map(\.weightBps)
        guard Set(m.contributors.map(\.account)).count == m.contributors.count else {
            throw TokenError(.refused, "a contributor appears twice; list each once with its whole weight", at: "mint.contributors")
        }
        let r = try Rewards.mint(deltaBps: m.deltaBps, weightsBps: weights, terms: terms, budgetRemaining: budgetRemaining, lifetimeMinted: lifetimeMinted)
        var shares: [JSONValue] = []
        func pay(_ account: Address, _ amount: UInt256) throws -> JSONValue {
            let (liquid, schedule) = try VestingSchedule.make(amount, terms: terms.vesting, at: time)
            if !liquid.isZero { try credit(account, liquid) }
            var id: JSONValue = .null
            if let schedule {
                schedules.append(Schedule(id: schedules.count, beneficiary: account, schedule: schedule, claimed: .zero))
                id = J.integer(schedules.count - 1)
            }
            return .object([.init("account", J.address(account)), .init("amount", J.amount(amount)), .init("liquid", J.amount(liquid)),
                            .init("vesting", J.amount(try amount - liquid)), .init("schedule", id)])
        }
        for (c, amount) in zip(m.contributors, r.contributors) { shares.append(try pay(c.account, amount)) }
        let ownerShare = try pay(owner, r.owner)
        budgetRemaining = r.budgetRemaining; lifetimeMinted = r.lifetimeMinted
        minted = m.nonce
        if !r.reward.isZero { head = m.candidateModelHash }
        return .object([.init("reward", J.amount(r.reward)), .init("contributors", .array(shares)), .init("owner", ownerShare),
                        .init("budget_remaining", J.amount(budgetRemaining)), .init("lifetime_minted", J.amount(lifetimeMinted)),
                        .init("head", head.map(J.bytes32) ?? .null)])
    }

    /// Applies a stored entry whose hash and signer (for a signed request) were computed already (the
    /// verifier does both for every entry at once, on every core); returns the outputs the rules give,
    /// for the caller to compare with the entry's own. The state moves only when the request is accepted.
    mutating func replay(_ e: LedgerEntry, hash: Bytes32, signer: Address?) throws -> JSONValue {
        let outputs = try applyingAtomically(e.request, time: e.time, recoveredSigner: signer)
        count += 1; lastHash = hash; lastTime = e.time
        commit(sequence: count - 1)
        return outputs
    }

    /// Appends an entry: the request applied at `time`, chained to the last entry. The state moves only
    /// when the request is accepted.
    public mutating func append(token: String, _ request: LedgerRequest, time: UInt64) throws -> LedgerEntry {
        let outputs = try applyingAtomically(request, time: time)
        let entry = LedgerEntry(token: token, sequence: count, time: time, previous: lastHash, request: request, outputs: outputs)
        count += 1; lastHash = entry.hash; lastTime = time
        commit(sequence: count - 1)
        return entry
    }
}
