import MeritEthereum

/// Identity probe prompts, drawn fresh each round from a seed: short sentence starts assembled from
/// word lists, so an operator cannot recognise them and route them to the real model.
///
/// The seed is keccak256 of the watcher's signature over the round number and the previous record
/// (RFC 6979 signatures are deterministic): nobody else can predict it, and anyone can check it.
public enum ProbePrompts {
    static let subjects = ["The old captain", "A quiet student", "The city council", "My neighbour", "The small robot", "A tired doctor",
                           "The river", "Our teacher", "The winter wind", "A young farmer", "The night train", "The museum guard",
                           "A curious child", "The baker", "The mountain village", "An engineer", "The library", "A stray cat"]
    static let verbs = ["explained", "remembered", "carried", "discovered", "painted", "repaired", "described", "counted",
                        "followed", "opened", "wrote about", "listened to", "built", "measured", "forgot", "answered"]
    static let objects = ["the broken clock", "a letter from the sea", "seven green apples", "the map of the island", "the last question",
                          "a song about rain", "the heavy wooden door", "three silver coins", "the price of bread", "an empty garden",
                          "the first snow", "a strange machine", "the northern lights", "a box of old photographs", "the speed of sound"]
    static let connectors = ["because", "and then", "while", "so that", "before", "after", "although", "until"]

    /// `count` prompts from `seed`.
    public static func generate(seed: Bytes32, count: Int) -> [String] {
        var stream = KeccakStream(seed: seed)
        return (0..<count).map { _ in
            let s = subjects[stream.below(subjects.count)], v = verbs[stream.below(verbs.count)]
            let o = objects[stream.below(objects.count)], c = connectors[stream.below(connectors.count)]
            return "\(s) \(v) \(o) \(c)"
        }
    }

    /// The message the watcher signs to derive a round's probe seed.
    public static func seedMessage(round: UInt64, previous: Bytes32) -> Bytes32 {
        Keccak256.hash(Array("merit.watch.probe.v1".utf8) + Bytes32(0, 0, 0, round).bytes + previous.bytes)
    }
}

/// Uniform integers from keccak256(seed ‖ counter), by rejection.
struct KeccakStream {
    let seed: Bytes32
    var counter: UInt64 = 0
    var buffer: [UInt8] = []

    init(seed: Bytes32) { self.seed = seed }

    mutating func next64() -> UInt64 {
        if buffer.count < 8 {
            buffer += Keccak256.hash(seed.bytes + Bytes32(0, 0, 0, counter).bytes).bytes
            counter += 1
        }
        let v = buffer.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        buffer.removeFirst(8)
        return v
    }

    mutating func below(_ n: Int) -> Int {
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true { let v = next64(); if v < limit { return Int(v % bound) } }
    }
}
