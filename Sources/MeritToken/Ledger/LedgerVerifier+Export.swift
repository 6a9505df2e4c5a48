import Dispatch
import Foundation
import MeritBase
import MeritEthereum
import Synchronization

extension LedgerVerifier {
    /// One line of a ledger export, decoded: the entry and the hash stored beside it, or why not.
    struct ExportedLine: Sendable {
        var entry: LedgerEntry?
        var stored = Bytes32.zero
        var hash = Bytes32.zero
        var signer: Address?
        var problem: String?
    }

    /// Folds a whole ledger export (`GET /api/v1/models/{name}/ledger/export`: one `{"sequence",
    /// "hash", "entry"}` object per line) of the ledger of `token`. See `ExportReader`.
    public static func verify(token: String, export bytes: [UInt8]) -> Report {
        let reader = ExportReader(token: token)
        reader.feed(bytes)
        return reader.finish()
    }

    /// The byte ranges of the non-empty lines.
    static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        out.reserveCapacity(bytes.count / 400)
        var start = 0
        bytes.withUnsafeBufferPointer { b in
            for i in 0..<b.count where b[i] == 10 {
                if i > start { out.append(start..<i) }
                start = i + 1
            }
        }
        if start < bytes.count { out.append(start..<bytes.count) }
        return out
    }

    /// Decodes line `k` of an export: parses it, hashes its entry, recovers its signer.
    static func decode(_ line: UnsafeBufferPointer<UInt8>, number k: Int, token: String) -> ExportedLine {
        var out = ExportedLine()
        do {
            let object = try JSONValue.parse(line, name: "line \(k + 1) of the export")
            guard let hex = object["hash"]?.stringValue, let stored = Bytes32(hex: hex), let json = object["entry"] else {
                out.problem = "line \(k + 1) of the export has no entry and hash: the server's answer is not a ledger export"
                return out
            }
            let e = try LedgerEntry(json: json, at: "entry \(k)")
            let (hash, signer) = derived(e, token: token)
            out.entry = e; out.stored = stored; out.hash = hash; out.signer = signer
        } catch {
            out.problem = "entry \(k) cannot be read: \(error)"
        }
        return out
    }

    /// Checks a ledger export as it streams in, in memory bounded by the chunks in flight.
    ///
    /// `feed` cuts the bytes into chunks of whole lines; a worker thread decodes each chunk on all cores
    /// (parse, hash, recover the signer) while it folds the chunk before it in order, so reading,
    /// decoding and folding overlap. `finish` waits for the last chunk and gives the report, the same
    /// as `verify(token:entries:storedHashes:)` gives for the same entries.
    public final class ExportReader: @unchecked Sendable {
        // Safe: `buffer` is touched only by the caller (`feed`, then `finish`), `fold` only by the
        // worker until `finish` has joined it, and the queue under its lock.
        let token: String
        let chunkBytes: Int
        private var buffer: [UInt8] = []
        private let queue = Mutex<(chunks: [[UInt8]], done: Bool)>(([], false))
        private let ready = DispatchSemaphore(value: 0)
        private let joined = DispatchSemaphore(value: 0)
        private var fold: Fold

        /// Starts a reader of the export of `token`'s ledger.
        public init(token: String, chunkBytes: Int = 4 << 20) {
            self.token = token
            self.chunkBytes = chunkBytes
            fold = Fold(token: token)
            Parallel.detached { [self] in work() }
        }

        /// Takes the next bytes of the export.
        public func feed(_ bytes: some Sequence<UInt8>) {
            buffer.append(contentsOf: bytes)
            guard buffer.count >= chunkBytes, let cut = buffer.lastIndex(of: 10) else { return }
            // The chunk leaves whole; only the part line after it is copied.
            let rest = Array(buffer[(cut + 1)...])
            buffer.removeLast(buffer.count - cut - 1)
            send(buffer)
            buffer = rest
            buffer.reserveCapacity(chunkBytes + (1 << 16))
        }

        /// Waits for every line to be checked; the report.
        public func finish() -> Report {
            if !buffer.isEmpty { send(buffer); buffer = [] }
            queue.withLock { $0.done = true }
            ready.signal()
            joined.wait()
            return fold.report
        }

        private func send(_ chunk: [UInt8]) {
            queue.withLock { $0.chunks.append(chunk) }
            ready.signal()
        }

        private func work() {
            var decoded: [ExportedLine] = []
            var number = 0
            while true {
                ready.wait()
                guard let chunk = queue.withLock({ q -> [UInt8]? in q.chunks.isEmpty ? nil : q.chunks.removeFirst() }) else {
                    if queue.withLock({ $0.done }) { break } else { continue }
                }
                let lines = lineRanges(chunk), first = number, token = self.token
                number += lines.count
                let previous = decoded
                decoded = Self.decodeAll(chunk, lines, first: first, token: token, first: { [self] in foldAll(previous) })
            }
            foldAll(decoded)
            joined.signal()
        }

        /// Decodes the lines of a chunk on every core, in blocks taken in turn; one thread first runs
        /// `first` (the fold of the chunk before) and then joins in, so no core waits for another.
        static func decodeAll(_ chunk: [UInt8], _ lines: [Range<Int>], first: Int, token: String, first before: @escaping @Sendable () -> Void) -> [ExportedLine] {
            var out = [ExportedLine](repeating: ExportedLine(), count: lines.count)
            let next = Atomic<Int>(0)
            chunk.withUnsafeBufferPointer { whole in
                out.withUnsafeMutableBufferPointer { slots in
                    nonisolated(unsafe) let whole = whole, slots = slots
                    Parallel.forEach(max(2, ProcessInfo.processInfo.activeProcessorCount)) { worker in
                        if worker == 0 { before() }
                        while true {
                            let start = next.wrappingAdd(256, ordering: .relaxed).oldValue
                            if start >= lines.count { return }
                            for k in start..<min(lines.count, start + 256) {
                                slots[k] = decode(UnsafeBufferPointer(rebasing: whole[lines[k]]), number: first + k, token: token)
                            }
                        }
                    }
                }
            }
            return out
        }

        private func foldAll(_ lines: [ExportedLine]) {
            for line in lines {
                guard let e = line.entry else {
                    if fold.bad == nil { fold.refuse(fold.state.count, line.problem ?? "an entry cannot be read") }
                    return
                }
                guard fold.take(e, hash: line.hash, signer: line.signer, stored: line.stored) else { return }
            }
        }
    }
}
