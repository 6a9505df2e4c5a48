extension PIIScanner {
    // MARK: Email

    func emails(_ f: UnsafeRawBufferPointer, _ out: inout [Match]) {
        func localChar(_ b: UInt8) -> Bool { Self.isAlnum(b) || b == 46 || b == 95 || b == 37 || b == 43 || b == 45 }
        func domainChar(_ b: UInt8) -> Bool { Self.isAlnum(b) || b == 46 || b == 45 }
        var i = 0
        while i < f.count {
            guard f[i] == 64 else { i += 1; continue }
            var l = i
            while l > 0 && localChar(f[l - 1]) { l -= 1 }
            while l < i && f[l] == 46 { l += 1 }
            var r = i + 1
            while r < f.count && domainChar(f[r]) { r += 1 }
            while r > i + 1 && (f[r - 1] == 46 || f[r - 1] == 45) { r -= 1 }
            // The domain needs a dot and a top-level label of two or more letters.
            var lastDot = -1
            for j in (i + 1)..<r where f[j] == 46 { lastDot = j }
            let tldOK = lastDot > i + 1 && r - lastDot - 1 >= 2 && (lastDot + 1..<r).allSatisfy { Self.isUpper(f[$0]) || Self.isLower(f[$0]) }
            if l < i && tldOK { out.append(Match(kind: .email, bytes: l..<r)) }
            i = max(r, i + 1)
        }
    }

    // MARK: Digit runs: IPv4, SSN, payment cards, phone numbers

    func digitRuns(_ f: UnsafeRawBufferPointer, hints: Set<PIIKind>, _ out: inout [Match]) {
        var i = 0
        while i < f.count {
            let b = f[i]
            let startsRun = Self.isDigit(b) || ((b == 43 || b == 40) && i + 1 < f.count && Self.isDigit(f[i + 1]))
            // A run must not continue a word or a number (letters or digits right before it).
            if !startsRun || (i > 0 && (Self.isAlnum(f[i - 1]) || f[i - 1] == 46)) { i += 1; continue }
            var j = i
            var digitCount = 0
            var lastWasSep = false
            while j < f.count {
                let c = f[j]
                if Self.isDigit(c) { digitCount += 1; lastWasSep = false }
                else if c == 32 || c == 45 || c == 46 || c == 40 || c == 41 || (c == 43 && j == i) {
                    if lastWasSep && c != 40 && f[j - 1] != 41 { break }
                    lastWasSep = true
                } else { break }
                j += 1
                if digitCount > 19 { break }
            }
            var end = j
            while end > i && !Self.isDigit(f[end - 1]) && f[end - 1] != 41 { end -= 1 }
            // Trailing letters glued to the run make it a code, not a number.
            if end < f.count && Self.isAlnum(f[end]) { i = j; continue }
            // Fewer than four digits is never a phone number, card, SSN or IPv4 address.
            if digitCount >= 4 {
                let run = UnsafeRawBufferPointer(rebasing: f[i..<end])
                if let kind = classify(run, hints: hints) { out.append(Match(kind: kind, bytes: i..<end)) }
            }
            i = max(j, i + 1)
        }
    }

    /// Classifies a run of digits and separators in one pass over it, without allocating.
    func classify(_ run: UnsafeRawBufferPointer, hints: Set<PIIKind>) -> PIIKind? {
        var n = 0, dots = 0, others = 0, groups = 0
        var cardSeparatorsOnly = true, parens = false, inGroup = false
        for c in run {
            if Self.isDigit(c) {
                n += 1
                if !inGroup { groups += 1; inGroup = true }
                continue
            }
            inGroup = false
            if c == 46 { dots += 1 } else { others += 1 }
            if c != 32 && c != 45 { cardSeparatorsOnly = false }
            if c == 40 { parens = true }
        }
        if dots == 3 && others == 0 && isIPv4(run) { return .ipv4 }
        if dots > 0 && others == 0 && dots != 2 { return nil }  // a decimal number, not an identifier
        if n == 9 && isSSN(run, hinted: hints.contains(.ssn)) { return .ssn }
        if (13...19).contains(n) && cardSeparatorsOnly && luhn(run) && (hints.contains(.creditCard) || cardPrefix(run)) {
            return .creditCard
        }
        let plus = run.first == 43
        if (10...15).contains(n) && (plus || parens || groups >= 3) { return .phone }
        if hints.contains(.phone) && (7...15).contains(n) { return .phone }
        return nil
    }

    /// The first `count` digits of a run, as values.
    @inline(__always) func leadingDigits(_ run: UnsafeRawBufferPointer, _ count: Int) -> [Int] {
        var d: [Int] = []
        d.reserveCapacity(count)
        for c in run where Self.isDigit(c) {
            d.append(Int(c &- 48))
            if d.count == count { break }
        }
        return d
    }

    func isIPv4(_ run: UnsafeRawBufferPointer) -> Bool {
        let parts = run.split(separator: 46, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for p in parts {
            guard (1...3).contains(p.count) else { return false }
            let v = p.reduce(0) { $0 * 10 + Int($1 &- 48) }
            if v > 255 || (p.count > 1 && p.first == 48) { return false }
        }
        return true
    }

    func isSSN(_ run: UnsafeRawBufferPointer, hinted: Bool) -> Bool {
        let dashed = run.count == 11 && run[3] == 45 && run[6] == 45
        let spaced = run.count == 11 && run[3] == 32 && run[6] == 32
        guard dashed || spaced || (hinted && run.count == 9) else { return false }
        let d = leadingDigits(run, 9)
        let area = Int(d[0]) * 100 + Int(d[1]) * 10 + Int(d[2])
        let group = Int(d[3]) * 10 + Int(d[4])
        let serial = Int(d[5]) * 1000 + Int(d[6]) * 100 + Int(d[7]) * 10 + Int(d[8])
        return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
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

    /// Issuer prefixes: Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, Discover 6011/65, others 35/36/38/39/62.
    func cardPrefix(_ run: UnsafeRawBufferPointer) -> Bool {
        let d = leadingDigits(run, 4)
        let two = Int(d[0]) * 10 + Int(d[1])
        let four = two * 100 + Int(d[2]) * 10 + Int(d[3])
        return d[0] == 4 || (51...55).contains(two) || (2221...2720).contains(four) || two == 34 || two == 37
            || four == 6011 || two == 65 || (35...39).contains(two) || two == 62
    }

    // MARK: IBAN

    func ibans(_ f: UnsafeRawBufferPointer, _ out: inout [Match]) {
        var i = 0
        while i + 4 <= f.count {
            guard Self.isUpper(f[i]), Self.isUpper(f[i + 1]), Self.isDigit(f[i + 2]), Self.isDigit(f[i + 3]),
                  i == 0 || !Self.isAlnum(f[i - 1]) else { i += 1; continue }
            var chars: [UInt8] = []
            var j = i
            var end = i
            while j < f.count && chars.count < 34 {
                let c = f[j]
                if Self.isUpper(c) || Self.isDigit(c) { chars.append(c); j += 1; end = j }
                else if c == 32 && j + 1 < f.count && (Self.isUpper(f[j + 1]) || Self.isDigit(f[j + 1])) && chars.count % 4 == 0 { j += 1 }
                else { break }
            }
            if (15...34).contains(chars.count) && (end == f.count || !Self.isAlnum(f[end])) && mod97(chars) == 1 {
                out.append(Match(kind: .iban, bytes: i..<end))
                i = end
            } else { i += 1 }
        }
    }

    func mod97(_ chars: [UInt8]) -> Int {
        var r = 0
        for c in chars[4...] + chars[0..<4] {
            if Self.isDigit(c) { r = (r * 10 + Int(c &- 48)) % 97 } else { r = (r * 100 + Int(c &- 55)) % 97 }
        }
        return r
    }

    // MARK: IPv6

    func ipv6(_ f: UnsafeRawBufferPointer, _ out: inout [Match]) {
        var i = 0
        while i < f.count {
            guard Self.isHex(f[i]) || f[i] == 58, i == 0 || !(Self.isAlnum(f[i - 1]) || f[i - 1] == 58 || f[i - 1] == 46) else { i += 1; continue }
            var j = i
            while j < f.count && (Self.isHex(f[j]) || f[j] == 58 || f[j] == 46) { j += 1 }
            if (j == f.count || !Self.isAlnum(f[j])) && isIPv6(UnsafeRawBufferPointer(rebasing: f[i..<j])) {
                out.append(Match(kind: .ipv6, bytes: i..<j))
            }
            i = j + 1
        }
    }

    /// Eight groups, or `::` with fewer; an embedded dotted IPv4 tail counts as two groups.
    func isIPv6(_ t: UnsafeRawBufferPointer) -> Bool {
        guard t.count >= 2 else { return false }
        let text = Array(t)
        var doubleColons = 0
        for k in 0..<(text.count - 1) where text[k] == 58 && text[k + 1] == 58 { doubleColons += 1 }
        if doubleColons > 1 || text.contains(where: { $0 == 58 }) == false { return false }
        var groups = text.split(separator: 58, omittingEmptySubsequences: true)
        var count = 0
        if let last = groups.last, last.contains(46) {
            let parts = last.split(separator: 46, omittingEmptySubsequences: false)
            guard parts.count == 4, parts.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(Self.isDigit) }) else { return false }
            groups.removeLast()
            count += 2
        }
        for g in groups {
            guard (1...4).contains(g.count), g.allSatisfy(Self.isHex), !g.contains(46) else { return false }
            count += 1
        }
        return doubleColons == 1 ? count <= 7 : count == 8
    }

    // MARK: Secrets

    /// 64 hex digits standing alone, optionally after `0x`: the shape of an Ethereum private key.
    func hexKeys(_ f: UnsafeRawBufferPointer, _ out: inout [Match]) {
        var i = 0
        while i < f.count {
            guard Self.isHex(f[i]) else { i += 1; continue }
            var j = i
            while j < f.count && Self.isHex(f[j]) { j += 1 }
            var start = i
            if i >= 2 && f[i - 1] | 0x20 == 120 && f[i - 2] == 48 { start = i - 2 }
            let boundedLeft = start == 0 || !Self.isAlnum(f[start - 1])
            let boundedRight = j == f.count || !Self.isAlnum(f[j])
            if j - i == 64 && boundedLeft && boundedRight { out.append(Match(kind: .ethereumPrivateKey, bytes: start..<j)) }
            i = j
        }
    }

    /// AWS access key ids: AKIA or ASIA followed by 16 upper-case letters or digits.
    func awsKeys(_ f: UnsafeRawBufferPointer, _ out: inout [Match]) {
        var i = 0
        while i + 20 <= f.count {
            let prefixOK = f[i] == 65 && (f[i + 1] == 75 || f[i + 1] == 83) && f[i + 2] == 73 && f[i + 3] == 65
            if prefixOK && (i == 0 || !Self.isAlnum(f[i - 1])) && (i + 4..<i + 20).allSatisfy({ Self.isUpper(f[$0]) || Self.isDigit(f[$0]) })
                && (i + 20 == f.count || !Self.isAlnum(f[i + 20])) {
                out.append(Match(kind: .awsAccessKey, bytes: i..<(i + 20)))
                i += 20
            } else { i += 1 }
        }
    }

    /// A PEM private key block: from `-----BEGIN ... PRIVATE KEY-----` to its END line or the field's end.
    func pemBlocks(_ f: UnsafeRawBufferPointer, _ out: inout [Match]) {
        let text = String(decoding: f, as: UTF8.self)
        guard let begin = text.range(of: "-----BEGIN "),
              let header = text.range(of: "PRIVATE KEY-----", range: begin.upperBound..<text.endIndex) else { return }
        var endIndex = text.endIndex
        if let footer = text.range(of: "-----END ", range: header.upperBound..<text.endIndex),
           let close = text.range(of: "-----", range: footer.upperBound..<text.endIndex) {
            endIndex = close.upperBound
        }
        let startByte = text.utf8.distance(from: text.startIndex, to: begin.lowerBound)
        let endByte = text.utf8.distance(from: text.startIndex, to: endIndex)
        out.append(Match(kind: .privateKeyBlock, bytes: startByte..<endByte))
    }
}
