import MeritEthereum

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
            if l < i && tldOK { out.append(Match(kind: .email, bytes: l..<r, confidence: 95)) }
            i = max(r, i + 1)
        }
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
            if (15...34).contains(chars.count) && (end == f.count || !Self.isAlnum(f[end])) {
                // Shaped like an IBAN but failing mod-97: a mistyped IBAN, still not a telephone or a card.
                out.append(Match(kind: .iban, bytes: i..<end, confidence: mod97(chars) == 1 ? 95 : 0))
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
                out.append(Match(kind: .ipv6, bytes: i..<j, confidence: 90))
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
