import Foundation
import MeritData
import TestSupport
import Testing

/// A labelled corpus generated from a seed: fields with exactly one planted value of a known kind,
/// and fields with none (numbers, dates, times, ids, prose) that look similar.
struct LabelledCorpus {
    struct Item { let text: String; let kind: PIIKind? }
    var items: [Item] = []

    init(seed: UInt64, perKind: Int) {
        var s = seed
        func next() -> UInt64 { s &+= 0x9E37_79B9_7F4A_7C15; var z = s; z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB; return z ^ (z >> 31) }
        func d(_ n: Int) -> String { (0..<n).map { _ in String(next() % 10) }.joined() }
        func pick(_ a: [String]) -> String { a[Int(next() % UInt64(a.count))] }
        func luhnComplete(_ body: String) -> String {
            let digits = body.compactMap { $0.wholeNumberValue }
            var sum = 0
            for (i, v) in digits.reversed().enumerated() { var x = v; if i % 2 == 0 { x *= 2; if x > 9 { x -= 9 } }; sum += x }
            return body + String((10 - sum % 10) % 10)
        }
        func iban() -> String {
            let bban = d(18)
            let rearranged = bban + "131400"  // "DE" = 13 14, then check digits 00
            var r = 0
            for c in rearranged { r = (r * 10 + c.wholeNumberValue!) % 97 }
            let check = 98 - r
            return "DE" + String(format: "%02d", check) + bban
        }
        let words = ["note", "client", "called", "about", "the", "order", "ref", "see", "ticket", "on", "paid", "total"]
        func prose(_ n: Int) -> String { (0..<n).map { _ in pick(words) }.joined(separator: " ") }
        let hex = Array("0123456789abcdef")
        for _ in 0..<perKind {
            let pre = prose(3), post = prose(2)
            let area = 1 + Int(next() % 660)
            let planted: [(String, PIIKind)] = [
                ("\(pick(["ann", "bo.li", "x_y"]))\(d(2))@\(pick(["example.com", "mail.co.uk", "corp.io"]))", .email),
                (pick(["+1 415 555 \(d(4))", "(212) 555-\(d(4))", "+44 20 7946 \(d(4))", "+33 1 42 68 \(d(2)) \(d(2))"]), .phone),
                (luhnComplete("4" + d(14)).enumerated().map { i, c in i > 0 && i % 4 == 0 ? " \(c)" : "\(c)" }.joined(), .creditCard),
                (String(format: "%03d", area) + "-" + String(format: "%02d", 1 + Int(next() % 98)) + "-" + String(format: "%04d", 1 + Int(next() % 9998)), .ssn),
                (iban(), .iban),
                ("\(1 + next() % 223).\(next() % 256).\(next() % 256).\(1 + next() % 254)", .ipv4),
                (pick(["2001:db8::\(d(2))", "fe80::1ff:fe23:4567:890a", "2001:0db8:85a3:0000:0000:8a2e:0370:\(d(4))"]), .ipv6),
                ("0x" + String((0..<64).map { _ in hex[Int(next() % 16)] }), .ethereumPrivateKey),
            ]
            for (value, kind) in planted { items.append(Item(text: "\(pre) \(value) \(post)", kind: kind)) }
            let negatives = [
                "\(pre) total 1\(d(3)).\(d(2)) \(post)", "\(pre) on 2026-\(d(1))1-1\(d(1)) at 1\(d(1)):3\(d(1)):0\(d(1)) \(post)",
                "\(pre) order \(d(8)) \(post)", "\(pre) version 1.\(d(1)).\(d(1)) \(post)", "\(pre) ratio 0.\(d(6)) \(post)",
                "\(pre) sku AB-\(d(4))-XY \(post)", prose(8), "\(pre) call back at 5 \(post)", "\(pre) ref \(d(12)) \(post)",
            ]
            for n in negatives { items.append(Item(text: n, kind: nil)) }
        }
    }
}

@Test(.tags(.unit)) func piiPrecisionAndRecallOnAGeneratedCorpus() {
    let corpus = LabelledCorpus(seed: 42, perKind: 300)
    let scanner = PIIScanner()
    var tp: [PIIKind: Int] = [:], fp: [PIIKind: Int] = [:], fn: [PIIKind: Int] = [:]
    for item in corpus.items {
        var t = item.text
        let found = t.withUTF8 { scanner.scan(UnsafeRawBufferPointer($0)) }.map(\.kind)
        if let k = item.kind {
            if found.contains(k) { tp[k, default: 0] += 1 } else { fn[k, default: 0] += 1 }
            for f in found where f != k { fp[f, default: 0] += 1 }
        } else {
            for f in found { fp[f, default: 0] += 1 }
        }
    }
    var report: [String] = []
    var totalTP = 0, totalFP = 0, totalFN = 0
    for kind in PIIKind.allCases where tp[kind] != nil || fn[kind] != nil {
        let t = tp[kind, default: 0], p = fp[kind, default: 0], n = fn[kind, default: 0]
        totalTP += t; totalFP += p; totalFN += n
        let precision = Double(t) / Double(max(t + p, 1)), recall = Double(t) / Double(max(t + n, 1))
        report.append("\(kind.rawValue): precision \(String(format: "%.3f", precision)) recall \(String(format: "%.3f", recall))")
        #expect(precision >= 0.95, "\(kind.rawValue) precision \(precision)")
        #expect(recall >= 0.95, "\(kind.rawValue) recall \(recall)")
    }
    let precision = Double(totalTP) / Double(totalTP + totalFP), recall = Double(totalTP) / Double(totalTP + totalFN)
    print("PII scanner on \(corpus.items.count) labelled fields: precision \(String(format: "%.4f", precision)), recall \(String(format: "%.4f", recall))")
    for line in report { print("  " + line) }
}

@Test(.tags(.unit)) func spansAreInCodePointsAndValuesNeverPrinted() {
    var text = "café ☕ mail bob@example.com now"
    let matches = text.withUTF8 { scanner in PIIScanner().scan(UnsafeRawBufferPointer(scanner)) }
    #expect(matches.count == 1)
    let m = matches[0]
    let start = text.withUTF8 { PIIScanner.codePointOffset(UnsafeRawBufferPointer($0), byteOffset: m.bytes.lowerBound) }
    let end = text.withUTF8 { PIIScanner.codePointOffset(UnsafeRawBufferPointer($0), byteOffset: m.bytes.upperBound) }
    let scalars = Array(text.unicodeScalars)
    #expect(String(String.UnicodeScalarView(scalars[start..<end])) == "bob@example.com")
    let redacted = text.withUTF8 { String(decoding: PIIScanner.redact(UnsafeRawBufferPointer($0), matches), as: UTF8.self) }
    #expect(redacted == "café ☕ mail [EMAIL] now")
}

@Test(.tags(.unit)) func checksumsRejectLookalikes() {
    let scanner = PIIScanner()
    func kinds(_ s: String) -> [PIIKind] { var t = s; return t.withUTF8 { scanner.scan(UnsafeRawBufferPointer($0)).map(\.kind) } }
    #expect(kinds("card 4111 1111 1111 1111") == [.creditCard])
    #expect(kinds("card 4111 1111 1111 1112") != [.creditCard])  // fails Luhn
    #expect(kinds("iban GB82 WEST 1234 5698 7654 32") == [.iban])
    #expect(!kinds("iban GB83 WEST 1234 5698 7654 32").contains(.iban))  // fails mod-97
    #expect(kinds("ssn 666-12-3456").isEmpty)  // never issued
    #expect(kinds("at 12:30:45 today").isEmpty)  // a time, not IPv6
    #expect(kinds("ip 999.1.1.1").isEmpty)
}

/// Method: the parallel file scan must find exactly what a row-by-row scan finds, in the same order,
/// across several batches (10,000 rows > 2 batches of 4,096), with short rows and quoted fields.
@Test(.tags(.unit)) func parallelFileScanEqualsRowByRowScan() throws {
    var text = "id,contact,phone,note\n"
    for i in 0..<10_000 {
        switch i % 7 {
        case 0: text += "\(i),user\(i)@example.org,555-123-\(String(format: "%04d", i % 10_000)),ok\n"
        case 1: text += "\(i),\"Zoë, card 4111 1111 1111 1111\",,\"multi\nline\"\n"
        case 2: text += "\(i),nothing here\n"  // a short row
        default: text += "\(i),plain,(212) 555-0\(100 + i % 900),ip 10.0.\(i % 256).1\n"
        }
    }
    let path = Paths.temp(text)
    let parallel = try CSVPIIScan().scan(path: path)
    var sequential: [PIIFinding] = []
    let reader = try CSVReader(path: path)
    let scanner = PIIScanner()
    var row = 0
    try reader.forEachRecord { r in
        for c in 0..<reader.header.count {
            let field = c < r.count ? r.field(c) : UnsafeRawBufferPointer(start: nil, count: 0)
            for m in scanner.scan(field, hints: PIIKind.hinted(by: reader.header[c])) {
                sequential.append(PIIFinding(kind: m.kind, column: reader.header[c], line: r.line, row: row,
                                             start: PIIScanner.codePointOffset(field, byteOffset: m.bytes.lowerBound),
                                             end: PIIScanner.codePointOffset(field, byteOffset: m.bytes.upperBound)))
            }
        }
        row += 1
    }
    #expect(parallel.records == 10_000)
    #expect(parallel.findings.count > 5_000)
    #expect(parallel.findings == sequential)
}
