import Foundation
@testable import MeritData
import MeritEthereum
import TestSupport
import Testing

/// Random ASCII text rich in what the fast paths must get right: every kind of ASCII white space
/// (tab, LF, VT, FF, CR, CRLF, space) at the edges and inside, upper and lower case, digits, punctuation.
func awkwardASCII(_ count: Int, seed: UInt64) -> [String] {
    let pieces = [" ", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "\r\n", "  ", "A", "b", "Zq", "7", "x9", "-", ".", "_", "'", "MiXeD", "é"]
    var state = seed
    func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
    return (0..<count).map { _ in (0..<(next() % 9)).map { _ in pieces[next() % (pieces.count - 1)] }.joined() }
}

/// Method: for thousands of random ASCII strings, the ASCII fast paths of category parsing (trim) and of
/// near-duplicate folding give what the general Unicode rules (Foundation's trim, Swift's lower-casing
/// and white space) give; non-ASCII text takes the general rules.
@Test(.tags(.unit)) func asciiFastPathsAreTheGeneralRules() {
    for s in awkwardASCII(5000, seed: 3) {
        var copy = s
        let (slow, fast) = copy.withUTF8 { u in
            (Text.normalize(UnsafeRawBufferPointer(u)).trimmingCharacters(in: .whitespacesAndNewlines), Text.asciiTrimmed(UnsafeRawBufferPointer(u)))
        }
        if let fast { #expect(fast == slow, "\(s.debugDescription)") }
        #expect(Text.asciiFold(s) == s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " "), "\(s.debugDescription)")
    }
    #expect(Text.asciiFold("Été  x") == nil && Text.fold("Été  X") == "été x")
}
