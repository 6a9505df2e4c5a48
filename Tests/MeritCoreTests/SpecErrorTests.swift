import Foundation
import MeritCore
import TestSupport
import Testing

/// The error a spec text raises, or a recorded issue when it parses.
func specError(_ text: String, file: String = "model.yaml") -> CoreError? {
    do {
        _ = try parse(text, file: file)
        Issue.record("expected \(file) to be refused")
    } catch let e as CoreError {
        return e
    } catch {
        Issue.record("expected a CoreError, got \(error)")
    }
    return nil
}

/// Yams' own wording, which named no place; none of these may appear in a message.
let yamsWording = ["The given data was not valid YAML", "Sequence", "Mapping", "Scalar", "error: parser", "error: scanner"]

@Test(.tags(.unit)) func brokenYAMLNamesTheLineAndColumn() throws {
    // `ticker: DEMO: X` puts a mapping value where only a plain value may stand: line 2, column 13.
    let e = try #require(specError(minimalSpec.replacingOccurrences(of: "ticker: DEMO", with: "ticker: DEMO: X")))
    #expect(e.description.hasPrefix("model.yaml:2:13: not valid YAML: mapping values are not allowed"), "\(e)")
    #expect(e.message.contains("indentation"))
    for word in yamsWording { #expect(!e.description.contains(word), "\(e)") }
}

@Test(.tags(.unit)) func aSecondDocumentIsAnErrorAtTheLineWhereItBegins() throws {
    // minimalSpec has 11 lines; the --- is line 12.
    let e = try #require(specError(minimalSpec + "\n---\nname: Other\n"))
    #expect(e.description.hasPrefix("model.yaml:12:1: a second YAML document begins here"), "\(e)")
    #expect(e.message.contains("exactly one document"))
}

@Test(.tags(.unit), arguments: [
    ("tags: *nowhere", "model.yaml:12:7:"),        // undefined
    ("tags: &self [a, *self]", "model.yaml:12:17:"), // recursive: the anchor is not defined until its node ends
])
func undefinedAndRecursiveAliasesNameTheirPlace(line: String, place: String) throws {
    let e = try #require(specError(minimalSpec + "\n" + line + "\n"))
    #expect(e.description.hasPrefix(place + " this alias (*name) refers to no anchor"), "\(e)")
    for word in yamsWording { #expect(!e.description.contains(word), "\(e)") }
}

@Test(.tags(.unit)) func aMappingWhereAListBelongsSaysSoInPlainWords() throws {
    let e = try #require(specError(minimalSpec + "\ntags: {a: 1}\n"))
    #expect(e.description == "model.yaml:12:7: tags: expected a list, found a mapping; fix this field and run again", "\(e)")
    let block = try #require(specError(minimalSpec.replacingOccurrences(of: "    - {name: x, type: number}", with: "    x: number")))
    #expect(block.description.hasPrefix("model.yaml:8:5: task.features: expected a list, found a mapping"), "\(block)")
}

@Test(.tags(.unit)) func scalarMismatchesNameTheShapeAndTheLine() throws {
    let baseline = try #require(specError(minimalSpec.replacingOccurrences(of: "baseline: 0.7", with: "baseline: high")))
    #expect(baseline.description.hasPrefix("model.yaml:11:11: baseline: expected a number, found a string"), "\(baseline)")
    let ticker = try #require(specError(minimalSpec.replacingOccurrences(of: "ticker: DEMO", with: "ticker: [D, E]")))
    #expect(ticker.description.hasPrefix("model.yaml:2:9: ticker: expected a single value"), "\(ticker)")
    #expect(ticker.message.contains("found a list"))
    let missing = try #require(specError(minimalSpec.replacingOccurrences(of: "  label: y\n", with: "")))
    #expect(missing.description.hasPrefix("model.yaml:5:3: task.label: this required field is missing"), "\(missing)")
}

@Test(.tags(.unit)) func unknownFieldsAndDuplicateKeysAreReportedAtTheKey() throws {
    let unknown = try #require(specError(minimalSpec + "\nlable: y\n"))
    #expect(unknown.description.hasPrefix("model.yaml:12:1: lable: unknown field \"lable\""), "\(unknown)")
    let twice = try #require(specError(minimalSpec + "\nname: Again\n"))
    #expect(twice.description.hasPrefix("model.yaml:1:1: the key \"name\" appears more than once"), "\(twice)")
    #expect(!twice.description.contains("ticker: DEMO"), "the file's text is not quoted")
}

@Test(.tags(.unit)) func valuesInMessagesAreShortAndEscaped() throws {
    // A terminal escape in a quoted value reaches the message only as an escape sequence.
    let escape = try #require(specError(minimalSpec.replacingOccurrences(of: "license: open-source", with: #"license: "\e[31mred\u202E""#)))
    #expect(!escape.description.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E }, "\(escape)")
    #expect(escape.description.contains(#""\u{1b}[31mred\u{202e}" is not one of: decentralized, proprietary, open-source"#), "\(escape)")
    let long = try #require(specError(minimalSpec.replacingOccurrences(of: "license: open-source", with: "license: " + String(repeating: "x", count: 5000))))
    #expect(long.description.count < 200, "\(long.description.count) characters")
    // A raw control character is a reader error with its place, and is not echoed.
    let raw = try #require(specError(minimalSpec + "\ndescription: a\u{01}b\n"))
    #expect(raw.description.hasPrefix("model.yaml:12:15: the text cannot be read as YAML: control characters are not allowed (character U+0001)"), "\(raw)")
    #expect(!raw.description.unicodeScalars.contains { $0.value == 0x01 })
}

@Test(.tags(.unit)) func jsonSpecsGetALineAndTheExpectedShape() throws {
    let broken = try #require(specError(#"{"name": "Demo",, "ticker": "DEMO"}"#, file: "model.json"))
    #expect(broken.description.hasPrefix("model.json: expected a quoted key (line 1, column 17)"), "\(broken)")
    let json = #"{"name":"Demo","ticker":"DEMO","license":"open-source","tags":{"a":1},"task":{"type":"binary-classification","label":"y","features":[{"name":"x","type":"number"}]},"metric":{"name":"auroc"},"baseline":0.7}"#
    let shape = try #require(specError(json, file: "model.json"))
    #expect(shape.description == "model.json: tags: expected an array, found an object; fix this field and run again", "\(shape)")
    let twice = try #require(specError(#"{"name": "Demo", "name": "Demo"}"#, file: "model.json"))
    #expect(twice.message.contains("the key \"name\" appears twice"), "\(twice)")
}

/// Method: a proprietary model must name its allow-list and treasury, each address is checked with its
/// field named, and a spec that sets neither `access` nor `promotion` hashes as it did before they existed.
@Test(.tags(.unit)) func proprietaryModelsNameWhoMayContribute() throws {
    let proprietary = minimalSpec.replacingOccurrences(of: "license: open-source", with: "license: proprietary")
    let missing = try #require(specError(proprietary))
    #expect(missing.description.contains("model.yaml: access") && missing.message.contains("treasury"), "\(missing)")
    let bad = try #require(specError(proprietary + "\naccess: {contributors: [\"0x12\"], treasury: \"0x00000000000000000000000000000000000000c3\"}"))
    #expect(bad.description.contains("access.contributors") && bad.description.contains("entry 1"), "\(bad)")
    let empty = try #require(specError(proprietary + "\naccess: {contributors: [], treasury: \"0x00000000000000000000000000000000000000c3\"}"))
    #expect(empty.description.contains("access.contributors"), "\(empty)")
    let ok = try parse(proprietary + "\naccess: {contributors: [\"0x00000000000000000000000000000000000000a1\"], treasury: \"0x00000000000000000000000000000000000000c3\"}\npromotion: automatic")
    #expect(ok.access?.contributors.count == 1 && ok.effectivePromotion == .automatic)
    #expect(try parse(proprietary.replacingOccurrences(of: "license: proprietary", with: "license: decentralized")).effectivePromotion == .automatic)
    #expect(try parse(minimalSpec).effectivePromotion == .owner)
    let plain = String(decoding: try parse(minimalSpec).canonicalJSON(), as: UTF8.self)
    #expect(!plain.contains("access") && !plain.contains("promotion"), "\(plain)")
    let wrong = try #require(specError(minimalSpec + "\npromotion: sometimes"))
    #expect(wrong.description.contains("promotion") && wrong.description.contains("automatic, owner"), "\(wrong)")
}
