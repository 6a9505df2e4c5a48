import MeritEthereum

extension AttestationFile {
    /// The outcome of checking signatures against a signer set and a threshold.
    public struct Verification: Sendable {
        /// One signature's check.
        public struct Check: Sendable {
            /// The claimed signer.
            public var claimed: Address
            /// The recovered signer, when recovery worked.
            public var recovered: Address?
            /// Whether it counts toward the threshold.
            public var counts: Bool
            /// Why not, when it does not.
            public var problem: String?
            /// A valid signature by a signer outside the allowed set: it does not count, and it does not
            /// spoil the attestation either (anyone may add a signature; the verifier picks whom to trust).
            public var outsideSignerSet: Bool = false
        }
        /// The digest checked.
        public var digest: Bytes32
        /// Whether the typed data has exactly Merit's types: a DeltaOne attestation or a version record.
        public var meritTypes: Bool
        /// Each signature.
        public var checks: [Check]
        /// Distinct signers that count.
        public var validSigners: [Address]
        /// Signatures required.
        public var threshold: Int

        /// Signatures needed to hold: at least one, whatever the threshold says, so that an unsigned
        /// attestation never verifies.
        public var required: Int { max(threshold, 1) }

        /// Every reason the attestation does not hold, in words a user can act on; empty when it holds.
        public var problems: [String] {
            var out: [String] = []
            if !meritTypes { out.append("the typed data does not use Merit's DeltaOne or ModelVersion types (see docs/attestation.md)") }
            for (k, c) in checks.enumerated() where !c.counts && !c.outsideSignerSet {
                out.append("signature \(k + 1) (by \(c.claimed.checksummed)) is invalid: \(c.problem ?? "it does not recover")")
            }
            if validSigners.count < required {
                out.append("only \(validSigners.count) of \(required) required signature(s) valid")
            }
            return out
        }

        /// Whether the attestation holds: Merit's types, enough distinct valid signers, and no invalid signature.
        public var ok: Bool { problems.isEmpty }

        /// One sentence that says whether it holds and why: the same words for the CLI and the server.
        public var summary: String {
            ok ? "attestation holds: \(validSigners.count) valid signature(s), \(required) required"
               : "attestation does NOT hold: " + problems.joined(separator: "; ")
        }
    }

    /// Checks every signature: it must recover to its claimed signer, be low-s with v = 27/28, and,
    /// when `allowed` is given, come from that set. Distinct valid signers are counted against `threshold`.
    public func verify(allowed: [Address]?, threshold: Int) throws -> Verification {
        let digest = try digest()
        var checks: [Verification.Check] = []
        var valid: [Address] = []
        for e in signatures {
            var check = Verification.Check(claimed: e.signer, recovered: nil, counts: false, problem: nil)
            do {
                let who = try e.signature.recoverAddress(digest: digest)
                check.recovered = who
                if who != e.signer { check.problem = "it recovers to \(who.checksummed), not to the claimed signer" }
                else if let allowed, !allowed.contains(who) { check.problem = "not in the signer set"; check.outsideSignerSet = true }
                // Reading refuses a file in which one signer signs twice; a file built in code may still.
                else if valid.contains(who) { check.problem = "a second signature by the same signer" }
                else { check.counts = true; valid.append(who) }
            } catch let err as EthereumError {
                check.problem = err.message
            }
            checks.append(check)
        }
        return Verification(digest: digest, meritTypes: DeltaOneAttestation.hasMeritTypes(typedData) || VersionAttestation.hasMeritTypes(typedData), checks: checks,
                            validSigners: valid, threshold: threshold)
    }
}
