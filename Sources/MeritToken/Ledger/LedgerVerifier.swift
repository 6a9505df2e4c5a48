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
        let pieces = Parallel.map(list.count, minimum: 4096, filler: (Bytes32.zero, Address?.none)) { k in derived(list[k], token: token) }
        var fold = Fold(token: token)
        for (k, e) in list.enumerated() {
            let stored = storedHashes.flatMap { k < $0.count ? $0[k] : nil }
            guard fold.take(e, hash: pieces[k].0, signer: pieces[k].1, stored: stored) else { break }
        }
        return fold.report
    }

    /// An entry's hash and its signed request's signer (nil when it has none or it does not recover).
    static func derived(_ e: LedgerEntry, token: String) -> (Bytes32, Address?) {
        var signer: Address? = nil
        if let consent = e.request.consent(token: token) {
            signer = try? EIP191.recover(Array(consent.message.utf8), signature: consent.auth.signature)
        }
        return (e.hash, signer)
    }

    /// The sequential part: each entry in order against the state the entries before it made, until
    /// the first that does not fit.
    struct Fold {
        let token: String
        var state = LedgerState()
        var bad: Report?

        init(token: String) { self.token = token }

        /// The report so far.
        var report: Report { bad ?? Report(entries: state.count, head: state.lastHash, firstBad: nil, problem: nil, state: state) }

        /// Marks entry `n` bad for `why`; false, so that callers can return it.
        @discardableResult mutating func refuse(_ n: UInt64, _ why: String) -> Bool {
            bad = Report(entries: n, head: state.lastHash, firstBad: n, problem: why, state: state)
            return false
        }

        /// Checks and applies the next entry; false (and `bad` set) when it does not fit.
        mutating func take(_ e: LedgerEntry, hash: Bytes32, signer: Address?, stored: Bytes32?) -> Bool {
            guard bad == nil else { return false }
            let n = state.count
            guard e.token == token else { return refuse(n, "entry \(n) belongs to token \(JSONValue.excerpt(e.token))") }
            guard e.sequence == n else { return refuse(n, "entry \(n) says it is entry \(e.sequence); an entry is missing or repeated") }
            guard e.previous == state.lastHash else { return refuse(n, "entry \(n) does not chain to entry \(n == 0 ? "(none)" : String(n - 1)): its previous hash is \(e.previous.hex), not \(state.lastHash.hex)") }
            if let stored, stored != hash {
                return refuse(n, "entry \(n)'s bytes do not hash to the hash stored with it: it was altered after it was written")
            }
            if e.request.signedBy != nil, signer == nil {
                return refuse(n, "entry \(n) (\(e.request.kind)) would be refused by the rules: its signature does not recover")
            }
            let outputs: JSONValue
            do { outputs = try state.replay(e, hash: hash, signer: signer) } catch {
                return refuse(n, "entry \(n) (\(e.request.kind)) would be refused by the rules: \(error)")
            }
            guard outputs == e.outputs else {
                let fields = differing(outputs, e.outputs)
                return refuse(n, "entry \(n) (\(e.request.kind)): its outputs do not follow from its inputs (\(fields.joined(separator: ", ")))")
            }
            return true
        }
    }

    /// The keys whose values differ between two output objects.
    static func differing(_ a: JSONValue, _ b: JSONValue) -> [String] {
        guard let am = a.objectMembers, let bm = b.objectMembers else { return ["outputs"] }
        let keys = am.map(\.key) + bm.map(\.key).filter { k in !am.contains { $0.key == k } }
        return keys.filter { a[$0] != b[$0] }
    }
}
