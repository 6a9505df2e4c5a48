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
        // Every entry's hash, and every signed request's signer, on all cores (one run of entries per
        // core): neither depends on the state.
        let pieces = Parallel.map(list.count, minimum: 4096, filler: (Bytes32.zero, Address?.none)) { k -> (Bytes32, Address?) in
            var signer: Address? = nil
            if let consent = list[k].request.consent(token: token) {
                signer = try? EIP191.recover(Array(consent.message.utf8), signature: consent.auth.signature)
            }
            return (list[k].hash, signer)
        }
        let hashes = pieces.map(\.0), signers = pieces.map(\.1)
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
