"""Generators of the personal data and secrets the scanner must find, one function per kind.

Each takes a `random.Random` (and a locale where the format depends on it) and returns the value's text
exactly as it is written into the corpus, so that the whole returned string is the labelled span.
"""

import ipaddress
import unicodedata

import keccak

KINDS = ("email", "phone", "credit_card", "ssn", "iban", "ipv4", "ipv6",
         "ethereum_address", "ethereum_private_key")

_ASCII_FOLDS = {"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "'": ""}


def ascii_fold(text):
    """Lower-case ASCII letters and digits of a name, as people write them in e-mail addresses."""
    text = "".join(_ASCII_FOLDS.get(c, c) for c in text.lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in text if c.isalnum())


# MARK: E-mail

def email(rng, locale, first=None, last=None):
    """An e-mail address built from a name, in one of the usual local-part shapes."""
    first = ascii_fold(first or rng.choice(locale.first_names))
    last = ascii_fold(last or rng.choice(locale.last_names))
    shapes = (f"{first}.{last}", f"{first}{last}", f"{first[0]}.{last}", f"{first}_{last}", f"{last}.{first}",
              f"{first}{rng.randint(1, 99)}", f"{first}.{last}{rng.randint(1960, 2009)}", f"{first[0]}{last}",
              f"{first}-{last}", f"{first}.{last}+{rng.choice(('shop', 'news', 'tickets', 'bank', 'x'))}")
    address = f"{rng.choice(shapes)}@{rng.choice(locale.email_domains)}"
    roll = rng.random()
    if roll < 0.06:
        return address.upper()
    if roll < 0.16:
        local, domain = address.split("@")
        return ".".join(part.capitalize() for part in local.split(".")) + "@" + domain
    return address


# MARK: Phone numbers

def _digits(rng, count, first="0123456789"):
    """`count` random digits, the first drawn from `first`."""
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(count - 1))


def _us_phone(rng, city, bare_ok):
    """A NANP number: area code of the city, exchange 2xx-9xx (no N11, no 555), four-digit line."""
    area = rng.choice(city.area_codes)
    exchange = _digits(rng, 3, "23456789")
    while exchange[1:] == "11" or exchange in ("555", "950", "958", "959", "976"):
        exchange = _digits(rng, 3, "23456789")
    line = _digits(rng, 4)
    forms = [f"({area}) {exchange}-{line}", f"{area}-{exchange}-{line}", f"{area}.{exchange}.{line}",
             f"{area} {exchange} {line}", f"+1 {area} {exchange} {line}", f"+1{area}{exchange}{line}",
             f"+1-{area}-{exchange}-{line}", f"1 ({area}) {exchange}-{line}", f"+1 ({area}) {exchange}-{line}"]
    if bare_ok:
        forms.append(f"{area}{exchange}{line}")
    return rng.choice(forms)


def _gb_phone(rng, city, bare_ok):
    """A UK mobile (07[4-9]...) or a fixed line of the city (020/029 + 8 digits, 01xx1 + 7)."""
    if rng.random() < 0.45:
        prefix, rest = "7" + rng.choice("45789") + _digits(rng, 2, "0123456789"), _digits(rng, 6)
        forms = [f"0{prefix} {rest}", f"+44 {prefix} {rest}", f"+44{prefix}{rest}", f"0{prefix} {rest[:3]} {rest[3:]}",
                 f"+44 (0){prefix} {rest}"]
    else:
        area = rng.choice(city.area_codes)
        if len(area) == 2:  # London 020 and Cardiff 029: 8-digit local numbers, written 4 + 4
            local = _digits(rng, 8, "378" if area == "20" else "2")
            head, tail = local[:4], local[4:]
        else:
            local = _digits(rng, 7, "234")
            head, tail = local[:3], local[3:]
        forms = [f"0{area} {head} {tail}", f"+44 {area} {head} {tail}", f"+44{area}{local}", f"(0{area}) {head} {tail}",
                 f"+44 (0){area} {head} {tail}"]
        prefix, rest = area, local
    if bare_ok:
        forms.append(f"0{prefix}{rest}")
    return rng.choice(forms)


def _de_phone(rng, city, bare_ok):
    """A German mobile (015x, 016x, 017x) or a fixed line under the city's Vorwahl."""
    if rng.random() < 0.45:
        prefix = rng.choice(("151", "152", "157", "159", "160", "162", "163", "170", "171", "172", "173",
                             "174", "175", "176", "177", "178", "179"))
        local = _digits(rng, 8 if prefix[:2] == "15" or prefix in ("176", "177", "178", "179", "163") else 7,
                        "123456789")
    else:
        prefix = rng.choice(city.area_codes)
        local = _digits(rng, rng.choice((7, 8)) if len(prefix) == 2 else rng.choice((6, 7)), "2345689")
    forms = [f"0{prefix} {local}", f"0{prefix}/{local}", f"0{prefix}-{local}", f"(0{prefix}) {local}",
             f"+49 {prefix} {local}", f"+49 (0){prefix} {local}", f"+49{prefix}{local}", f"0049 {prefix} {local}",
             f"0{prefix} {local[:-4]} {local[-4:]}"]
    if bare_ok:
        forms.append(f"0{prefix}{local}")
    return rng.choice(forms)


def _fr_phone(rng, city, bare_ok):
    """A French mobile (06, 07) or a fixed line of the city's zone (01-05), in pairs."""
    if rng.random() < 0.45:
        zone = rng.choice(("6", "7"))
        rest = (rng.choice("0124578") + _digits(rng, 7)) if zone == "6" else (rng.choice("3456789") + _digits(rng, 7))
    else:
        zone, rest = city.area_codes[0], _digits(rng, 8, "1234578")  # 0262 and 0590 are overseas
    pairs = [rest[i:i + 2] for i in range(0, 8, 2)]
    forms = [f"0{zone} " + " ".join(pairs), f"0{zone}." + ".".join(pairs), f"0{zone}-" + "-".join(pairs),
             f"+33 {zone} " + " ".join(pairs), f"+33{zone}{rest}", f"+33 (0){zone} " + " ".join(pairs),
             f"0033 {zone} " + " ".join(pairs)]
    if bare_ok:
        forms.append(f"0{zone}{rest}")
    return rng.choice(forms)


def _br_phone(rng, city, bare_ok):
    """A Brazilian mobile (9 digits starting 9) or fixed line (8 digits) under the city's DDD."""
    ddd = city.area_codes[0]
    if rng.random() < 0.6:
        local = "9" + rng.choice("6789") + _digits(rng, 7)
        head, tail = local[:5], local[5:]
    else:
        local = _digits(rng, 8, "2345")
        head, tail = local[:4], local[4:]
    forms = [f"({ddd}) {head}-{tail}", f"{ddd} {head}-{tail}", f"+55 {ddd} {head}-{tail}", f"+55{ddd}{local}",
             f"+55 ({ddd}) {head}-{tail}", f"({ddd}) {head} {tail}", f"0{ddd} {head}-{tail}"]
    if bare_ok:
        forms.append(f"{ddd}{local}")
    return rng.choice(forms)


def _in_phone(rng, city, bare_ok):
    """An Indian mobile (10 digits starting 6-9) or a fixed line under the city's STD code."""
    if rng.random() < 0.7:
        local = _digits(rng, 10, "6789")
        forms = [f"{local[:5]} {local[5:]}", f"0{local[:5]} {local[5:]}", f"+91-{local[:5]}-{local[5:]}",
                 f"+91 {local[:5]} {local[5:]}", f"+91{local}", f"+91 {local}"]
        bare = local
    else:
        std = city.area_codes[0]
        local = _digits(rng, 8, "2346")
        forms = [f"0{std} {local[:4]} {local[4:]}", f"0{std}-{local}", f"+91 {std} {local[:4]} {local[4:]}",
                 f"+91-{std}-{local}", f"(0{std}) {local}"]
        bare = f"0{std}{local}"
    if bare_ok:
        forms.append(bare)
    return rng.choice(forms)


_PHONES = {"US": _us_phone, "GB": _gb_phone, "DE": _de_phone, "FR": _fr_phone, "BR": _br_phone, "IN": _in_phone}


def phone(rng, locale, city=None, bare_ok=False):
    """A phone number of the locale, national or international; bare digit strings only when `bare_ok`."""
    return _PHONES[locale.code](rng, city or rng.choice(locale.cities), bare_ok)


# MARK: Payment cards and SSNs

def luhn_digit(payload):
    """The Luhn check digit that completes `payload` (a digit string)."""
    total = 0
    for i, c in enumerate(reversed(payload)):
        d = int(c)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number):
    """Whether a digit string passes the Luhn check."""
    return luhn_digit(number[:-1]) == number[-1]


def card_number(rng):
    """Digits of a Luhn-valid Visa, Mastercard, Amex or Discover number (no separators)."""
    brand = rng.choices(("visa", "mc", "amex", "discover"), (45, 30, 15, 10))[0]
    if brand == "visa":
        prefix, length = "4", 16
    elif brand == "mc":
        prefix, length = rng.choice((str(rng.randint(51, 55)), str(rng.randint(2221, 2720)))), 16
    elif brand == "amex":
        prefix, length = rng.choice(("34", "37")), 15
    else:
        prefix, length = rng.choice(("6011", "65")), 16
    payload = prefix + _digits(rng, length - len(prefix) - 1)
    return payload + luhn_digit(payload)


def group_card(digits, separator):
    """A card number grouped the way it is printed (4-6-5 for 15 digits, else fours)."""
    if len(digits) == 15:
        groups = [digits[:4], digits[4:10], digits[10:]]
    else:
        groups = [digits[i:i + 4] for i in range(0, len(digits), 4)]
    return separator.join(groups)


def credit_card(rng):
    """A Luhn-valid card number, grouped with spaces or dashes, or compact."""
    return group_card(card_number(rng), rng.choice((" ", " ", "-", "")))


def ssn_digits(rng):
    """Nine digits of a US SSN that the SSA could issue (no 000, 666 or 9xx area; no 00 group; no 0000 serial)."""
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            digits = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
            if digits not in ("078051120", "123456789") and len(set(digits)) > 1:
                return digits


def ssn(rng, separator=None):
    """A US SSN with dashes or spaces (or `separator`, which may be '' for the bare nine digits)."""
    digits = ssn_digits(rng)
    sep = rng.choice(("-", "-", "-", " ")) if separator is None else separator
    return f"{digits[:3]}{sep}{digits[3:5]}{sep}{digits[5:]}"


# MARK: IBAN

def _iban_number(text):
    """Letters of an IBAN as numbers (A=10 ... Z=35), for mod 97."""
    return int("".join(str(int(c, 36)) for c in text))


def iban_check_digits(country, bban):
    """The two check digits of an IBAN (ISO 13616, mod 97)."""
    return f"{98 - _iban_number(bban + country + '00') % 97:02d}"


def iban_valid(compact):
    """Whether a compact IBAN passes mod 97."""
    return _iban_number(compact[4:] + compact[:4]) % 97 == 1


def _es_check(digits, weights=(1, 2, 4, 8, 5, 10, 9, 7, 3, 6)):
    """One of the two Spanish account control digits (CCC)."""
    d = 11 - sum(int(c) * w for c, w in zip(digits, weights)) % 11
    return str({11: 0, 10: 1}.get(d, d))


def _bban(rng, country):
    """A national account number of the country, with its national check where one is cheap to compute."""
    if country == "DE":
        return rng.choice(("37040044", "10070000", "50010517", "20041133", "70150000", "60050101")) + _digits(rng, 10)
    if country == "GB":
        return rng.choice(("NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA")) + _digits(rng, 6) + _digits(rng, 8)
    if country == "FR":
        bank, branch = rng.choice(("30004", "30003", "30002", "20041", "10278")), _digits(rng, 5)
        account = _digits(rng, 11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
        return f"{bank}{branch}{account}{key:02d}"
    if country == "ES":
        bank, branch, account = rng.choice(("2100", "0049", "0182", "2085", "0081")), _digits(rng, 4), _digits(rng, 10)
        return bank + branch + _es_check("00" + bank + branch) + _es_check(account) + account
    if country == "NL":
        return rng.choice(("ABNA", "INGB", "RABO", "TRIO", "SNSB")) + _digits(rng, 10)
    bank = rng.choice(("00000000", "00360305", "60701190", "60746948", "90400888"))
    return bank + _digits(rng, 5) + _digits(rng, 10) + rng.choice("CP") + rng.choice("123")


IBAN_COUNTRIES = ("DE", "GB", "FR", "ES", "NL", "BR")


def iban_compact(rng, country=None):
    """A valid IBAN without spaces."""
    country = country or rng.choice(IBAN_COUNTRIES)
    bban = _bban(rng, country)
    return country + iban_check_digits(country, bban) + bban


def group_iban(compact):
    """An IBAN in its print form: groups of four separated by spaces."""
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def iban(rng, country=None):
    """A valid IBAN, grouped by four with spaces (the print form) or compact."""
    compact = iban_compact(rng, country)
    return group_iban(compact) if rng.random() < 0.55 else compact


# MARK: Network addresses

def ipv4(rng):
    """An IPv4 address: documentation, private or public-looking ranges."""
    roll = rng.random()
    if roll < 0.25:
        prefix = rng.choice(("192.0.2", "198.51.100", "203.0.113"))
        return f"{prefix}.{rng.randint(1, 254)}"
    if roll < 0.5:
        return rng.choice((f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                           f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"))
    first = rng.choice([n for n in range(1, 224) if n not in (10, 127)])
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def ipv6(rng):
    """An IPv6 address, fully written out or compressed, lower or upper case."""
    prefix = rng.choice((0x20010DB8, 0x2A020000 | rng.getrandbits(16), 0x26001000 | rng.getrandbits(12),
                         0xFE800000, 0x24010000 | rng.getrandbits(16)))
    groups = [rng.getrandbits(16) for _ in range(6)]
    if prefix == 0xFE800000:
        groups[0] = groups[1] = 0
    elif rng.random() < 0.6:
        start = rng.randint(0, 3)
        for i in range(start, start + rng.randint(1, 3)):
            groups[i] = 0
    value = prefix << 96
    for i, g in enumerate(groups):
        value |= g << (16 * (5 - i))
    address = ipaddress.IPv6Address(value)
    text = address.exploded if rng.random() < 0.3 else address.compressed
    return text.upper() if rng.random() < 0.15 else text


# MARK: Ethereum

_SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def ethereum_address(rng):
    """0x and 40 hex digits: EIP-55 mixed case, all lower case or all upper case."""
    digits = f"{rng.getrandbits(160):040x}"
    roll = rng.random()
    if roll < 0.6:
        return keccak.eip55(digits)
    return "0x" + (digits if roll < 0.85 else digits.upper())


def ethereum_private_key(rng, prefixed=None):
    """A secp256k1 private key as 64 hex digits, with or without 0x."""
    key = 0
    while not 0 < key < _SECP256K1_ORDER:
        key = rng.getrandbits(256)
    text = f"{key:064x}"
    if rng.random() < 0.08:
        text = text.upper()
    with_prefix = rng.random() < 0.4 if prefixed is None else prefixed
    return "0x" + text if with_prefix else text
