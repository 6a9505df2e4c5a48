import MeritEthereum

extension Merkle {
    /// The leaf ranges whose subtree roots form the audit path of leaf `m` in a tree of `n`,
    /// listed from the leaf upward (RFC 6962 `PATH(m, D[n])`).
    public static func inclusionRanges(index m: Int, count n: Int) -> [Range<Int>] {
        precondition(m >= 0 && m < n)
        var out: [Range<Int>] = []
        func path(_ m: Int, _ lo: Int, _ hi: Int) {
            let n = hi - lo
            if n <= 1 { return }
            let k = split(n)
            if m < k {
                path(m, lo, lo + k)
                out.append(lo + k..<hi)
            } else {
                path(m - k, lo + k, hi)
                out.append(lo..<lo + k)
            }
        }
        path(m, 0, n)
        return out
    }

    /// The leaf ranges whose roots form the consistency proof from a tree of `m` leaves to one of `n`
    /// (RFC 6962 `PROOF(m, D[n])`), in proof order.
    public static func consistencyRanges(old m: Int, new n: Int) -> [Range<Int>] {
        precondition(0 < m && m <= n)
        var out: [Range<Int>] = []
        func sub(_ m: Int, _ lo: Int, _ hi: Int, _ complete: Bool) {
            let n = hi - lo
            if m == n {
                if !complete { out.append(lo..<hi) }
                return
            }
            let k = split(n)
            if m <= k {
                sub(m, lo, lo + k, complete)
                out.append(lo + k..<hi)
            } else {
                sub(m - k, lo + k, hi, false)
                out.append(lo..<lo + k)
            }
        }
        sub(m, 0, n, true)
        return out
    }

    /// Roots of disjoint leaf ranges, computed in one pass over the leaves with O(log n) memory per range.
    public static func rangeRoots<S: Sequence>(_ ranges: [Range<Int>], leaves: S) -> [Bytes32] where S.Element == Bytes32 {
        var roots = RangeRootCollector(ranges)
        var i = 0
        for l in leaves {
            roots.add(leaf: l, at: i)
            i += 1
        }
        return roots.roots
    }

    /// The tree of `frontier`'s leaves followed by `leaves` (leaf-hashed): its root, and its consistency
    /// proof from the frontier's tree, in O(leaves.count) hashes whatever the old tree's size. The proof's
    /// nodes inside the old tree are its peaks; the others are roots of ranges of the new leaves. The
    /// result is what `root(leaves:)` and `rangeRoots(consistencyRanges(...))` give over all the leaves.
    public static func extend(_ frontier: Builder, with leaves: [Bytes32]) -> (root: Bytes32, consistencyProof: [Bytes32]) {
        let m = frontier.count, n = m + leaves.count
        guard m > 0 else { return (Merkle.root(leaves: leaves), []) }
        guard n > m else { return (frontier.root, []) }
        let ranges = consistencyRanges(old: m, new: n)
        var known: [Int: (count: Int, root: Bytes32)] = [:]
        for p in frontier.peaks { known[p.start] = (1 << p.height, p.root) }
        let fresh = ranges.filter { $0.lowerBound >= m }
        for r in fresh { known[r.lowerBound] = (r.count, Merkle.root(leaves: leaves[(r.lowerBound - m)..<(r.upperBound - m)])) }
        let proof = ranges.map { r -> Bytes32 in
            // Inside the old tree, every node of the proof is one of its perfect subtrees.
            guard let k = known[r.lowerBound], k.count == r.count else { preconditionFailure("a consistency range \(r) that is not a peak of a tree of \(m) leaves") }
            return k.root
        }
        // The new root from the pieces: every subtree the recursion meets is a piece, or splits into
        // pieces, or lies in the new leaves (which the proof's ranges tile), so a few hashes suffice.
        func subtree(_ lo: Int, _ hi: Int) -> Bytes32 {
            if let k = known[lo], k.count == hi - lo { return k.root }
            if lo >= m { return Merkle.root(leaves: leaves[(lo - m)..<(hi - m)]) }
            let k = split(hi - lo)
            return node(subtree(lo, lo + k), subtree(lo + k, hi))
        }
        return (subtree(0, n), proof)
    }

    /// OpenZeppelin's `MerkleProof.verify`: fold `node` over the proof and compare with the root.
    public static func verify(proof: [Bytes32], root: Bytes32, leaf: Bytes32) -> Bool {
        var h = leaf
        for p in proof { h = node(h, p) }
        return h == root
    }

    /// Verifies a consistency proof from (m, oldRoot) to (n, newRoot) by RFC 9162 section 2.1.4.2.
    public static func verifyConsistency(old m: Int, oldRoot: Bytes32, new n: Int, newRoot: Bytes32, proof: [Bytes32]) -> Bool {
        guard 0 < m, m <= n else { return false }
        if m == n { return proof.isEmpty && oldRoot == newRoot }
        var path = proof
        if m & (m - 1) == 0 { path.insert(oldRoot, at: 0) }
        guard !path.isEmpty else { return false }
        var fn = m - 1, sn = n - 1
        while fn & 1 == 1 { fn >>= 1; sn >>= 1 }
        var fr = path[0], sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = node(c, fr)
                sr = node(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 { fn >>= 1; sn >>= 1 }
                }
            } else {
                sr = node(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }
}

/// Collects the roots of several disjoint leaf ranges from one ordered stream of leaves.
public struct RangeRootCollector: Sendable {
    private let ranges: [Range<Int>]
    private var builders: [Merkle.Builder]

    /// Creates a collector for `ranges` (disjoint, in any order).
    public init(_ ranges: [Range<Int>]) {
        self.ranges = ranges
        builders = Array(repeating: Merkle.Builder(), count: ranges.count)
    }

    /// Feeds the leaf at index `i`.
    public mutating func add(leaf: Bytes32, at i: Int) {
        for (j, r) in ranges.enumerated() where r.contains(i) { builders[j].append(leaf: leaf) }
    }

    /// The roots, in the order the ranges were given.
    public var roots: [Bytes32] { builders.map(\.root) }
}
