"""Validators that prove the corpus's labels.

Each labelled span must be what its label says, and the text left unlabelled must hold nothing that
looks like personal data.
"""

import ipaddress
import re

import keccak
import negatives
import positives

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_SSN = re.compile(r"(\d{3})([- ]?)(\d{2})\2(\d{4})")
_MAC = re.compile(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}")
_VERSION = re.compile(r"v?\d+(\.\d+){2,3}([-+][\w.]+)?")
_ORDER = re.compile(r"ORD-\d{4}-\d{6}|#\d{9}|(PO )?\d{10}|INV-\d{4}-\d{5}|SO\d{6}|A\d{2}-\d{7}")
_POSTCODE = re.compile(r"\d{5}(-\d{4})?|[A-Z]{1,2}\d[A-Z0-9]? \d[A-Z]{2}|\d{5}-?\d{3}|\d{3} ?\d{3}")
_DATE = re.compile(r"[\dA-Za-z:./ +\-]+")


def _digits(text):
    """The digits of `text`."""
    return "".join(c for c in text if c.isdigit())


def _ssn_ok(text):
    """Whether `text` is an issuable SSN, with dashes, spaces or no separators."""
    match = _SSN.fullmatch(text)
    if not match:
        return False
    area, group, serial = int(match.group(1)), int(match.group(3)), int(match.group(4))
    return 0 < area < 900 and area != 666 and group > 0 and serial > 0


def _ipv4_ok(text):
    """Whether `text` parses as an IPv4 address."""
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv4Address)
    except ValueError:
        return False


def _ipv6_ok(text):
    """Whether `text` parses as an IPv6 address."""
    try:
        return isinstance(ipaddress.ip_address(text), ipaddress.IPv6Address)
    except ValueError:
        return False


def _address_ok(text):
    """Whether `text` is 0x and 40 hex digits, all lower, all upper or EIP-55 mixed case."""
    if not re.fullmatch(r"0x[0-9a-fA-F]{40}", text):
        return False
    body = text[2:]
    return body in (body.lower(), body.upper()) or keccak.eip55(body) == text


def _iban_shape(text):
    """The compact form of an IBAN-shaped `text`, or None."""
    compact = text.replace(" ", "")
    return compact if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact) else None


def _ups_ok(text):
    """Whether `text` is a UPS 1Z number with a correct check digit."""
    return bool(re.fullmatch(r"1Z[0-9A-Z]{16}", text)) and negatives._ups_check_digit(text[2:-1]) == text[-1]


def _card_shape(text):
    """Whether `text` is grouped like a card number (4-4-4-4, 4-6-5) or is 13 to 19 bare digits."""
    return bool(re.fullmatch(r"\d{4}([ -]?)\d{4,6}(\1\d{4,5}){1,2}|\d{13,19}", text))


VALIDATORS = {
    "email": lambda t: bool(_EMAIL.fullmatch(t)),
    "phone": lambda t: bool(re.fullmatch(r"\+?[\d ()./-]+", t)) and 9 <= len(_digits(t)) <= 15,
    "credit_card": lambda t: _card_shape(t) and 13 <= len(_digits(t)) <= 19 and positives.luhn_valid(_digits(t)),
    "ssn": _ssn_ok,
    "iban": lambda t: _iban_shape(t) is not None and positives.iban_valid(_iban_shape(t)),
    "ipv4": _ipv4_ok,
    "ipv6": lambda t: ":" in t and _ipv6_ok(t),
    "ethereum_address": _address_ok,
    "ethereum_private_key": lambda t: bool(re.fullmatch(r"(0x)?[0-9a-fA-F]{64}", t)),
    "hex64_digest": lambda t: bool(re.fullmatch(r"[0-9a-fA-F]{64}", t)),
    "hex40_commit": lambda t: bool(re.fullmatch(r"[0-9a-f]{40}", t)),
    "date_time": lambda t: bool(_DATE.fullmatch(t)) and len(_digits(t)) >= 4,
    "version_string": lambda t: bool(_VERSION.fullmatch(t)),
    "luhn_fail_card": lambda t: _card_shape(t) and not positives.luhn_valid(_digits(t)),
    "bad_iban": lambda t: _iban_shape(t) is not None and not positives.iban_valid(_iban_shape(t)),
    "masked_card": lambda t: bool(re.fullmatch(r"[\d *Xx•-]+", t)) and t[-4:].isdigit() and any(c in t for c in "*Xx•"),
    "mac_address": lambda t: bool(_MAC.fullmatch(t)),
    "ups_tracking": _ups_ok,
    "price": lambda t: any(c.isdigit() for c in t) and bool(re.search(r"[€$£₹]|EUR|USD|GBP|INR|Rs\.|\d[.,]\d\d$", t)),
    "postal_code": lambda t: bool(_POSTCODE.fullmatch(t)),
    "order_ref": lambda t: bool(_ORDER.fullmatch(t)),
    "phone_like_id": lambda t: bool(re.fullmatch(r"\d{10,12}", t)),
}

# Patterns of personal data that must not occur in unlabelled text, with a validity test for each match.
_UNLABELLED = (
    ("email", _EMAIL, lambda t: True),
    ("long hex run", re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{40,}"), lambda t: True),
    ("ipv4", re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])"), _ipv4_ok),
    ("card", re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])"), lambda t: positives.luhn_valid(_digits(t))),
    ("iban", re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?"),
     lambda t: positives.iban_valid(t.replace(" ", ""))),
    ("ssn", re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)"), lambda t: True),
    ("ipv6", re.compile(r"(?<![\w:])[0-9A-Fa-f:]*::?[0-9A-Fa-f:]+(?![\w:])"), lambda t: ":" in t and _ipv6_ok(t)),
    ("phone", re.compile(r"\+\d[\d ()/.-]{7,}\d"), lambda t: True),
    ("phone", re.compile(r"(?<![\w.-])(?:\(\d{3}\) ?|\d{3}[.-])\d{3}[.-]\d{4}(?![\w-])"), lambda t: True),
    ("phone", re.compile(r"(?<![\w.-])0\d(?:([ .-])\d{2})(?:\1\d{2}){3}(?![\w-])"), lambda t: True),
)


def label_problem(text, name):
    """Why `text` is not a valid instance of kind or class `name`, or None when it is."""
    validate = VALIDATORS.get(name)
    if validate is None:
        return f"unknown label {name!r}"
    if not validate(text):
        return f"text is not a valid {name}"
    return None


def boundary_problem(value, start, end):
    """Why a span does not stand alone in its field (a letter or digit glued to either end), or None."""
    before = value[start - 1] if start > 0 else " "
    after = value[end] if end < len(value) else " "
    if before.isalnum() or after.isalnum():
        return "span is glued to a letter or digit"
    return None


def unlabelled_problems(value, spans):
    """Descriptions of personal-data look-alikes in the parts of `value` outside the labelled spans."""
    masked = list(value)
    for start, end in spans:
        masked[start:end] = "\x00" * (end - start)
    rest = "".join(masked)
    return [f"unlabelled {name} at {m.start()}" for name, pattern, valid in _UNLABELLED
            for m in pattern.finditer(rest) if valid(m.group())]
