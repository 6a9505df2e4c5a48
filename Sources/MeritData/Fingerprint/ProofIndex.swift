import Foundation
import MeritEthereum

/// An append-only Merkle tree on disk, for inclusion proofs in large training sets without loading them.
///
/// A model's versions share one tree: version 1 appends the base records, each later version its
/// accepted rows, so version N is the tree's first `records(N)` leaves, and every perfect subtree that
/// lies inside them is the same in every later version. The folder holds:
/// - `level-K.bin`: the roots of the aligned perfect subtrees of 2^K leaves, 32 bytes each, in order
///   (`level-0.bin` is the leaves). About 64 bytes per record in all.
/// - `run-START-END.bin`: the positions START..<END sorted by leaf, 4 bytes each (little-endian), one run
///   per append, so a leaf is found by binary search in each run.
/// - `count`: how many leaves are committed; written last, so a crash mid-append leaves the index as it was.
///
/// A proof reads O(log² n) nodes: a sibling that is a perfect subtree is one read, the ragged right
/// edge is folded from the perfect subtrees it is made of (RFC 6962 `PATH(m, D[n])`).
public final class ProofIndex: @unchecked Sendable {
    /// The folder.
    public let directory: URL
    private let lock = NSLock()

    /// Opens (creating if needed) the index in `directory`.
    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Committed leaves.
    public var count: Int {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("count"), encoding: .utf8) else { return 0 }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    func levelURL(_ k: Int) -> URL { directory.appendingPathComponent("level-\(k).bin") }

    /// Appends leaves (already leaf-hashed) after the first `start`; a no-op returning false when the
    /// index already holds more than `start` leaves (another writer got there first). Other processes
    /// are kept out by an exclusive lock on the folder's `lock` file.
    @discardableResult
    public func append(leaves: [Bytes32], at start: Int) throws -> Bool {
        lock.lock(); defer { lock.unlock() }
        let lockFD = open(directory.appendingPathComponent("lock").path, O_CREAT | O_RDWR, 0o644)
        guard lockFD >= 0 else { throw DataError(.unreadable, "cannot open the proof index's lock file") }
        defer { close(lockFD) }
        flock(lockFD, LOCK_EX)
        defer { flock(lockFD, LOCK_UN) }
        let committed = count
        guard committed == start else {
            if committed > start { return false }
            throw DataError(.invalidArgument, "the proof index holds \(committed) records; cannot append at \(start)")
        }
        guard !leaves.isEmpty else { return true }
        let total = start + leaves.count
        var below = leaves          // the new nodes of the level below, starting at node index `belowStart`
        var belowStart = start
        var k = 0
        while true {
            let url = levelURL(k)
            try write(below, to: url, atNode: belowStart)
            if total >> (k + 1) == 0 { break }
            // Level k+1: nodes j in [old count, new count); node j pairs nodes 2j and 2j+1 of level k.
            let first = start >> (k + 1), last = total >> (k + 1)
            var next: [Bytes32] = []
            next.reserveCapacity(last - first)
            for j in first..<last {
                let l = 2 * j, r = 2 * j + 1
                let left = l >= belowStart ? below[l - belowStart] : try node(level: k, index: l)
                let right = r >= belowStart ? below[r - belowStart] : try node(level: k, index: r)
                next.append(Merkle.node(left, right))
            }
            below = next
            belowStart = first
            k += 1
        }
        // The run: the new positions sorted by leaf.
        let order = (0..<leaves.count).sorted { leaves[$0] < leaves[$1] }
        var run = [UInt8]()
        run.reserveCapacity(order.count * 4)
        for i in order {
            let p = UInt32(start + i)
            run.append(UInt8(p & 0xFF)); run.append(UInt8((p >> 8) & 0xFF)); run.append(UInt8((p >> 16) & 0xFF)); run.append(UInt8(p >> 24))
        }
        let runURL = directory.appendingPathComponent("run-\(start)-\(total).bin")
        try Data(run).write(to: runURL, options: .atomic)
        try Data("\(total)\n".utf8).write(to: directory.appendingPathComponent("count"), options: .atomic)
        return true
    }

    /// Writes nodes at node index `at` of a level file, dropping anything after them.
    private func write(_ nodes: [Bytes32], to url: URL, atNode at: Int) throws {
        if !FileManager.default.fileExists(atPath: url.path) { FileManager.default.createFile(atPath: url.path, contents: nil) }
        let h = try FileHandle(forWritingTo: url)
        defer { try? h.close() }
        try h.truncate(atOffset: UInt64(at * 32))
        try h.seek(toOffset: UInt64(at * 32))
        var bytes = [UInt8]()
        bytes.reserveCapacity(nodes.count * 32)
        for n in nodes { bytes.append(contentsOf: n.bytes) }
        try h.write(contentsOf: bytes)
        try h.synchronize()
    }

    /// Reads 32 bytes at node `index` of level `level`.
    func node(level: Int, index: Int) throws -> Bytes32 {
        Bytes32(bytes: try read(levelURL(level), offset: index * 32, count: 32))!
    }

    private func read(_ url: URL, offset: Int, count: Int) throws -> [UInt8] {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw DataError(.unreadable, "the proof index is missing \(url.lastPathComponent)") }
        defer { close(fd) }
        var out = [UInt8](repeating: 0, count: count)
        let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        guard n == count else { throw DataError(.unreadable, "the proof index's \(url.lastPathComponent) is shorter than its count says") }
        return out
    }

    /// The position of `leaf` among the first `limit` leaves, or nil.
    public func position(of leaf: Bytes32, within limit: Int) throws -> Int? {
        let runs = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("run-") && $0.hasSuffix(".bin") }
        let committed = count
        for name in runs {
            let parts = name.dropFirst(4).dropLast(4).split(separator: "-")
            guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]), lo < limit, hi <= committed else { continue }
            let url = directory.appendingPathComponent(name)
            let fd = open(url.path, O_RDONLY)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var a = 0, b = hi - lo
            var word = [UInt8](repeating: 0, count: 4)
            func at(_ i: Int) throws -> Int {
                let n = word.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 4, off_t(i * 4)) }
                guard n == 4 else { throw DataError(.unreadable, "the proof index's \(name) is truncated") }
                return Int(word[0]) | Int(word[1]) << 8 | Int(word[2]) << 16 | Int(word[3]) << 24
            }
            while a < b {
                let mid = (a + b) / 2
                let p = try at(mid)
                let l = try node(level: 0, index: p)
                if l == leaf { return p < limit ? p : nil }
                if l < leaf { a = mid + 1 } else { b = mid }
            }
        }
        return nil
    }

    /// The root of the first `n` leaves.
    public func root(count n: Int) throws -> Bytes32 {
        n == 0 ? Merkle.emptyRoot : try subtreeRoot(0, n)
    }

    /// The audit path of leaf `m` in the tree of the first `n` leaves, leaf to root (OpenZeppelin's fold).
    public func inclusionProof(index m: Int, count n: Int) throws -> [Bytes32] {
        try Merkle.inclusionRanges(index: m, count: n).map { try subtreeRoot($0.lowerBound, $0.upperBound) }
    }

    /// The root of leaves lo..<hi, a range of RFC 6962's decomposition (its left parts are aligned perfect subtrees).
    func subtreeRoot(_ lo: Int, _ hi: Int) throws -> Bytes32 {
        let size = hi - lo
        if size & (size - 1) == 0 && lo % size == 0 {
            return try node(level: size.trailingZeroBitCount, index: lo / size)
        }
        let k = Merkle.split(size)
        return Merkle.node(try subtreeRoot(lo, lo + k), try subtreeRoot(lo + k, hi))
    }
}
