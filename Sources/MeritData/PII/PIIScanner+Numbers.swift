import MeritCore

extension PIIScanner {
    /// A run of digits and separators, read once: its digit groups and what separates them.
    struct DigitRun {
        /// The digits' values, in order.
        var digits: [UInt8] = []
        /// The length of each group of consecutive digits.
        var groups: [Int] = []
        /// The separator after each group but the last: space, `-`, `.`, `/`, or `)` for a group that
        /// closes a parenthesis.
        var separators: [UInt8] = []
        /// The run starts with `+`.
        var plus = false
        /// The index of the group in parentheses, if any.
        var parenGroup: Int?

        init(_ run: UnsafeRawBufferPointer) {
            var inGroup = false, open = false
            var pending: UInt8?
            for c in run {
                if PIIScanner.isDigit(c) {
                    if !inGroup {
                        if !groups.isEmpty { separators.append(pending ?? 32) }
                        groups.append(0); inGroup = true; pending = nil
                    }
                    groups[groups.count - 1] += 1
                    digits.append(c &- 48)
                    continue
                }
                inGroup = false
                switch c {
                case 43: plus = true
                case 40: open = true
                case 41:
                    if open { parenGroup = groups.count - 1; open = false }
                    pending = 41
                default: if pending == nil { pending = c }
                }
            }
        }

        var count: Int { digits.count }
        /// Every separator is `s` (a closing parenthesis counts as any).
        func separated(by s: UInt8) -> Bool { separators.allSatisfy { $0 == s || $0 == 41 } }
        /// The value of `n` digits from `k`.
        func value(_ k: Int, _ n: Int) -> Int { digits[k..<(k + n)].reduce(0) { $0 * 10 + Int($1) } }
        func shape(_ lengths: Int...) -> Bool { groups == lengths }

        /// The first three groups read as a date (YYYY-MM-DD, DD.MM.YYYY, MM/DD/YYYY, DD/MM/YY), or the
        /// first group of eight digits as YYYYMMDD.
        var looksLikeDate: Bool {
            func year(_ v: Int, _ n: Int) -> Bool { n == 4 ? (1900...2099).contains(v) : n == 2 }
            func dayMonth(_ a: Int, _ b: Int) -> Bool { (1...31).contains(a) && (1...12).contains(b) || (1...12).contains(a) && (1...31).contains(b) }
            if groups.first == 8 {
                let y = value(0, 4), m = value(4, 2), d = value(6, 2)
                return (1900...2099).contains(y) && (1...12).contains(m) && (1...31).contains(d)
            }
            guard groups.count >= 3, !plus else { return false }
            let (a, b, c) = (groups[0], groups[1], groups[2])
            if a == 4 && b <= 2 && c <= 2 { return year(value(0, 4), 4) && dayMonth(value(4, b), value(4 + b, c)) }
            if a <= 2 && b <= 2 && (c == 4 || (c == 2 && groups.count == 3 && separators.first != 32)) {
                return dayMonth(value(0, a), value(a, b)) && year(value(a + b, c), c)
            }
            return false
        }
    }

    // MARK: Digit runs: IPv4, SSN, payment cards, telephones

    func digitRuns(_ f: UnsafeRawBufferPointer, column: Column, _ out: inout [Match]) {
        var i = 0
        while i < f.count {
            let b = f[i]
            let startsRun = Self.isDigit(b) || ((b == 43 || b == 40) && i + 1 < f.count && Self.isDigit(f[i + 1]))
            // A run must not continue a word or a number (letters or digits right before it).
            if !startsRun || (i > 0 && (Self.isAlnum(f[i - 1]) || f[i - 1] == 46)) { i += 1; continue }
            var j = i, digitCount = 0, dots = 0, lastWasSep = false
            while j < f.count {
                let c = f[j]
                if Self.isDigit(c) { digitCount += 1; lastWasSep = false }
                else if c == 46 && !lastWasSep {
                    if j + 1 < f.count && Self.isDigit(f[j + 1]) { dots += 1 }  // not a full stop
                    lastWasSep = true
                }
                else if c == 32 || c == 45 || c == 46 || c == 40 || c == 41 || c == 47 || (c == 43 && j == i) {
                    // Two separators in a row end the run, but for a parenthesis and a spaced slash (089 / 3583998).
                    if lastWasSep && c != 40 && f[j - 1] != 41 && !(c == 47 && f[j - 1] == 32) && !(c == 32 && f[j - 1] == 47) { break }
                    lastWasSep = true
                } else { break }
                j += 1
                if digitCount > 19 { break }
            }
            var end = j
            while end > i && !Self.isDigit(f[end - 1]) && f[end - 1] != 41 { end -= 1 }
            // A last group glued to letters after a space ("+55 51 5592-6040 0xd443...") belongs to the
            // next token: the run ends before it.
            if end < f.count && Self.isAlnum(f[end]), let space = f[i..<end].lastIndex(of: 32), space > i {
                end = space
                while end > i && !Self.isDigit(f[end - 1]) && f[end - 1] != 41 { end -= 1 }
            }
            // Fewer than four digits is never a telephone, card, SSN or IPv4 address; a run glued to a
            // code (ORD-2024-..., 4.1.0.12-beta, 1Z99...) or a time (14:22) is not one either.
            // Under seven digits only a dotted quad can be one of these kinds.
            if (digitCount >= 7 || digitCount >= 4 && dots == 3) && !gluedToCode(f, i, end) {
                let run = UnsafeRawBufferPointer(rebasing: f[i..<end])
                if let (kind, confidence) = classify(run, f, i..<end, column: column) {
                    out.append(Match(kind: kind, bytes: i..<end, confidence: confidence))
                }
            }
            i = max(j, i + 1)
        }
    }

    /// Whether the run `start..<end` is part of a larger token: letters glued after it, a code before
    /// it (`AB-`, `#`), a time or a version suffix after it, or a currency sign before it.
    func gluedToCode(_ f: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        if end < f.count {
            let a = f[end]
            if Self.isAlnum(a) || a == 37 || a == 42 { return true }
            // A time (14:22), but not an address and its port (10.0.0.1:5432).
            if a == 58 && end + 1 < f.count && Self.isDigit(f[end + 1]) && !f[start..<end].contains(46) { return true }
            if (a == 45 || a == 43 || a == 95) && end + 1 < f.count && Self.isAlnum(f[end + 1]) && !Self.isDigit(f[end + 1]) { return true }
        }
        if start > 0 {
            let p = f[start - 1]
            if p == 35 || p == 36 || p == 42 || p == 95 { return true }  // #, $, *, _
            if (p == 45 || p == 47) && start > 1 && Self.isAlnum(f[start - 2]) { return true }
            if start > 1 && (f[start - 2] == 0xC2 && (p == 0xA3 || p == 0xA5)) { return true }  // £ ¥
            if start > 2 && f[start - 3] == 0xE2 && f[start - 2] == 0x82 { return true }  // € ₹ and other currency signs
            if p == 32 && start > 1 && (f[start - 2] == 36 || f[start - 2] == 0xAC || f[start - 2] == 0xB9 || f[start - 2] == 0xA3) { return true }
        }
        return false
    }

    /// What a run of digits is, and how sure: one pass to read its groups, then each format in turn.
    func classify(_ run: UnsafeRawBufferPointer, _ f: UnsafeRawBufferPointer, _ range: Range<Int>, column: Column) -> (PIIKind, Int)? {
        let r = DigitRun(run)
        let cues = PIIContext.cuesBefore(f, range.lowerBound)
        if r.separated(by: 46) && r.groups.count == 4 && !r.plus && r.parenGroup == nil {
            return isIPv4(r) ? (.ipv4, ipv4Confidence(r, cues, f, range.upperBound, column: column)) : nil
        }
        if r.looksLikeDate { return nil }
        if r.count == 9, let c = ssnConfidence(r, cues, column: column) { return (.ssn, c) }
        if (13...19).contains(r.count), let c = cardConfidence(r, run, cues, column: column) { return (.creditCard, c) }
        if let c = phoneConfidence(r, cues, f, range.upperBound, column: column) { return (.phone, c) }
        return nil
    }

    func isIPv4(_ r: DigitRun) -> Bool {
        var k = 0
        for n in r.groups {
            guard (1...3).contains(n), r.value(k, n) <= 255, n == 1 || r.digits[k] != 0 else { return false }
            k += n
        }
        return true
    }

    /// A dotted quad is an address, unless the nearest telling word or the column says version (or a
    /// word after it does: `10.2.3.4 build`).
    func ipv4Confidence(_ r: DigitRun, _ cues: [(cue: PIIContext.Cue, distance: Int)], _ f: UnsafeRawBufferPointer, _ end: Int, column: Column) -> Int {
        // Addresses that name no one: this host (0.x, 127.x), netmasks and broadcast (255.x).
        if r.digits.first == 0 || r.value(0, r.groups[0]) == 127 || r.value(0, r.groups[0]) == 255 { return 10 }
        // "from" points at an address, but also at the version an upgrade started from.
        let versionNear = cues.contains { $0.cue == .version }
        for (cue, _) in cues {
            if cue == .network || cue == .from && !versionNear { return 95 }
            if cue == .version || cue == .money || cue == .id { return 10 }
        }
        if column.has(.network) { return 95 }
        if column.has(.version) || column.has(.id) { return 10 }
        for cue in PIIContext.cuesAfter(f, end, count: 3) {
            if cue == .version { return 10 }
            if cue == .network { return 95 }
        }
        return 80
    }

    /// 3-2-4 with dashes or spaces in the SSA's issued ranges; nine bare digits only where a word or the
    /// column says SSN.
    func ssnConfidence(_ r: DigitRun, _ cues: [(cue: PIIContext.Cue, distance: Int)], column: Column) -> Int? {
        // The nearest telling word decides: "SSN ..., routing no. 035204871" is a routing number.
        let decisive = cues.first { $0.cue == .ssn || $0.cue == .bank || $0.cue == .id || $0.cue == .money || $0.cue == .phone }
        let cued = decisive?.cue == .ssn || decisive == nil && column.has(.ssn)
        let formatted = r.shape(3, 2, 4) && (r.separated(by: 45) || r.separated(by: 32)) && !r.plus && r.parenGroup == nil
        guard formatted || (r.groups.count == 1 && cued) else { return nil }
        let area = r.value(0, 3), group = r.value(3, 2), serial = r.value(5, 4)
        guard area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 else { return nil }
        if cued { return 90 }
        if let first = cues.first, first.distance <= 2, [.id, .money, .phone].contains(first.cue) { return 30 }
        return formatted ? 85 : nil
    }

    /// 13 to 19 digits in groups a card is printed in, passing Luhn, with an issuer's prefix (or a word
    /// or column saying card).
    func cardConfidence(_ r: DigitRun, _ run: UnsafeRawBufferPointer, _ cues: [(cue: PIIContext.Cue, distance: Int)], column: Column) -> Int? {
        guard !r.plus, r.parenGroup == nil, r.separated(by: 32) || r.separated(by: 45), luhn(run) else { return nil }
        let grouped = r.groups.count == 1 || r.groups.dropLast().allSatisfy { $0 == 4 } || r.groups == [4, 6, 5] || r.groups == [4, 6, 4]
        guard grouped else { return nil }
        let cued = cues.contains { $0.cue == .card } || column.has(.card)
        if !cardPrefix(r) { return cued ? 70 : nil }
        if !cued, let first = cues.first, first.distance <= 2, first.cue == .id || first.cue == .digest { return 40 }
        // Thirteen digits: Visa stopped issuing them long ago, and an EAN-13 barcode has that length.
        if !cued && r.count == 13 { return 45 }
        return cued ? 95 : 90
    }

    /// The Luhn check over the digits of a run, from the right, skipping separators.
    func luhn(_ run: UnsafeRawBufferPointer) -> Bool {
        var sum = 0, i = 0
        var k = run.count
        while k > 0 {
            k -= 1
            let c = run[k]
            guard Self.isDigit(c) else { continue }
            var v = Int(c &- 48)
            if i % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
            i += 1
        }
        return sum % 10 == 0
    }

    /// Issuer prefixes with the lengths each brand issues: Visa 4 (13, 16, 19), Mastercard 51-55 and
    /// 2221-2720 (16), Amex 34/37 (15), Discover 6011/65 and UnionPay 62 (16-19), JCB 35 (16-19), Diners
    /// 36/38/39 (14-19), and Brazil's Elo (4011, 4389, 5041, 5067, 5090, 6277, 6362, 6363, 6504-6509, 16)
    /// and Hipercard (3841, 6062, 16).
    static let brazilianBINs: Set = [4011, 4389, 5041, 5067, 5090, 6277, 6362, 6363, 6504, 6505, 6506, 6507, 6509, 3841, 6062]

    func cardPrefix(_ r: DigitRun) -> Bool {
        let n = r.count, two = r.value(0, 2), four = r.value(0, 4)
        if Self.brazilianBINs.contains(four) { return n == 16 }
        if r.digits[0] == 4 { return n == 13 || n == 16 || n == 19 }
        if (51...55).contains(two) || (2221...2720).contains(four) { return n == 16 }
        if two == 34 || two == 37 { return n == 15 }
        if four == 6011 || two == 65 || two == 62 || two == 35 { return n >= 16 }
        if two == 36 || two == 38 || two == 39 { return n >= 14 }
        return false
    }
}
