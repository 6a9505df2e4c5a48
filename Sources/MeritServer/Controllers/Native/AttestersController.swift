import Hummingbird
import MeritEthereum
import MeritEval

/// Who signs a server's attestations, and under which EIP-712 domain: what anyone needs to verify one
/// without trusting the server (`merit verify --server URL`, or any EIP-712 library).
public struct Attesters: Sendable, Equatable {
    /// The signing addresses: this server's key and any other worker's the operator lists.
    public var addresses: [Address]
    /// The domain the attestations are signed in.
    public var domain: DeltaOneAttestation.Domain

    /// Creates the list; empty when the server signs nothing.
    public init(addresses: [Address] = [], domain: DeltaOneAttestation.Domain = .init()) {
        self.addresses = addresses; self.domain = domain
    }
}

/// `GET /api/v1/attesters`, answered without a key whatever the server's settings.
struct AttestersController: Controller {
    let s: Services

    struct Body: Encodable {
        struct Domain: Encodable {
            var name: String
            var version: String
            var chainId: UInt64
            var verifyingContract: String?
        }
        var attesters: [String]
        var threshold: Int
        var chain_id: UInt64
        var verifying_contract: String?
        var primary_type: String
        var eip712_domain: Domain
        var note: String
    }

    func register(on routes: GuardedRoutes) {
        routes.on(.get, "attesters", .anyone) { _, ctx in
            let a = s.attesters, d = a.domain
            let contract = d.verifyingContract?.checksummed
            return try JSONResponse.encode(Body(
                attesters: a.addresses.map(\.checksummed), threshold: a.addresses.isEmpty ? 0 : 1, chain_id: d.chainId, verifying_contract: contract,
                primary_type: DeltaOneAttestation.primaryType,
                eip712_domain: .init(name: DeltaOneAttestation.domainName, version: DeltaOneAttestation.formatVersion, chainId: d.chainId, verifyingContract: contract),
                note: a.addresses.isEmpty ? "this server signs no attestations (it runs without --keystore)"
                    : "an attestation from this server holds when one of these addresses signed its EIP-712 digest in this domain; check it with `merit verify --server URL attestation.json`"),
                context: ctx)
        }
    }
}
