"""Generators of hard negatives: look-alikes of the kinds in positives.py that are not personal data.

Each returns the text of one planted look-alike; the whole string is the labelled span, and its class is
the function's entry in CLASSES.
"""

import datetime

import positives

CLASSES = ("hex64_digest", "hex40_commit", "date_time", "version_string", "luhn_fail_card", "bad_iban",
           "masked_card", "mac_address", "ups_tracking", "price", "postal_code", "order_ref", "phone_like_id")

_NARROW_NBSP, _NBSP = "\u202f", "\u00a0"
_EPOCH = datetime.datetime(2019, 1, 1, tzinfo=datetime.timezone.utc)


def hex64_digest(rng):
    """A SHA-256 digest in hex, usually lower case."""
    text = f"{rng.getrandbits(256):064x}"
    return text.upper() if rng.random() < 0.1 else text


def hex40_commit(rng):
    """A git commit id: 40 lower-case hex digits."""
    return f"{rng.getrandbits(160):040x}"


def moment(rng, start=_EPOCH, years=6):
    """A random moment in the `years` after `start` (by default 2019 to 2025), UTC."""
    return start + datetime.timedelta(seconds=rng.randint(0, years * 365 * 86400), microseconds=rng.randint(0, 999) * 1000)


def birth_date(rng):
    """A date of birth between 1940 and 2006, in one of the date-only formats."""
    when = moment(rng, datetime.datetime(1940, 1, 1, tzinfo=datetime.timezone.utc), 66)
    return when.strftime(_DATE_FORMATS[rng.choice(("iso_date", "de_date", "us_date", "eu_date", "dash_date"))])


_DATE_FORMATS = {
    "iso_date": "%Y-%m-%d", "de_date": "%d.%m.%Y", "us_datetime": "%m/%d/%Y %H:%M:%S", "iso_z": "%Y-%m-%dT%H:%M:%SZ",
    "compact": "%Y%m%d %H%M%S", "eu_minutes": "%d/%m/%Y %H:%M", "de_minutes": "%d.%m.%Y %H:%M", "dash_date": "%d-%m-%Y",
    "slash_ymd": "%Y/%m/%d %H:%M", "iso_space": "%Y-%m-%d %H:%M:%S", "us_date": "%m/%d/%Y", "eu_date": "%d/%m/%Y",
    "log": "%d/%b/%Y:%H:%M:%S +0000", "compact_date": "%Y%m%d",
}


def date_time(rng, style=None):
    """A date or time stamp in one of many formats, including Unix seconds and milliseconds."""
    when = moment(rng)
    style = style or rng.choice(tuple(_DATE_FORMATS) + ("unix_ms", "unix_s", "iso_offset", "us_12h"))
    if style == "unix_ms":
        return str(int(when.timestamp() * 1000))
    if style == "unix_s":
        return str(int(when.timestamp()))
    if style == "iso_offset":
        local = when.astimezone(datetime.timezone(datetime.timedelta(hours=rng.choice((-5, 1, 2, 5.5, -3)))))
        return local.isoformat(timespec="milliseconds")
    if style == "us_12h":
        return f"{when.month}/{when.day}/{when.year} {when.hour % 12 or 12}:{when.minute:02d} {'AM' if when.hour < 12 else 'PM'}"
    return when.strftime(_DATE_FORMATS[style])


def version_string(rng):
    """A dotted version number, often four parts that would also parse as an IPv4 address."""
    parts = [rng.randint(0, 24), rng.randint(0, 20), rng.randint(0, 12), rng.choice((rng.randint(0, 255), rng.randint(0, 9999)))]
    roll = rng.random()
    if roll < 0.5:
        return ".".join(map(str, parts))
    if roll < 0.65:
        return ".".join(map(str, parts)) + rng.choice(("-beta", "-rc1", "-alpha.2", "+build.7"))
    if roll < 0.8:
        return "v" + ".".join(map(str, parts))
    return ".".join(map(str, parts[:3]))


def luhn_fail_card(rng):
    """A card-shaped number with an issuer prefix that fails the Luhn check, grouped or compact."""
    digits = positives.card_number(rng)
    wrong = rng.choice([d for d in "0123456789" if d != digits[-1]])
    return positives.group_card(digits[:-1] + wrong, rng.choice((" ", "-", "")))


def bad_iban(rng):
    """An IBAN-shaped string whose mod-97 check fails (a typo in the check digits or the account)."""
    compact = positives.iban_compact(rng)
    while positives.iban_valid(compact):
        if rng.random() < 0.5:
            compact = compact[:2] + f"{rng.randint(2, 98):02d}" + compact[4:]
        else:
            i = rng.randint(len(compact) - 10, len(compact) - 1)
            if compact[i].isdigit():
                compact = compact[:i] + str((int(compact[i]) + rng.randint(1, 9)) % 10) + compact[i + 1:]
    return positives.group_iban(compact) if rng.random() < 0.55 else compact


def masked_card(rng, digits=None):
    """A card number (`digits`, or a random one) with all but a few digits masked."""
    digits = digits or positives.card_number(rng)
    last = digits[-4:]
    return rng.choice((f"**** **** **** {last}", f"{digits[:4]} XXXX XXXX {last}", f"{digits[:6]}******{last}",
                       f"XXXX-XXXX-XXXX-{last}", f"•••• {last}", f"{digits[:4]} **** **** {last}",
                       f"xxxxxxxxxxxx{last}"))


def mac_address(rng):
    """A MAC address in colon, dash or Cisco dotted notation."""
    octets = [rng.getrandbits(8) & 0xFE] + [rng.getrandbits(8) for _ in range(5)]
    text = "".join(f"{o:02x}" for o in octets)
    style = rng.randint(0, 4)
    if style == 0:
        return ":".join(text[i:i + 2] for i in range(0, 12, 2)).upper()
    if style == 1:
        return ":".join(text[i:i + 2] for i in range(0, 12, 2))
    if style == 2:
        return "-".join(text[i:i + 2] for i in range(0, 12, 2)).upper()
    if style == 3:
        return "-".join(text[i:i + 2] for i in range(0, 12, 2))
    return ".".join(text[i:i + 4] for i in range(0, 12, 4))


def _ups_check_digit(body):
    """UPS's check digit over the 15 characters after '1Z' (letters count as (ord - 63) mod 10)."""
    values = [int(c) if c.isdigit() else (ord(c) - 63) % 10 for c in body]
    total = sum(v if i % 2 == 0 else 2 * v for i, v in enumerate(values))
    return str((10 - total % 10) % 10)


def ups_tracking(rng):
    """A UPS tracking number: 1Z, shipper, service, package and check digit."""
    shipper = "".join(rng.choice("0123456789ABCDEFGHJKLMNPRSTUVWXY") for _ in range(6))
    body = shipper + rng.choice(("01", "02", "03", "12", "13", "42", "66")) + "".join(rng.choice("0123456789") for _ in range(7))
    return "1Z" + body + _ups_check_digit(body)


def _grouped(value, separator, indian=False):
    """An integer with thousands separators (Indian lakh grouping when `indian`)."""
    text = str(value)
    if indian and len(text) > 3:
        head, tail = text[:-3], text[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        return separator.join(([head] if head else []) + groups + [tail])
    return f"{value:,}".replace(",", separator)


def amount(rng):
    """A random amount as (whole units, cents)."""
    return rng.choice((rng.randint(1, 99), rng.randint(100, 9999), rng.randint(10000, 999999))), rng.randint(0, 99)


def price(rng, currency=None, value=None):
    """An amount of money (`value` as from amount(), or a random one) written the local way."""
    whole, cents = value or amount(rng)
    cents = f"{cents:02d}"
    dotted, commas, lakhs = _grouped(whole, "."), _grouped(whole, ","), _grouped(whole, ",", indian=True)
    currency = currency or rng.choice(("EUR", "USD", "BRL", "GBP", "INR", "EUR_FR", "PLAIN"))
    forms = {
        "EUR": (f"€{dotted},{cents}", f"{dotted},{cents} €", f"EUR {dotted},{cents}"),
        "EUR_FR": (f"{_grouped(whole, _NARROW_NBSP)},{cents}{_NBSP}€", f"{_grouped(whole, ' ')},{cents} EUR"),
        "USD": (f"${commas}.{cents}", f"USD {commas}.{cents}", f"US${whole}.{cents}"),
        "GBP": (f"£{commas}.{cents}", f"GBP {whole}.{cents}"),
        "BRL": (f"R$ {dotted},{cents}", f"R${dotted},{cents}"),
        "INR": (f"₹{lakhs}.{cents}", f"Rs. {lakhs}", f"INR {whole}.{cents}"),
        "PLAIN": (f"{whole}.{cents}", f"{whole},{cents}"),
    }
    return rng.choice(forms[currency])


def postal_code(rng, locale, city=None):
    """A postcode of a city in the locale (US ZIP or ZIP+4, UK, DE, FR, Brazilian CEP, Indian PIN)."""
    city = city or rng.choice(locale.cities)
    if locale.code == "GB":
        letters = "ABDEFGHJLNPQRSTUWXYZ"
        return f"{rng.choice(city.postcodes)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
    low, high = city.postcodes
    head = rng.randint(low, high)
    if locale.code == "US":
        return f"{head:05d}-{rng.randint(1, 9999):04d}" if rng.random() < 0.35 else f"{head:05d}"
    if locale.code == "BR":
        return f"{head:05d}-{rng.randint(0, 999):03d}" if rng.random() < 0.85 else f"{head:05d}{rng.randint(0, 999):03d}"
    if locale.code == "IN":
        return f"{str(head)[:3]} {str(head)[3:]}" if rng.random() < 0.2 else str(head)
    return f"{head:05d}"


def order_ref(rng):
    """An order, invoice or purchase-order reference."""
    year = rng.randint(2019, 2025)
    return rng.choice((f"ORD-{year}-{rng.randint(1, 999999):06d}", f"#{rng.randint(100000000, 109999999)}",
                       f"{rng.randint(4500000000, 4509999999)}", f"PO {rng.randint(4500000000, 4509999999)}",
                       f"INV-{year}-{rng.randint(1, 99999):05d}",
                       f"SO{rng.randint(100000, 999999)}", f"A{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}"))


def phone_like_id(rng, length=None):
    """A numeric identifier of 10 to 12 digits (invoice, customer, UPI or FedEx numbers)."""
    length = length or rng.choice((10, 10, 11, 12))
    return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(length - 1))
