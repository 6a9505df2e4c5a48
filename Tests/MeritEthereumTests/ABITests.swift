import MeritBase
import MeritEthereum
import TestSupport
import Testing

@Test(.tags(.unit)) func selectorsOfKnownFunctions() {
    #expect(Hex.encode(ABIEncoder.selector("transfer(address,uint256)")) == "a9059cbb")
    #expect(Hex.encode(ABIEncoder.selector("balanceOf(address)")) == "70a08231")
    #expect(Hex.encode(ABIEncoder.selector("approve(address,uint256)")) == "095ea7b3")
}

@Test(.tags(.unit)) func typesParseToCanonicalNames() throws {
    #expect(try ABIType.parse("uint").description == "uint256")
    #expect(try ABIType.parse("(int,bytes32[],(string,bool)[2])[]").description == "(int256,bytes32[],(string,bool)[2])[]")
    for bad in ["uint7", "uint264", "bytes33", "bytes0", "foo", "(uint256", "uint256[", "uint256[0]", "uint08"] {
        #expect(throws: EthereumError.self, "\(bad)") { try ABIType.parse(bad) }
    }
}

/// Method: the Solidity documentation's worked example for `f(uint256,uint32[],bytes10,bytes)` with
/// (0x123, [0x456, 0x789], "1234567890", "Hello, world!").
@Test(.tags(.unit)) func solidityDocsDynamicExample() throws {
    let types = try ABIType.parseList("(uint256,uint32[],bytes10,bytes)")
    let values: [JSONValue] = [.string("0x123"), .array([.string("0x456"), .string("0x789")]),
                               .string("0x" + Hex.encode(Array("1234567890".utf8))), .string("0x" + Hex.encode(Array("Hello, world!".utf8)))]
    let data = try ABIEncoder.callData("f", types, values)
    let expected = "8be65246"
        + "0000000000000000000000000000000000000000000000000000000000000123"
        + "0000000000000000000000000000000000000000000000000000000000000080"
        + "3132333435363738393000000000000000000000000000000000000000000000"
        + "00000000000000000000000000000000000000000000000000000000000000e0"
        + "0000000000000000000000000000000000000000000000000000000000000002"
        + "0000000000000000000000000000000000000000000000000000000000000456"
        + "0000000000000000000000000000000000000000000000000000000000000789"
        + "000000000000000000000000000000000000000000000000000000000000000d"
        + "48656c6c6f2c20776f726c642100000000000000000000000000000000000000"
    #expect(Hex.encode(data) == expected)
}

/// Method: the Solidity documentation's nested example `g(uint256[][],string[])` with
/// ([[1, 2], [3]], ["one", "two", "three"]).
@Test(.tags(.unit)) func solidityDocsNestedExample() throws {
    let types = try ABIType.parseList("(uint256[][],string[])")
    let values: [JSONValue] = [.array([.array([.number("1"), .number("2")]), .array([.number("3")])]),
                               .array([.string("one"), .string("two"), .string("three")])]
    let words = Hex.encode(try ABIEncoder.callData("g", types, values)).dropFirst(8)
    let expected = [
        "40", "140", "2", "40", "a0", "2", "1", "2", "1", "3", "3", "60", "a0", "e0",
    ].map { String(repeating: "0", count: 64 - $0.count) + $0 }.joined()
        + "0000000000000000000000000000000000000000000000000000000000000003" + "6f6e650000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000003" + "74776f0000000000000000000000000000000000000000000000000000000000"
        + "0000000000000000000000000000000000000000000000000000000000000005" + "7468726565000000000000000000000000000000000000000000000000000000"
    #expect(String(words) == expected)
}

@Test(.tags(.unit)) func integerRangesAreEnforced() throws {
    #expect(throws: EthereumError.self) { try ABIEncoder.encode([.uint(8)], [.number("256")]) }
    #expect(throws: EthereumError.self) { try ABIEncoder.encode([.uint(256)], [.string("-1")]) }
    #expect(throws: EthereumError.self) { try ABIEncoder.encode([.int(8)], [.number("-129")]) }
    #expect(throws: EthereumError.self) { try ABIEncoder.encode([.uint(256)], [.number("1.5")]) }
    #expect(throws: EthereumError.self) { try ABIEncoder.encode([.uint(256)], [.string("0x1" + String(repeating: "0", count: 64))]) }
    #expect(Hex.encode(try ABIEncoder.encode([.int(8)], [.number("-128")])) == String(repeating: "f", count: 62) + "80")
    #expect(Hex.encode(try ABIEncoder.encode([.int(256)], [.string("-1")])) == String(repeating: "f", count: 64))
    let max = "115792089237316195423570985008687907853269984665640564039457584007913129639935"
    #expect(Hex.encode(try ABIEncoder.encode([.uint(256)], [.string(max)])) == String(repeating: "f", count: 64))
    #expect(throws: EthereumError.self) { try ABIEncoder.encode([.uint(256)], [.string(max.dropLast() + "6")]) }
}
