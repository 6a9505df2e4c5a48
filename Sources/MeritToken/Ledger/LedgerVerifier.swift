import Dispatch
import MeritBase
import MeritEthereum

/// Checks a ledger from its entries alone: the chain of hashes, the order, and that every entry's
/// outputs are what the rules compute from its inputs and the entries before it.
public enum LedgerVerifier {
    /// The outcome: the state the entries lead to, or the first entry that does not fit and why.
    public struct Report: Sendable {
        /// Entries checked.
        public var entries: UInt64
        /// The last good entry's hash (the chain's head).
        public var head: Bytes32
        /// The first entry that does not fit, when one does not.
        public var firstBad: UInt64?
        /// Why it does not fit.
        public var problem: String?
        /// The state after the good entries.
        public var state: LedgerState
        /// Whether every entry fits.
        public var ok: Bool { firstBad == nil }
    }

    /// Folds `entries` (in sequence order) of the ledger of `token`; `storedHashes`, when given, are the hashes the store
    /// recorded beside each entry, checked too.
    public static func verify(token: String, entries: some Sequence<LedgerEntry>, storedHashes: [Bytes32]? = nil) -> Report {
        let list = Array(entries)
        // Every entry's hash, and every signed request's signer, on all cores: neither depends on the state.
        var hashes = [Bytes32](repeating: .zero, count: list.count)
        var signers = [Address?](repeating: nil, count: list.count)
        let chunk = 4096
        hashes.withUnsafeMutableBufferPointer { h in
            signers.withUnsafeMutableBufferPointer { sg in
                nonisolated(unsafe) let h = h, sg = sg
                Parallel.forEach((list.count + chunk - 1) / chunk) { c in
                    for k in c * chunk..<min(list.count, (c + 1) * chunk) {
                        h[k] = list[k].hash
                        if let consent = list[k].request.consent(token: token) {
                            sg[k] = try? EIP191.recover(Array(consent.message.utf8), signature: consent.auth.signature)
                        }
                    }
                }
            }
        }
        var state = LedgerState()
        func bad(_ n: UInt64, _ why: String) -> Report { Report(entries: n, head: state.lastHash, firstBad: n, problem: why, state: state) }
        for (k, e) in list.enumerated() {
            let n = UInt64(k)
            guard e.token == token else { return bad(n, "entry \(n) belongs to token \(JSONValue.excerpt(e.token))") }
            guard e.sequence == n else { return bad(n, "entry \(n) says it is entry \(e.sequence); an entry is missing or repeated") }
            guard e.previous == state.lastHash else { return bad(n, "entry \(n) does not chain to entry \(n == 0 ? "(none)" : String(n - 1)): its previous hash is \(e.previous.hex), not \(state.lastHash.hex)") }
            if let storedHashes, k < storedHashes.count, storedHashes[k] != hashes[k] {
                return bad(n, "entry \(n)'s bytes do not hash to the hash stored with it: it was altered after it was written")
            }
            if e.request.consent(token: token) != nil, signers[k] == nil {
                return bad(n, "entry \(n) (\(e.request.kind)) would be refused by the rules: its signature does not recover")
            }
            let outputs: JSONValue
            do { outputs = try state.replay(e, hash: hashes[k], signer: signers[k]) } catch {
                return bad(n, "entry \(n) (\(e.request.kind)) would be refused by the rules: \(error)")
            }
            guard outputs == e.outputs else {
                let fields = differing(outputs, e.outputs)
                return bad(n, "entry \(n) (\(e.request.kind)): its outputs do not follow from its inputs (\(fields.joined(separator: ", ")))")
            }
        }
        return Report(entries: state.count, head: state.lastHash, firstBad: nil, problem: nil, state: state)
    }

    /// The keys whose values differ between two output objects.
    static func differing(_ a: JSONValue, _ b: JSONValue) -> [String] {
        guard let am = a.objectMembers, let bm = b.objectMembers else { return ["outputs"] }
        let keys = am.map(\.key) + bm.map(\.key).filter { k in !am.contains { $0.key == k } }
        return keys.filter { a[$0] != b[$0] }
    }
}
