import Dispatch
import MeritEthereum
import Synchronization

/// Fingerprints a CSV file without a spec (every column text) in one streaming pass on all cores.
///
/// The calling thread parses and encodes records into batches of 4,096 (a power of two, so each full
/// batch is a perfect subtree); worker threads hash a batch down to its subtree root; the caller folds
/// the batch roots in order. At most `inFlight` batches exist at once, so memory stays constant.
public struct CSVFingerprinter: Sendable {
    /// Records per batch, 2^batchHeight.
    public static let batchHeight = 12
    /// Batches being hashed at once.
    public var inFlight: Int
    /// The longest record accepted, in bytes.
    public var maxRecordBytes: Int

    /// Creates a fingerprinter.
    public init(inFlight: Int = 8, maxRecordBytes: Int = 1 << 20) {
        self.inFlight = inFlight
        self.maxRecordBytes = maxRecordBytes
    }

    final class Batch: @unchecked Sendable {
        // Written by the parsing thread before dispatch, read by one worker after: handed over, never shared.
        var bytes: [UInt8] = []
        var ends: [Int] = []
        init() { bytes.reserveCapacity(1 << 20); ends.reserveCapacity(1 << CSVFingerprinter.batchHeight) }
    }

    enum Outcome: Sendable { case subtree(Bytes32), leaves([Bytes32]) }

    /// Fingerprints `path`; `progress` receives (bytes read, file size) after each batch.
    public func fingerprint(path: String, displayName: String? = nil,
                            progress: ((UInt64, UInt64) -> Void)? = nil) throws -> Fingerprint {
        let reader = try CSVReader(path: path, displayName: displayName, maxRecordBytes: maxRecordBytes)
        let width = reader.header.count
        let total = reader.fileSize
        let fullBatch = 1 << Self.batchHeight
        let results = Mutex<[Int: Outcome]>([:])
        let slots = DispatchSemaphore(value: inFlight)
        let group = DispatchGroup()
        let queue = DispatchQueue(label: "merit.fingerprint", attributes: .concurrent)
        var builder = Merkle.Builder()
        var nextToMerge = 0
        var dispatched = 0
        var records = 0

        func merge(upTo limit: Int) {
            while nextToMerge < limit {
                guard let outcome = results.withLock({ $0.removeValue(forKey: nextToMerge) }) else { return }
                switch outcome {
                case .subtree(let root): builder.append(subtree: root, height: Self.batchHeight)
                case .leaves(let leaves): for l in leaves { builder.append(leaf: l) }
                }
                nextToMerge += 1
            }
        }

        func dispatch(_ batch: Batch) {
            let index = dispatched
            dispatched += 1
            slots.wait()
            queue.async(group: group) {
                let outcome = Self.hash(batch, full: batch.ends.count == fullBatch)
                results.withLock { $0[index] = outcome }
                slots.signal()
            }
            merge(upTo: dispatched)
        }

        // The batch is filled through locals (class properties pay an exclusivity check per access).
        var bytes: [UInt8] = [], ends: [Int] = []
        func flush() {
            let batch = Batch()
            swap(&batch.bytes, &bytes); swap(&batch.ends, &ends)
            dispatch(batch)
        }
        try reader.forEachRecord { row in
            guard row.count == width else {
                throw DataError(.malformedCSV, "the record has \(row.count) fields but the header has \(width); every row needs one field per column", file: reader.displayName, line: row.line)
            }
            for i in 0..<width { Self.appendField(row.field(i), to: &bytes) }
            ends.append(bytes.count)
            records += 1
            if ends.count == fullBatch {
                flush()
                progress?(reader.bytesRead, total)
            }
        }
        if !ends.isEmpty { flush() }
        group.wait()
        merge(upTo: dispatched)
        progress?(total, total)
        return Fingerprint(root: builder.root, records: records, bytes: total, columns: reader.header.map { "\($0):text" })
    }

    /// Appends one spec-less text field: 0x00 when empty, else 0x03 ‖ len ‖ NFC bytes.
    @inline(__always)
    static func appendField(_ f: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        if f.isEmpty { out.append(CanonicalEncoder.tagMissing); return }
        var ascii = true
        for b in f where b >= 0x80 { ascii = false; break }
        if ascii {
            CanonicalEncoder.appendText(f, to: &out)
        } else {
            CanonicalEncoder.appendText(Array(Text.normalize(f).utf8), to: &out)
        }
    }

    static func hash(_ batch: Batch, full: Bool) -> Outcome {
        let ends = batch.ends
        return batch.bytes.withUnsafeBytes { raw in
            var leaves = [Bytes32]()
            leaves.reserveCapacity(ends.count)
            var start = 0
            for end in ends {
                let rh = Keccak256.hash(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                leaves.append(Merkle.leaf(rh))
                start = end
            }
            if !full { return .leaves(leaves) }
            // A full batch is a perfect subtree: reduce level by level in place.
            var n = leaves.count
            while n > 1 {
                for i in 0..<(n / 2) { leaves[i] = Merkle.node(leaves[2 * i], leaves[2 * i + 1]) }
                n /= 2
            }
            return .subtree(leaves[0])
        }
    }
}
