"""The corpus tables: their columns and how one record of each is made.

Column names vary between tables on purpose (`attachment_digest`, `sha256`, `checksum`; `wallet_key` holds
private keys while `key_id` holds digests), and the same kinds also appear in free text, so a detector cannot
score well on column names alone.
"""

import uuid
from dataclasses import dataclass

import negatives
import positives
import sentences
from field import Field, kind, negative

_EMPTY = ""


@dataclass(frozen=True)
class Table:
    """A CSV table: file name, columns and the function that makes one record's fields."""

    file: str
    columns: tuple
    make_row: object  # (field.Context, int) -> dict[str, Field]


def _language(ctx):
    """The language of a record's free text: mostly the locale's own, sometimes English."""
    if ctx.locale.language == "en" or ctx.rng.random() < 0.12:
        return "en"
    return ctx.locale.language


def _sentences(ctx, field, language, count):
    """Appends `count` sentences of `language`, separated by spaces or line breaks."""
    for i in range(count):
        if i:
            field.add(ctx.rng.choice((" ", " ", "\n", "\n\n", "  ")))
        ctx.fill(field, ctx.rng.choice(sentences.SENTENCES[language]))


def _date(ctx, styles):
    """A labelled timestamp in one of `styles`."""
    return Field(negatives.date_time(ctx.rng, ctx.rng.choice(styles)), negative("date_time"))


def _maybe(ctx, probability, make):
    """A field made by `make()` with the given probability, else an empty one."""
    return make() if ctx.rng.random() < probability else Field()


def _pick(ctx, slot):
    """A field holding one slot's labelled value."""
    return ctx.fill(Field(), "{" + slot + "}", shout="as is")


# MARK: tickets.csv

_LOCAL_STAMPS = {"US": ("us_datetime", "us_12h", "iso_z"), "GB": ("eu_minutes", "iso_space"),
                 "DE": ("de_minutes", "iso_space"), "FR": ("eu_minutes", "iso_offset"), "BR": ("eu_minutes", "iso_space"),
                 "IN": ("dash_date", "eu_minutes", "iso_z")}


def _ticket_body(ctx):
    """A support ticket's body: greeting, one to four sentences, often a closing with contact details."""
    language = _language(ctx)
    body = Field()
    greeting = ctx.rng.choice(sentences.GREETINGS[language])
    if greeting:
        body.add(greeting + ctx.rng.choice(("\n", " ", "\n\n")))
    _sentences(ctx, body, language, ctx.rng.choice((1, 2, 2, 3, 3, 4)))
    if ctx.rng.random() < 0.6:
        body.add(ctx.rng.choice(("\n\n", "\n", " ")))
        ctx.fill(body, ctx.rng.choice(sentences.CLOSINGS[language]), shout="as is")
    return body, language


def ticket_row(ctx, index):
    """One support ticket."""
    body, language = _ticket_body(ctx)
    return {
        "ticket_id": Field(f"TCK-{100000 + index}"),
        "created_at": _date(ctx, _LOCAL_STAMPS[ctx.locale.code]),
        "customer": Field(ctx.name),
        "locale": Field(f"{language[:2]}-{ctx.locale.code}"),
        "channel": Field(ctx.rng.choice(("email", "chat", "web", "phone", "whatsapp"))),
        "subject": ctx.fill(Field(), ctx.rng.choice(sentences.SUBJECTS[language])),
        "body": body,
        "attachment_digest": _maybe(ctx, 0.35, lambda: _pick(ctx, "digest")),
    }


# MARK: crm.csv

def _crm_iban(ctx):
    """A customer's IBAN: usually valid where the country has IBANs, sometimes mistyped, often empty."""
    roll = ctx.rng.random()
    has_iban = ctx.locale.code in positives.IBAN_COUNTRIES
    if roll < (0.7 if has_iban else 0.1):
        return Field(positives.iban(ctx.rng, ctx.iban_country()), kind("iban"))
    if roll < (0.76 if has_iban else 0.13):
        return Field(negatives.bad_iban(ctx.rng), negative("bad_iban"))
    return Field()


def _crm_ssn(ctx):
    """A US customer's SSN (dashed, spaced or bare nine digits: the column name says what it is)."""
    if ctx.locale.code != "US" or ctx.rng.random() < 0.15:
        return Field()
    return Field(positives.ssn(ctx.rng, ctx.rng.choice(("-", "-", "-", " ", "", ""))), kind("ssn"))


def crm_row(ctx, index):
    """One customer record."""
    notes = Field()
    for _ in range(ctx.rng.choice((1, 1, 2))):
        ctx.fill(notes.add(" " if notes.text else ""), ctx.rng.choice(sentences.NOTES))
    return {
        "customer_id": Field(f"C{index + 1:07d}"),
        "name": Field(ctx.name),
        "email": _maybe(ctx, 0.97, lambda: Field(positives.email(ctx.rng, ctx.locale, ctx.first, ctx.last), kind("email"))),
        "phone": Field(positives.phone(ctx.rng, ctx.locale, ctx.city, bare_ok=True), kind("phone")),
        "mobile": _maybe(ctx, 0.5, lambda: Field(positives.phone(ctx.rng, ctx.locale, ctx.city, bare_ok=True), kind("phone"))),
        "country": Field(ctx.rng.choice(ctx.locale.country_names)),
        "city": Field(ctx.city.name),
        "postcode": Field(negatives.postal_code(ctx.rng, ctx.locale, ctx.city), negative("postal_code")),
        "iban": _crm_iban(ctx),
        "ssn": _crm_ssn(ctx),
        "date_of_birth": Field(negatives.birth_date(ctx.rng), negative("date_time")),
        "loyalty_card": _maybe(ctx, 0.4, lambda: Field(negatives.luhn_fail_card(ctx.rng), negative("luhn_fail_card"))),
        "last_login_ip": _maybe(ctx, 0.95, lambda: _pick(ctx, ctx.rng.choice(("ipv4", "ipv4", "ipv4", "ipv6")))),
        "updated_at": _date(ctx, ("iso_z", "iso_space", "unix_ms", "iso_offset")),
        "notes": notes,
    }


# MARK: transactions.csv

_CURRENCIES = {"US": ("USD", "USD"), "GB": ("GBP", "GBP"), "DE": ("EUR", "EUR"), "FR": ("EUR", "EUR_FR"),
               "BR": ("BRL", "BRL"), "IN": ("INR", "INR")}
_METHODS = {"US": ("card", "card", "card", "paypal", "crypto"), "GB": ("card", "card", "paypal", "crypto"),
            "DE": ("card", "sepa", "sepa", "paypal", "crypto"), "FR": ("card", "card", "sepa", "crypto"),
            "BR": ("card", "pix", "pix", "crypto"), "IN": ("upi", "upi", "card", "crypto")}


def _user_agent(ctx):
    """A browser or app user agent; its four-part browser or app version is labelled."""
    rng = ctx.rng
    if rng.random() < 0.25:
        return Field("Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                     "Version/17.2 Mobile/15E148 Safari/604.1")
    chrome = f"{rng.randint(110, 131)}.0.{rng.randint(5000, 6800)}.{rng.randint(1, 220)}"
    prefix, version, suffix = rng.choice((
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/", chrome, " Safari/537.36"),
        ("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/", chrome,
         " Mobile Safari/537.36"),
        ("MeritShop/", negatives.version_string(rng), f" (Android {rng.randint(10, 14)}; Pixel {rng.randint(4, 8)})"),
        ("MeritShop/", negatives.version_string(rng), " (iPhone; iOS 17.2; Scale/3.00)"),
    ))
    return Field(prefix).add(version, negative("version_string")).add(suffix)


def _tracking(ctx):
    """A tracking number: UPS (labelled ups_tracking), or FedEx and DHL digits (labelled phone_like_id)."""
    roll = ctx.rng.random()
    if roll < 0.5:
        return Field(negatives.ups_tracking(ctx.rng), negative("ups_tracking"))
    if roll < 0.7:
        return Field(negatives.phone_like_id(ctx.rng, ctx.rng.choice((10, 12))), negative("phone_like_id"))
    return Field()


def _payment_fields(ctx, method):
    """Card, wallet and key columns, filled according to the payment method."""
    out = {"card_number": Field(), "card_masked": Field(), "wallet": Field(), "wallet_key": Field()}
    if method == "card":
        digits = positives.card_number(ctx.rng)
        if ctx.rng.random() < 0.8:
            out["card_number"] = Field(positives.group_card(digits, ctx.rng.choice((" ", "-", ""))), kind("credit_card"))
        out["card_masked"] = Field(negatives.masked_card(ctx.rng, digits), negative("masked_card"))
    elif method == "crypto":
        out["wallet"] = _pick(ctx, "eth")
        out["wallet_key"] = _maybe(ctx, 0.3, lambda: _pick(ctx, "key"))
    return out


def transaction_row(ctx, index):
    """One payment."""
    currency, style = _CURRENCIES[ctx.locale.code]
    method = ctx.rng.choice(_METHODS[ctx.locale.code])
    value = negatives.amount(ctx.rng)
    row = {
        "txn_id": Field(f"txn_{uuid.UUID(int=ctx.rng.getrandbits(128)).hex[:20]}"),
        "timestamp": _date(ctx, ("iso_z", "unix_ms", "iso_offset", "iso_space")),
        "amount": Field(f"{value[0]}.{value[1]:02d}", negative("price")),
        "currency": Field("ETH" if method == "crypto" else currency),
        "method": Field(method),
        "display_amount": Field(negatives.price(ctx.rng, style, value), negative("price")),
        "ip": _pick(ctx, ctx.rng.choice(("ipv4", "ipv4", "ipv6"))),
        "device_mac": _maybe(ctx, 0.6, lambda: _pick(ctx, "mac")),
        "sha256": _maybe(ctx, 0.6, lambda: _pick(ctx, "digest")),
        "commit": _maybe(ctx, 0.5, lambda: _pick(ctx, "commit")),
        "tracking": _tracking(ctx),
        "order_ref": _pick(ctx, "order"),
        "app_version": _pick(ctx, "version"),
        "user_agent": _user_agent(ctx),
        "invoice_no": Field(negatives.phone_like_id(ctx.rng), negative("phone_like_id")),
        "memo": ctx.fill(Field(), ctx.rng.choice(sentences.MEMOS)),
    }
    row.update(_payment_fields(ctx, method))
    return row


# MARK: events.csv

def event_row(ctx, index):
    """One log event."""
    message = ctx.fill(Field(), ctx.rng.choice(sentences.LOG_LINES), shout="as is")
    if ctx.rng.random() < 0.15:
        ctx.fill(message.add(" | "), ctx.rng.choice(sentences.LOG_LINES), shout="as is")
    return {
        "event_id": Field(str(uuid.UUID(int=ctx.rng.getrandbits(128), version=4))),
        "ts": _date(ctx, ("iso_z", "unix_ms", "log", "iso_offset")),
        "host": Field(f"{ctx.rng.choice(('api', 'web', 'worker', 'db', 'edge'))}-{ctx.rng.randint(1, 40)}."
                      f"{ctx.rng.choice(('eu-west', 'us-east', 'sa-east', 'ap-south'))}.internal"),
        "level": Field(ctx.rng.choice(("INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"))),
        "source_ip": _pick(ctx, ctx.rng.choice(("ipv4", "ipv4", "ipv6"))),
        "mac": _maybe(ctx, 0.7, lambda: _pick(ctx, "mac")),
        "build": _pick(ctx, "version"),
        "checksum": _maybe(ctx, 0.7, lambda: _pick(ctx, "digest")),
        "key_id": _maybe(ctx, 0.5, lambda: _pick(ctx, "digest")),
        "message": message,
    }


TABLES = (
    Table("tickets.csv", ("ticket_id", "created_at", "customer", "locale", "channel", "subject", "body", "attachment_digest"),
          ticket_row),
    Table("crm.csv", ("customer_id", "name", "email", "phone", "mobile", "country", "city", "postcode", "iban", "ssn",
                      "date_of_birth", "loyalty_card", "last_login_ip", "updated_at", "notes"), crm_row),
    Table("transactions.csv", ("txn_id", "timestamp", "amount", "currency", "method", "display_amount", "card_number",
                               "card_masked", "ip", "device_mac", "sha256", "commit", "tracking", "order_ref", "wallet",
                               "wallet_key", "app_version", "user_agent", "invoice_no", "memo"), transaction_row),
    Table("events.csv", ("event_id", "ts", "host", "level", "source_ip", "mac", "build", "checksum", "key_id", "message"),
          event_row),
)
