import MeritEthereum

/// An inclusion proof in the JSON shape `merit prove` prints, `merit verify-proof` reads and the server
/// serves: it verifies on chain with OpenZeppelin's `MerkleProof.verify(proof, root, leaf)`.
public struct InclusionProof: Codable, Sendable {
    /// The dataset's Merkle root.
    public var root: Bytes32
    /// Records in the dataset.
    public var records: Int
    /// The record's 0-based index.
    public var index: Int
    /// The record's hash.
    public var recordHash: Bytes32
    /// Its leaf: keccak256(keccak256(recordHash)).
    public var leaf: Bytes32
    /// Sibling subtree roots, leaf to root.
    public var proof: [Bytes32]
    /// With an attestation: which attested root this is (for example `data.contributionRoot`).
    public var attestedAs: String?
    /// With an attestation: its digest.
    public var attestation: Bytes32?

    enum CodingKeys: String, CodingKey { case root, records, index, recordHash = "record_hash", leaf, proof, attestedAs = "attested_as", attestation }

    /// Creates a proof from its parts.
    public init(root: Bytes32, records: Int, index: Int, recordHash: Bytes32, leaf: Bytes32, proof: [Bytes32]) {
        self.root = root; self.records = records; self.index = index; self.recordHash = recordHash; self.leaf = leaf; self.proof = proof
    }

    /// The proof for record `index` of a dataset whose record hashes are in memory.
    public init(recordHashes hashes: [Bytes32], index: Int) {
        let leaves = hashes.map(Merkle.leaf)
        self.init(root: Merkle.root(leaves: leaves), records: leaves.count, index: index, recordHash: hashes[index], leaf: leaves[index],
                  proof: Merkle.rangeRoots(Merkle.inclusionRanges(index: index, count: leaves.count), leaves: leaves))
    }
}
