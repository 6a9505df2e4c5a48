import Foundation
import MeritBase
import MeritEthereum

/// Merkle trees with OpenZeppelin hashing in the RFC 6962 shape (docs/fingerprint.md section 4).
public enum Merkle {
    /// The root of an empty tree: keccak256 of no bytes.
    public static let emptyRoot = Keccak256.hash([UInt8]())

    /// `keccak256(keccak256(abi.encode(bytes32 recordHash)))`: OpenZeppelin's double-hashed leaf.
    @inline(__always)
    public static func leaf(_ recordHash: Bytes32) -> Bytes32 {
        Keccak256.hash(word: Keccak256.hash(word: recordHash))
    }

    /// Merkle leaves of record hashes, hashed on every core (two keccak256 each).
    public static func leaves(_ hashes: [Bytes32]) -> [Bytes32] {
        Parallel.map(hashes.count, minimum: 4096, filler: .zero) { Merkle.leaf(hashes[$0]) }
    }

    /// `keccak256(min(a, b) ‖ max(a, b))`: OpenZeppelin's `hashPair`.
    @inline(__always)
    public static func node(_ a: Bytes32, _ b: Bytes32) -> Bytes32 {
        a < b ? Keccak256.hash(a, b) : Keccak256.hash(b, a)
    }

    /// The root over `leaves` (already leaf-hashed), in order.
    public static func root<S: Sequence>(leaves: S) -> Bytes32 where S.Element == Bytes32 {
        var b = Builder()
        for l in leaves { b.append(leaf: l) }
        return b.root
    }

    /// The largest power of two strictly smaller than `n` (n ≥ 2).
    @inline(__always)
    static func split(_ n: Int) -> Int {
        precondition(n >= 2)
        return 1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }

    /// Builds a root in one streaming pass with a stack of perfect subtrees: O(log n) memory.
    public struct Builder: Sendable {
        private var heights: [Int] = []
        private var hashes: [Bytes32] = []
        /// Leaves appended so far.
        public private(set) var count = 0

        /// Creates an empty builder.
        public init() {}

        /// A builder holding these leaves.
        public init<S: Sequence>(leaves: S) where S.Element == Bytes32 { for l in leaves { append(leaf: l) } }

        /// Appends the next leaf.
        @inline(__always)
        public mutating func append(leaf: Bytes32) {
            append(subtree: leaf, height: 0)
        }

        /// Appends the root of a perfect subtree of 2^height leaves. `count` must be a multiple of 2^height,
        /// which holds when batches of equal power-of-two size are appended in order.
        public mutating func append(subtree: Bytes32, height: Int) {
            precondition(count % (1 << height) == 0, "a subtree must start at a multiple of its size")
            var h = height
            var acc = subtree
            while let top = heights.last, top == h {
                acc = Merkle.node(hashes.removeLast(), acc)
                heights.removeLast()
                h += 1
            }
            heights.append(h)
            hashes.append(acc)
            count += 1 << height
        }

        /// The perfect subtrees held, largest first: where each starts, its height and its root. They tile
        /// the leaves appended so far, and they are the only nodes of the old tree that a later, larger
        /// tree's root or consistency proof needs (RFC 9162 section 2.1.4).
        public var peaks: [(start: Int, height: Int, root: Bytes32)] {
            var start = 0
            return zip(heights, hashes).map { h, r in defer { start += 1 << h }; return (start, h, r) }
        }

        /// The root of everything appended (the stack folded from the top; nothing is consumed).
        public var root: Bytes32 {
            guard var acc = hashes.last else { return Merkle.emptyRoot }
            for i in stride(from: hashes.count - 2, through: 0, by: -1) { acc = Merkle.node(hashes[i], acc) }
            return acc
        }
    }
}
