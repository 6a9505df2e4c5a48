import BigInt
import Foundation
@testable import MeritToken
import TestSupport
import Testing

/// Method: 3,000 random trades (a seeded generator; supplies 10³–10⁹ tokens, reserves 25,000–10⁹ USDC,
/// ratios 5%–100%, buys and sells up to half the reserve or supply) priced by Merit and by Python's
/// `decimal` at 100 digits. Every buy's tokens and every sell's USDC must equal the exact value rounded
/// down; the only allowed difference is one unit lower when the exact value lies within 10⁻¹² of an
/// integer (Merit's stated margin is 2⁻⁴⁰ of a unit), and none is expected.
@Test(.tags(.unit)) func theCurveIsExactAgainstADecimalReference() throws {
    var state: UInt64 = 0x5EED
    func next() -> UInt64 { state &+= 0x9E37_79B9_7F4A_7C15; var z = state; z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB; return z ^ (z >> 31) }
    func big(digits: ClosedRange<Int>) -> BigUInt {
        let n = digits.lowerBound + Int(next() % UInt64(digits.count))
        var text = String(1 + next() % 9)
        for _ in 1..<n { text += String(next() % 10) }
        return BigUInt(text)!
    }
    struct Case: Encodable { var kind: String; var S: String; var R: String; var x: String; var ppm: String }
    var cases: [Case] = [], merit: [BigUInt] = []
    for k in 0..<3000 {
        let s = big(digits: 22...28), r = big(digits: 11...16)
        let ppm = 50_000 + Int(next() % 950_001)
        if k % 2 == 0 {
            let e = r * BigUInt(1 + next() % 5000) / 10_000
            let grown = CurveMath.floorPower(s, r + e, r, ppm: ppm)
            merit.append(grown > s ? grown - s : 0)
            cases.append(Case(kind: "buy", S: String(s), R: String(r), x: String(e), ppm: String(ppm)))
        } else {
            let t = s * BigUInt(1 + next() % 5000) / 10_000
            let kept = CurveMath.ceilPower(r, s - t, s, ppm: ppm, inverse: true)
            merit.append(kept < r ? r - kept : 0)
            cases.append(Case(kind: "sell", S: String(s), R: String(r), x: String(t), ppm: String(ppm)))
        }
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", root.appendingPathComponent("Python/curve_reference.py").path]
    let input = Pipe(), output = Pipe()
    p.standardInput = input; p.standardOutput = output
    try p.run()
    input.fileHandleForWriting.write(try JSONEncoder().encode(cases))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    struct Exact: Decodable { var floor: String; var distance: Double }
    let exact = try JSONDecoder().decode([Exact].self, from: data)
    try #require(exact.count == cases.count)
    var wrong: [String] = []
    for (k, e) in exact.enumerated() {
        let reference = BigUInt(e.floor.hasPrefix("-") ? "0" : e.floor)!
        let ok = merit[k] == reference || (e.distance < 1e-12 && merit[k] + 1 == reference)
        if !ok { wrong.append("\(cases[k].kind) S=\(cases[k].S) R=\(cases[k].R) x=\(cases[k].x) ppm=\(cases[k].ppm): merit \(merit[k]) exact \(e.floor)") }
    }
    #expect(wrong.isEmpty, "\(wrong.count) of \(cases.count) differ: \(wrong.prefix(3))")
}
