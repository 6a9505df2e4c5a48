"""A field's text with its labelled spans, and the context that fills sentence templates.

Offsets are Python string indices, that is Unicode code points, counted as the text is appended, so a
label is exact by construction; corpus.py --check re-reads the CSV files to prove it.
"""

import re
from dataclasses import dataclass

import negatives
import positives

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Span:
    """A labelled span: `label` is ('kind', name) for personal data or ('negative', class) for a look-alike."""

    start: int
    end: int
    label: tuple


class Field:
    """Text being built piece by piece, with the spans of its labelled pieces."""

    def __init__(self, text="", label=None):
        """A field, optionally starting with `text` (labelled with `label`)."""
        self._parts = []
        self._length = 0
        self.spans = []
        if text:
            self.add(text, label)

    def add(self, text, label=None):
        """Appends `text`, labelled with ('kind', ...) or ('negative', ...) when `label` is given."""
        if label is not None and text:
            self.spans.append(Span(self._length, self._length + len(text), label))
        self._parts.append(text)
        self._length += len(text)
        return self

    @property
    def text(self):
        """The field's text so far."""
        return "".join(self._parts)


def kind(name):
    """The label of a positive of kind `name`."""
    return ("kind", name)


def negative(name):
    """The label of a planted look-alike of class `name`."""
    return ("negative", name)


_STREETS = {
    "US": ("{n} Market St", "{n} Oak Avenue", "{n} W 34th St", "{n} Sunset Blvd, Apt {m}"),
    "GB": ("{n} High Street", "221B Baker Street", "Flat {m}, {n} Victoria Road", "{n} Church Lane"),
    "DE": ("Hauptstraße {n}", "Schillerstr. {n}a", "Am Markt {m}", "Königsallee {n}"),
    "FR": ("{n} rue de la Paix", "{n}, avenue Victor-Hugo", "{m} bis rue Lafayette", "{n} boulevard Saint-Germain"),
    "BR": ("Rua Augusta, {n}", "Av. Paulista, {n} - apto {m}", "Rua das Flores, {n}", "Travessa São João, {m}"),
    "IN": ("Flat {m}, MG Road", "{n}/{m} Nehru Nagar", "Plot {n}, Sector {m}", "{m}, Linking Road, Bandra West"),
}
_FILES = ("invoice_2024.pdf", "setup-x64.exe", "backup.tar.gz", "keystore.json", "Rechnung.pdf", "relatório.xlsx",
          "export.csv", "firmware.bin", "photo.jpg", "contrat signé.pdf", "app-release.apk", "wallet-backup.zip")
_DATE_ONLY = ("iso_date", "de_date", "dash_date", "us_date", "eu_date", "compact_date")


class Context:
    """One record's person, place and randomness, from which template slots are filled."""

    def __init__(self, rng, locale):
        """A record in `locale`, with a person and a city drawn from `rng`."""
        self.rng = rng
        self.locale = locale
        self.city = rng.choice(locale.cities)
        self.first = rng.choice(locale.first_names)
        self.last = rng.choice(locale.last_names)

    @property
    def name(self):
        """The person's full name."""
        return f"{self.first} {self.last}"

    def iban_country(self):
        """The person's IBAN country: their own where it has IBANs, else one of the others."""
        return self.locale.code if self.locale.code in positives.IBAN_COUNTRIES else self.rng.choice(positives.IBAN_COUNTRIES)

    def date(self):
        """A date without time, in one of the date-only formats."""
        return negatives.date_time(self.rng, self.rng.choice(_DATE_ONLY))

    def street(self):
        """A street address of the locale (house numbers are small and unlabelled)."""
        template = self.rng.choice(_STREETS[self.locale.code])
        highest = 2400 if self.locale.code in ("US", "BR") else 250
        return template.format(n=self.rng.randint(1, highest), m=self.rng.randint(1, 60))

    def fill(self, field, template, shout=None):
        """Appends `template` with its slots filled; literal text may be upper- or lower-cased as a whole."""
        shout = shout if shout is not None else self.rng.choices(("as is", "upper", "lower"), (90, 4, 6))[0]
        position = 0
        for match in _SLOT.finditer(template):
            field.add(_cased(template[position:match.start()], shout))
            self.slot(match.group(1), field)
            position = match.end()
        field.add(_cased(template[position:], shout))
        return field

    def slot(self, name, field):
        """Appends the value of slot `name`, with its label; `{ip}` is IPv4 four times in five, else IPv6."""
        if name == "ip":
            name = self.rng.choice(("ipv4", "ipv4", "ipv4", "ipv4", "ipv6"))
        label, make = SLOTS[name]
        field.add(make(self), label)


def _cased(text, shout):
    """`text` upper- or lower-cased, or as it is."""
    return text.upper() if shout == "upper" else text.lower() if shout == "lower" else text


SLOTS = {
    # personal data and secrets
    "email": (kind("email"), lambda c: positives.email(c.rng, c.locale, c.first, c.last) if c.rng.random() < 0.7
              else positives.email(c.rng, c.locale)),
    "phone": (kind("phone"), lambda c: positives.phone(c.rng, c.locale, c.city)),
    "phone_bare": (kind("phone"), lambda c: positives.phone(c.rng, c.locale, c.city, bare_ok=c.rng.random() < 0.5)),
    "card": (kind("credit_card"), lambda c: positives.credit_card(c.rng)),
    "ssn": (kind("ssn"), lambda c: positives.ssn(c.rng)),
    "ssn_bare": (kind("ssn"), lambda c: positives.ssn(c.rng, "")),
    "iban": (kind("iban"), lambda c: positives.iban(c.rng, c.iban_country())),
    "ipv4": (kind("ipv4"), lambda c: positives.ipv4(c.rng)),
    "ipv6": (kind("ipv6"), lambda c: positives.ipv6(c.rng)),
    "eth": (kind("ethereum_address"), lambda c: positives.ethereum_address(c.rng)),
    "key": (kind("ethereum_private_key"), lambda c: positives.ethereum_private_key(c.rng)),
    # look-alikes
    "digest": (negative("hex64_digest"), lambda c: negatives.hex64_digest(c.rng)),
    "commit": (negative("hex40_commit"), lambda c: negatives.hex40_commit(c.rng)),
    "date": (negative("date_time"), lambda c: c.date()),
    "datetime": (negative("date_time"), lambda c: negatives.date_time(c.rng)),
    "ts": (negative("date_time"), lambda c: negatives.date_time(c.rng, c.rng.choice(("unix_ms", "unix_s")))),
    "expiry": (negative("date_time"), lambda c: f"{c.rng.randint(1, 12):02d}/{c.rng.randint(25, 31)}"),
    "version": (negative("version_string"), lambda c: negatives.version_string(c.rng)),
    "badcard": (negative("luhn_fail_card"), lambda c: negatives.luhn_fail_card(c.rng)),
    "badiban": (negative("bad_iban"), lambda c: negatives.bad_iban(c.rng)),
    "masked": (negative("masked_card"), lambda c: negatives.masked_card(c.rng)),
    "mac": (negative("mac_address"), lambda c: negatives.mac_address(c.rng)),
    "ups": (negative("ups_tracking"), lambda c: negatives.ups_tracking(c.rng)),
    "price": (negative("price"), lambda c: negatives.price(c.rng)),
    "postcode": (negative("postal_code"), lambda c: negatives.postal_code(c.rng, c.locale, c.city)),
    "order": (negative("order_ref"), lambda c: negatives.order_ref(c.rng)),
    "idnum": (negative("phone_like_id"), lambda c: negatives.phone_like_id(c.rng)),
    # neither
    "name": (None, lambda c: c.name),
    "first": (None, lambda c: c.first),
    "city": (None, lambda c: c.city.name),
    "street": (None, lambda c: c.street()),
    "file": (None, lambda c: c.rng.choice(_FILES)),
    "port": (None, lambda c: str(c.rng.choice((443, 8443, 22, 5432, c.rng.randint(1024, 65535))))),
}
