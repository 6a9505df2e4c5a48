import MeritBase
import MeritEthereum

/// One entry of a model's append-only ledger: its place in the chain, its time (an input), what was
/// asked, and what the rules computed. Its hash is keccak256 of its canonical JSON, which includes the
/// previous entry's hash, so changing any entry breaks every later one.
public struct LedgerEntry: Sendable, Equatable {
    /// The token's ticker: the ledger's name (it outlives a rename of the model).
    public var token: String
    /// 0 for genesis, then 1, 2, …
    public var sequence: UInt64
    /// Seconds since 1970, given by the caller; never earlier than the previous entry's.
    public var time: UInt64
    /// The previous entry's hash (zero for genesis).
    public var previous: Bytes32
    /// The inputs.
    public var request: LedgerRequest
    /// What the rules computed from the inputs and the ledger before it.
    public var outputs: JSONValue

    /// Creates an entry.
    public init(token: String, sequence: UInt64, time: UInt64, previous: Bytes32, request: LedgerRequest, outputs: JSONValue) {
        self.token = token; self.sequence = sequence; self.time = time; self.previous = previous; self.request = request; self.outputs = outputs
    }

    /// The canonical form, keys in this order.
    public var json: JSONValue {
        .object([.init("token", .string(token)), .init("sequence", LedgerJSON.integer(sequence)), .init("time", LedgerJSON.integer(time)),
                 .init("previous", LedgerJSON.bytes32(previous)), .init("kind", .string(request.kind)),
                 .init("inputs", request.json), .init("outputs", outputs)])
    }

    /// The canonical bytes: `json` serialised compactly.
    public var canonicalBytes: [UInt8] { json.serializedBytes(pretty: false) }

    /// keccak256 of the canonical bytes.
    public var hash: Bytes32 { Keccak256.hash(canonicalBytes) }

    /// Reads an entry as `json` writes it.
    public init(json: JSONValue, at: String = "entry") throws {
        let f = try Fields(json, at: at)
        token = try f.string("token"); sequence = try f.integer("sequence"); time = try f.integer("time")
        previous = try f.bytes32("previous")
        request = try LedgerRequest(kind: try f.string("kind"), json: try f.value("inputs"), at: at + ".inputs")
        outputs = try f.value("outputs")
    }
}
