import Foundation
import MeritBase
import MeritEthereum
import MeritEval

/// What a Merit server publishes at `GET /api/v1/attesters`: its signers and EIP-712 domain.
struct ServerAttesters {
    var addresses: [Address]
    var chainId: UInt64
    var verifyingContract: Address?

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Reads the list from `server` (no key needed).
    static func fetch(_ server: String) async throws -> ServerAttesters {
        // Read without a key: the list is public, and a key for another server must not be sent.
        let client = ServerClient(server: server, tokenEnv: "")
        let url = client.base + "/api/v1/attesters"
        let answer = try await client.get("/api/v1/attesters")
        guard answer.status == 200 else { throw Failure(description: "GET \(url) answered HTTP \(answer.status); is --server a Merit server?") }
        let body = answer.body
        guard let o = try? JSONSerialization.jsonObject(with: body) as? [String: Any], let list = o["attesters"] as? [String],
              let chain = (o["chain_id"] as? NSNumber)?.uint64Value else {
            throw Failure(description: "GET \(url): the answer is not a Merit attester list; is --server a Merit server?")
        }
        do {
            return ServerAttesters(addresses: try list.map { try Address(hex: $0) }, chainId: chain,
                                   verifyingContract: try (o["verifying_contract"] as? String).map { try Address(hex: $0) })
        } catch {
            throw Failure(description: "GET \(url): an address in the answer is malformed (\(error))")
        }
    }

    /// Where an attestation's domain differs from the one the server signs in.
    func domainProblems(_ domain: JSONValue) -> [String] {
        DeltaOneAttestation.Domain(chainId: chainId, verifyingContract: verifyingContract).problems(in: domain)
    }
}
