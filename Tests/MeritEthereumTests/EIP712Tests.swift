import MeritBase
import MeritEthereum
import TestSupport
import Testing

/// The EIP-712 specification's own example ("Ether Mail"), with the signer key keccak256("cow").
let mailJSON = """
{"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
"Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
"Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
"primaryType":"Mail",
"domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
"message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
"""

@Test(.tags(.unit)) func theSpecsMailExample() throws {
    let td = try TypedData(jsonText: mailJSON)
    #expect(try td.encodeType("Mail") == "Mail(Person from,Person to,string contents)Person(string name,address wallet)")
    #expect(try td.typeHash("Mail").hex == "0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2")
    #expect(try td.domainSeparator().hex == "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f")
    #expect(try td.hashStruct("Mail", td.message, path: "message").hex == "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e")
    #expect(try td.digest().hex == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")
    let cow = try Secp256k1.PrivateKey(bytes: Keccak256.hash("cow").bytes)
    #expect(cow.address.checksummed == "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")
    let sig = try td.sign(with: cow)
    #expect(sig.v == 28)
    #expect(sig.r.hex == "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d")
    #expect(sig.s.hex == "0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562")
    #expect(try td.recover(sig) == cow.address)
}

@Test(.tags(.unit)) func domainWithoutDeclaredTypeUsesThePresentFieldsInOrder() throws {
    var json = try JSONValue.parse(mailJSON)
    guard case .object(var top) = json, case .object(var types) = top[0].value else { Issue.record("shape"); return }
    types.removeAll { $0.key == "EIP712Domain" }
    top[0].value = .object(types)
    json = .object(top)
    #expect(try TypedData(json: json).digest().hex == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2")
}

@Test(.tags(.unit)) func strictnessNamesThePath() throws {
    func fails(_ replace: String, _ with: String, _ path: String) {
        let text = mailJSON.replacingOccurrences(of: replace, with: with)
        do {
            _ = try TypedData(jsonText: text).digest()
            Issue.record("expected an error for \(with)")
        } catch let e as EthereumError {
            #expect(e.location == path, "\(e)")
        } catch { Issue.record("\(error)") }
    }
    fails("\"contents\":\"Hello, Bob!\"", "\"contents\":\"Hello, Bob!\",\"extra\":1", "message.extra")
    fails("\"name\":\"Bob\",", "", "message.to")
    fails("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB", "0xbBbB", "message.to.wallet")
    fails("\"chainId\":1", "\"chainId\":-1", "domain.chainId")
    fails("{\"name\":\"contents\",\"type\":\"string\"}", "{\"name\":\"contents\",\"type\":\"Strin\"}", "types.Mail[2]")
}

@Test(.tags(.unit)) func arraysNestedStructsAndAtomicEdgeCases() throws {
    let json = """
    {"types":{"Item":[{"name":"id","type":"uint8"},{"name":"tags","type":"string[]"}],
    "Order":[{"name":"items","type":"Item[]"},{"name":"empty","type":"uint256[]"},{"name":"fixed","type":"int8[2]"},{"name":"blob","type":"bytes"},{"name":"b1","type":"bytes1"}]},
    "primaryType":"Order","domain":{"name":"x"},
    "message":{"items":[{"id":1,"tags":["a",""]},{"id":"255","tags":[]}],"empty":[],"fixed":[-128,"127"],"blob":"0x","b1":"0xff"}}
    """
    let td = try TypedData(jsonText: json)
    #expect(try td.encodeType("Order") == "Order(Item[] items,uint256[] empty,int8[2] fixed,bytes blob,bytes1 b1)Item(uint8 id,string[] tags)")
    // Hand-computed: an empty array is keccak256(""), bytes1 is right-padded, int8 -128 is sign-extended.
    let itemHash = { (id: UInt64, tags: [String]) -> Bytes32 in
        var k = Keccak256()
        tags.forEach { k.update(Keccak256.hash($0).bytes) }
        return Keccak256.hash(try! td.typeHash("Item").bytes + Bytes32(0, 0, 0, id).bytes + k.finalize().bytes)
    }
    let items = Keccak256.hash(itemHash(1, ["a", ""]).bytes + itemHash(255, []).bytes)
    let minus128 = Bytes32(.max, .max, .max, UInt64.max - 127)
    let fixed = Keccak256.hash(minus128.bytes + Bytes32(0, 0, 0, 127).bytes)
    let b1 = Bytes32(0xff00_0000_0000_0000, 0, 0, 0)
    let expected = Keccak256.hash(try td.typeHash("Order").bytes + items.bytes + Keccak256.hash("").bytes + fixed.bytes + Keccak256.hash([UInt8]()).bytes + b1.bytes)
    #expect(try td.hashStruct("Order", td.message, path: "message") == expected)
    // Out of range and wrong lengths are refused.
    for (bad, path) in [("\"id\":1,", "message.items[0].id"), ("\"b1\":\"0xff\"", "message.b1"), ("\"fixed\":[-128,\"127\"]", "message.fixed[1]")] {
        let replaced = json.replacingOccurrences(of: bad, with: bad.replacingOccurrences(of: "1,", with: "256,").replacingOccurrences(of: "0xff\"", with: "0xff00\"").replacingOccurrences(of: "\"127\"", with: "128"))
        #expect(throws: EthereumError.self, "\(path)") { try TypedData(jsonText: replaced).digest() }
    }
}

@Test(.tags(.unit)) func jsonRoundTripsByteForByte() throws {
    let td = try TypedData(jsonText: mailJSON)
    let again = try TypedData(jsonText: td.json.serialized())
    #expect(again == td)
    #expect(again.json.serialized() == td.json.serialized())
}
