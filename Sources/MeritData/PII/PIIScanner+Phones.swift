import MeritCore

extension PIIScanner {
    /// A telephone number: E.164 (`+` and a country code, the national number's length checked for the
    /// six countries below and 8 to 15 digits in all for others), or a national form as it is written
    /// in the US, GB, DE, FR, BR or IN. Bare digits only where a word or the column says telephone.
    /// A nearer word saying date, order, price or version (without one saying telephone) lowers it.
    func phoneConfidence(_ r: DigitRun, _ cues: [(cue: PIIContext.Cue, distance: Int)], _ f: UnsafeRawBufferPointer, _ end: Int, column: Column) -> Int? {
        // The nearest telling word before it decides ("phone 628 734 6555 | order PO 4508958559" is an
        // order); then the column's name; then a word after it ("... is my mobile"), unless any word
        // before it says otherwise.
        let against = Self.againstPhone
        let decisive = cues.first { $0.cue == .phone || against.contains($0.cue) }
        let columnAgainst = !column.cues.isDisjoint(with: against)
        let near = decisive.map { $0.cue != .phone && $0.distance <= 3 } ?? false || decisive == nil && columnAgainst
        let cued = decisive?.cue == .phone || decisive == nil && column.has(.phone)
            || decisive == nil && !columnAgainst && PIIContext.cuesAfter(f, end, count: 3).contains(.phone)
        var c: Int
        if let international = Self.international(r) {
            c = international
        } else if r.plus {
            guard let e164 = Self.e164(r) else { return nil }
            c = e164
        } else if r.groups.count == 1 {
            // Ten bare digits from 1 read as a Unix time (2001-2033) unless the column says telephone.
            guard cued, Self.bareNational(r), r.count != 10 || r.digits[0] != 1 || column.has(.phone) else { return nil }
            c = 75
        } else if let national = Self.national(r) {
            c = national
        } else if r.groups.count >= 3 && (10...13).contains(r.count) && r.separators.dropFirst().allSatisfy({ $0 == r.separators.last }) {
            c = 40  // grouped like a telephone, in no plan Merit knows
        } else {
            return nil
        }
        if cued { return min(99, c + 25) }
        return near ? c - 50 : c
    }

    /// `00` and a country code, as Europe dials abroad (0033 6 12 34 56 78, 0049 171 1234567, 00 44 20
    /// 7946 0958, 00491711234567): read as E.164.
    static func international(_ r: DigitRun) -> Int? {
        guard !r.plus, r.count >= 10, r.digits[0] == 0, r.digits[1] == 0, r.groups[0] == 2 || r.groups[0] >= 3 else { return nil }
        var e = r
        e.digits.removeFirst(2)
        if e.groups[0] == 2 { e.groups.removeFirst(); e.separators.removeFirst() } else { e.groups[0] -= 2 }
        e.plus = true
        return e164(e)
    }

    /// Words that make digits something other than a telephone number.
    static let againstPhone: Set<PIIContext.Cue> = [.date, .id, .money, .version, .digest, .ssn, .card, .bank]

    /// E.164: the country code, then a national number of the length its plan allows.
    static func e164(_ r: DigitRun) -> Int? {
        guard (8...15).contains(r.count), r.digits[0] != 0 else { return nil }
        func nsn(_ cc: Int) -> ArraySlice<UInt8> {
            var rest = r.digits.dropFirst(cc)
            if rest.first == 0 { rest = rest.dropFirst() }  // +44 (0) 20 ...: the trunk 0 in brackets
            return rest
        }
        func first(_ s: ArraySlice<UInt8>) -> UInt8 { s.first ?? 0 }
        switch (r.digits[0], r.digits[1]) {
        case (1, _):
            let n = nsn(1)
            return n.count == 10 && first(n) >= 2 && n[n.startIndex + 3] >= 2 ? 90 : nil
        case (4, 4):
            let n = nsn(2)
            return (9...10).contains(n.count) && [1, 2, 3, 7, 8].contains(first(n)) ? 90 : nil
        case (4, 9):
            return (6...13).contains(nsn(2).count) ? 90 : nil
        case (3, 3):
            let n = nsn(2)
            return n.count == 9 && first(n) != 0 ? 90 : nil
        case (5, 5):
            let n = nsn(2)
            return (10...11).contains(n.count) && first(n) != 0 ? 90 : nil
        case (9, 1):
            let n = nsn(2)
            return n.count == 10 && first(n) >= 1 ? 90 : nil
        default:
            return r.groups.count >= 2 || r.count >= 10 ? 75 : nil
        }
    }

    /// National forms, by the way each country writes its numbers.
    static func national(_ r: DigitRun) -> Int? {
        let d = r.digits, g = r.groups
        let sameSeparator = r.separators.dropFirst().allSatisfy { $0 == r.separators.last } && r.separators.allSatisfy { $0 != 47 || g[0] <= 5 }
        // US and Canada: (415) 555-0123, 415-555-0123, 415.555.0123, 415 555 0123, 1-800-555-0123.
        if g == [3, 3, 4] || g == [1, 3, 3, 4] && d[0] == 1 {
            let k = g.count == 4 ? 1 : 0
            if d[k] >= 2 && d[k + 3] >= 2 && (sameSeparator || r.parenGroup == k) && !r.separators.contains(47) { return 85 }
        }
        // France: 01 23 45 67 89, 01.23.45.67.89, 06-12-34-56-78.
        if g == [2, 2, 2, 2, 2] && d[0] == 0 && d[1] != 0 && r.separators.allSatisfy({ $0 == r.separators[0] }) && r.separators[0] != 47 { return 85 }
        // Brazil: (11) 91234-5678, 11 91234-5678, (21) 2345-6789, 085 3360-8351 (with the trunk 0).
        let area = g.first == 3 && d[0] == 0 ? 1 : 0
        if g.count == 3 && g[0] == 2 + area && d[area] != 0 && d[area + 1] != 0
            && (g[1] == 5 && d[2 + area] == 9 || g[1] == 4 && (2...5).contains(d[2 + area])) && g[2] == 4
            && (r.separators.last == 45 || r.separators.last == 32 && (r.parenGroup == 0 || g[1] == 5)) { return 85 }
        // Brazil's mobiles with the 9 apart: (61) 9 9655-8335.
        if g == [2, 1, 4, 4] && d[0] != 0 && d[1] != 0 && d[2] == 9 && r.parenGroup == 0 { return 85 }
        // United Kingdom: 020 7946 0958, 07700 900123, 0121 496 0000, 01632 960001.
        if d.count == 11 || d.count == 10 && g[0] == 5, d[0] == 0, [1, 2, 3, 7, 8].contains(d[1]),
           [[3, 4, 4], [5, 6], [4, 3, 4], [5, 5], [4, 7]].contains(g), r.separated(by: 32) { return 80 }
        // India: 98765 43210, 098765 43210.
        if (g == [5, 5] && d[0] >= 6 || g == [6, 5] && d[0] == 0 && d[1] >= 6) && (r.separated(by: 32) || r.separated(by: 45)) { return 75 }
        // Germany: 030 12345678, 0151 23456789, 030/1234567, 089-1234567, (030) 1234567, 0151 2345 6789.
        if d[0] == 0 && d[1] != 0 && (9...12).contains(d.count) && (3...5).contains(g[0]) && g.count <= 4
            && d.count - g[0] >= 5 && g.dropFirst().allSatisfy({ $0 >= 2 }) && sameSeparator && !r.separators.contains(46) { return 70 }
        return nil
    }

    /// Bare digits of a national number's length: US 10, FR and GB 0 and 10 or 9, DE 0 and 8-11, BR 10-11, IN 10 from 6.
    static func bareNational(_ r: DigitRun) -> Bool {
        let d = r.digits
        // E.164 written without its plus (msisdn=16023829974, 447700900123).
        if d.count >= 11 && d[0] != 0 {
            var e = r
            e.plus = true
            if e164(e) != nil { return true }
        }
        if d.count == 10 && d[0] != 0 { return true }              // US (NXX), IN (6-9), BR (area 11-99)
        if d.count == 11 && d[0] != 0 && d[2] == 9 { return true }  // BR mobile
        if d[0] == 0 && d[1] != 0 && (9...12).contains(d.count) { return true }  // GB, FR, DE, IN with the trunk 0
        return false
    }
}
