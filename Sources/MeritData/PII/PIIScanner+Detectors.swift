import MeritEthereum

extension PIIScanner {
    // MARK: Email

    func emails(_ f: UnsafeRawBufferPointer, _ out: inout [Match]) {
        func localChar(_ b: UInt8) -> Bool { Self.isAlnum(b) || b == 46 || b == 95 || b == 37 || b == 43 || b == 45 }
        func domainChar(_ b: UInt8) -> Bool { Self.isAlnum(b) || b == 46 || b == 45 }
        var i = 0
        while i < f.count {
            // `@`, or `%40` as a URL writes it (/unsubscribe?e=ann%40example.com).
            let width = f[i] == 64 ? 1 : i + 2 < f.count && f[i] == 37 && f[i + 1] == 52 && f[i + 2] == 48 ? 3 : 0
            guard width > 0 else { i += 1; continue }
            var l = i
            while l > 0 && localChar(f[l - 1]) { l -= 1 }
            while l < i && f[l] == 46 { l += 1 }
            var r = i + width
            while r < f.count && domainChar(f[r]) { r += 1 }
            while r > i + width && (f[r - 1] == 46 || f[r - 1] == 45) { r -= 1 }
            // The domain needs a dot and a top-level label of two or more letters.
            var lastDot = -1
            for j in (i + width)..<r where f[j] == 46 { lastDot = j }
            let tldOK = lastDot > i + width && r - lastDot - 1 >= 2 && (lastDot + 1..<r).allSatisfy { Self.isUpper(f[$0]) || Self.isLower(f[$0]) }
            if l < i && tldOK { out.append(Match(kind: .email, bytes: l..<r, confidence: 95)) }
            i = max(r, i + 1)
        }
    }

    // MARK: IBAN

    /// IBANs: a country code, two check digits and the country's length of letters and digits, compact
    /// or in fours, upper case (or all lower case, for a country Merit knows the length of), passing
    /// mod-97. Shaped like one but failing mod-97, it is a mistyped IBAN: still not a telephone or a card.
    func ibans(_ f: UnsafeRawBufferPointer, _ out: inout [Match]) {
        var i = 0
        while i + 4 <= f.count {
            let lower = Self.isLower(f[i]) && Self.isLower(f[i + 1])
            guard (Self.isUpper(f[i]) && Self.isUpper(f[i + 1])) || lower, Self.isDigit(f[i + 2]), Self.isDigit(f[i + 3]),
                  i == 0 || !Self.isAlnum(f[i - 1]) else { i += 1; continue }
            let length = Self.ibanLengths[Int(f[i] | 0x20) << 8 | Int(f[i + 1] | 0x20)]
            if lower && length == nil { i += 1; continue }
            func letter(_ c: UInt8) -> Bool { lower ? Self.isLower(c) : Self.isUpper(c) }
            var chars: [UInt8] = []
            var j = i, end = i
            while j < f.count && chars.count < (length ?? 34) {
                let c = f[j]
                if letter(c) || Self.isDigit(c) { chars.append(c & (Self.isLower(c) ? 0xDF : 0xFF)); j += 1; end = j }
                else if c == 32 && j + 1 < f.count && (letter(f[j + 1]) || Self.isDigit(f[j + 1])) && chars.count % 4 == 0 { j += 1 }
                else { break }
            }
            let whole = length.map { chars.count == $0 } ?? (15...34).contains(chars.count)
            if whole && (end == f.count || !Self.isAlnum(f[end])) {
                out.append(Match(kind: .iban, bytes: i..<end, confidence: mod97(chars) == 1 ? 95 : (lower ? 10 : 0)))
                i = end
            } else { i += 1 }
        }
    }

    /// IBAN lengths by country (ISO 13616 registry), keyed by the two lower-case letters.
    static let ibanLengths: [Int: Int] = {
        let table = "ad24 ae23 al28 at20 az28 ba20 be16 bg22 bh22 br29 by28 ch21 cr22 cy28 cz24 de22 dk18 do28 ee20 eg29 es24 fi18 fo18 fr27 gb22 ge22 gi23 gl18 gr27 gt28 hr21 hu28 ie22 il23 iq23 is26 it27 jo30 kw30 kz20 lb28 lc32 li21 lt20 lu20 lv21 mc27 md24 me22 mk19 mr27 mt31 mu30 nl18 no15 pk24 pl28 ps29 pt25 qa29 ro24 rs22 sa24 sc31 se24 si19 sk24 sm27 st25 sv28 tl23 tn24 tr26 ua29 va22 vg24 xk20"
        var m: [Int: Int] = [:]
        for entry in table.split(separator: " ") {
            let u = Array(entry.utf8)
            m[Int(u[0]) << 8 | Int(u[1])] = Int(String(decoding: u[2...], as: UTF8.self))!
        }
        return m
    }()

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
                // The unspecified address and loopback (`::`, `::1`) name no one.
                let reserved = j - i <= 3 && f[i] == 58 && f[i + 1] == 58 && (j - i == 2 || f[i + 2] == 49)
                out.append(Match(kind: .ipv6, bytes: i..<j, confidence: reserved ? 10 : 90))
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

    /// 64 hex digits standing alone, optionally after `0x`: the shape of an Ethereum private key, and
    /// of every SHA-256 digest. Context decides (`keyConfidence`): a key's words ("private key",
    /// "secret", a `wallet_key` column) against a digest's ("sha256", "checksum", a `file_hash` or
    /// `key_id` column). With neither, it stays under the default threshold: 40 with `0x` (a
    /// transaction hash has the same shape), 20 without.
    func hexKeys(_ f: UnsafeRawBufferPointer, column: Column, _ out: inout [Match]) {
        var i = 0
        while i < f.count {
            guard Self.isHex(f[i]) else { i += 1; continue }
            var j = i
            while j < f.count && Self.isHex(f[j]) { j += 1 }
            var start = i
            if i >= 2 && f[i - 1] | 0x20 == 120 && f[i - 2] == 48 { start = i - 2 }
            let boundedLeft = start == 0 || !Self.isAlnum(f[start - 1])
            let boundedRight = j == f.count || !Self.isAlnum(f[j])
            if j - i == 64 && boundedLeft && boundedRight {
                out.append(Match(kind: .ethereumPrivateKey, bytes: start..<j, confidence: keyConfidence(f, start, j, prefixed: start < i, column: column)))
            }
            i = j
        }
    }

    /// A digest's word before it outweighs a key's ("the hash of my key file is ..."); otherwise the
    /// nearest telling word before it (a key's, a wallet's, or a file's: "wallet-backup.zip (...)"),
    /// then the column's name, then the words after it ("... is the key of my wallet").
    func keyConfidence(_ f: UnsafeRawBufferPointer, _ start: Int, _ end: Int, prefixed: Bool, column: Column) -> Int {
        let before = PIIContext.cuesBefore(f, start).map(\.cue)
        if before.contains(.digest) || before.contains(.id) { return 5 }
        for cue in before {
            if cue == .key { return 90 }
            if cue == .wallet { return 70 }  // a wallet's 64 hex digits are its key (its address has 40)
            if cue == .artifact { return 5 }
        }
        if column.has(.digest) || column.has(.id) || column.has(.artifact) { return 5 }
        if column.has(.key) { return 90 }
        for cue in PIIContext.cuesAfter(f, end) {
            if cue == .key { return 90 }
            if cue == .digest || cue == .id || cue == .artifact { return 5 }
        }
        return prefixed ? 40 : 20
    }

    /// `0x` and 40 hex digits standing alone: an Ethereum address, which ties a person to their funds.
    /// All lower case or all upper case carries no checksum; mixed case must pass EIP-55.
    func ethereumAddresses(_ f: UnsafeRawBufferPointer, _ out: inout [Match]) {
        var i = 0
        while i + 42 <= f.count {
            guard f[i] == 48, f[i + 1] | 0x20 == 120, i == 0 || !Self.isAlnum(f[i - 1]) else { i += 1; continue }
            var j = i + 2
            while j < f.count && Self.isHex(f[j]) { j += 1 }
            if j - i - 2 == 40 && (j == f.count || !Self.isAlnum(f[j])) {
                let hex = UnsafeRawBufferPointer(rebasing: f[(i + 2)..<j])
                out.append(Match(kind: .ethereumAddress, bytes: i..<j, confidence: Self.eip55(hex) ? 90 : 30))
            }
            i = max(j, i + 1)
        }
    }

    /// Whether 40 hex digits are one case, or mixed case as EIP-55 writes them.
    static func eip55(_ hex: UnsafeRawBufferPointer) -> Bool {
        var lower = false, upper = false
        for b in hex where !isDigit(b) { if isUpper(b) { upper = true } else { lower = true } }
        if !(lower && upper) { return true }
        let digest = Keccak256.hash(hex.map { isUpper($0) ? $0 | 0x20 : $0 }).bytes
        for (k, b) in hex.enumerated() where !isDigit(b) {
            let nibble = k % 2 == 0 ? digest[k / 2] >> 4 : digest[k / 2] & 0x0F
            if isUpper(b) != (nibble >= 8) { return false }
        }
        return true
    }

    /// AWS access key ids: AKIA or ASIA followed by 16 upper-case letters or digits.
    func awsKeys(_ f: UnsafeRawBufferPointer, _ out: inout [Match]) {
        var i = 0
        while i + 20 <= f.count {
            let prefixOK = f[i] == 65 && (f[i + 1] == 75 || f[i + 1] == 83) && f[i + 2] == 73 && f[i + 3] == 65
            if prefixOK && (i == 0 || !Self.isAlnum(f[i - 1])) && (i + 4..<i + 20).allSatisfy({ Self.isUpper(f[$0]) || Self.isDigit(f[$0]) })
                && (i + 20 == f.count || !Self.isAlnum(f[i + 20])) {
                out.append(Match(kind: .awsAccessKey, bytes: i..<(i + 20), confidence: 90))
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
        out.append(Match(kind: .privateKeyBlock, bytes: startByte..<endByte, confidence: 99))
    }
}
