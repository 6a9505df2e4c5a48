# pragma version ~=0.4.3
"""
@title DeltaOneVerifier
@notice Reference verifier for Merit's DeltaOne attestation (docs/attestation.md).
        It recomputes the EIP-712 digest on chain, checks an m-of-n set of
        attesters signed it, pays each nonce at most once and remembers the
        attested Merkle roots so that single records can later be proven
        against them.
@dev    This contract is a reference: it defines what "valid on chain" means
        for the Swift implementation and is exercised by contracts/evm_check.py.
        It holds no funds and mints nothing; a token contract would call or
        inherit this logic.
"""

# The struct layouts must match the EIP-712 types field for field and in
# declared order: hashStruct encodes members in declaration order, and the ABI
# tuple order (and so the calldata a wallet or the Swift CLI builds) follows
# the same order.  Strings are bounded because Vyper has no unbounded types;
# each bound is at least the limit docs/attestation.md promises (ticker 6,
# metric 16, method 64, meritVersion 32 bytes), so the ABI decoder rejects
# only what the signing tool could never have produced.

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
MAX_PROOF: constant(uint256) = 64
BPS: constant(uint256) = 10000

# secp256k1n / 2.  A signature (r, s) and its twin (r, n - s) recover the same
# address; accepting both would let anyone mint a second valid signature
# without the key (malleability), so only the low-s form is valid, as in
# OpenZeppelin's ECDSA.
SECP256K1N_HALF: constant(uint256) = 57896044618658097711785492504343953926418782139537452191302581570759080747168  # 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0

# Type hashes are keccak256 of the exact encodeType strings.  A nested struct's
# encodeType lists the referenced types after the primary one, sorted by name;
# the leaf structs reference nothing, so theirs is just their own definition.
# Any difference of a space or a letter here gives a different digest and every
# signature fails, which is why the strings are spelled out rather than built.
DOMAIN_TYPEHASH: constant(bytes32) = keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
MODEL_TYPEHASH: constant(bytes32) = keccak256("Model(bytes32 modelId,string ticker,bytes32 specHash,string metric,bool maximize)")
DATASETS_TYPEHASH: constant(bytes32) = keccak256("Datasets(bytes32 baseRoot,uint64 baseRecords,bytes32 benchmarkRoot,uint64 benchmarkRecords,bytes32 contributionRoot,uint64 contributionRecords,bytes32 acceptedRoot,uint64 acceptedRecords,bytes32 trainingRoot)")
LINEAGE_TYPEHASH: constant(bytes32) = keccak256("Lineage(uint64 parentVersion,bytes32 parentModelHash,bytes32 modelHash)")
EVALUATION_TYPEHASH: constant(bytes32) = keccak256("Evaluation(bytes32 trainerHash,uint64 trainerSeed,uint64 bootstrapSeed,uint32 bootstrapResamples,string method,string meritVersion)")
RESULT_TYPEHASH: constant(bytes32) = keccak256("Result(int256 baseline,int256 improved,int256 delta,int256 lower95,int256 upper95,int256 lowerOneSided95,uint64 benchmarkSize,uint32 deltaOneBps)")
CONTRIBUTOR_TYPEHASH: constant(bytes32) = keccak256("Contributor(address account,uint16 weightBps,uint256 tokens)")
REWARD_TYPEHASH: constant(bytes32) = keccak256("Reward(uint256 minted,uint256 contributors,uint256 owner)")
DELTAONE_TYPEHASH: constant(bytes32) = keccak256("DeltaOne(Model model,Datasets data,Lineage lineage,Evaluation evaluation,Result result,Contributor[] contributors,Reward reward,uint64 evaluationTime,bytes32 nonce)Contributor(address account,uint16 weightBps,uint256 tokens)Datasets(bytes32 baseRoot,uint64 baseRecords,bytes32 benchmarkRoot,uint64 benchmarkRecords,bytes32 contributionRoot,uint64 contributionRecords,bytes32 acceptedRoot,uint64 acceptedRecords,bytes32 trainingRoot)Evaluation(bytes32 trainerHash,uint64 trainerSeed,uint64 bootstrapSeed,uint32 bootstrapResamples,string method,string meritVersion)Lineage(uint64 parentVersion,bytes32 parentModelHash,bytes32 modelHash)Model(bytes32 modelId,string ticker,bytes32 specHash,string metric,bool maximize)Result(int256 baseline,int256 improved,int256 delta,int256 lower95,int256 upper95,int256 lowerOneSided95,uint64 benchmarkSize,uint32 deltaOneBps)Reward(uint256 minted,uint256 contributors,uint256 owner)")

# keccak256("Merit") and keccak256("2"): EIP-712 hashes string fields of the
# domain like any other string member.  Version 2 added the Lineage struct.
NAME_HASH: constant(bytes32) = keccak256("Merit")
VERSION_HASH: constant(bytes32) = keccak256("2")

event DeltaOneAccepted:
    digest: indexed(bytes32)
    nonce: indexed(bytes32)
    modelId: indexed(bytes32)
    deltaOneBps: uint32
    minted: uint256
    acceptedRoot: bytes32
    trainingRoot: bytes32
    signatures: uint256

event HeadMoved:
    modelId: indexed(bytes32)
    trainingRoot: bytes32
    modelHash: bytes32
    parentVersion: uint64

# Each model's head: the training set and model that the next contribution
# must be judged against.  A paying attestation moves it to its candidate; an
# attestation judged against anything else is stale (another contribution
# moved the head first, or it was judged against an old version) and refused,
# so the same improvement cannot be paid twice from two starting points.
struct Head:
    trainingRoot: bytes32
    modelHash: bytes32

head: public(HashMap[bytes32, Head])

signers: public(DynArray[address, MAX_SIGNERS])
isSigner: public(HashMap[address, bool])
threshold: public(uint256)

# A nonce is derived from the evaluation's inputs, so the same contribution
# evaluated twice has the same nonce: keying replay protection on it (not on
# the digest) stops a second payout even when the attesters re-sign with, say,
# a different meritVersion.
nonceUsed: public(HashMap[bytes32, bool])

# A token that mints on accepted attestations (contracts/ModelToken.vy) becomes the only caller of
# submit once the deployer names it, so that nobody can burn a nonce without its tokens being minted.
minter: public(address)
deployer: public(address)
digestAccepted: public(HashMap[bytes32, bool])
knownRoot: public(HashMap[bytes32, bool])


@deploy
def __init__(signers: DynArray[address, MAX_SIGNERS], threshold: uint256):
    self.deployer = msg.sender
    # threshold 0 would accept an unsigned message; threshold > n could never
    # be met and would brick the contract silently.
    assert threshold > 0, "threshold is zero"
    assert threshold <= len(signers), "threshold exceeds signers"
    for s: address in signers:
        # ecrecover returns the zero address for garbage input; if zero were
        # an attester, any invalid signature would count as its vote.
        assert s != empty(address), "zero signer"
        # A duplicate would let one key count twice towards the threshold.
        assert not self.isSigner[s], "duplicate signer"
        self.isSigner[s] = True
    self.signers = signers
    self.threshold = threshold


@view
@internal
def _domainSeparator() -> bytes32:
    # Recomputed on every call rather than cached at deploy: chain.id can
    # change under a hard fork that splits the chain, and a cached separator
    # would then accept signatures meant for the other chain.
    return keccak256(abi_encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, chain.id, self))


@pure
@internal
def _hashModel(m: Model) -> bytes32:
    # abi_encode of static values is the concatenation of 32-byte words with
    # exactly EIP-712's enc() rules (left-padded uints and addresses, signed
    # ints sign-extended, bytes32 as is, bool as 0/1); dynamic members are
    # replaced by their keccak before encoding, so no offsets appear.
    return keccak256(abi_encode(MODEL_TYPEHASH, m.modelId, keccak256(m.ticker), m.specHash, keccak256(m.metric), m.maximize))


@pure
@internal
def _hashDatasets(d: Datasets) -> bytes32:
    return keccak256(abi_encode(
        DATASETS_TYPEHASH,
        d.baseRoot, d.baseRecords,
        d.benchmarkRoot, d.benchmarkRecords,
        d.contributionRoot, d.contributionRecords,
        d.acceptedRoot, d.acceptedRecords,
        d.trainingRoot,
    ))


@pure
@internal
def _hashLineage(l: Lineage) -> bytes32:
    return keccak256(abi_encode(LINEAGE_TYPEHASH, l.parentVersion, l.parentModelHash, l.modelHash))


@pure
@internal
def _hashEvaluation(e: Evaluation) -> bytes32:
    return keccak256(abi_encode(
        EVALUATION_TYPEHASH,
        e.trainerHash, e.trainerSeed, e.bootstrapSeed, e.bootstrapResamples,
        keccak256(e.method), keccak256(e.meritVersion),
    ))


@pure
@internal
def _hashResult(r: Result) -> bytes32:
    return keccak256(abi_encode(
        RESULT_TYPEHASH,
        r.baseline, r.improved, r.delta, r.lower95, r.upper95, r.lowerOneSided95,
        r.benchmarkSize, r.deltaOneBps,
    ))


@pure
@internal
def _hashContributors(cs: DynArray[Contributor, MAX_CONTRIBUTORS]) -> bytes32:
    # EIP-712 encodes an array as keccak256 of its elements' encodings laid
    # end to end, with no length prefix.  abi_encode of a bytes32[] (not
    # wrapped in a tuple) is length ‖ elements, so skipping the first word
    # leaves exactly that concatenation; an empty array leaves zero bytes and
    # hashes to keccak256(""), as the spec requires.
    hashes: DynArray[bytes32, MAX_CONTRIBUTORS] = []
    for c: Contributor in cs:
        hashes.append(keccak256(abi_encode(CONTRIBUTOR_TYPEHASH, c.account, c.weightBps, c.tokens)))
    packed: Bytes[32 + 32 * MAX_CONTRIBUTORS] = abi_encode(hashes, ensure_tuple=False)
    return keccak256(slice(packed, 32, 32 * len(hashes)))


@pure
@internal
def _hashReward(r: Reward) -> bytes32:
    return keccak256(abi_encode(REWARD_TYPEHASH, r.minted, r.contributors, r.owner))


@pure
@internal
def _hashDeltaOne(a: DeltaOne) -> bytes32:
    return keccak256(abi_encode(
        DELTAONE_TYPEHASH,
        self._hashModel(a.model),
        self._hashDatasets(a.data),
        self._hashLineage(a.lineage),
        self._hashEvaluation(a.evaluation),
        self._hashResult(a.result),
        self._hashContributors(a.contributors),
        self._hashReward(a.reward),
        a.evaluationTime,
        a.nonce,
    ))


@view
@internal
def _digest(a: DeltaOne) -> bytes32:
    return keccak256(concat(b"\x19\x01", self._domainSeparator(), self._hashDeltaOne(a)))


@view
@external
def domainSeparator() -> bytes32:
    return self._domainSeparator()


@view
@external
def digest(att: DeltaOne) -> bytes32:
    """
    @notice The EIP-712 digest the attesters sign, for domain
            ("Merit", "2", chain.id, this contract).  An attestation signed
            for another chain or another verifier gives a different digest
            here, so it cannot be replayed across deployments.
    """
    return self._digest(att)


@pure
@internal
def _recover(digest: bytes32, sig: Bytes[65]) -> address:
    # Every malformed case reverts with its own reason instead of being
    # skipped: the submitter chose these bytes, and a silent skip would turn a
    # clear error ("high s") into a vague one ("below threshold").
    assert len(sig) == 65, "signature length"
    r: uint256 = extract32(sig, 0, output_type=uint256)
    s: uint256 = extract32(sig, 32, output_type=uint256)
    v: uint256 = convert(slice(sig, 64, 1), uint256)
    # v = 0/1 is the raw recovery id; the precompile only takes 27/28 and
    # returns nothing otherwise.  Rejecting it here gives a clear reason and
    # keeps one canonical encoding per signature.
    assert v == 27 or v == 28, "signature v"
    assert s <= SECP256K1N_HALF, "signature high s"
    signer: address = ecrecover(digest, v, r, s)
    # The precompile returns no data for an invalid signature (r or s out of
    # range, point not on the curve); Vyper then yields the zero address,
    # which is never an attester (see __init__) but is rejected explicitly.
    assert signer != empty(address), "signature invalid"
    return signer


@external
def submit(att: DeltaOne, signatures: DynArray[Bytes[65], MAX_SIGNERS]) -> bytes32:
    """
    @notice Accept a DeltaOne attestation signed by at least `threshold`
            distinct attesters.  Records its nonce (once only) and its
            Merkle roots, emits DeltaOneAccepted and returns the digest.
    """
    if self.minter != empty(address):
        assert msg.sender == self.minter, "only the minter submits"
    d: bytes32 = self._digest(att)

    seen: DynArray[address, MAX_SIGNERS] = []
    for sig: Bytes[65] in signatures:
        signer: address = self._recover(d, sig)
        # A signature over a different message (a tampered field, another
        # domain) recovers some unrelated address, so it lands here too.
        assert self.isSigner[signer], "unknown signer"
        # One key signing twice must count once; otherwise a single attester
        # could meet any threshold on its own.
        assert signer not in seen, "duplicate signer"
        seen.append(signer)
    assert len(seen) >= self.threshold, "below threshold"

    assert not self.nonceUsed[att.nonce], "nonce used"

    # The weights define the split of reward.contributors; if they did not sum
    # to 10,000 part of the reward would be unassigned or assigned twice.
    weight: uint256 = 0
    tokens: uint256 = 0
    for c: Contributor in att.contributors:
        weight += convert(c.weightBps, uint256)
        tokens += c.tokens
    assert weight == BPS, "weights do not sum to 10000"
    # The token amounts are derived from the weights with the remainder going
    # to the first contributor, and owner = minted - contributors: both sums
    # are exact by construction, so a mismatch means the signer's arithmetic
    # is wrong and the payout table cannot be trusted.
    assert tokens == att.reward.contributors, "contributor tokens do not sum to reward.contributors"
    assert att.reward.contributors + att.reward.owner == att.reward.minted, "reward split does not sum to minted"

    # The baseline must be the model's head once it has one: the head's
    # training set (the attestation's base) and its model.  Before the first
    # paying attestation the contract knows no head and accepts any baseline.
    current: Head = self.head[att.model.modelId]
    if current.trainingRoot != empty(bytes32):
        assert att.data.baseRoot == current.trainingRoot and att.lineage.parentModelHash == current.modelHash, "baseline is not the head"

    self.nonceUsed[att.nonce] = True
    self.digestAccepted[d] = True
    # The zero root stands for an empty set; nothing can be proven against it,
    # and marking it known would make every contract state agree that "0x00"
    # is an attested dataset.
    for root: bytes32 in [att.data.baseRoot, att.data.benchmarkRoot, att.data.contributionRoot, att.data.acceptedRoot, att.data.trainingRoot]:
        if root != empty(bytes32):
            self.knownRoot[root] = True

    if att.result.deltaOneBps > 0:
        self.head[att.model.modelId] = Head(trainingRoot=att.data.trainingRoot, modelHash=att.lineage.modelHash)
        log HeadMoved(modelId=att.model.modelId, trainingRoot=att.data.trainingRoot, modelHash=att.lineage.modelHash,
                      parentVersion=att.lineage.parentVersion)

    log DeltaOneAccepted(
        digest=d,
        nonce=att.nonce,
        modelId=att.model.modelId,
        deltaOneBps=att.result.deltaOneBps,
        minted=att.reward.minted,
        acceptedRoot=att.data.acceptedRoot,
        trainingRoot=att.data.trainingRoot,
        signatures=len(seen),
    )
    return d


@external
def setMinter(m: address):
    """
    @notice Name the token contract that alone may submit from now on (once, by the deployer).
    """
    assert msg.sender == self.deployer, "only the deployer"
    assert self.minter == empty(address), "minter already set"
    assert m != empty(address), "zero minter"
    self.minter = m


@pure
@internal
def _leaf(recordHash: bytes32) -> bytes32:
    # Hashing twice means a leaf is a hash of 32 bytes while an inner node is
    # a hash of 64, so an inner node can never be passed off as a leaf
    # (second-preimage attack on the tree).  abi.encode of one bytes32 is the
    # 32 bytes themselves.
    return keccak256(keccak256(abi_encode(recordHash)))


@view
@internal
def _verify(root: bytes32, proof: DynArray[bytes32, MAX_PROOF], leaf: bytes32) -> bool:
    # Only roots from accepted attestations count: a proof against a root
    # nobody attested proves nothing about Merit's data.
    if not self.knownRoot[root]:
        return False
    # Sorting each pair makes the fold independent of left/right position,
    # so the verifier accepts any tree shape built with these hashes: Merit's
    # record-order RFC 6962 tree and OpenZeppelin's StandardMerkleTree alike.
    node: bytes32 = leaf
    for p: bytes32 in proof:
        if convert(node, uint256) < convert(p, uint256):
            node = keccak256(concat(node, p))
        else:
            node = keccak256(concat(p, node))
    return node == root


@pure
@external
def leafOf(recordHash: bytes32) -> bytes32:
    """
    @notice The Merkle leaf of a record: keccak256(keccak256(abi.encode(recordHash))),
            OpenZeppelin's StandardMerkleTree leaf for a single bytes32 value.
    """
    return self._leaf(recordHash)


@view
@external
def verifyInclusion(root: bytes32, proof: DynArray[bytes32, MAX_PROOF], leaf: bytes32) -> bool:
    """
    @notice True when `root` is a root of an accepted attestation and `proof`
            folds `leaf` up to it (OpenZeppelin MerkleProof.verify semantics).
    @dev    As with OpenZeppelin, the caller must derive `leaf` from the record
            (leafOf): an inner node passed as `leaf` with the upper part of a
            proof, or the root itself with an empty proof, also verifies.
            verifyRecord takes the record hash and cannot be fooled that way.
    """
    return self._verify(root, proof, leaf)


@view
@external
def verifyRecord(root: bytes32, proof: DynArray[bytes32, MAX_PROOF], recordHash: bytes32) -> bool:
    """
    @notice verifyInclusion with the leaf computed on chain from the record hash.
    """
    return self._verify(root, proof, self._leaf(recordHash))
