import MeritBase
import MeritEthereum

/// The signed record of one measurement round (EIP-712, primary type `WatchRound`).
///
/// It commits by keccak256 to each section of the round's data — the prompts, the responses, the
/// scores, the timings and the identity verdicts — and to the previous round's digest, so the rounds
/// form a chain: rewriting any past result changes its digest and breaks every later link.
/// docs/watch.md lists every field.
public struct RoundRecord: Sendable, Equatable {
    /// The primary type.
    public static let primaryType = "WatchRound"
    /// The format tag of the record file.
    public static let format = "merit-watch-round-v1"

    typealias F = TypedData.Field
    /// The struct types.
    public static let types: [(String, [TypedData.Field])] = [
        ("WatchRound", [F("round", "uint64"), F("previous", "bytes32"), F("startedAt", "uint64"), F("probeSeed", "bytes32"),
                        F("endpoints", "bytes32"), F("tasks", "bytes32"), F("prompts", "bytes32"), F("responses", "bytes32"),
                        F("scores", "bytes32"), F("timings", "bytes32"), F("identity", "bytes32"), F("meritVersion", "string")]),
    ]

    /// The section hashes, in the order they are signed.
    public static let sections = ["endpoints", "tasks", "prompts", "responses", "scores", "timings", "identity"]

    /// The typed data.
    public var typedData: TypedData
    /// The watcher's signature.
    public var signer: Address
    /// r ‖ s ‖ v over the digest.
    public var signature: Secp256k1.Signature

    /// The domain: `Merit Watch`, version 1, chain 1.
    public static var domain: JSONValue {
        .object(["name": .string("Merit Watch"), "version": .string("1"), "chainId": .string("1")])
    }

    /// Builds and signs the record for a round's data.
    public static func sign(round: UInt64, previous: Bytes32, startedAt: UInt64, probeSeed: Bytes32, data: RoundData,
                            meritVersion: String, key: Secp256k1.PrivateKey) throws -> RoundRecord {
        var m: [JSONValue.Member] = [.init("round", .string("\(round)")), .init("previous", .string(previous.hex)),
                                     .init("startedAt", .string("\(startedAt)")), .init("probeSeed", .string(probeSeed.hex))]
        for s in sections { m.append(.init(s, .string(data.sectionHash(s).hex))) }
        m.append(.init("meritVersion", .string(meritVersion)))
        let td = TypedData(types: types, primaryType: primaryType, domain: domain, message: .object(m))
        let digest = try td.digest()
        return RoundRecord(typedData: td, signer: key.address, signature: key.sign(digest: digest))
    }

    /// The EIP-712 digest.
    public func digest() throws -> Bytes32 { try typedData.digest() }

    func field(_ name: String) -> String? { typedData.message[name]?.stringValue }
    /// The round number.
    public var round: UInt64 { UInt64(field("round") ?? "") ?? 0 }
    /// The previous digest.
    public var previous: Bytes32 { Bytes32(hex: field("previous") ?? "") ?? Bytes32(0, 0, 0, 0) }
    /// The probe seed.
    public var probeSeed: Bytes32 { Bytes32(hex: field("probeSeed") ?? "") ?? Bytes32(0, 0, 0, 0) }
    /// A section's signed hash.
    public func section(_ name: String) -> Bytes32? { Bytes32(hex: field(name) ?? "") }

    /// The record file's JSON.
    public var json: JSONValue {
        get throws {
            .object(["format": .string(Self.format), "typedData": typedData.json, "digest": .string(try digest().hex),
                     "signer": .string(signer.checksummed), "signature": .string(signature.hex)])
        }
    }

    init(typedData: TypedData, signer: Address, signature: Secp256k1.Signature) {
        self.typedData = typedData; self.signer = signer; self.signature = signature
    }

    /// Reads a record file; the stored digest must match the typed data, and the types must be Merit's.
    public init(json: JSONValue, name: String) throws {
        func fail(_ m: String) -> WatchError { WatchError(.invalidRecord, m, at: name) }
        guard json["format"]?.stringValue == Self.format else { throw fail("not a Merit watch round (format must be \(Self.format))") }
        guard let td = json["typedData"] else { throw fail("typedData is missing") }
        typedData = try TypedData(json: td)
        guard typedData.primaryType == Self.primaryType, typedData.types[Self.primaryType] == Self.types[0].1 else {
            throw fail("the typed data is not a WatchRound of this version")
        }
        guard let s = json["signer"]?.stringValue, let sig = json["signature"]?.stringValue else { throw fail("signer and signature are required") }
        signer = try Address(hex: s)
        signature = try Secp256k1.Signature(hex: sig)
        guard let d = json["digest"]?.stringValue, Bytes32(hex: d) == (try typedData.digest()) else {
            throw fail("the digest does not match the typed data: the record was altered after signing")
        }
    }
}
