import MeritEthereum
import TestSupport
import Testing

/// Known answers from pycryptodome's Keccak-256 (`Crypto.Hash.keccak`, digest_bits=256) for the
/// input bytes (i*7+3) mod 256, i = 0..<n. The lengths straddle the 136-byte rate.
let keccakVectors: [(Int, String)] = [
    (0, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
    (1, "69c322e3248a5dfc29d73c5b0553b0185a35cd5bb6386747517ef7e53b15e287"),
    (3, "7d228cdb40e661b0731cd20c876de675137701233a19b450a36e53a053407a22"),
    (135, "00ef96af9cf4b24c7f269d922294444a197d0a33638c2e56634c57e892103a8f"),
    (136, "742061bcad767ed4c4f5883b1dcb1aad11afdcc140dc469d953759b127b9f9ed"),
    (137, "e3371f61e770abf254c34239c3b0099ad90594507415bc81dd0a10b9692bbf2a"),
    (272, "ac141fd7b0a0ffcd2e967254d508da3ec616596493c36fa304425647d90e6de5"),
    (1000, "80cdc8dd52cbb3dbaea8f383209893fa2bb52efbd5aedbb4b26dcfe307fcdc9b"),
]

func pattern(_ n: Int) -> [UInt8] { (0..<n).map { UInt8(($0 * 7 + 3) % 256) } }

@Test(.tags(.unit), arguments: keccakVectors)
func keccakKnownAnswers(length: Int, expected: String) {
    #expect(Keccak256.hash(pattern(length)).hex == "0x" + expected)
}

@Test(.tags(.unit)) func keccakOfABCIsEthereums() {
    #expect(Keccak256.hash("abc").hex == "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")
    // FIPS-202 SHA3-256("") is a7ffc6f8...; Keccak-256("") must differ.
    #expect(Keccak256.hash("").hex.hasPrefix("0xc5d24601"))
}

@Test(.tags(.unit), arguments: [1, 7, 135, 136, 137, 4096])
func streamingMatchesOneShot(chunk: Int) {
    let data = pattern(1 << 20)  // 1 MiB
    var h = Keccak256()
    var i = 0
    while i < data.count {
        let end = min(i + chunk, data.count)
        data[i..<end].withUnsafeBytes { h.update($0) }
        i = end
    }
    #expect(h.finalize() == Keccak256.hash(data))
}

@Test(.tags(.unit)) func byteWiseUpdateMatches() {
    let data = pattern(300)
    var h = Keccak256()
    h.update(data)
    #expect(h.finalize() == Keccak256.hash(data))
}

@Test(.tags(.unit)) func specialisedWordHashesMatchGeneric() {
    let a = Keccak256.hash("a"), b = Keccak256.hash("b")
    #expect(Keccak256.hash(word: a) == Keccak256.hash(a.bytes))
    #expect(Keccak256.hash(a, b) == Keccak256.hash(a.bytes + b.bytes))
}

@Test(.tags(.unit)) func bytes32OrdersAsBigEndianIntegers() {
    let small = Bytes32(hex: "0x00000000000000000000000000000000000000000000000000000000000000ff")!
    let large = Bytes32(hex: "0x0100000000000000000000000000000000000000000000000000000000000000")!
    #expect(small < large)
    #expect(Bytes32(hex: small.hex) == small)
    #expect(Bytes32(hex: "0x1234") == nil)
}
