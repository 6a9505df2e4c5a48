import MeritBase
import MeritEthereum
import MeritCore

/// Checks a chain of signed rounds: each record's digest and signature, its link to the one before,
/// consecutive numbering, the section hashes against the stored data, and the probe seed against the
/// watcher's revealed signature.
public enum ChainVerifier {
    /// The result of checking one round.
    public struct RoundCheck: Sendable {
        /// The round number.
        public var round: UInt64
        /// Its digest.
        public var digest: String
        /// Problems found; empty when it verifies.
        public var problems: [String]
    }

    /// Checks rows in order. `signers` restricts who may sign; nil accepts the first round's signer
    /// for the whole chain.
    public static func verify(_ rows: [SignedRound], signers: [Address]? = nil) -> [RoundCheck] {
        var checks: [RoundCheck] = []
        var expectedPrevious = Bytes32(0, 0, 0, 0)
        var expectedRound: UInt64? = nil
        var allowed = signers
        for row in rows {
            var problems: [String] = []
            var number = UInt64(row.round)
            do {
                let record = try RoundRecord(json: try JSONValue.parse(row.recordJSON, name: "round \(row.round) record"), name: "round \(row.round)")
                number = record.round
                let digest = try record.digest()
                if digest.hex != row.digest { problems.append("the stored digest \(row.digest) is not the record's digest \(digest.hex)") }
                let who = try record.signature.recoverAddress(digest: digest)
                if who != record.signer { problems.append("the signature recovers to \(who), not the claimed signer \(record.signer)") }
                if allowed == nil { allowed = [who] }
                if let allowed, !allowed.contains(who) { problems.append("signed by \(who), which is not an accepted watcher key") }
                if let e = expectedRound, number != e { problems.append("round \(number) follows round \(e - 1); rounds must be consecutive") }
                if record.previous != expectedPrevious {
                    problems.append("it links to \(record.previous.hex) but the previous round's digest is \(expectedPrevious.hex): the chain was rewritten")
                }
                let data = try RoundData(json: try JSONValue.parse(row.dataJSON, name: "round \(row.round) data"), name: "round \(row.round) data")
                for s in RoundRecord.sections where record.section(s) != data.sectionHash(s) {
                    problems.append("the \(s) section does not match its signed hash: the data was altered")
                }
                let seedMessage = ProbePrompts.seedMessage(round: number, previous: record.previous)
                if (try? data.probeSeedSignature.recoverAddress(digest: seedMessage)) != record.signer
                    || Keccak256.hash(data.probeSeedSignature.bytes) != record.probeSeed {
                    problems.append("the probe seed was not drawn from the watcher's signature over this round")
                }
                expectedPrevious = digest
            } catch {
                problems.append("\(error)")
                expectedPrevious = Bytes32(hex: row.digest) ?? expectedPrevious
            }
            expectedRound = number + 1
            checks.append(RoundCheck(round: number, digest: row.digest, problems: problems))
        }
        return checks
    }
}
