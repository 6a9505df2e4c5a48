#!/usr/bin/env python3
"""Held-out PII test set for Merit's scanner, written independently of it.

Writes three CSV files (support chats, a customer export, application
events) plus DIR/labels.jsonl: one JSON object per planted span, either a
positive (`kind`) or a value a careful reviewer would *not* flag
(`negative`). DIR/planted.jsonl repeats each label, in the same order, with
the planted text, so that `--check DIR` can verify every span.

    heldout.py --out DIR --rows N --seed S
    heldout.py --check DIR

Standard library only; output depends on nothing but --rows and --seed.
"""

import argparse
import csv
import ipaddress
import json
import os
import random
import re
import sys
import unicodedata
from datetime import datetime, timedelta, timezone

# ---------------------------------------------------------------------------
# Keccak-256 (the pre-standard padding Ethereum uses) and EIP-55
# ---------------------------------------------------------------------------

_KECCAK_RC = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]
_KECCAK_ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61],
               [28, 55, 25, 21, 56], [27, 20, 39, 8, 14]]
_M64 = (1 << 64) - 1
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def _rol(value, shift):
    """Rotates a 64-bit lane left."""
    return ((value << shift) | (value >> (64 - shift))) & _M64 if shift else value


def _keccak_f(a):
    """Keccak-f[1600] on 25 lanes indexed x + 5*y."""
    for rc in _KECCAK_RC:
        c = [a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        a = [a[i] ^ d[i % 5] for i in range(25)]
        b = [0] * 25
        for x in range(5):
            for y in range(5):
                b[y + 5 * ((2 * x + 3 * y) % 5)] = _rol(a[x + 5 * y], _KECCAK_ROT[x][y])
        a = [b[i] ^ (~b[(i % 5 + 1) % 5 + 5 * (i // 5)] & b[(i % 5 + 2) % 5 + 5 * (i // 5)])
             for i in range(25)]
        a[0] ^= rc
    return a


def keccak256(data):
    """Keccak-256 of bytes (Ethereum's hash, not NIST SHA3-256)."""
    rate = 136
    q = rate - len(data) % rate
    pad = b"\x81" if q == 1 else b"\x01" + b"\x00" * (q - 2) + b"\x80"
    msg = bytes(data) + pad
    state = [0] * 25
    for off in range(0, len(msg), rate):
        for i in range(rate // 8):
            state[i] ^= int.from_bytes(msg[off + 8 * i:off + 8 * i + 8], "little")
        state = _keccak_f(state)
    return b"".join(state[i].to_bytes(8, "little") for i in range(4))


def eip55(hex40):
    """EIP-55 mixed-case checksum encoding of a 40-hex-digit address."""
    low = hex40.lower()
    digest = keccak256(low.encode("ascii")).hex()
    return "0x" + "".join(ch.upper() if ch.isalpha() and int(digest[i], 16) >= 8 else ch
                          for i, ch in enumerate(low))


def keccak_self_test():
    """Checks Keccak-256 and EIP-55 against published vectors."""
    empty = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    assert keccak256(b"").hex() == empty, "keccak256('') mismatch"
    assert keccak256(b"abc").hex().startswith("4e03657aea45a94f"), "keccak256('abc') mismatch"
    vector = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    assert eip55(vector[2:]) == vector, "EIP-55 mismatch"


# ---------------------------------------------------------------------------
# Checksums
# ---------------------------------------------------------------------------

def luhn_ok(digits):
    """True when a digit string passes the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        v = int(ch) * (2 if i % 2 else 1)
        total += v - 9 if v > 9 else v
    return total % 10 == 0


def luhn_digit(body):
    """The Luhn check digit to append to `body`."""
    for d in "0123456789":
        if luhn_ok(body + d):
            return d
    raise AssertionError("unreachable")


def iban_mod97(iban):
    """The ISO 7064 mod-97 remainder of an IBAN (1 when valid)."""
    s = iban.replace(" ", "").upper()
    s = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in s)) % 97


def iban_check_digits(country, bban):
    """The two IBAN check digits for a country and BBAN."""
    rem = iban_mod97(country + "00" + bban)
    return "%02d" % (98 - rem)


def ean13_digit(body12):
    """The GS1 check digit of a 12-digit EAN/ISBN-13 body."""
    total = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return str((10 - total % 10) % 10)


# ---------------------------------------------------------------------------
# Small helpers and neutral vocabulary
# ---------------------------------------------------------------------------

def digits(rng, n, first="0123456789"):
    """n random decimal digits, the first drawn from `first`."""
    if n <= 0:
        return ""
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def hexs(rng, n):
    """n random lowercase hex digits."""
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def ascii_fold(text):
    """Lowercase ASCII transliteration of a name, for email local parts."""
    text = text.replace("ß", "ss").replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
    norm = unicodedata.normalize("NFKD", text)
    return "".join(c for c in norm if c.isascii() and (c.isalnum())).lower()


LOCALES = ["en-US", "en-GB", "en-IN", "de-DE", "fr-FR", "pt-BR"]
LOCALE_WEIGHTS = [20, 15, 15, 17, 16, 17]
LOCALE_COUNTRY = {"en-US": "US", "en-GB": "GB", "en-IN": "IN", "de-DE": "DE", "fr-FR": "FR", "pt-BR": "BR"}

FIRST = {
    "US": ["James", "Emily", "Michael", "Ashley", "Tyler", "Jessica", "Brandon", "Megan", "Kevin",
           "Lauren", "Marcus", "Olivia", "Dylan", "Hannah", "Caleb", "Brianna"],
    "GB": ["Oliver", "Amelia", "Harry", "Isla", "George", "Poppy", "Jack", "Freya", "Alfie",
           "Imogen", "Callum", "Niamh", "Rhys", "Eleanor"],
    "IN": ["Priya", "Rahul", "Ananya", "Arjun", "Sneha", "Vikram", "Kavya", "Rohit", "Deepa",
           "Aditya", "Lakshmi", "Sanjay", "Meera", "Karthik"],
    "DE": ["Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Tobias", "Sophie", "Jürgen",
           "Katrin", "Björn", "Jana", "Maximilian", "Ute"],
    "FR": ["Camille", "Lucas", "Chloé", "Hugo", "Manon", "Théo", "Inès", "Louis", "Élodie",
           "Mathis", "Gaëlle", "Baptiste", "Océane", "Rémi"],
    "BR": ["João", "Ana", "Pedro", "Mariana", "Lucas", "Beatriz", "Gabriel", "Larissa", "Rafael",
           "Juliana", "Thiago", "Letícia", "Vinícius", "Fernanda"],
}
LAST = {
    "US": ["Johnson", "Miller", "Davis", "Garcia", "Rodriguez", "Wilson", "Anderson", "Thompson",
           "Martinez", "Robinson", "Clark", "Lewis", "Nguyen", "Brooks"],
    "GB": ["Smith", "Jones", "Taylor", "Brown", "Evans", "Walker", "Wright", "Hughes", "Edwards",
           "Hall", "O'Neill", "Patel", "Khan", "Thomson"],
    "IN": ["Sharma", "Patel", "Iyer", "Reddy", "Nair", "Gupta", "Singh", "Menon", "Kulkarni",
           "Banerjee", "Das", "Chatterjee", "Rao", "Joshi"],
    "DE": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
           "Schulz", "Hoffmann", "Krüger", "Weiß", "Schäfer", "Zimmermann"],
    "FR": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
           "Leroy", "Moreau", "Lefèvre", "Fontaine", "Girard", "Mercier"],
    "BR": ["Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Rodrigues", "Almeida",
           "Nascimento", "Lima", "Araújo", "Carvalho", "Gomes", "Ribeiro"],
}
CITIES = {
    "US": ["Austin", "Denver", "Seattle", "Columbus", "Tampa", "Portland", "Phoenix", "Boston"],
    "GB": ["Leeds", "Bristol", "Manchester", "Glasgow", "Cardiff", "Brighton", "York", "Leicester"],
    "IN": ["Bengaluru", "Pune", "Chennai", "Hyderabad", "Kochi", "Jaipur", "Lucknow", "Mumbai"],
    "DE": ["Köln", "Leipzig", "Hamburg", "München", "Dresden", "Freiburg", "Bremen", "Mainz"],
    "FR": ["Lyon", "Nantes", "Lille", "Toulouse", "Rennes", "Grenoble", "Bordeaux", "Nancy"],
    "BR": ["Campinas", "Recife", "Curitiba", "Salvador", "Fortaleza", "Niterói", "Manaus", "Goiânia"],
}
EMAIL_DOMAINS = {
    "US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "comcast.net"],
    "GB": ["gmail.com", "btinternet.com", "hotmail.co.uk", "outlook.com", "sky.com", "yahoo.co.uk"],
    "IN": ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com", "hotmail.com"],
    "DE": ["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de", "freenet.de"],
    "FR": ["orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr", "hotmail.fr"],
    "BR": ["gmail.com", "uol.com.br", "bol.com.br", "hotmail.com", "terra.com.br", "yahoo.com.br"],
}
WORK_DOMAINS = ["northwind-logistics.com", "acme-retail.co.uk", "kestrel.io", "bluefin-labs.de",
                "papillon-conseil.fr", "sertao-tech.com.br", "tatvam-soft.in", "harbor.dev"]
OS_NAMES = ["iOS 17", "Android 14", "Android 13", "iPadOS", "Windows 11", "macOS Sonoma",
            "a Pixel 8", "a Galaxy S23", "Ubuntu", "ChromeOS"]
PRODUCTS = ["the router", "the smart plug", "the hub", "my headset", "the doorbell cam",
            "the thermostat", "the card reader"]
BANKS = ["Sparkasse", "Barclays", "HDFC Bank", "Itaú", "Crédit Agricole", "Chase", "N26", "Nubank"]
REGIONS = ["eu-west-1", "eu-central-1", "us-east-2", "ap-south-1", "sa-east-1"]
SERVICES = ["checkout", "auth", "notifier", "wallet-svc", "kyc", "shipping", "ledger", "web"]
STATUSES = ["200", "201", "204", "302", "400", "401", "403", "404", "409", "429", "500", "502", "503"]
CARRIERS = ["vodafone", "airtel", "jio", "claro", "vivo", "orange", "ee", "telekom", "tmobile"]


# ---------------------------------------------------------------------------
# Positive values: phones
# ---------------------------------------------------------------------------

CALLING_CODE = {"US": "1", "GB": "44", "DE": "49", "FR": "33", "BR": "55", "IN": "91"}
US_AREAS = ["212", "213", "305", "312", "404", "415", "512", "617", "702", "718", "720", "646",
            "503", "206", "214", "469", "602", "619", "773", "917", "303", "615", "704", "857"]
DE_MOBILE = ["151", "152", "157", "159", "160", "162", "163", "170", "171", "172", "173", "174",
             "175", "176", "177", "178", "179"]
DE_LANDLINE = [("30", 8), ("40", 8), ("89", 7), ("69", 8), ("221", 7), ("211", 7), ("711", 7),
               ("341", 7), ("351", 7)]
BR_DDD = ["11", "12", "13", "15", "19", "21", "22", "24", "27", "31", "34", "41", "43", "47", "48",
          "51", "54", "61", "62", "65", "71", "75", "81", "83", "85", "91", "92", "98"]
GB_LANDLINE = ["161", "113", "131", "141", "117", "121", "114", "115"]
IN_LANDLINE = ["11", "22", "80", "44", "33", "40"]


def _us_exchange(rng):
    """A NANP central-office code: not N11, not 555."""
    while True:
        e = digits(rng, 3, "23456789")
        if e[1:] != "11" and e != "555":
            return e


def phone_parts(rng, country, mobile):
    """(area, subscriber) of a plausible number in `country`."""
    if country == "US":
        return rng.choice(US_AREAS), _us_exchange(rng) + digits(rng, 4)
    if country == "GB":
        if mobile:
            return "7" + digits(rng, 3, "456789"), digits(rng, 6)
        if rng.random() < 0.5:
            return "20", digits(rng, 8, "378")
        return rng.choice(GB_LANDLINE), digits(rng, 7, "2345679")
    if country == "DE":
        if mobile:
            area = rng.choice(DE_MOBILE)
            return area, digits(rng, 8 if area.startswith("15") else 7, "123456789")
        area, n = rng.choice(DE_LANDLINE)
        return area, digits(rng, n, "2345689")
    if country == "FR":
        if mobile:
            area = rng.choice("67")
            return area, digits(rng, 8, "345678" if area == "7" else "0123456789")
        return rng.choice("123459"), digits(rng, 8, "123456789")
    if country == "BR":
        if mobile:
            return rng.choice(BR_DDD), "9" + digits(rng, 8, "6789")
        return rng.choice(BR_DDD), digits(rng, 8, "2345")
    if mobile:  # IN
        return "", digits(rng, 10, "6789")
    return rng.choice(IN_LANDLINE), digits(rng, 8, "23456")


def _pairs(s, sep):
    """Groups a string in pairs."""
    return sep.join(s[i:i + 2] for i in range(0, len(s), 2))


def _national_formats(country, a, s):
    """Candidate national renderings of (area, subscriber)."""
    if country == "US":
        e, l = s[:3], s[3:]
        return ["(%s) %s-%s" % (a, e, l), "%s-%s-%s" % (a, e, l), "%s.%s.%s" % (a, e, l),
                "1-%s-%s-%s" % (a, e, l), "(%s)%s-%s" % (a, e, l), "%s %s %s" % (a, e, l)]
    if country == "GB":
        if a == "20":
            return ["020 %s %s" % (s[:4], s[4:]), "(020) %s %s" % (s[:4], s[4:]), "020%s" % s]
        if a.startswith("7"):
            return ["0%s %s" % (a, s), "0%s %s %s" % (a, s[:3], s[3:]), "0%s%s" % (a, s),
                    "0%s-%s" % (a, s)]
        return ["0%s %s %s" % (a, s[:3], s[3:]), "(0%s) %s %s" % (a, s[:3], s[3:]), "0%s %s" % (a, s)]
    if country == "DE":
        return ["0%s %s" % (a, s), "0%s/%s" % (a, s), "0%s-%s" % (a, s), "(0%s) %s" % (a, s),
                "0%s %s %s" % (a, s[:4], s[4:]), "0%s / %s" % (a, s)]
    if country == "FR":
        n = "0" + a + s
        return [_pairs(n, " "), _pairs(n, "."), _pairs(n, "-"), n, _pairs(n, " ")]
    if country == "BR":
        if len(s) == 9:
            return ["(%s) %s-%s" % (a, s[:5], s[5:]), "(%s) %s %s-%s" % (a, s[0], s[1:5], s[5:]),
                    "%s %s-%s" % (a, s[:5], s[5:]), "(%s)%s-%s" % (a, s[:5], s[5:]), "%s %s %s" % (a, s[:5], s[5:])]
        return ["(%s) %s-%s" % (a, s[:4], s[4:]), "%s %s-%s" % (a, s[:4], s[4:])]
    if not a:  # IN mobile
        return ["%s %s" % (s[:5], s[5:]), s, "0%s" % s, "0%s %s" % (s[:5], s[5:]), "%s-%s" % (s[:5], s[5:])]
    return ["0%s %s %s" % (a, s[:4], s[4:]), "0%s-%s" % (a, s), "0%s-%s-%s" % (a, s[:4], s[4:])]


def _intl_formats(country, a, s):
    """Candidate international renderings with a + prefix."""
    cc = CALLING_CODE[country]
    if country == "US":
        return ["+1 %s %s %s" % (a, s[:3], s[3:]), "+1 (%s) %s-%s" % (a, s[:3], s[3:]),
                "+1-%s-%s-%s" % (a, s[:3], s[3:]), "+1 %s-%s-%s" % (a, s[:3], s[3:])]
    if country == "FR":
        return ["+33 %s %s" % (a, _pairs(s, " ")), "+33 (0)%s %s" % (a, _pairs(s, " ")),
                "+33 %s.%s" % (a, _pairs(s, "."))]
    if country == "IN" and not a:
        return ["+91 %s %s" % (s[:5], s[5:]), "+91-%s" % s, "+91 %s" % s, "+91-%s-%s" % (s[:5], s[5:])]
    if country == "BR":
        tail = "%s-%s" % (s[:-4], s[-4:])
        return ["+55 %s %s" % (a, tail), "+55 (%s) %s" % (a, tail), "+55 %s %s" % (a, s)]
    return ["+%s %s %s" % (cc, a, s), "+%s (0)%s %s" % (cc, a, s), "+%s-%s-%s" % (cc, a, s)]


def make_phone(rng, country, mobile=None, style=None):
    """A phone number rendered nationally, internationally, as E.164 or with 00."""
    if mobile is None:
        mobile = rng.random() < 0.6
    a, s = phone_parts(rng, country, mobile)
    style = style or rng.choice(["nat", "nat", "nat", "intl", "intl", "e164", "00"])
    cc = CALLING_CODE[country]
    if style == "nat":
        return rng.choice(_national_formats(country, a, s))
    if style == "intl":
        return rng.choice(_intl_formats(country, a, s))
    if style == "e164":
        return "+" + cc + a + s
    if style == "msisdn":
        return cc + a + s
    intl = rng.choice(_intl_formats(country, a, s)).replace("(0)", "").replace("  ", " ")
    return rng.choice(["00%s%s%s" % (cc, a, s), "00" + intl[1:], "00 " + intl[1:]])


# ---------------------------------------------------------------------------
# Positive values: email, cards, SSN, IBAN, IPs, Ethereum
# ---------------------------------------------------------------------------

def make_email(rng, first, last, country, work=False):
    """An address derived from a name, in one of several common shapes."""
    f, l = ascii_fold(first), ascii_fold(last)
    shapes = ["%s.%s" % (f, l), "%s%s" % (f[0], l), "%s_%s" % (f, l), "%s%s%02d" % (f, l, rng.randint(0, 99)),
              "%s.%s" % (f, l[0]), "%s+%s" % (f, rng.choice(["shop", "news", "orders", "x"])),
              "%s.%s%d" % (l, f, rng.randint(1, 9)), "%s%d" % (f, rng.randint(70, 99))]
    local = rng.choice(shapes)
    domain = rng.choice(WORK_DOMAINS) if work else rng.choice(EMAIL_DOMAINS[country])
    addr = local + "@" + domain
    r = rng.random()
    if r < 0.05:
        return addr.upper()
    if r < 0.12:
        return local.capitalize() + "@" + domain
    return addr


CARD_BRANDS = {
    "visa": (["4"], 16), "mc": (["51", "52", "53", "54", "55"], 16),
    "mc2": ([str(x) for x in range(2221, 2721)], 16), "amex": (["34", "37"], 15),
    "discover": (["6011", "65", "644", "645", "646", "647", "648", "649"], 16),
    "jcb": ([str(x) for x in range(3528, 3590)], 16), "diners": (["36", "38"], 14),
    "elo": (["636368", "438935", "504175", "451416", "509048", "636297"], 16),
}
BRAND_WEIGHTS = {"visa": 34, "mc": 20, "mc2": 12, "amex": 12, "discover": 8, "jcb": 5, "diners": 4, "elo": 5}


def card_digits(rng, brand=None):
    """A Luhn-valid PAN of a real issuer prefix and length."""
    if brand is None:
        brand = rng.choices(list(BRAND_WEIGHTS), list(BRAND_WEIGHTS.values()))[0]
    prefixes, length = CARD_BRANDS[brand]
    body = rng.choice(prefixes)
    body += digits(rng, length - 1 - len(body))
    return brand, body + luhn_digit(body)


def format_card(rng, brand, pan):
    """Groups a PAN as people write it."""
    sep = rng.choice([" ", " ", "-", ""])
    if len(pan) == 15:
        groups = [4, 6, 5]
    elif len(pan) == 14:
        groups = [4, 6, 4]
    else:
        groups = [4, 4, 4, 4]
    out, i = [], 0
    for g in groups:
        out.append(pan[i:i + g])
        i += g
    return sep.join(out)


def make_ssn_digits(rng):
    """Area, group and serial of an SSN in valid ranges."""
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            break
    return "%03d" % area, "%02d" % rng.randint(1, 99), "%04d" % rng.randint(1, 9999)


IBAN_SPECS = {
    "DE": lambda r: digits(r, 8, "123456789") + digits(r, 10),
    "GB": lambda r: r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(r, 6) + digits(r, 8),
    "FR": None,
    "ES": lambda r: digits(r, 20),
    "IT": lambda r: r.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") + digits(r, 5) + digits(r, 5) + digits(r, 12),
    "NL": lambda r: r.choice(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]) + digits(r, 10),
    "BE": lambda r: digits(r, 12),
    "AT": lambda r: digits(r, 16, "123456789"),
    "CH": lambda r: digits(r, 17),
    "PT": lambda r: digits(r, 21),
    "BR": lambda r: digits(r, 8) + digits(r, 5) + digits(r, 10) + r.choice("CP") + r.choice("12"),
    "PL": lambda r: digits(r, 24),
    "IE": lambda r: r.choice(["AIBK", "BOFI"]) + digits(r, 6) + digits(r, 8),
}
IBAN_FOR = {"DE": ["DE", "DE", "AT", "NL", "CH"], "FR": ["FR", "FR", "BE", "ES", "IT"],
            "GB": ["GB", "GB", "IE"], "BR": ["BR", "BR", "PT"], "US": list(IBAN_SPECS),
            "IN": list(IBAN_SPECS)}


def _fr_bban(rng):
    """French BBAN: bank, branch, account, and a correct RIB key."""
    bank, branch, acct = digits(rng, 5, "123456789"), digits(rng, 5), digits(rng, 11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
    return bank + branch + acct + "%02d" % key


def iban_compact(rng, country):
    """A mod-97-valid IBAN without spaces."""
    bban = _fr_bban(rng) if country == "FR" else IBAN_SPECS[country](rng)
    return country + iban_check_digits(country, bban) + bban


def format_iban(rng, compact):
    """Prints an IBAN in groups of four, compactly, or (rarely) lowercased."""
    r = rng.random()
    if r < 0.55:
        return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
    if r < 0.95:
        return compact
    return compact.lower()


def make_ipv4(rng):
    """A globally routable IPv4 address outside documentation ranges."""
    while True:
        ip = ipaddress.IPv4Address(rng.getrandbits(32))
        first = int(str(ip).split(".")[0])
        if ip.is_global and not ip.is_multicast and 1 <= first <= 223:
            return str(ip)


IPV6_PREFIXES = ["2a02:810", "2a01:4f8", "2001:41d0", "2600:1f18", "2804:14c", "2406:da00",
                 "2a00:1450", "2c0f:fb50", "2003:e8", "2401:4900"]


def make_ipv6(rng):
    """A global unicast IPv6 address, compressed, full, or upper-case."""
    groups = [int(g, 16) for g in rng.choice(IPV6_PREFIXES).split(":")]
    while len(groups) < 8:
        groups.append(rng.getrandbits(16))
    if rng.random() < 0.5:
        start = rng.randint(3, 6)
        for i in range(start, min(8, start + rng.randint(1, 3))):
            groups[i] = 0
    ip = ipaddress.IPv6Address(":".join("%x" % g for g in groups))
    r = rng.random()
    if r < 0.2:
        return ip.exploded
    if r < 0.3:
        return ip.compressed.upper()
    return ip.compressed


def make_eth_address(rng, style=None):
    """0x + 40 hex: EIP-55 checksummed or all lowercase."""
    raw = hexs(rng, 40)
    style = style or rng.choice(["eip55", "eip55", "eip55", "lower"])
    return eip55(raw) if style == "eip55" else "0x" + raw


def make_eth_key(rng, prefix=None):
    """A secp256k1 private key in hex, with or without 0x."""
    while True:
        k = rng.getrandbits(256)
        if 0 < k < SECP256K1_N:
            break
    h = "%064x" % k
    if prefix is None:
        prefix = rng.random() < 0.5
    return ("0x" + h) if prefix else h


# ---------------------------------------------------------------------------
# Negative values: things a careful reviewer would not flag
# ---------------------------------------------------------------------------

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
           "outubro", "novembro", "dezembro"],
}
DAY_ABBR = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
DATE_STYLES = {
    "en-US": ["us", "us", "long_us", "iso", "us_short", "mon_d"],
    "en-GB": ["eu_slash", "long_gb", "long_gb_th", "iso", "eu_dash"],
    "en-IN": ["eu_slash", "eu_dash", "dd_mon_yyyy", "long_gb_th", "iso"],
    "de-DE": ["eu_dot", "eu_dot", "long_de", "eu_dot_short", "iso"],
    "fr-FR": ["eu_slash", "eu_slash", "long_fr", "iso", "dd_mm"],
    "pt-BR": ["eu_slash", "eu_slash", "long_pt", "iso", "dd_mm"],
    "log": ["isoz", "isofrac", "sql", "unix", "unixms", "rfc2822", "apache", "compact", "isooff"],
}


def rand_dt(rng):
    """A UTC datetime between 2019 and 2025."""
    base = datetime(2019, 1, 1, tzinfo=timezone.utc)
    return base + timedelta(seconds=rng.randint(0, 6 * 365 * 86400), microseconds=rng.randint(0, 999999))


def _ordinal(day):
    """1st, 2nd, 3rd, 4th ..."""
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return "%d%s" % (day, suffix)


def fmt_date(dt, style):
    """Renders a datetime in a named style."""
    m_en, d, m, y = MONTHS["en"][dt.month - 1], dt.day, dt.month, dt.year
    table = {
        "us": "%02d/%02d/%d" % (m, d, y), "us_short": "%d/%d/%02d" % (m, d, y % 100),
        "long_us": "%s %d, %d" % (m_en, d, y), "mon_d": "%s %d" % (m_en[:3], d),
        "iso": dt.strftime("%Y-%m-%d"), "eu_slash": "%02d/%02d/%d" % (d, m, y),
        "eu_dash": "%02d-%02d-%d" % (d, m, y), "long_gb": "%d %s %d" % (d, m_en, y),
        "long_gb_th": "%s %s" % (_ordinal(d), m_en), "dd_mon_yyyy": "%02d-%s-%d" % (d, m_en[:3], y),
        "eu_dot": "%02d.%02d.%d" % (d, m, y), "eu_dot_short": "%02d.%02d.%02d" % (d, m, y % 100),
        "long_de": "%d. %s %d" % (d, MONTHS["de"][m - 1], y), "long_fr": "%d %s %d" % (d, MONTHS["fr"][m - 1], y),
        "long_pt": "%d de %s de %d" % (d, MONTHS["pt"][m - 1], y), "dd_mm": "%02d/%02d" % (d, m),
        "isoz": dt.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "isofrac": dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000),
        "isooff": dt.strftime("%Y-%m-%dT%H:%M:%S") + "+0%d:00" % (dt.second % 3),
        "sql": dt.strftime("%Y-%m-%d %H:%M:%S"), "unix": str(int(dt.timestamp())),
        "unixms": str(int(dt.timestamp() * 1000)),
        "rfc2822": "%s, %02d %s %d %s +0000" % (DAY_ABBR[dt.weekday()], d, m_en[:3], y, dt.strftime("%H:%M:%S")),
        "apache": "[%02d/%s/%d:%s +0000]" % (d, m_en[:3], y, dt.strftime("%H:%M:%S")),
        "compact": dt.strftime("%Y%m%d%H%M%S"),
    }
    return table[style]


def fmt_time(rng, dt, locale):
    """A wall-clock time the way a locale writes it."""
    if locale == "en-US" or (locale.startswith("en") and rng.random() < 0.4):
        return "%d:%02d %s" % ((dt.hour % 12) or 12, dt.minute, "PM" if dt.hour >= 12 else "am")
    if locale == "fr-FR" and rng.random() < 0.5:
        return "%dh%02d" % (dt.hour, dt.minute)
    if locale == "de-DE" and rng.random() < 0.4:
        return "%02d:%02d Uhr" % (dt.hour, dt.minute)
    return "%02d:%02d" % (dt.hour, dt.minute)


def make_version(rng, style=None):
    """Version strings, including four-part ones that parse as IPv4."""
    style = style or rng.choice(["semver", "semver", "vsemver", "pre", "ip4", "calver", "two"])
    a, b, c = rng.randint(1, 12), rng.randint(0, 30), rng.randint(0, 40)
    if style == "semver":
        return "%d.%d.%d" % (a, b, c)
    if style == "vsemver":
        return "v%d.%d.%d" % (a, b, c)
    if style == "pre":
        return "%d.%d.%d-%s.%d" % (a, b, c, rng.choice(["beta", "rc", "alpha"]), rng.randint(1, 9))
    if style == "ip4":
        return "%d.%d.%d.%d" % (a, b, c, rng.randint(0, 255))
    if style == "calver":
        return "%d.%d.%d" % (rng.randint(22, 25), rng.randint(1, 12), rng.randint(0, 9))
    if style == "two":
        return "%d.%d" % (a, b)
    if style == "win":
        return "10.0.%d.%d" % (rng.choice([19045, 22621, 22631, 26100, 17763]), rng.randint(1000, 5000))
    if style == "chrome":
        return "%d.0.%d.%d" % (rng.randint(110, 131), rng.randint(5400, 6800), rng.randint(10, 210))
    if style == "ios":
        return "%d.%d.%d (%d%s%d)" % (rng.randint(15, 18), rng.randint(0, 6), rng.randint(1, 3),
                                      rng.randint(20, 22), rng.choice("ABCDEFG"), rng.randint(50, 399))
    return "%s.%s.%03d" % (rng.choice(["UP1A", "TQ3A", "AP2A", "SQ1D"]), digits(rng, 6, "2"), rng.randint(1, 99))


def make_bad_card(rng):
    """A card-shaped number with a real prefix that fails Luhn."""
    brand, pan = card_digits(rng)
    wrong = str((int(pan[-1]) + rng.randint(1, 9)) % 10)
    return format_card(rng, brand, pan[:-1] + wrong)


def make_bad_iban(rng, country):
    """An IBAN-shaped string with one BBAN digit changed, so mod-97 fails."""
    iban = iban_compact(rng, country)
    spots = [i for i in range(4, len(iban)) if iban[i].isdigit()]
    i = rng.choice(spots)
    bad = iban[:i] + str((int(iban[i]) + rng.randint(1, 9)) % 10) + iban[i + 1:]
    assert iban_mod97(bad) != 1
    return format_iban(rng, bad)


def make_masked_card(rng):
    """A card number with most digits masked."""
    _, pan = card_digits(rng)
    last = pan[-4:]
    forms = ["**** **** **** %s" % last, "XXXX-XXXX-XXXX-%s" % last, "%s******%s" % (pan[:6], last),
             "•••• %s" % last, "xxxx xxxx xxxx %s" % last, "%s ****** %s" % (pan[:4], last),
             "%s XX** **** %s" % (pan[:4], last)]
    return rng.choice(forms)


def make_mac(rng):
    """A MAC address in colon, dash or Cisco dot notation."""
    b = [rng.getrandbits(8) for _ in range(6)]
    b[0] &= 0xFC
    r = rng.random()
    if r < 0.5:
        return ":".join("%02x" % x for x in b) if r < 0.3 else ":".join("%02X" % x for x in b)
    if r < 0.8:
        return "-".join("%02X" % x for x in b)
    h = "".join("%02x" % x for x in b)
    return "%s.%s.%s" % (h[:4], h[4:8], h[8:])


def _ups_check(body16):
    """UPS 1Z check digit over the 15 characters after 1Z."""
    total = 0
    for i, ch in enumerate(body16):
        v = int(ch) if ch.isdigit() else (ord(ch) - 63) % 10
        total += v * 2 if i % 2 else v
    return str((10 - total % 10) % 10)


def make_ups(rng):
    """A UPS 1Z tracking number, compact or spaced."""
    shipper = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXY0123456789") for _ in range(6))
    body = shipper + rng.choice(["01", "02", "03", "12", "13", "42"]) + digits(rng, 7)
    full = "1Z" + body + _ups_check(body)
    if rng.random() < 0.3:
        return "1Z %s %s %s %s %s" % (full[2:5], full[5:8], full[8:10], full[10:14], full[14:])
    return full


def make_tracking(rng, kind=None):
    """Other carriers' tracking numbers (DHL, USPS, Correios, Royal Mail, DPD)."""
    kind = kind or rng.choice(["dhl", "usps", "correios", "royal", "dpd"])
    if kind == "dhl":
        return digits(rng, 10, "123456789")
    if kind == "usps":
        n = "9400" + digits(rng, 18)
        return " ".join(n[i:i + 4] for i in range(0, 22, 4))
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    if kind == "correios":
        return rng.choice(["LB", "NX", "OA", "QB", "PX"]) + digits(rng, 9) + "BR"
    if kind == "royal":
        return rng.choice(letters) + rng.choice(letters) + digits(rng, 9) + "GB"
    return "0" + digits(rng, 13)


def indian_grouping(amount):
    """12,34,567: the Indian lakh/crore digit grouping."""
    s = str(amount)
    if len(s) <= 3:
        return s
    head, parts = s[:-3], []
    while len(head) > 2:
        parts.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head] + parts + [s[-3:]])


def make_price(rng, locale):
    """A price in the locale's currency and notation."""
    amt = rng.choice([rng.randint(1, 99), rng.randint(100, 2999), rng.randint(3000, 25000)])
    cents = rng.randint(0, 99)
    us = "{:,}".format(amt)
    eu = us.replace(",", ".")
    if locale == "en-US":
        return rng.choice(["$%s.%02d" % (us, cents), "$%s" % us, "USD %s.%02d" % (us, cents)])
    if locale == "en-GB":
        return rng.choice(["£%s.%02d" % (us, cents), "£%s" % us, "GBP %s" % us])
    if locale == "en-IN":
        ind = indian_grouping(amt)
        return rng.choice(["₹%s" % ind, "Rs. %s" % ind, "INR %s.%02d" % (ind, cents), "Rs %s/-" % ind])
    if locale == "pt-BR":
        return rng.choice(["R$ %s,%02d" % (eu, cents), "R$%s,%02d" % (eu, cents)])
    if locale == "fr-FR":
        return rng.choice(["%s,%02d €" % (us.replace(",", "\u202f"), cents), "%s €" % us.replace(",", " "),
                           "%s,%02d EUR" % (us.replace(",", " "), cents)])
    return rng.choice(["%s,%02d €" % (eu, cents), "€ %s,%02d" % (eu, cents), "%s,%02d EUR" % (eu, cents)])


GB_OUTWARD = ["SW1A", "EC1V", "M1", "B33", "LS1", "G2", "EH1", "CF10", "BS1", "N1", "NW3", "M14", "L8"]


def make_postal(rng, country):
    """A postal code of a country."""
    if country == "US":
        z = digits(rng, 5, "123456789")
        return z if rng.random() < 0.7 else z + "-" + digits(rng, 4)
    if country == "GB":
        return "%s %d%s%s" % (rng.choice(GB_OUTWARD), rng.randint(0, 9), rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
                              rng.choice("ABDEFGHJLNPQRSTUWXYZ"))
    if country in ("DE", "FR"):
        return digits(rng, 5, "123456789" if country == "FR" else "0123456789")
    if country == "BR":
        return "%s-%s" % (digits(rng, 5), digits(rng, 3))
    p = digits(rng, 6, "12345678")
    return p if rng.random() < 0.7 else p[:3] + " " + p[3:]


def make_order(rng, kind=None):
    """An order or ticket reference."""
    kind = kind or rng.choice(["ord", "amazon", "po", "so", "hash", "bst", "ped"])
    y = rng.randint(2019, 2025)
    if kind == "ord":
        return "ORD-%d-%s" % (y, digits(rng, 6))
    if kind == "amazon":
        return "%s-%s-%s" % (digits(rng, 3, "1234"), digits(rng, 7), digits(rng, 7))
    if kind == "po":
        return "PO-45%s" % digits(rng, 8)
    if kind == "so":
        return "SO/%d/%s" % (y, digits(rng, 6))
    if kind == "hash":
        return "#%s" % digits(rng, 6, "123456789")
    if kind == "bst":
        return "BST-%02d-%s" % (y % 100, digits(rng, 6))
    return "PED%s" % digits(rng, 9)


def make_phone_like_id(rng):
    """A 10-12 digit account, invoice or customer number."""
    n = rng.choice([10, 10, 11, 12])
    value = digits(rng, n, "123456789")
    if rng.random() < 0.15:
        return "%s %s %s" % (value[:4], value[4:8], value[8:])
    return value


def make_isbn(rng):
    """A hyphenated ISBN-13 with a correct check digit."""
    body = "978" + digits(rng, 9)
    full = body + ean13_digit(body)
    return "%s-%s-%s-%s-%s" % (full[:3], full[3], full[4:6], full[6:12], full[12])


def make_ean(rng):
    """A 13-digit retail barcode with a correct check digit."""
    body = rng.choice(["400", "401", "402", "403", "404", "406", "789", "890", "300", "350", "500"]) + digits(rng, 9)
    return body + ean13_digit(body)


def make_uuid(rng):
    """A random version-4 UUID."""
    h = hexs(rng, 32)
    h = h[:12] + "4" + h[13:16] + rng.choice("89ab") + h[17:]
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def make_coords(rng):
    """Latitude/longitude pairs."""
    lat, lon = rng.uniform(-35, 60), rng.uniform(-80, 90)
    forms = ["%.4f, %.4f" % (lat, lon), "%.6f,%.6f" % (lat, lon), "%.5f %.5f" % (lat, lon),
             "%.4f° %s, %.4f° %s" % (abs(lat), "N" if lat >= 0 else "S", abs(lon), "E" if lon >= 0 else "W")]
    return rng.choice(forms)


def make_serial(rng):
    """A device serial number."""
    chars = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
    core = "".join(rng.choice(chars) for _ in range(rng.randint(9, 12)))
    return rng.choice(["C02", "R58", "FVF", "SN", "G0", "5CG"]) + core


def make_oid(rng):
    """An ASN.1 object identifier."""
    return rng.choice(["1.3.6.1.4.1.%d.%d.%d" % (rng.randint(300, 60000), rng.randint(1, 20), rng.randint(1, 9)),
                       "1.2.840.113549.1.1.%d" % rng.randint(1, 14), "2.5.4.%d" % rng.randint(3, 12),
                       "1.3.6.1.2.1.2.2.1.%d" % rng.randint(1, 22)])


def make_semver_range(rng):
    """An npm/pip style version range."""
    a, b, c = rng.randint(0, 12), rng.randint(0, 20), rng.randint(0, 30)
    return rng.choice(["^%d.%d.%d" % (a, b, c), "~%d.%d.%d" % (a, b, c), ">=%d.%d.0 <%d.0.0" % (a, b, a + 1),
                       "%d.x" % a, ">=%d.%d,<%d" % (a, b, a + 1)])


def _cnpj(rng):
    """A Brazilian company number (CNPJ) with correct check digits."""
    base = [int(c) for c in digits(rng, 8)] + [0, 0, 0, 1]
    for weights in ([5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]):
        r = sum(w * v for w, v in zip(weights, base)) % 11
        base.append(0 if r < 2 else 11 - r)
    s = "".join(map(str, base))
    return "%s.%s.%s/%s-%s" % (s[:2], s[2:5], s[5:8], s[8:12], s[12:])


def make_business_tax_id(rng, kind=None):
    """VAT numbers, a US EIN, a CNPJ or a GSTIN: companies, not people."""
    kind = kind or rng.choice(["de", "fr", "gb", "at", "ein", "cnpj", "gstin"])
    up = "ABCDEFGHJKLMNPRSTUVWXYZ"
    if kind == "de":
        return "DE" + digits(rng, 9, "123456789")
    if kind == "fr":
        return "FR" + digits(rng, 2) + digits(rng, 9, "3456789")
    if kind == "gb":
        d = digits(rng, 9, "123456789")
        return "GB %s %s %s" % (d[:3], d[3:7], d[7:]) if rng.random() < 0.5 else "GB" + d
    if kind == "at":
        return "ATU" + digits(rng, 8)
    if kind == "ein":
        return "%s-%s" % (rng.choice(["12", "20", "27", "45", "46", "81", "84", "93"]), digits(rng, 7))
    if kind == "cnpj":
        return _cnpj(rng)
    return "%02d%s%s%s%s%s1Z%s" % (rng.randint(1, 37), "".join(rng.choice(up) for _ in range(3)), "C",
                                   rng.choice(up), digits(rng, 4), rng.choice(up), rng.choice(up + "0123456789"))


def _aba(rng):
    """A US ABA routing number with a correct checksum."""
    while True:
        d = rng.choice(["02", "01", "03", "11", "12", "26", "06", "07"]) + digits(rng, 6)
        for last in "0123456789":
            s = d + last
            w = 3 * (int(s[0]) + int(s[3]) + int(s[6])) + 7 * (int(s[1]) + int(s[4]) + int(s[7]))
            if (w + int(s[2]) + int(s[5]) + int(s[8])) % 10 == 0:
                return s


def make_bank_code(rng, kind=None):
    """BIC/SWIFT, IFSC, UK sort code or ABA routing number."""
    kind = kind or rng.choice(["bic", "bic", "ifsc", "sort", "aba"])
    if kind == "bic":
        return rng.choice(["DEUTDEFFXXX", "COBADEFFXXX", "BNPAFRPPXXX", "NWBKGB2L", "ITAUBRSP",
                           "SOGEFRPP", "INGDDEFFXXX", "BARCGB22", "HDFCINBB", "GENODEF1M04"])
    if kind == "ifsc":
        return rng.choice(["HDFC", "SBIN", "ICIC", "UTIB", "KKBK"]) + "0" + digits(rng, 6)
    if kind == "sort":
        return "%s-%s-%s" % (digits(rng, 2, "1234567"), digits(rng, 2), digits(rng, 2))
    return _aba(rng)


def make_boleto(rng):
    """A Brazilian boleto 'linha digitável' (payment slip line)."""
    return "%s.%s %s.%s %s.%s %s %s" % (digits(rng, 5), digits(rng, 5), digits(rng, 5), digits(rng, 6),
                                        digits(rng, 5), digits(rng, 6), digits(rng, 1, "123456789"),
                                        digits(rng, 14))


def make_sri(rng):
    """A Subresource-Integrity / npm integrity hash (base64)."""
    b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return "sha512-" + "".join(rng.choice(b64) for _ in range(86)) + "=="


# ---------------------------------------------------------------------------
# Fields, slots and template rendering
# ---------------------------------------------------------------------------

class Field:
    """A cell's text under construction and the spans planted in it."""

    def __init__(self, text=""):
        self.parts, self.pos, self.spans = [], 0, []
        if text:
            self.lit(text)

    def lit(self, text):
        """Appends unlabelled text."""
        self.parts.append(text)
        self.pos += len(text)

    def put(self, text, label):
        """Appends text, recording it as a span when `label` is (key, name)."""
        if label:
            self.spans.append((self.pos, self.pos + len(text), label[0], label[1], text))
        self.lit(text)

    def text(self):
        """The cell's value."""
        return "".join(self.parts)


def POS(kind):
    """A positive label."""
    return ("kind", kind)


def NEG(cls):
    """A negative label."""
    return ("negative", cls)


def _slot_phone(rng, arg, ctx):
    """phone[:COUNTRY|mob|E164|INTL|msisdn]: a phone in the persona's country by default."""
    country = arg if arg in CALLING_CODE else ctx["country"]
    if arg in ("E164", "INTL", "msisdn"):
        country = ctx["country"] if rng.random() < 0.6 else rng.choice(list(CALLING_CODE))
        style = {"E164": "e164", "INTL": "00", "msisdn": "msisdn"}[arg]
        return make_phone(rng, country, style=style), POS("phone")
    return make_phone(rng, country, mobile=True if arg == "mob" else None), POS("phone")


def _slot_email(rng, arg, ctx):
    """email[:other|work|urlenc]: usually the persona's own address."""
    if arg == "other" or rng.random() < 0.25:
        c = ctx["country"]
        first, last = rng.choice(FIRST[c]), rng.choice(LAST[c])
    else:
        first, last = ctx["first"], ctx["last"]
    addr = make_email(rng, first, last, ctx["country"], work=(arg == "work"))
    if arg == "urlenc":
        addr = addr.lower().replace("@", "%40").replace("+", "%2B")
    return addr, POS("email")


def _slot_card(rng, arg, ctx):
    """card[:brand]: a Luhn-valid card number."""
    brand, pan = card_digits(rng, arg)
    return format_card(rng, brand, pan), POS("credit_card")


def _slot_ssn(rng, arg, ctx):
    """ssn[:bare]: dashed or spaced; bare only where the template says SSN."""
    a, g, s = make_ssn_digits(rng)
    if arg == "bare":
        return a + g + s, POS("ssn")
    return (a + "-" + g + "-" + s if rng.random() < 0.75 else a + " " + g + " " + s), POS("ssn")


def _slot_iban(rng, arg, ctx):
    """iban[:COUNTRY]: an IBAN from the persona's region by default."""
    country = arg or rng.choice(IBAN_FOR[ctx["country"]])
    return format_iban(rng, iban_compact(rng, country)), POS("iban")


def _slot_badiban(rng, arg, ctx):
    """An IBAN with a wrong check."""
    return make_bad_iban(rng, arg or rng.choice(IBAN_FOR[ctx["country"]])), NEG("bad_iban")


def _slot_date(rng, arg, ctx):
    """date[:style]: a date in the locale's (or the given) style."""
    style = arg or rng.choice(DATE_STYLES[ctx["locale"]])
    if style == "log":
        style = rng.choice(DATE_STYLES["log"])
    return fmt_date(rand_dt(rng), style), NEG("date_time")


def _slot_time(rng, arg, ctx):
    """A wall-clock time."""
    return fmt_time(rng, rand_dt(rng), ctx["locale"]), NEG("date_time")


RESERVED_IPS = {"v4": ["127.0.0.1", "0.0.0.0"], "mask": ["255.255.255.0", "255.255.0.0", "255.255.255.128"],
                "v6": ["::1", "::"]}


def pod_suffix(rng):
    """A Kubernetes-style pod suffix; each part starts with a letter."""
    letters, alnum = "bcdfghjklmnpqrstvwxz", "bcdfghjklmnpqrstvwxz2456789"

    def part(n):
        return rng.choice(letters) + "".join(rng.choice(alnum) for _ in range(n - 1))
    return part(rng.choice([9, 10])) + "-" + part(5)


def _neutral(values):
    """A slot drawing an unlabelled value from a list."""
    return lambda rng, arg, ctx: (rng.choice(values), None)


def _persona(key):
    """A slot giving one of the persona's fields, unlabelled."""
    return lambda rng, arg, ctx: (ctx[key], None)


SLOTS = {
    "phone": _slot_phone,
    "mobile": lambda rng, arg, ctx: _slot_phone(rng, arg or "mob", ctx),
    "msisdn": lambda rng, arg, ctx: _slot_phone(rng, "msisdn", ctx),
    "email": _slot_email,
    "card": _slot_card,
    "ssn": _slot_ssn,
    "iban": _slot_iban,
    "ipv4": lambda rng, arg, ctx: (make_ipv4(rng), POS("ipv4")),
    "ipv6": lambda rng, arg, ctx: (make_ipv6(rng), POS("ipv6")),
    "eth": lambda rng, arg, ctx: (make_eth_address(rng, arg), POS("ethereum_address")),
    "ethkey": lambda rng, arg, ctx: (make_eth_key(rng, {"0x": True, "bare": False}.get(arg)),
                                     POS("ethereum_private_key")),
    "hex64": lambda rng, arg, ctx: (hexs(rng, 64), NEG("hex64_digest")),
    "txhash": lambda rng, arg, ctx: ("0x" + hexs(rng, 64), NEG("hex64_digest")),
    "commit": lambda rng, arg, ctx: (hexs(rng, 40), NEG("hex40_commit")),
    "date": _slot_date,
    "time": _slot_time,
    "unix": lambda rng, arg, ctx: (fmt_date(rand_dt(rng), "unix"), NEG("date_time")),
    "unixms": lambda rng, arg, ctx: (fmt_date(rand_dt(rng), "unixms"), NEG("date_time")),
    "expiry": lambda rng, arg, ctx: (
        rng.choice(["%02d/%02d", "%02d/20%02d"]) % (rng.randint(1, 12), rng.randint(25, 31)), NEG("card_expiry")),
    "ver": lambda rng, arg, ctx: (make_version(rng, arg), NEG("version_string")),
    "badcard": lambda rng, arg, ctx: (make_bad_card(rng), NEG("luhn_fail_card")),
    "badiban": _slot_badiban,
    "masked": lambda rng, arg, ctx: (make_masked_card(rng), NEG("masked_card")),
    "mac": lambda rng, arg, ctx: (make_mac(rng), NEG("mac_address")),
    "ups": lambda rng, arg, ctx: (make_ups(rng), NEG("ups_tracking")),
    "track": lambda rng, arg, ctx: (make_tracking(rng, arg), NEG("parcel_tracking")),
    "price": lambda rng, arg, ctx: (make_price(rng, arg or ctx["locale"]), NEG("price")),
    "postal": lambda rng, arg, ctx: (make_postal(rng, arg or ctx["country"]), NEG("postal_code")),
    "order": lambda rng, arg, ctx: (make_order(rng, arg), NEG("order_ref")),
    "idnum": lambda rng, arg, ctx: (make_phone_like_id(rng), NEG("phone_like_id")),
    "isbn": lambda rng, arg, ctx: (make_isbn(rng), NEG("isbn")),
    "ean": lambda rng, arg, ctx: (make_ean(rng), NEG("ean_barcode")),
    "uuid": lambda rng, arg, ctx: (make_uuid(rng), NEG("uuid")),
    "hexid": lambda rng, arg, ctx: (hexs(rng, int(arg or 32)), NEG("hex_id")),
    "memaddr": lambda rng, arg, ctx: ("0x0000000%s" % hexs(rng, 9), NEG("memory_address")),
    "coords": lambda rng, arg, ctx: (make_coords(rng), NEG("coordinates")),
    "serial": lambda rng, arg, ctx: (make_serial(rng), NEG("serial_number")),
    "oid": lambda rng, arg, ctx: (make_oid(rng), NEG("oid")),
    "semrange": lambda rng, arg, ctx: (make_semver_range(rng), NEG("semver_range")),
    "vat": lambda rng, arg, ctx: (make_business_tax_id(rng, arg), NEG("business_tax_id")),
    "bankcode": lambda rng, arg, ctx: (make_bank_code(rng, arg), NEG("bank_code")),
    "boleto": lambda rng, arg, ctx: (make_boleto(rng), NEG("boleto_line")),
    "sri": lambda rng, arg, ctx: (make_sri(rng)[7:], NEG("sri_hash")),
    "reserved_ip": lambda rng, arg, ctx: (
        rng.choice(RESERVED_IPS[arg or "v4"]), NEG("reserved_ip")),
    "metric": lambda rng, arg, ctx: (str(rng.randint(1_000_000, 9_999_999_999)), NEG("metric_value")),
    "name": lambda rng, arg, ctx: (ctx["first"] + " " + ctx["last"], None),
    "first": _persona("first"),
    "last": _persona("last"),
    "city": lambda rng, arg, ctx: (rng.choice(CITIES[ctx["country"]]), None),
    "agent": _persona("agent"),
    "os": _neutral(OS_NAMES),
    "product": _neutral(PRODUCTS),
    "bank": _neutral(BANKS),
    "region": _neutral(REGIONS),
    "svc": _neutral(SERVICES),
    "status": _neutral(STATUSES),
    "carrier": _neutral(CARRIERS),
    "n": lambda rng, arg, ctx: (str(rng.randint(2, 30)), None),
    "n3": lambda rng, arg, ctx: (str(rng.randint(10, 999)), None),
    "n4": lambda rng, arg, ctx: (str(rng.randint(1000, 9999)), None),
    "port": lambda rng, arg, ctx: (str(rng.randint(1024, 65535)), None),
    "last4": lambda rng, arg, ctx: (digits(rng, 4), None),
    "pod": lambda rng, arg, ctx: ("%s-%s" % (rng.choice(SERVICES), pod_suffix(rng)), None),
}

SLOT_RE = re.compile(r"<<(\w+)(?::(\w+))?>>")
WORD_RE = re.compile(r"[A-Za-zÀ-ÿ]{5,}")


def _typo(rng, text):
    """Swaps two adjacent letters inside one longer word."""
    words = list(WORD_RE.finditer(text))
    if not words:
        return text
    m = rng.choice(words)
    i = rng.randint(m.start() + 1, m.end() - 3)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def _noise(rng, text, mode):
    """Applies the template's casing/typo mode to a literal piece."""
    if mode == "lower":
        return text.lower()
    if mode == "upper":
        return text.upper()
    if mode == "typo" and rng.random() < 0.5:
        return _typo(rng, text)
    return text


def render(field, template, rng, ctx, noisy=True):
    """Appends a template to a field, planting its slots' values."""
    r = rng.random()
    mode = None
    if noisy:
        mode = "lower" if r < 0.1 else "typo" if r < 0.25 else "upper" if r < 0.27 else None
    pos = 0
    for m in SLOT_RE.finditer(template):
        field.lit(_noise(rng, template[pos:m.start()], mode))
        text, label = SLOTS[m.group(1)](rng, m.group(2), ctx)
        field.put(text, label)
        pos = m.end()
    field.lit(_noise(rng, template[pos:], mode))


def persona(rng, locale):
    """The person behind a row: name, country, locale, agent name."""
    c = LOCALE_COUNTRY[locale]
    return {"locale": locale, "country": c, "first": rng.choice(FIRST[c]), "last": rng.choice(LAST[c]),
            "agent": rng.choice(FIRST[c])}


# ---------------------------------------------------------------------------
# Chat / email templates (customer side), by language
# ---------------------------------------------------------------------------

EN_COMMON = [
    "hi, my new number is <<phone>> pls update it on my account",
    "You can reach me at <<email>> or on <<phone>> after 5pm.",
    "Mob: <<mobile>>",
    "ph# <<phone>> (home) / <<mobile>> (cell)",
    "I changed my email to <<email>> weeks ago but receipts still go to <<email:other>>",
    "Card ending <<masked>> was charged twice on <<date>>.",
    "The charge was <<price>> but I was quoted <<price>> on the phone.",
    "Order <<order>> still hasn't arrived, UPS says <<ups>> is 'in transit' since <<date>>",
    "tracking no. <<track>> - stuck in customs",
    "my wallet is <<eth>> , sent <<n>> ETH from it and nothing showed up on your side",
    "Tx hash is <<txhash>> if that helps",
    "Here's my private key so you can check the balance yourself: <<ethkey>>",
    "exported key from MetaMask: <<ethkey:bare>>\nis it safe to paste here??",
    "Support guy on Telegram asked for my privkey, I sent him <<ethkey>> - was that you???",
    "IBAN: <<iban>> (account holder <<name>>)",
    "The transfer to <<iban>> bounced, reference <<order>>.",
    "App crashes on launch. Version <<ver>> on <<os>>.",
    "windows build <<ver:win>>, already tried reinstalling",
    "I'm logging in from <<ipv4>> and it keeps saying 'suspicious location'",
    "why is my IP <<ipv6>> blocked?? I'm on my home wifi",
    "router MAC is <<mac>> if you need it",
    "Invoice no. <<idnum>> shows the wrong total (<<price>>).",
    "Customer ID <<idnum>>. Please don't make me repeat it again",
    "Call me back on <<phone>> - NOT the number on file.",
    "email: <<email>> | tel: <<phone>>",
    "could you send the statement to <<email>>? thx",
    "Got error 500 at <<time>> when I tried to pay <<price>>.",
    "card I used is <<card>>, it says declined but the money left my account",
    "I typed <<badcard>> and it said invalid card number. Is your form broken?",
    "The IBAN <<badiban>> gets rejected every time, is it the spaces?",
    "the sha256 of the installer i downloaded is <<hex64>> - is that the right one?",
    "Device serial <<serial>>, bought on <<date>> for <<price>>",
    "Please stop texting <<mobile>>. I've asked three times.",
    "ETA was <<date>>, now it says <<date>>?!",
    "Is <<eth:lower>> the right deposit address? It's different from last time.",
    "The commit that broke it is <<commit>> I think (I'm a dev too, lol)",
    "My balance shows <<price>> but my bank says <<price>>.",
    "Coordinates of the pickup point: <<coords>>",
    "ISBN <<isbn>> - ordered the hardcover, got the paperback.",
    "Barcode on the box says <<ean>>",
    "VAT number for the invoice: <<vat>>",
    "got logged out at <<unix>> (that's what the debug screen shows)",
    "fw <<ver:ip4>> on <<product>>, app <<ver>>",
    "Whatsapp me on <<phone:E164>>, I'm travelling",
    "I'm abroad till <<date>>, best number is <<phone:INTL>>",
    "the deposit tx <<txhash>> has <<n>> confirmations but my balance is still 0",
    "Order ref <<order>>, delivering to <<postal>> <<city>>",
    "Thanks for the quick reply!",
    "I've been waiting <<n>> days for an answer. Unacceptable.",
    "PRIVATE KEY (do not share!!) <<ethkey:0x>> -- sorry, my friend said you need it to recover funds",
]

EN_US = [
    "SSN <<ssn>> - you asked for it for the 1099",
    "my social is <<ssn>>, dob on file is correct",
    "SSN: <<ssn:bare>> (no dashes, the form wouldn't take them)",
    "The W-9 is filled out, SSN <<ssn>>, routing no. <<bankcode:aba>>",
    "cell (<<phone:US>>) is the best way to reach me",
    "Our EIN is <<vat:ein>>, not my SSN - please fix the 1099",
    "zip <<postal>>, the app keeps saying invalid address",
    "Hey, just moved to <<city>>, new number <<phone:US>>",
    "the Amazon order # is <<order:amazon>> and the card was <<masked>>",
    "USPS tracking <<track:usps>> shows delivered, nothing here",
    "paid <<price>> with Visa <<card:visa>> - pending for <<n>> days",
    "text me at <<mobile>> when the tech is on the way",
    "Last 4 of my social are <<last4>>, is that enough?",
    "Amex <<card:amex>> exp <<expiry>> - update the card on file please",
    "Please call <<phone:US>> ext. <<n3>> and ask for <<first>>.",
]

EN_GB = [
    "Mob: <<mobile>>, landline <<phone:GB>>",
    "postcode is <<postal>>, the courier keeps going to the wrong street",
    "Royal Mail ref <<track:royal>> - still not here",
    "cheers, my new mobile is <<mobile>>",
    "sort code <<bankcode:sort>>, IBAN <<iban:GB>> - refund there please",
    "I was charged <<price>> twice, ta for sorting it",
    "Can you ring me on <<phone:GB>> after half five?",
    "Reference <<order>>, paid by Mastercard <<card:mc2>>",
    "my account no. <<idnum>> - it's on the letter you sent",
    "I'm on <<os>> with app <<ver>>, same faff every time",
    "pls email <<email>> rather than post, thanks",
    "Card was <<masked>>, the refund of <<price>> never arrived",
    "tel <<phone:E164>> (work)",
    "Delivery slot <<date>> <<time>> - nobody turned up",
    "VAT reg <<vat:gb>> for the company invoice",
]

EN_IN = [
    "Kindly update my mobile no. to <<mobile>>.",
    "PFB my details - Mob: <<mobile>>, Email: <<email>>",
    "Please do the needful and revert on <<email>>",
    "Amount of <<price>> debited but recharge not done. Txn ref <<order>>.",
    "my registered no. is <<mobile>>, OTP not coming since <<date>>",
    "IFSC <<bankcode:ifsc>>, refund pending since <<n>> days",
    "Pincode <<postal>>, delivery not possible it says??",
    "ph: <<phone:IN>> (office), call between <<time>> and <<time>>",
    "GSTIN <<vat:gstin>> - please add to invoice",
    "Tried with card <<card>> also, same error",
    "Complaint no. <<idnum>> closed without resolution!!",
    "Call me on <<phone:IN>>, I am not able to use chat properly",
    "Sir, the app is showing version <<ver>>, is update required?",
    "Wallet <<eth>> is mine only, please unblock",
    "Alternate no. <<mobile>>, primary is switched off",
]

DE = [
    "Hallo, meine neue Handynummer ist <<mobile>>, bitte im Konto ändern.",
    "Tel.: <<phone>> (tagsüber), mobil <<mobile>>",
    "Sie erreichen mich unter <<email>> oder telefonisch unter <<phone>>.",
    "Meine IBAN lautet <<iban>>, Kontoinhaber <<name>>.",
    "Die Überweisung an <<iban>> kam zurück - Verwendungszweck <<order>>.",
    "Ich habe die IBAN <<badiban>> eingegeben und es kommt immer 'ungültig'. Tippfehler?",
    "Rechnungsnummer <<idnum>>, Betrag <<price>>, bezahlt am <<date>>.",
    "Kundennr. <<idnum>> – bitte Rückruf unter <<phone>>",
    "Bestellung <<order>> ist seit <<date>> unterwegs, Sendungsnummer <<ups>>.",
    "DHL-Sendungsnr. <<track:dhl>>, laut Tracking zugestellt, ist aber nicht da!!",
    "Meine Wallet-Adresse: <<eth>>",
    "Ich hab <<n>> ETH von <<eth>> geschickt, TX-Hash <<txhash>>, kommt nix an",
    "Hier mein privater Schlüssel, damit ihr das prüfen könnt: <<ethkey>>",
    "privkey (aus MetaMask exportiert): <<ethkey:bare>> – ist das sicher??",
    "Die App stürzt ab, Version <<ver>>, <<os>>.",
    "Windows-Build <<ver:win>>, Treiber schon neu installiert.",
    "Login von <<ipv4>> wurde blockiert, das bin aber ich",
    "Meine IPv6 laut Router: <<ipv6>>",
    "MAC-Adresse vom Gerät: <<mac>>",
    "Seriennummer <<serial>>, gekauft am <<date>> für <<price>>.",
    "Die Karte mit Endziffern <<masked>> wurde doppelt belastet.",
    "Kreditkarte: <<card>>, gültig bis <<expiry>> - bitte die neue hinterlegen.",
    "Kartennummer <<badcard>> wird abgelehnt, stimmt da was nicht?",
    "Der SHA256 der Datei ist <<hex64>> - passt das?",
    "Fehler tritt seit Commit <<commit>> auf (bin selbst Entwickler).",
    "PLZ <<postal>> <<city>>, Lieferung bitte an die Packstation.",
    "Festnetz: <<phone:DE>>\nHandy: <<mobile>>",
    "Bitte keine Anrufe mehr auf <<phone>>, ich hab das schon dreimal gesagt.",
    "E-Mail-Adresse geändert von <<email:other>> auf <<email>>.",
    "USt-IdNr. für die Rechnung: <<vat:de>>",
    "EAN auf der Verpackung: <<ean>>",
    "Abbuchung von <<price>> am <<date>> um <<time>>, das war ich nicht!",
    "BIC <<bankcode:bic>>, IBAN <<iban>>",
    "Rückrufnummer: <<phone:E164>>",
    "Bin gerade im Ausland, erreichbar unter <<phone:INTL>>",
    "Hab's mit Firmware <<ver:ip4>> probiert, gleiches Problem.",
    "Koordinaten vom Abholpunkt: <<coords>>",
    "Zeitstempel aus dem Log: <<unix>>",
    "Vertragsnummer <<idnum>>, Tarif Premium, Laufzeit bis <<date>>.",
    "Das Update auf <<ver>> hat alles kaputt gemacht. Zurück auf <<ver>> geht nicht.",
    "Bitte schicken Sie die Rechnung an <<email>>. Danke!",
    "tlf. <<phone>> - ab 18 Uhr",
    "Mobil: <<mobile>> / Mail: <<email>>",
    "Die Transaktion <<txhash>> steht seit Stunden auf pending.",
    "Seed-Phrase ist weg, ich hab nur noch den Private Key: <<ethkey:0x>>",
    "Ich bekomme keine SMS-Codes auf <<mobile>>.",
    "Paket-Nr. <<track>> - Zustellversuch am <<date>>",
    "Seit <<n>> Tagen keine Antwort. So geht das nicht.",
]

FR = [
    "Bonjour, mon nouveau numéro est le <<mobile>>, merci de mettre à jour.",
    "Tél. : <<phone>> / portable : <<mobile>>",
    "Vous pouvez me joindre à <<email>> ou au <<phone>>.",
    "Mon IBAN : <<iban>> (titulaire <<name>>)",
    "Le virement vers <<iban>> a été rejeté, réf. <<order>>.",
    "L'IBAN <<badiban>> est refusé à chaque fois, c'est normal ?",
    "Facture n° <<idnum>> du <<date>>, montant <<price>>.",
    "N° client <<idnum>> - merci de me rappeler au <<phone>>",
    "Commande <<order>> toujours pas reçue, suivi UPS <<ups>>",
    "Colis n° <<track>>, bloqué en douane depuis le <<date>>",
    "Mon adresse de portefeuille : <<eth>>",
    "J'ai envoyé <<n>> ETH depuis <<eth>>, hash de la transaction <<txhash>>",
    "Voici ma clé privée pour que vous vérifiiez : <<ethkey>>",
    "clé privée exportée de MetaMask : <<ethkey:bare>> - c'est grave de l'envoyer ici ?",
    "L'appli plante au démarrage, version <<ver>>, <<os>>.",
    "Windows build <<ver:win>>, déjà réinstallé deux fois",
    "Connexion depuis <<ipv4>> bloquée alors que c'est bien moi",
    "Mon adresse IPv6 d'après la box : <<ipv6>>",
    "Adresse MAC de la box : <<mac>>",
    "N° de série <<serial>>, acheté le <<date>> pour <<price>>.",
    "La carte se terminant par <<masked>> a été débitée deux fois.",
    "Ma carte : <<card>>, expire fin <<expiry>>.",
    "Le numéro de carte <<badcard>> est refusé, vous pouvez vérifier ?",
    "Le SHA-256 du fichier téléchargé : <<hex64>>. C'est le bon ?",
    "Le bug est apparu avec le commit <<commit>> (je suis dev).",
    "Code postal <<postal>> <<city>>, livraison en point relais svp",
    "Fixe : <<phone:FR>>\nPortable : <<mobile>>",
    "Arrêtez de m'appeler au <<phone>> svp, je l'ai déjà dit trois fois.",
    "J'ai changé d'adresse mail : <<email>> au lieu de <<email:other>>.",
    "N° TVA intracom : <<vat:fr>>",
    "Code EAN sur l'emballage : <<ean>>",
    "Prélèvement de <<price>> le <<date>> à <<time>>, ce n'est pas moi !",
    "BIC <<bankcode:bic>>, IBAN <<iban>>",
    "Rappelez-moi au <<phone:E164>> svp",
    "Je suis à l'étranger, joignable au <<phone:INTL>>",
    "Même souci avec le firmware <<ver:ip4>>.",
    "Coordonnées GPS du point de retrait : <<coords>>",
    "Horodatage dans les logs : <<unixms>>",
    "Contrat n° <<idnum>>, échéance le <<date>>.",
    "Depuis la mise à jour <<ver>> plus rien ne marche.",
    "Envoyez la facture à <<email>>, merci d'avance",
    "tél: <<phone>> (après 18h)",
    "Mob. <<mobile>> - mail <<email>>",
    "La transaction <<txhash>> est en attente depuis ce matin.",
    "J'ai perdu ma phrase de récupération, il me reste la clé privée : <<ethkey:0x>>",
    "Je ne reçois plus les SMS sur le <<mobile>>.",
    "Ça fait <<n>> jours que j'attends une réponse...",
    "ISBN <<isbn>> : j'ai reçu le mauvais livre",
]

PT = [
    "Oi, meu celular novo é <<mobile>>, podem atualizar?",
    "Tel: <<phone>> / cel: <<mobile>>",
    "Pode me chamar no zap <<mobile>> ou no email <<email>>",
    "Meu IBAN é <<iban>> (titular <<name>>)",
    "A transferência internacional para <<iban>> voltou, ref. <<order>>",
    "O IBAN <<badiban>> dá inválido, digitei errado?",
    "Nota fiscal nº <<idnum>> de <<date>>, valor <<price>>.",
    "Protocolo <<idnum>> - me liguem no <<phone>> por favor",
    "Pedido <<order>> não chegou, rastreio Correios <<track:correios>>",
    "Rastreio UPS <<ups>> parado desde <<date>>",
    "Minha carteira: <<eth>>",
    "Mandei <<n>> ETH de <<eth>>, hash da transação <<txhash>>",
    "Segue minha chave privada pra vocês conferirem: <<ethkey>>",
    "chave privada exportada do MetaMask: <<ethkey:bare>> tem problema mandar aqui?",
    "O app fecha sozinho, versão <<ver>>, <<os>>.",
    "Build do Windows <<ver:win>>, já reinstalei",
    "Login pelo IP <<ipv4>> foi bloqueado mas sou eu mesmo",
    "Meu IPv6 segundo o roteador: <<ipv6>>",
    "MAC do aparelho: <<mac>>",
    "Número de série <<serial>>, comprei em <<date>> por <<price>>",
    "O cartão final <<masked>> foi cobrado duas vezes.",
    "Cartão: <<card>> validade <<expiry>>",
    "Cartão <<badcard>> recusado, o que houve?",
    "SHA256 do instalador: <<hex64>>, tá certo?",
    "O erro começou no commit <<commit>> (sou dev tbm)",
    "CEP <<postal>>, <<city>> - entrega na portaria",
    "Fixo: <<phone:BR>>\nCelular: <<mobile>>",
    "Parem de ligar no <<phone>>, já pedi três vezes!!",
    "Troquei o email de <<email:other>> para <<email>>",
    "CNPJ da empresa: <<vat:cnpj>>",
    "Código de barras da caixa: <<ean>>",
    "Cobrança de <<price>> em <<date>> às <<time>>, não reconheço!",
    "Boleto: <<boleto>> - já paguei e continua em aberto",
    "Chave Pix é meu email: <<email>>",
    "Chave pix celular <<phone:E164>>",
    "Estou fora do país, me liga no <<phone:INTL>>",
    "Mesmo erro com firmware <<ver:ip4>>",
    "Localização do ponto de retirada: <<coords>>",
    "Timestamp do log: <<unix>>",
    "Contrato <<idnum>>, vence em <<date>>.",
    "Depois da atualização <<ver>> nada funciona",
    "Manda o comprovante pro <<email>> pfv",
    "whats: <<mobile>> (só mensagem)",
    "A transação <<txhash>> tá pendente faz horas",
    "Perdi as palavras de recuperação, só tenho a private key: <<ethkey:0x>>",
    "Não chega SMS no <<mobile>>",
    "Já faz <<n>> dias e ninguém responde...",
    "Paguei com Elo <<card:elo>> e não aprovou",
]

AGENT = {
    "en": [
        "Thanks, I've updated the number on file to <<phone>>.",
        "Please never share your private key with anyone, including us. Move your funds to a new wallet now.",
        "Your case number is <<order>>.",
        "The refund of <<price>> should land within <<n>> working days.",
        "We'll follow up at <<email>>.",
        "Could you send us the serial number from the back of the device?",
        "The latest version is <<ver>>, please update and try again.",
        "I've issued the refund to the card ending <<masked>>.",
        "I can see the payment from <<date>>; it was reversed on <<date>>.",
    ],
    "de": [
        "Vielen Dank, ich habe die Nummer <<phone>> hinterlegt.",
        "Bitte senden Sie niemals Ihren privaten Schlüssel! Legen Sie sofort eine neue Wallet an.",
        "Ihr Vorgang hat die Nummer <<order>>.",
        "Die Erstattung über <<price>> wird innerhalb von <<n>> Werktagen gebucht.",
        "Wir melden uns per E-Mail unter <<email>>.",
        "Können Sie uns die Seriennummer des Geräts schicken?",
        "Die aktuelle Version ist <<ver>>, bitte aktualisieren.",
        "Ich habe die Erstattung auf die Karte <<masked>> veranlasst.",
    ],
    "fr": [
        "Merci, j'ai bien enregistré le <<phone>>.",
        "Ne communiquez jamais votre clé privée, même à nous. Créez un nouveau portefeuille.",
        "Votre dossier porte le numéro <<order>>.",
        "Le remboursement de <<price>> arrivera sous <<n>> jours ouvrés.",
        "Nous revenons vers vous à <<email>>.",
        "Pouvez-vous nous envoyer le numéro de série de l'appareil ?",
        "La dernière version est la <<ver>>, merci de mettre à jour.",
        "Le remboursement a été fait sur la carte <<masked>>.",
    ],
    "pt": [
        "Obrigado, atualizei o número para <<phone>>.",
        "Nunca compartilhe sua chave privada, nem com a gente. Crie uma carteira nova agora.",
        "Seu protocolo é <<order>>.",
        "O estorno de <<price>> cai em até <<n>> dias úteis.",
        "Vamos responder no <<email>>.",
        "Pode mandar o número de série do aparelho?",
        "A versão mais nova é a <<ver>>, atualiza e tenta de novo.",
        "Fiz o estorno no cartão <<masked>>.",
    ],
}

SUBJECTS = {
    "en": ["Refund request", "Re: Order <<order>>", "Card charged twice", "App keeps crashing", "Wallet issue",
           "Change of contact details", "Fwd: invoice <<idnum>>", "URGENT - funds missing", "Login blocked",
           "Delivery problem"],
    "de": ["Erstattung", "AW: Bestellung <<order>>", "Doppelte Abbuchung", "App stürzt ab", "Problem mit Wallet",
           "Neue Kontaktdaten", "WG: Rechnung <<idnum>>", "DRINGEND", "Login gesperrt", "Lieferung fehlt"],
    "fr": ["Demande de remboursement", "RE: Commande <<order>>", "Double prélèvement", "L'appli plante",
           "Problème de portefeuille", "Changement de coordonnées", "TR: facture <<idnum>>", "URGENT",
           "Connexion bloquée", "Colis perdu"],
    "pt": ["Pedido de estorno", "Re: Pedido <<order>>", "Cobrança em dobro", "App travando", "Problema na carteira",
           "Atualizar contato", "Enc: nota <<idnum>>", "URGENTE", "Login bloqueado", "Entrega atrasada"],
}

CUSTOMER_TEMPLATES = {
    "en-US": EN_COMMON + EN_US, "en-GB": EN_COMMON + EN_GB, "en-IN": EN_COMMON + EN_IN,
    "de-DE": DE, "fr-FR": FR, "pt-BR": PT,
}
LANG = {"en-US": "en", "en-GB": "en", "en-IN": "en", "de-DE": "de", "fr-FR": "fr", "pt-BR": "pt"}


# ---------------------------------------------------------------------------
# CRM notes and application-event templates
# ---------------------------------------------------------------------------

NOTES = [
    "called from <<phone>>, wants a callback",
    "prefers email: <<email>>",
    "VIP - do not call before 10am",
    "chargeback <<date>> for <<price>>, card <<masked>>",
    "alt contact <<phone:E164>>",
    "refund sent to <<iban>>",
    "old wallet <<eth>> (migrated)",
    "fraud flag: card <<card>> used from <<ipv4>>",
    "dup of c_<<n3>>",
    "Kd. wünscht Rückruf unter <<phone:DE>>",
    "client préfère être contacté au <<phone:FR>>",
    "cliente pediu contato pelo whats <<phone:BR>>",
    "moved to annual plan, invoice <<idnum>>",
    "uses <<os>>, app <<ver>>",
    "bounce: <<email>> (mailbox full)",
    "returned parcel <<ups>>",
    "loyalty card <<idnum>> merged into this one",
    "tax exempt, <<vat>>",
    "pls verify wallet <<eth:lower>> before payout",
    "pasted privkey in chat (<<ethkey>>) - told to rotate, escalated to sec",
    "ip ban lifted for <<ipv6>>",
    "do not contact",
    "address updated, zip/postcode <<postal>>",
    "card <<badcard>> failed validation at signup",
    "serial <<serial>> replaced under warranty",
    "last login <<date>> <<time>>",
    "paid by bank transfer, ref <<order>>",
    "hub fw <<ver:ip4>>",
    "wrong IBAN given (<<badiban>>), asked customer to resend",
    "mob. <<mobile>> / tel. <<phone>>",
    "Rückruf erledigt, neue Mail <<email>>",
    "échange standard, colis <<track>>",
    "Tel. do escritório <<phone:BR>>, falar com <<first>>",
]
NOTES_US = [
    "KYC done <<date>>; SSN on file <<ssn>>",
    "SSN (<<ssn:bare>>) collected for W-9",
    "business acct, EIN <<vat:ein>> (not an SSN)",
]

LOG_MESSAGES = [
    "POST /api/v2/users/<<n3>>/contact <<status>> <<n3>>ms",
    "GET /v1/checkout?email=<<email>>&plan=pro&ref=<<order>> 302",
    "login ok user=<<email>> ip=<<ipv4>> ua=\"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/<<ver:chrome>> Safari/537.36\"",
    "sms sent to=<<phone:E164>> provider=twilio status=queued",
    "charge failed pan=<<card>> reason=do_not_honor amount=<<price:en-US>>",
    "payment tokenized card=<<masked>> brand=visa",
    "{\"event\":\"kyc_submitted\",\"ssn\":\"<<ssn>>\",\"dob_verified\":true}",
    "Pulling image registry.internal/acme/api@sha256:<<hex64>>",
    "deploy commit=<<commit>> version=<<ver>>",
    "wallet connected address=<<eth>> chain_id=1",
    "tx submitted hash=<<txhash>> from=<<eth>> nonce=<<n>>",
    "env dump: NODE_ENV=production PRIVATE_KEY=<<ethkey:0x>> LOG_LEVEL=debug",
    "java.lang.IllegalStateException: ledger out of balance\n\tat com.acme.pay.Ledger.post(Ledger.java:<<n3>>)\n\tat com.acme.pay.Worker.run(Worker.java:<<n3>>)",
    "Traceback (most recent call last):\n  File \"/srv/app/views.py\", line <<n3>>, in checkout\n    validate_iban(form.iban)\nValueError: invalid IBAN <<badiban>>",
    "sepa payout created iban=<<iban>> amount=<<price:de-DE>>",
    "X-Forwarded-For: <<ipv4>>, <<ipv4>>",
    "listening on <<reserved_ip:v4>>:<<port>>",
    "bound to [<<reserved_ip:v6>>]:<<port>> (ipv6)",
    "netmask <<reserved_ip:mask>> gateway unreachable, retry in <<n>>s",
    "device <<mac>> registered, fw <<ver:ip4>>",
    "ups webhook tracking=<<ups>> status=DELIVERED",
    "geoip lookup <<ipv6>> -> <<coords>>",
    "cron job finished in <<n3>>s, next run at <<unix>>",
    "user_id=<<idnum>> updated phone=<<phone>>",
    "oauth callback /cb?code=<<hexid:32>>&state=<<uuid>>",
    "SNMP trap oid=<<oid>> from <<ipv4>>",
    "npm ci: lodash@<<semrange>> resolved <<ver:semver>> integrity sha512-<<sri>>",
    "checksum mismatch expected=<<hex64>> got=<<hex64>>",
    "unsubscribe clicked /u?e=<<email:urlenc>>&t=<<unixms>>",
    "order <<order>> shipped via DHL <<track:dhl>>",
    "invoice <<idnum>> generated total=<<price>>",
    "profile update: {\"mobile\": \"<<mobile>>\", \"email\": \"<<email>>\"}",
    "rate limited ip=<<ipv6>> after <<n>> attempts",
    "support form contained private key <<ethkey:bare>> (redaction failed, ticket <<order>>)",
    "ERROR decode failed for field 'privateKey': \"<<ethkey:0x>>\"",
    "keystore loaded for <<eth>> (key never logged)",
    "new block <<n4>> hash=<<txhash>> txs=<<n3>>",
    "isbn lookup <<isbn>> -> not found",
    "scan barcode=<<ean>> qty=<<n>>",
    "windows client <<ver:win>> reported crash",
    "firmware update <<ver:ip4>> -> <<ver:ip4>> ok",
    "session start uid=<<idnum>> ts=<<unixms>>",
    "bytes_sent=<<metric>> duration_ms=<<n3>>",
    "Thread 0 Crashed:\n0   libswiftCore.dylib  <<memaddr>> swift_unexpectedError + <<n3>>\n1   Wallet  <<memaddr>> AppDelegate.sync() + <<n3>>",
    "TypeError: Cannot read properties of undefined (reading 'phone')\n    at Checkout.render (/static/app.<<hexid:8>>.js:1:<<n4>>)",
    "webhook from stripe ip=<<ipv4>> event=charge.refunded card=<<masked>>",
    "msisdn=<<msisdn>> carrier=<<carrier>> otp_sent=true",
    "vpn peer <<ipv6>> handshake ok, keepalive <<n>>s",
    "release <<ver:pre>> built from <<commit>> at <<date:log>>",
    "ios client <<ver:ios>> crashed on launch",
    "android build <<ver:android>> ANR in MainActivity",
    "kyc doc uploaded for <<email>>, phone <<phone:INTL>>",
    "import wallet from privkey=<<ethkey>> (dev mode only!)",
    "GET /track?awb=<<track>>&lang=pt <<status>>",
    "refund <<order>> to card <<card>> approved by <<first>>",
    "cache miss key=user:<<idnum>>:prefs",
]

LOG_ATTRS = [
    "region=<<region>> pod=<<pod>> latency_ms=<<n3>> retries=<<n>>",
    "client_ip=<<ipv4>> app_version=<<ver>> status=<<status>>",
    "user_id=<<idnum>> session_start=<<unixms>>",
    "mac=<<mac>> fw=<<ver:ip4>> rssi=-<<n>>",
    "bytes_sent=<<metric>> bytes_recv=<<metric>>",
    "{\"image\":\"ghcr.io/acme/api@sha256:<<hex64>>\",\"replicas\":<<n>>}",
    "sha1=<<commit>> branch=main dirty=false",
    "remote_addr=[<<ipv6>>]:<<port>>",
    "msisdn=<<msisdn>> carrier=<<carrier>>",
    "order_id=<<order>> total=<<price>>",
    "trace=<<uuid>> span=<<hexid:16>>",
    "",
    "wallet=<<eth>> gas_gwei=<<n>>",
    "tracking=<<track>> carrier=dhl",
    "{\"user\":{\"email\":\"<<email>>\",\"phone\":\"<<phone>>\"},\"plan\":\"pro\"}",
    "geo=<<coords>> accuracy_m=<<n3>>",
    "payer_iban=<<iban>> mandate=<<uuid>>",
    "host=<<svc>>-<<n>> cpu=<<n>>% mem=<<n3>>MiB",
]


# ---------------------------------------------------------------------------
# support_chats.csv
# ---------------------------------------------------------------------------

SPEAKERS = {"en": ("Customer", "Agent"), "de": ("Kunde", "Support"), "fr": ("Client", "Conseiller"),
            "pt": ("Cliente", "Atendente")}
GREETINGS = {"en": ["Hi,", "Hello team,", "Dear Support,", "Hey there,", "Good morning,"],
             "de": ["Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,", "Moin,"],
             "fr": ["Bonjour,", "Madame, Monsieur,", "Salut,", "Bonsoir,"],
             "pt": ["Olá,", "Oi pessoal,", "Bom dia,", "Prezados,"]}
SIGNATURES = {
    "en": ["Thanks,\n<<first>>", "Regards,\n<<name>>\nMob: <<mobile>>", "Cheers\n<<first>>",
           "--\n<<name>>\nTel. <<phone>> | <<email:work>>", "Sent from my iPhone", "Best,\n<<name>>"],
    "de": ["Viele Grüße\n<<first>>", "Mit freundlichen Grüßen\n<<name>>\nTel.: <<phone>>", "LG <<first>>",
           "--\n<<name>>\nMobil <<mobile>>\n<<email:work>>", "Von meinem iPhone gesendet"],
    "fr": ["Merci,\n<<first>>", "Cordialement,\n<<name>>\nTél : <<phone>>", "Bonne journée\n<<first>>",
           "--\n<<name>>\nPort. <<mobile>>", "Envoyé de mon iPhone"],
    "pt": ["Obrigado,\n<<first>>", "Att,\n<<name>>\nCel: <<mobile>>", "Abs\n<<first>>",
           "--\n<<name>>\nFone <<phone>> | <<email:work>>", "Enviado do meu iPhone"],
}
CHANNEL_WEIGHTS = {"chat": 45, "email": 35, "whatsapp": 20}
TAGS = ["billing", "refund", "crypto", "login", "delivery", "device", "kyc", "contact-update", "fraud"]


def _stamp(dt, locale):
    """A WhatsApp export prefix: date and time, as one date span."""
    style = "us_short" if locale == "en-US" else "eu_slash"
    return "%s, %02d:%02d" % (fmt_date(dt, style), dt.hour, dt.minute)


def _chat_lines(rng, ctx, lines, lang, channel):
    """Renders (speaker, template) lines as a chat log or WhatsApp export."""
    f = Field()
    cust_label, agent_label = SPEAKERS[lang]
    clock, bracketed = rand_dt(rng), rng.random() < 0.3
    for i, (who, template) in enumerate(lines):
        clock += timedelta(seconds=rng.randint(20, 900))
        if i:
            f.lit("\n")
        name = (ctx["first"] if who == "c" else ctx["agent"]) if channel == "whatsapp" else \
            (cust_label if who == "c" else "%s (%s)" % (agent_label, ctx["agent"]))
        if channel == "whatsapp":
            f.put(_stamp(clock, ctx["locale"]), NEG("date_time"))
            f.lit(" - %s: " % name)
        elif bracketed:
            f.lit("[")
            f.put(clock.strftime("%H:%M"), NEG("date_time"))
            f.lit("] %s: " % name)
        else:
            f.lit("%s: " % name)
        render(f, template, rng, ctx, noisy=(who == "c"))
    return f


def _email_body(rng, ctx, lines, lang):
    """Renders customer lines as an email with greeting and signature."""
    f = Field()
    f.lit(rng.choice(GREETINGS[lang]) + "\n\n")
    for i, (who, template) in enumerate(l for l in lines if l[0] == "c"):
        if i:
            f.lit(rng.choice([" ", "\n", "\n\n"]))
        render(f, template, rng, ctx)
    f.lit("\n\n")
    render(f, rng.choice(SIGNATURES[lang]), rng, ctx, noisy=False)
    return f


def build_transcript(rng, ctx, channel):
    """A transcript of one to three customer lines and up to two agent lines."""
    lang = LANG[ctx["locale"]]
    cust = rng.sample(CUSTOMER_TEMPLATES[ctx["locale"]], rng.randint(1, 3))
    lines = [("c", t) for t in cust]
    for t in rng.sample(AGENT[lang], rng.choice([0, 1, 1, 2])):
        lines.insert(rng.randint(1, len(lines)), ("a", t))
    if channel == "email":
        return _email_body(rng, ctx, lines, lang)
    return _chat_lines(rng, ctx, lines, lang, channel)


def chat_row(rng, i):
    """One support ticket."""
    locale = rng.choices(LOCALES, LOCALE_WEIGHTS)[0]
    ctx = persona(rng, locale)
    channel = rng.choices(list(CHANNEL_WEIGHTS), list(CHANNEL_WEIGHTS.values()))[0]
    subject = Field()
    render(subject, rng.choice(SUBJECTS[LANG[locale]]), rng, ctx, noisy=False)
    opened = Field()
    opened.put(fmt_date(rand_dt(rng), rng.choice(["isoz", "sql", "isofrac"])), NEG("date_time"))
    return {
        "ticket_id": Field("ZD-%05d" % rng.randint(10000, 99999)),
        "opened_at": opened,
        "locale": Field(locale),
        "channel": Field(channel),
        "agent": Field(ctx["agent"]),
        "subject": subject,
        "transcript": build_transcript(rng, ctx, channel),
        "csat": Field(rng.choice(["", "1", "2", "3", "4", "5", "5"])),
        "tags": Field(";".join(rng.sample(TAGS, rng.randint(0, 3)))),
    }


# ---------------------------------------------------------------------------
# customers.csv
# ---------------------------------------------------------------------------

CUSTOMER_COLUMNS = ["cust_id", "full_name", "e_mail", "contact_no", "mob", "country", "zip", "tax_id",
                    "acct", "ip_last_login", "wallet", "signup_ts", "loyalty_no", "card_on_file", "ltv",
                    "orders", "last_order_ref", "notes"]
IBAN_COUNTRIES = {"DE", "GB", "FR", "BR"}


def _one(text, label):
    """A field holding exactly one labelled (or neutral) value."""
    f = Field()
    f.put(text, label)
    return f


def _maybe(rng, p, make):
    """make() with probability p, else an empty or placeholder field."""
    if rng.random() < p:
        return make()
    return Field(rng.choice(["", "", "", "n/a", "-"]))


def _customer_tax(rng, ctx):
    """tax_id: an SSN for US people, company tax numbers elsewhere."""
    c = ctx["country"]
    if c == "US":
        if rng.random() < 0.75:
            return _one(*SLOTS["ssn"](rng, None, ctx))
        return _one(*SLOTS["vat"](rng, "ein", ctx))
    kind = {"DE": "de", "FR": "fr", "GB": "gb", "BR": "cnpj", "IN": "gstin"}[c]
    return _maybe(rng, 0.3, lambda: _one(*SLOTS["vat"](rng, kind, ctx)))


def _customer_acct(rng, ctx):
    """acct: an IBAN where the country uses them (a few mistyped)."""
    if ctx["country"] not in IBAN_COUNTRIES or rng.random() < 0.35:
        return Field("")
    if rng.random() < 0.08:
        return _one(*SLOTS["badiban"](rng, ctx["country"], ctx))
    return _one(*SLOTS["iban"](rng, ctx["country"], ctx))


def _customer_card(rng, ctx):
    """card_on_file: mostly masked, sometimes a full (leaked) number."""
    r = rng.random()
    if r < 0.5:
        return _one(*SLOTS["masked"](rng, None, ctx))
    if r < 0.68:
        return _one(*SLOTS["card"](rng, None, ctx))
    if r < 0.72:
        return _one(*SLOTS["badcard"](rng, None, ctx))
    return Field("")


def _customer_ip(rng, ctx):
    """ip_last_login: IPv4 or IPv6."""
    r = rng.random()
    if r < 0.6:
        return _one(make_ipv4(rng), POS("ipv4"))
    if r < 0.9:
        return _one(make_ipv6(rng), POS("ipv6"))
    return Field("")


def _customer_notes(rng, ctx):
    """notes: a CRM remark, sometimes two."""
    pool = NOTES + (NOTES_US if ctx["country"] == "US" else [])
    f = Field()
    if rng.random() < 0.35:
        return f
    for i in range(rng.choice([1, 1, 1, 2])):
        if i:
            f.lit(rng.choice(["; ", " / ", "\n"]))
        render(f, rng.choice(pool), rng, ctx)
    return f


def _customer_contact(rng, ctx):
    """contact_no: a landline or any phone, sometimes with an extension."""
    if rng.random() < 0.25:
        return Field(rng.choice(["", "", "n/a", "unknown"]))
    f = Field()
    f.put(make_phone(rng, ctx["country"], mobile=rng.random() < 0.4), POS("phone"))
    if rng.random() < 0.08:
        f.lit(" ext. %d" % rng.randint(10, 999))
    return f


def customer_row(rng, i):
    """One customer record."""
    locale = rng.choices(LOCALES, LOCALE_WEIGHTS)[0]
    ctx = persona(rng, locale)
    c = ctx["country"]
    ltv = "%d.%02d" % (rng.randint(0, 20000), rng.randint(0, 99))
    return {
        "cust_id": Field("c_%05d" % i),
        "full_name": Field(ctx["first"] + " " + ctx["last"]),
        "e_mail": _maybe(rng, 0.85, lambda: _one(*SLOTS["email"](rng, None, ctx))),
        "contact_no": _customer_contact(rng, ctx),
        "mob": _maybe(rng, 0.6, lambda: _one(make_phone(rng, c, mobile=True), POS("phone"))),
        "country": Field(c),
        "zip": _one(make_postal(rng, c), NEG("postal_code")),
        "tax_id": _customer_tax(rng, ctx),
        "acct": _customer_acct(rng, ctx),
        "ip_last_login": _customer_ip(rng, ctx),
        "wallet": _maybe(rng, 0.3, lambda: _one(make_eth_address(rng), POS("ethereum_address"))),
        "signup_ts": _one(fmt_date(rand_dt(rng), rng.choice(["iso", "sql", "unix", "unixms", "isoz",
                                                              DATE_STYLES[locale][0]])), NEG("date_time")),
        "loyalty_no": _maybe(rng, 0.5, lambda: _one(make_phone_like_id(rng), NEG("phone_like_id"))),
        "card_on_file": _customer_card(rng, ctx),
        "ltv": _one(ltv, NEG("price")),
        "orders": Field(str(rng.randint(0, 140))),
        "last_order_ref": _maybe(rng, 0.7, lambda: _one(make_order(rng), NEG("order_ref"))),
        "notes": _customer_notes(rng, ctx),
    }


# ---------------------------------------------------------------------------
# app_events.csv
# ---------------------------------------------------------------------------

EVENT_COLUMNS = ["event_time", "level", "service", "build", "trace_id", "message", "attrs"]


def event_row(rng, i):
    """One application log event."""
    locale = rng.choices(LOCALES, LOCALE_WEIGHTS)[0]
    ctx = persona(rng, locale)
    message, attrs = Field(), Field()
    render(message, rng.choice(LOG_MESSAGES), rng, ctx, noisy=False)
    render(attrs, rng.choice(LOG_ATTRS), rng, ctx, noisy=False)
    trace = _one(make_uuid(rng), NEG("uuid")) if rng.random() < 0.5 else _one(hexs(rng, 32), NEG("hex_id"))
    return {
        "event_time": _one(fmt_date(rand_dt(rng), rng.choice(DATE_STYLES["log"])), NEG("date_time")),
        "level": Field(rng.choice(["INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"])),
        "service": Field(rng.choice(SERVICES)),
        "build": _one(make_version(rng, rng.choice(["semver", "pre", "calver", "ip4", "vsemver"])),
                      NEG("version_string")),
        "trace_id": trace,
        "message": message,
        "attrs": attrs,
    }


FILES = [("support_chats.csv", ["ticket_id", "opened_at", "locale", "channel", "agent", "subject", "transcript",
                                "csat", "tags"], chat_row),
         ("customers.csv", CUSTOMER_COLUMNS, customer_row),
         ("app_events.csv", EVENT_COLUMNS, event_row)]


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

def generate(out, rows, seed):
    """Writes the three CSVs, labels.jsonl and planted.jsonl into `out`."""
    keccak_self_test()
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "labels.jsonl"), "w", encoding="utf-8") as lab, \
            open(os.path.join(out, "planted.jsonl"), "w", encoding="utf-8") as pla:
        for name, columns, make_row in FILES:
            with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(columns)
                for r in range(rows):
                    cells = make_row(rng, r)
                    writer.writerow([cells[c].text() for c in columns])
                    for c in columns:
                        for start, end, key, value, text in cells[c].spans:
                            obj = {"file": name, "row": r, "column": c, "start": start, "end": end, key: value}
                            lab.write(json.dumps(obj, ensure_ascii=False) + "\n")
                            pla.write(json.dumps(dict(obj, text=text), ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------
# Checking
# ---------------------------------------------------------------------------

def _ssn_ok(text):
    """SSN in valid ranges, dashed, spaced or bare."""
    m = re.fullmatch(r"(\d{3})[- ]?(\d{2})[- ]?(\d{4})", text)
    if not m:
        return False
    a, g, s = (int(x) for x in m.groups())
    return 0 < a < 900 and a != 666 and g > 0 and s > 0


def _eth_address_ok(text):
    """0x + 40 hex, all lowercase or EIP-55 checksummed."""
    if not re.fullmatch(r"0x[0-9a-fA-F]{40}", text):
        return False
    return text[2:] == text[2:].lower() or eip55(text[2:]) == text


def _ip_ok(text, version):
    """A global address of the given IP version."""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return False
    return ip.version == version and ip.is_global


def _card_digits(text):
    """The digits of a card-shaped value."""
    return re.sub(r"[ -]", "", text)


VALIDATORS = {
    "email": lambda t: re.fullmatch(r"[A-Za-z0-9._+%-]+(@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}", t) is not None,
    "phone": lambda t: 8 <= len(re.sub(r"\D", "", t)) <= 15 and re.fullmatch(r"[+0-9 ()./-]+", t) is not None,
    "credit_card": lambda t: _card_digits(t).isdigit() and 13 <= len(_card_digits(t)) <= 19
    and luhn_ok(_card_digits(t)),
    "luhn_fail_card": lambda t: _card_digits(t).isdigit() and not luhn_ok(_card_digits(t)),
    "ssn": _ssn_ok,
    "iban": lambda t: re.fullmatch(r"[A-Za-z]{2}\d{2}[A-Za-z0-9 ]+", t) is not None and iban_mod97(t) == 1,
    "bad_iban": lambda t: iban_mod97(t) != 1,
    "ipv4": lambda t: _ip_ok(t, 4),
    "ipv6": lambda t: _ip_ok(t, 6),
    "ethereum_address": _eth_address_ok,
    "ethereum_private_key": lambda t: re.fullmatch(r"(0x)?[0-9a-f]{64}", t) is not None
    and 0 < int(t[-64:], 16) < SECP256K1_N,
    "hex64_digest": lambda t: re.fullmatch(r"(0x)?[0-9a-f]{64}", t) is not None,
    "hex40_commit": lambda t: re.fullmatch(r"[0-9a-f]{40}", t) is not None,
}

SUSPICIOUS = [
    ("email-like", re.compile(r"[\w.+-]+(?:@|%40)[\w-]+\.[A-Za-z]{2,}")),
    ("long digit run", re.compile(r"\d(?:[\d .()/-]*\d)?")),
    ("long hex run", re.compile(r"[0-9a-fA-F]{24,}")),
    ("dotted quad", re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")),
    ("ipv6-like", re.compile(r"[0-9a-fA-F]{0,4}::[0-9a-fA-F:]*|(?:[0-9a-fA-F]{1,4}:){4,}[0-9a-fA-F]{1,4}")),
]


def _suspicious(text):
    """Descriptions of PII-looking text left unlabelled in a masked cell."""
    found = []
    for name, rx in SUSPICIOUS:
        for m in rx.finditer(text):
            s = m.group(0)
            if name == "long digit run" and sum(ch.isdigit() for ch in s) < 7:
                continue
            if name == "ipv6-like" and len(s) < 4:
                continue
            found.append("%s %r" % (name, s))
    return found


def _load(out):
    """Reads the CSVs back with the csv module, and the two label files."""
    tables = {}
    for name, _, _ in FILES:
        with open(os.path.join(out, name), encoding="utf-8", newline="") as fh:
            tables[name] = list(csv.DictReader(fh))
    with open(os.path.join(out, "labels.jsonl"), encoding="utf-8") as fh:
        labels = [json.loads(line) for line in fh]
    with open(os.path.join(out, "planted.jsonl"), encoding="utf-8") as fh:
        planted = [json.loads(line) for line in fh]
    return tables, labels, planted


def _check_spans(tables, labels, planted):
    """Span text, validity and overlap problems, and the spans by cell."""
    problems, cells = [], {}
    if len(labels) != len(planted):
        problems.append("labels.jsonl and planted.jsonl differ in length")
    for lab, pl in zip(labels, planted):
        key = lab.get("kind") or lab.get("negative")
        if {k: v for k, v in pl.items() if k != "text"} != lab or (("kind" in lab) == ("negative" in lab)):
            problems.append("label/planted mismatch: %r" % lab)
            continue
        value = tables[lab["file"]][lab["row"]][lab["column"]]
        got = value[lab["start"]:lab["end"]]
        if got != pl["text"]:
            problems.append("span text %r != planted %r at %r" % (got, pl["text"], lab))
        if key in VALIDATORS and not VALIDATORS[key](got):
            problems.append("invalid %s %r" % (key, got))
        cells.setdefault((lab["file"], lab["row"], lab["column"]), []).append((lab["start"], lab["end"]))
    for cell, spans in cells.items():
        spans.sort()
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1:
                problems.append("overlap in %r: %d..%d and %d..%d" % (cell, s1, e1, s2, e2))
    return problems, cells


def check(out):
    """Verifies a generated directory; returns a process exit status."""
    keccak_self_test()
    tables, labels, planted = _load(out)
    problems, cells = _check_spans(tables, labels, planted)
    for name, rows in tables.items():
        for r, row in enumerate(rows):
            for col, value in row.items():
                masked = list(value)
                for s, e in cells.get((name, r, col), []):
                    masked[s:e] = ["\x00"] * (e - s)
                for what in _suspicious("".join(masked)):
                    problems.append("unlabelled %s in %s row %d column %s" % (what, name, r, col))
    counts = {}
    for lab in labels:
        key = ("kind", lab["kind"]) if "kind" in lab else ("negative", lab["negative"])
        counts[key] = counts.get(key, 0) + 1
    for (what, name), n in sorted(counts.items()):
        print("%-8s %-22s %6d" % (what, name, n))
    print("%d rows in %d files, %d labels" % (sum(len(t) for t in tables.values()), len(tables), len(labels)))
    for p in problems[:50]:
        print("PROBLEM:", p)
    print("%d problem(s)" % len(problems))
    return 1 if problems else 0


def template_counts():
    """Distinct customer-side templates available to each locale."""
    return {loc: len(set(t)) for loc, t in CUSTOMER_TEMPLATES.items()}


def main(argv=None):
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="directory to write")
    ap.add_argument("--rows", type=int, default=2000, help="rows per CSV file")
    ap.add_argument("--seed", type=int, default=11, help="random seed")
    ap.add_argument("--check", metavar="DIR", help="verify a generated directory instead")
    args = ap.parse_args(argv)
    if args.check:
        return check(args.check)
    if not args.out:
        ap.error("--out or --check is required")
    generate(args.out, args.rows, args.seed)
    print("wrote %d rows x %d files to %s (templates per locale: %s)"
          % (args.rows, len(FILES), args.out, template_counts()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
