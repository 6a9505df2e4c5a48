import MeritCore

/// What a careful reviewer reads around a match before calling it personal data: the column's name,
/// and the words next to the match in the field.
///
/// A 64-hex string is a private key in a column named `private_key` or after "secret key", and a file
/// hash in a column named `sha256` or after "checksum"; a dotted quad is a version after "build"; ten
/// digits are a phone number after "tel." and an order number after "invoice".
public enum PIIContext {
    /// What a word says about the value next to it (or a column name about its values).
    public enum Cue: String, Sendable, Hashable, Comparable {
        /// By name, so that reports list cues in a stable order.
        public static func < (a: Cue, b: Cue) -> Bool { a.rawValue < b.rawValue }
        /// Secrets: key, private, secret, seed.
        case key
        /// Digests and ids of content: sha256, checksum, hash, digest, commit, txid.
        case digest
        /// Files and comparisons, which digests accompany: zip, attached, backup, expected, got.
        case artifact
        /// Software versions: version, build, release, firmware.
        case version
        /// Network addresses: ip, host, server, login.
        case network
        /// A weak hint of a network address: from (which also reads "upgraded from 10.2.3.4").
        case from
        /// Telephones: phone, tel, mobile, fax, whatsapp.
        case phone
        /// Dates and times: date, time, timestamp, created.
        case date
        /// Business identifiers: order, invoice, ref, ticket, tracking, sku.
        case id
        /// US social security numbers: ssn, social security.
        case ssn
        /// Payment cards: card, credit, visa.
        case card
        /// Money: price, amount, total, EUR, USD.
        case money
        /// Bank accounts: iban, account, bank.
        case bank
        /// E-mail.
        case email
        /// Wallets: wallet, address, eth.
        case wallet
    }

    /// Lower-case words (ASCII letters folded; other UTF-8 bytes kept) and the cue each gives. Several
    /// languages, since the data comes from everywhere.
    static let words: [String: Cue] = {
        var m: [String: Cue] = [:]
        func add(_ cue: Cue, _ list: String) { for w in list.split(separator: " ") where m[String(w)] == nil { m[String(w)] = cue } }
        add(.key, "प्राइवेट चाबी कुंजी key keys private privkey priv secret secrets seed mnemonic pk signer signing privatekey secretkey apikey schlüssel schluessel geheim geheimer privater clé cle privée privee secrète secrete chave privada secreta segredo chave")
        add(.digest, "sha sha1 sha256 sha512 sha3 sha2 hash hashes hashed hashsum checksum checksums digest digests fingerprint md5 blake2 blake2b blake3 commit commits txid tx txhash transaction etag integrity prüfsumme pruefsumme hashwert empreinte somme contrôle controle hachage soma verificação verificacao")
        add(.artifact, "zip pdf tar gz tgz iso img dmg exe apk jar file files backup attached attachment attachments anexo anexado anexei jointe pièce anhang datei fichier arquivo expected got mismatch computed actual download downloaded upload uploaded image layer block artifact artefact sum resumo")
        add(.version, "mise rel latest newest current stable beta nightly update updates updated updating upgrade upgraded upgrading installed version versions ver build builds release releases firmware fw rev revision versão versao versión versione patch sdk app android ios kernel os")
        add(.network, "connexion verbindung conexão conexao ip ipv4 ipv6 host hostname server client login logged connection connected remote src dst source gateway proxy addr peer origin endereço endereco adresse vpn router")
        add(.from, "from von depuis desde")
        add(.phone, "msisdn mob tlf fixo liga ligue ligação joindre joignable rappeler rappelez rückruf rufen zurückrufen erreichbar anrufen cel tél tel. whats zap phone phones tel telephone telefone telefon téléphone telephone mobile mobil mobilnummer handy cell cellphone call calls called ring fax whatsapp sms portable numéro celular contato fone ligar ruf rufnummer festnetz contact dial landline")
        add(.date, "date dated time timestamp created modified since until dob born birthday expires expiry datum uhr heure hora")
        add(.id, "order orders invoice invoices ref reference referenz référence ticket case po sku tracking awb shipment parcel sendung commande pedido rechnung facture fatura bestellung auftrag nr kundennr kundennummer kdnr ean barcode gtin upc isbn oid mib snmp item batch lot serial txn receipt voucher protocolo protocol id mac hwaddr device imei")
        add(.ssn, "ssn ssns social ss soc sec security itin")
        add(.card, "card cards credit debit visa mastercard amex cc pan karte kreditkarte carte cartão cartao")
        add(.money, "price amount total cost paid pay eur usd gbp brl inr euro euros dollars preis betrag montant prix valor preço preco rs")
        add(.bank, "iban bank account konto compte conta bic swift routing aba sort")
        add(.email, "email mail e-mail courriel")
        add(.wallet, "wallet wallets carteira portefeuille metamask trezor")
        return m
    }()

    /// `words` by the FNV-1a hash of each word's bytes, in an open-addressing table probed by the hash
    /// itself, so that a lookup in the scan's inner loop allocates and rehashes nothing (a collision
    /// between two 64-bit hashes of short words is not a concern).
    static let wordTable: (keys: [UInt64], cues: [Cue?], mask: Int) = {
        let size = 4096, mask = size - 1
        var keys = [UInt64](repeating: 0, count: size), cues = [Cue?](repeating: nil, count: size)
        for (w, c) in words {
            let h = fnv(Array(w.utf8))
            var k = Int(truncatingIfNeeded: h) & mask
            while cues[k] != nil { k = (k + 1) & mask }
            keys[k] = h; cues[k] = c
        }
        return (keys, cues, mask)
    }()

    static func lookup(_ h: UInt64) -> Cue? {
        let t = wordTable
        var k = Int(truncatingIfNeeded: h) & t.mask
        while let c = t.cues[k] {
            if t.keys[k] == h { return c }
            k = (k + 1) & t.mask
        }
        return nil
    }

    @inline(__always) static func fnv<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// The cues of a column name: its words (split at `_`, `-`, spaces, dots and lower-to-upper case
    /// changes), each looked up, and compounds such as `sha256`, `clientip` or `privatekey` by prefix
    /// and suffix.
    public static func cues(ofColumn name: String) -> Set<Cue> {
        var out = Set<Cue>()
        for word in columnWords(name) {
            if let c = words[word] { out.insert(c); continue }
            if word.hasPrefix("sha") || word.hasPrefix("md5") || word.hasSuffix("hash") || word.hasSuffix("sum") || word.hasSuffix("digest") { out.insert(.digest) }
            if word.hasSuffix("ip") || word.hasPrefix("ipv") || word.hasPrefix("ipaddr") { out.insert(.network) }
            if word.hasSuffix("key") || word.hasPrefix("priv") || word.hasSuffix("secret") { out.insert(.key) }
            if word.hasPrefix("phone") || word.hasPrefix("tel") || word.hasPrefix("mobile") { out.insert(.phone) }
            if word.hasSuffix("version") || word.hasPrefix("version") { out.insert(.version) }
            if word.hasSuffix("mail") { out.insert(.email) }
            if word.hasSuffix("at") && word.count <= 4 { out.insert(.date) }  // created_at splits; createdat does not
        }
        return out
    }

    static func columnWords(_ name: String) -> [String] {
        var out: [String] = [], cur = ""
        var lastLower = false
        for ch in name {
            if ch == "_" || ch == "-" || ch == " " || ch == "." || ch == "/" {
                if !cur.isEmpty { out.append(cur); cur = "" }
                lastLower = false
                continue
            }
            if ch.isUppercase && lastLower && !cur.isEmpty { out.append(cur); cur = "" }
            lastLower = ch.isLowercase
            cur += ch.lowercased()
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// The cues of up to `count` words before `start` in the field (within 64 bytes, not across a
    /// line break or a sentence end), nearest first, each with its distance in words (1: next to it).
    static func cuesBefore(_ f: UnsafeRawBufferPointer, _ start: Int, count: Int = 8) -> [(cue: Cue, distance: Int)] {
        var out: [(cue: Cue, distance: Int)] = []
        var i = start, seen = 0
        let floor = max(0, start - 64)
        while i > floor && seen < count {
            // Skip the punctuation between words; a line break or a sentence end stops the search (an
            // abbreviation's dot, as in "Tel. 030 ..." or "rel. 4.1", does not).
            while i > floor && !isWordByte(f[i - 1]) {
                let b = f[i - 1]
                if b == 10 || b == 13 || isSentenceEnd(f, i - 1, before: start) { return out }
                i -= 1
            }
            var j = i
            while j > floor && isWordByte(f[j - 1]) { j -= 1 }
            if j == i { break }
            seen += 1
            if let c = cue(f, j..<i) { out.append((c, seen)) }
            i = j
        }
        return out
    }

    /// The cues of up to `count` words after `end` (within 40 bytes, not past a line break or a
    /// sentence end), nearest first.
    static func cuesAfter(_ f: UnsafeRawBufferPointer, _ end: Int, count: Int = 5) -> [Cue] {
        var out: [Cue] = []
        var i = end, seen = 0
        let ceiling = min(f.count, end + 40)
        while i < ceiling && seen < count {
            while i < ceiling && !isWordByte(f[i]) {
                let b = f[i]
                if b == 10 || b == 13 || ((b == 46 || b == 33 || b == 63 || b == 59) && i > end) { return out }
                i += 1
            }
            var j = i
            while j < ceiling && isWordByte(f[j]) { j += 1 }
            if j == i { break }
            seen += 1
            if let c = cue(f, i..<j) { out.append(c) }
            i = j
        }
        return out
    }

    /// Whether the `.`, `!`, `?` or `;` at `k` ends a sentence before `limit`: white space and then an
    /// upper-case letter follow it.
    static func isSentenceEnd(_ f: UnsafeRawBufferPointer, _ k: Int, before limit: Int) -> Bool {
        let b = f[k]
        guard b == 46 || b == 33 || b == 63 || b == 59 else { return false }
        var j = k + 1
        guard j < limit, f[j] == 32 else { return false }
        while j < limit && f[j] == 32 { j += 1 }
        return j < limit && (PIIScanner.isUpper(f[j]) || f[j] == 0xC3)
    }

    @inline(__always) static func isWordByte(_ b: UInt8) -> Bool { PIIScanner.isAlnum(b) || b >= 0x80 || b == 35 }

    static func cue(_ f: UnsafeRawBufferPointer, _ r: Range<Int>) -> Cue? {
        if r.count > 24 { return nil }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var previous: UInt8 = 0
        for k in r where f[k] != 35 {
            var b = f[k]
            if PIIScanner.isUpper(b) { b |= 0x20 }
            // Latin-1 capitals in UTF-8 (É is C3 89, é is C3 A9), but not ×.
            else if previous == 0xC3 && b >= 0x80 && b <= 0x9E && b != 0x97 { b += 0x20 }
            h = (h ^ UInt64(b)) &* 0x100_0000_01b3
            previous = f[k]
        }
        return lookup(h)
    }
}

extension PIIScanner {
    /// What the scanner knows about a column before reading it: the kinds its name suggests and the
    /// cues its name gives.
    public struct Column: Sendable {
        /// The column's name.
        public let name: String
        /// The cues of its name (see `PIIContext.cues(ofColumn:)`) and of its values.
        public let cues: Set<PIIContext.Cue>
        /// The cues its values gave (see `PIIColumnProfile`).
        public let evidence: Set<PIIContext.Cue>

        /// Reads the cues of a column name; `evidence` adds those its values gave.
        public init(name: String, evidence: Set<PIIContext.Cue> = []) {
            self.name = name
            self.evidence = evidence
            cues = PIIContext.cues(ofColumn: name).union(evidence)
        }

        /// A column without a name: free text.
        public static let anonymous = Column(name: "")

        @inline(__always) func has(_ c: PIIContext.Cue) -> Bool { cues.contains(c) }
    }
}
