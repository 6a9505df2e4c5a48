# pragma version ~=0.4.3
"""
@title ModelToken
@notice A model's token, minted only on a DeltaOne attestation that the model's
        DeltaOneVerifier accepts (signatures, nonce once, baseline is the head),
        with the rules of Merit's ledger (docs/token.md): reward =
        min(maxReward, deltaOneBps * T / 100) from minImprovementBps on, within the
        mint budget and the lifetime cap; the contributors' part split by the
        attestation's weights (floored, the dust to the first), the rest to the
        owner; immediateBps of each share liquid and the rest vesting linearly
        after a cliff from the mint's block time.
@dev    contracts/token_parity.py runs one sequence of mints and claims here
        and through Merit's ledger and compares every balance.
"""

struct Model:
    modelId: bytes32
    ticker: String[16]
    specHash: bytes32
    metric: String[16]
    maximize: bool

struct Datasets:
    baseRoot: bytes32
    baseRecords: uint64
    benchmarkRoot: bytes32
    benchmarkRecords: uint64
    contributionRoot: bytes32
    contributionRecords: uint64
    acceptedRoot: bytes32
    acceptedRecords: uint64
    trainingRoot: bytes32

struct Lineage:
    parentVersion: uint64
    parentModelHash: bytes32
    modelHash: bytes32

struct Evaluation:
    trainerHash: bytes32
    trainerSeed: uint64
    bootstrapSeed: uint64
    bootstrapResamples: uint32
    method: String[64]
    meritVersion: String[32]

struct Result:
    baseline: int256
    improved: int256
    delta: int256
    lower95: int256
    upper95: int256
    lowerOneSided95: int256
    benchmarkSize: uint64
    deltaOneBps: uint32

struct Contributor:
    account: address
    weightBps: uint16
    tokens: uint256

struct Reward:
    minted: uint256
    contributors: uint256
    owner: uint256

struct DeltaOne:
    model: Model
    data: Datasets
    lineage: Lineage
    evaluation: Evaluation
    result: Result
    contributors: DynArray[Contributor, MAX_CONTRIBUTORS]
    reward: Reward
    evaluationTime: uint64
    nonce: bytes32

MAX_SIGNERS: constant(uint256) = 16
MAX_CONTRIBUTORS: constant(uint256) = 32
MAX_SCHEDULES: constant(uint256) = 1024
BPS: constant(uint256) = 10000

interface Verifier:
    def submit(att: DeltaOne, signatures: DynArray[Bytes[65], MAX_SIGNERS]) -> bytes32: nonpayable

struct Schedule:
    beneficiary: address
    total: uint256
    claimed: uint256
    start: uint256

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Minted:
    nonce: indexed(bytes32)
    reward: uint256
    budgetRemaining: uint256

name: public(String[64])
symbol: public(String[8])
decimals: public(constant(uint8)) = 18
# Liquid tokens only: vesting tokens are counted once claimed, as the ledger counts its supply.
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])

verifier: public(address)
owner: public(address)
tokensPerDeltaOne: public(uint256)
maxReward: public(uint256)
budgetRemaining: public(uint256)
lifetimeCap: public(uint256)
lifetimeMinted: public(uint256)
minImprovementBps: public(uint256)
contributorShareBps: public(uint256)
vestingEnabled: public(bool)
immediateBps: public(uint256)
vestingDuration: public(uint256)
vestingCliff: public(uint256)
schedules: public(HashMap[uint256, Schedule])
scheduleCount: public(uint256)


@deploy
def __init__(name: String[64], symbol: String[8], verifier: address, owner: address, ownerAllocation: uint256,
             tokensPerDeltaOne: uint256, maxReward: uint256, mintBudget: uint256, lifetimeCap: uint256,
             minImprovementBps: uint256, contributorShareBps: uint256, vestingEnabled: bool,
             immediateBps: uint256, vestingDuration: uint256, vestingCliff: uint256):
    assert contributorShareBps <= BPS and immediateBps <= BPS, "bps over 10000"
    assert not vestingEnabled or (vestingDuration > 0 and vestingCliff <= vestingDuration), "vesting"
    assert maxReward <= lifetimeCap and mintBudget <= lifetimeCap, "caps"
    self.name = name
    self.symbol = symbol
    self.verifier = verifier
    self.owner = owner
    self.tokensPerDeltaOne = tokensPerDeltaOne
    self.maxReward = maxReward
    self.budgetRemaining = mintBudget
    self.lifetimeCap = lifetimeCap
    self.minImprovementBps = minImprovementBps
    self.contributorShareBps = contributorShareBps
    self.vestingEnabled = vestingEnabled
    self.immediateBps = immediateBps
    self.vestingDuration = vestingDuration
    self.vestingCliff = vestingCliff
    self.balanceOf[owner] = ownerAllocation
    self.totalSupply = ownerAllocation
    log Transfer(sender=empty(address), receiver=owner, value=ownerAllocation)


@internal
def _pay(to: address, amount: uint256):
    liquid: uint256 = amount
    if self.vestingEnabled:
        liquid = amount * self.immediateBps // BPS
    if liquid > 0:
        self.balanceOf[to] += liquid
        self.totalSupply += liquid
        log Transfer(sender=empty(address), receiver=to, value=liquid)
    if amount > liquid:
        self.schedules[self.scheduleCount] = Schedule(beneficiary=to, total=amount - liquid, claimed=0, start=block.timestamp)
        self.scheduleCount += 1


@external
def mint(att: DeltaOne, signatures: DynArray[Bytes[65], MAX_SIGNERS]) -> uint256:
    """
    @notice Mint the tokens an accepted attestation earns; reverts unless the
            verifier accepts it (and then nothing is minted and its nonce stays unused).
    """
    extcall Verifier(self.verifier).submit(att, signatures)
    bps: uint256 = convert(att.result.deltaOneBps, uint256)
    reward: uint256 = 0
    if bps >= self.minImprovementBps:
        reward = min(self.maxReward, bps * self.tokensPerDeltaOne // 100)
    assert reward <= self.budgetRemaining, "over the mint budget"
    assert self.lifetimeMinted + reward <= self.lifetimeCap, "over the lifetime cap"
    pool: uint256 = reward * self.contributorShareBps // BPS
    amounts: DynArray[uint256, MAX_CONTRIBUTORS] = []
    given: uint256 = 0
    for c: Contributor in att.contributors:
        a: uint256 = pool * convert(c.weightBps, uint256) // BPS
        amounts.append(a)
        given += a
    if len(amounts) > 0:
        amounts[0] += pool - given
    i: uint256 = 0
    for c: Contributor in att.contributors:
        self._pay(c.account, amounts[i])
        i += 1
    self._pay(self.owner, reward - pool)
    self.budgetRemaining -= reward
    self.lifetimeMinted += reward
    log Minted(nonce=att.nonce, reward=reward, budgetRemaining=self.budgetRemaining)
    return reward


@view
@internal
def _vested(s: Schedule, t: uint256) -> uint256:
    if t < s.start or t - s.start < self.vestingCliff:
        return 0
    if t - s.start >= self.vestingDuration:
        return s.total
    return s.total * (t - s.start) // self.vestingDuration


@external
def claim(beneficiary: address) -> uint256:
    """
    @notice Make `beneficiary`'s vested tokens liquid (anyone may call; the tokens go to the beneficiary).
    """
    total: uint256 = 0
    for k: uint256 in range(self.scheduleCount, bound=MAX_SCHEDULES):
        s: Schedule = self.schedules[k]
        if s.beneficiary != beneficiary:
            continue
        amount: uint256 = self._vested(s, block.timestamp) - s.claimed
        if amount > 0:
            self.schedules[k].claimed = s.claimed + amount
            total += amount
    assert total > 0, "nothing to claim"
    self.balanceOf[beneficiary] += total
    self.totalSupply += total
    log Transfer(sender=empty(address), receiver=beneficiary, value=total)
    return total


@external
def transfer(receiver: address, amount: uint256) -> bool:
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[receiver] += amount
    log Transfer(sender=msg.sender, receiver=receiver, value=amount)
    return True
