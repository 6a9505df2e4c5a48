#!/usr/bin/env python3
"""Generate Ethereum test vectors for Merit from independent implementations.

Usage: python3 make_vectors.py OUTDIR [--seed N]

Every value is computed by a PyPI reference library (eth-account, eth-abi,
eth-keys, eth-utils; pycryptodome comes in as their dependency), never by
Merit. The output is deterministic: all randomness comes from
random.Random(seed), and the keystores' random salt, IV and UUID are drawn from
the same generator (see make_keystores). Run it twice and the files are
byte-identical.

Files written to OUTDIR (see README.md beside this script for the shapes):
  keys.json, personal_sign.json, typed_data.json, abi.json, keystores.json,
  keccak.json
"""

import argparse
import json
import os
import random
import sys
import time
import uuid
from importlib import metadata

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_abi.grammar import BasicType, TupleType
from eth_abi.grammar import parse as abi_parse
from eth_account import Account
from eth_account.messages import encode_defunct, encode_typed_data
from eth_keys import keys as eth_keys
try:  # private helper, used only for the informational "encodeType" field
    from eth_account._utils.encode_typed_data.encoding_and_hashing import encode_type
except ImportError:  # pragma: no cover
    encode_type = None
from eth_utils import (function_signature_to_4byte_selector, is_checksum_address, keccak,
                       to_checksum_address)

# secp256k1 group order
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

PACKAGES = ["eth-account", "eth-abi", "eth-keys", "eth-utils", "eth-keyfile",
            "eth-hash", "hexbytes", "pycryptodome"]


def h(b):
    """0x-prefixed lowercase hex of bytes."""
    return "0x" + bytes(b).hex()


def key_hex(k):
    return "0x%064x" % k


def address_of(k):
    return eth_keys.PrivateKey(k.to_bytes(32, "big")).public_key.to_checksum_address()


def versions():
    out = {}
    for p in PACKAGES:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = None
    return out


def check_sig(sig_bytes, digest, address):
    """Sanity checks on a reference signature: 65 bytes, v 27/28, low s, recovers."""
    assert len(sig_bytes) == 65
    s = int.from_bytes(sig_bytes[32:64], "big")
    assert sig_bytes[64] in (27, 28), sig_bytes[64]
    assert 2 * s < N, "high s"
    rec = Account._recover_hash(bytes(digest), signature=bytes(sig_bytes))
    assert rec == address, (rec, address)


# ---------------------------------------------------------------- keys ----

def make_keys(rng):
    ks = [1, 2, 3, N - 1, N - 2, N // 2, 2 ** 128, 0xFF,
          0xC85EF7D79691FE79573B1A7064C19C1A9819EBDBD1FAAAB1A8EC92344438AAF4]  # keccak("cow"), EIP-712 example
    # a few keys with leading zero bytes
    for bits in (8, 64, 160, 248):
        ks.append(rng.getrandbits(bits) | 1)
    while len(ks) < 50:
        ks.append(rng.randrange(1, N))
    out = []
    for k in ks:
        assert 1 <= k < N
        out.append({"privateKey": key_hex(k), "address": address_of(k)})
    return out


# ------------------------------------------------------- personal_sign ----

def make_personal_sign(rng):
    msgs = []
    for n in (0, 1, 31, 32, 33, 135, 136, 137, 1000):
        msgs.append(("length %d" % n, rng.randbytes(n)))
    texts = [
        "Hello, world!",
        "héllo wörld",                       # 2-byte UTF-8
        "日本語のメッセージ",                  # 3-byte UTF-8
        "🦊 sign in 🔑",                     # 4-byte UTF-8 (surrogate pairs in UTF-16)
        "line1\nline2\r\n\ttab",
        "Ethereum Signed Message:\n32",     # looks like a prefix
        "e\u0301 vs \u00e9",                 # combining vs precomposed (no normalization!)
        "x" * 9 + "€" * 3,                   # 12 chars, 18 bytes
        "0x1234",                            # a text that looks like hex: still signed as text bytes
    ]
    for t in texts:
        msgs.append(("text %r" % t, t.encode("utf-8")))
    msgs.append(("all zero 32", bytes(32)))
    msgs.append(("all 0xff 65", b"\xff" * 65))
    msgs.append(("length 10 (2-digit length)", rng.randbytes(10)))
    msgs.append(("length 100 (3-digit length)", rng.randbytes(100)))
    while len(msgs) < 40:
        n = rng.randrange(0, 300)
        msgs.append(("random length %d" % n, rng.randbytes(n)))

    out = []
    for i, (label, m) in enumerate(msgs):
        k = rng.randrange(1, N) if i % 5 else [1, N - 1, 2, 0xFF, 2 ** 200 + 7, 12345, 0xABCDEF, 3][(i // 5) % 8]
        signable = encode_defunct(primitive=m)
        signed = Account.sign_message(signable, key_hex(k))
        digest = bytes(signed.message_hash)
        assert digest == keccak(b"\x19Ethereum Signed Message:\n" + str(len(m)).encode() + m)
        addr = address_of(k)
        check_sig(bytes(signed.signature), digest, addr)
        e = {"name": label, "privateKey": key_hex(k), "address": addr,
             "message": h(m), "digest": h(digest), "signature": h(signed.signature)}
        try:
            e["text"] = m.decode("utf-8") if label.startswith("text") else None
        except UnicodeDecodeError:
            e["text"] = None
        if e["text"] is None:
            del e["text"]
        out.append(e)
    return out


# --------------------------------------------------------- typed data ----

DOMAIN_FIELDS = [("name", "string"), ("version", "string"), ("chainId", "uint256"),
                 ("verifyingContract", "address"), ("salt", "bytes32")]

MAIL_DOMAIN = {"name": "Ether Mail", "version": "1", "chainId": 1,
               "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"}
COW_KEY = 0xC85EF7D79691FE79573B1A7064C19C1A9819EBDBD1FAAAB1A8EC92344438AAF4


def domain_types(domain):
    return [{"name": n, "type": t} for n, t in DOMAIN_FIELDS if n in domain]


def td(domain, primary, types, message):
    all_types = {"EIP712Domain": domain_types(domain)}
    all_types.update(types)
    return {"types": all_types, "primaryType": primary, "domain": domain, "message": message}


def f(name, type_):
    return {"name": name, "type": type_}


class Gen:
    """Random values for EIP-712 / ABI types."""

    def __init__(self, rng):
        self.rng = rng

    def address(self):
        a = self.rng.randbytes(20)
        return to_checksum_address(a) if self.rng.random() < 0.8 else h(a)

    def int_value(self, signed, bits):
        r = self.rng
        lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
        c = r.random()
        if c < 0.25:
            return r.choice([lo, hi, 0, 1, lo + 1, hi - 1] + ([-1] if signed else []))
        if c < 0.5:
            return r.randint(max(lo, -1000), min(hi, 1000))
        return r.randint(lo, hi)

    def int_json(self, v):
        """Typed-data JSON form of an integer: number (small only), decimal or 0x-hex string."""
        c = self.rng.random()
        if abs(v) < 2 ** 31 and c < 0.4:
            return v
        if v >= 0 and c < 0.7:
            return hex(v)
        return str(v)

    def text(self):
        r = self.rng
        c = r.random()
        if c < 0.15:
            return ""
        pool = "abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789"
        if c < 0.4:
            pool += "éüß€日本語🦊"
        n = r.choice([1, 5, 31, 32, 33, r.randrange(0, 80)])
        return "".join(r.choice(pool) for _ in range(n))

    def blob(self):
        r = self.rng
        return r.randbytes(r.choice([0, 1, 20, 31, 32, 33, 64, r.randrange(0, 100)]))


def typed_int_forms(data):
    """Which integer JSON forms occur for integer-typed fields (message and domain)."""
    forms = set()
    types = data["types"]

    def walk(type_, v):
        if type_.endswith("]"):
            for x in v:
                walk(type_[: type_.rindex("[")], x)
        elif type_ in types:
            for fld in types[type_]:
                walk(fld["type"], v[fld["name"]])
        elif type_.startswith(("int", "uint")):
            if isinstance(v, bool):
                raise AssertionError("bool for int")
            if isinstance(v, int):
                forms.add("number")
            elif v.startswith("0x"):
                forms.add("hexString")
            else:
                forms.add("decimalString")

    walk(data["primaryType"], data["message"])
    walk("EIP712Domain", data["domain"])
    return sorted(forms)


def typed_cases(rng):
    g = Gen(rng)
    cases = []

    def add(name, data, key=None):
        cases.append((name, data, key))

    # 1. EIP-712 spec example (Mail); digest 0xbe609aee...
    person = [f("name", "string"), f("wallet", "address")]
    add("eip712 spec Mail example", td(MAIL_DOMAIN, "Mail", {
        "Person": person,
        "Mail": [f("from", "Person"), f("to", "Person"), f("contents", "string")]},
        {"from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
         "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
         "contents": "Hello, Bob!"}), COW_KEY)

    # 2. The spec's later example with arrays (Person.wallets address[], Mail.to Person[])
    add("eip712 Mail with arrays", td(MAIL_DOMAIN, "Mail", {
        "Person": [f("name", "string"), f("wallets", "address[]")],
        "Mail": [f("from", "Person"), f("to", "Person[]"), f("contents", "string")]},
        {"from": {"name": "Cow", "wallets": ["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826",
                                            "0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"]},
         "to": [{"name": "Bob", "wallets": ["0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB",
                                            "0xB0BdaBea57B0BDABeA57b0bdABEA57b0BDabEa57",
                                            "0xB0B0b0b0b0b0B000000000000000000000000000"]}],
         "contents": "Hello, Bob!"}), COW_KEY)

    # 3. nested structs, three levels
    add("nested structs depth 3", td(MAIL_DOMAIN, "Outer", {
        "Outer": [f("id", "uint256"), f("middle", "Middle"), f("tag", "string")],
        "Middle": [f("inner", "Inner"), f("flag", "bool")],
        "Inner": [f("x", "int32"), f("data", "bytes")]},
        {"id": "42", "tag": "outer",
         "middle": {"flag": True, "inner": {"x": -7, "data": "0xdeadbeef"}}}))

    # 4. arrays of structs, incl. an empty one
    item = [f("sku", "bytes8"), f("qty", "uint16"), f("price", "uint256")]
    add("array of structs", td(MAIL_DOMAIN, "Order", {
        "Order": [f("buyer", "address"), f("items", "Item[]"), f("returns", "Item[]")],
        "Item": item},
        {"buyer": g.address(),
         "items": [{"sku": h(rng.randbytes(8)), "qty": q, "price": str(p)}
                   for q, p in ((1, 10 ** 18), (65535, 0), (3, 2 ** 255))],
         "returns": []}))

    # 5. arrays of atomic types, one entry each plus one with all of them empty
    atomic_arrays = {
        "uint8[]": [0, 1, 127, 255],
        "address[]": [g.address() for _ in range(3)],
        "bytes32[]": [h(rng.randbytes(32)) for _ in range(2)] + [h(bytes(32))],
        "bool[]": [True, False, False, True],
        "string[]": ["", "a", "héllo", "x" * 40],
        "bytes[]": ["0x", "0x00", h(rng.randbytes(33))],
        "int256[]": [str(-(2 ** 255)), "-1", "0", str(2 ** 255 - 1)],
    }
    for t, vals in atomic_arrays.items():
        add("atomic array %s" % t, td({"name": "Arrays", "chainId": 5}, "Holder", {
            "Holder": [f("label", "string"), f("values", t)]}, {"label": t, "values": vals}))
    add("atomic arrays all empty", td({"name": "Arrays", "chainId": 5}, "Empty", {
        "Empty": [f(t.replace("[]", "s").replace("256", ""), t) for t in atomic_arrays]},
        {t.replace("[]", "s").replace("256", ""): [] for t in atomic_arrays}))

    # 6. fixed-size arrays
    add("fixed-size arrays", td(MAIL_DOMAIN, "Fixed", {
        "Fixed": [f("triple", "uint256[3]"), f("names", "string[2]"), f("one", "bytes32[1]"),
                  f("pair", "Point[2]"), f("flags", "bool[4]")],
        "Point": [f("x", "int64"), f("y", "int64")]},
        {"triple": [1, "2", "0x3"], "names": ["alice", ""], "one": [h(rng.randbytes(32))],
         "pair": [{"x": -1, "y": 1}, {"x": str(-(2 ** 63)), "y": str(2 ** 63 - 1)}],
         "flags": [True, True, False, True]}))

    # 7. multi-dimensional arrays
    add("nested arrays", td(MAIL_DOMAIN, "Matrix", {
        "Matrix": [f("rows", "uint8[][]"), f("pairs", "uint256[2][]"), f("grid", "address[2][2]"),
                   f("words", "string[][]"), f("points", "Point[][]")],
        "Point": [f("x", "int8"), f("y", "int8")]},
        {"rows": [[1, 2, 3], [], [255]], "pairs": [["1", "2"], ["0xff", "0"]],
         "grid": [[g.address(), g.address()], [g.address(), g.address()]],
         "words": [["a", "b"], [], [""]],
         "points": [[{"x": -128, "y": 127}], []]}))

    # 8. dynamic types
    long_text = "Merit — ευχαριστώ — 感谢 — 🦊🦊 " * 3
    add("dynamic string and bytes", td(MAIL_DOMAIN, "Blob", {
        "Blob": [f("empty", "string"), f("emptyBytes", "bytes"), f("text", "string"),
                 f("data", "bytes"), f("oneByte", "bytes"), f("hexLookingText", "string")]},
        {"empty": "", "emptyBytes": "0x", "text": long_text, "data": h(rng.randbytes(200)),
         "oneByte": "0x00", "hexLookingText": "0xdeadbeef"}))

    # 9. integer extremes, in every JSON form eth-account accepts
    ints = [("i8min", "int8", -128), ("i8max", "int8", 127), ("u8max", "uint8", 255),
            ("i16min", "int16", -32768), ("i24neg", "int24", -1), ("u32max", "uint32", 2 ** 32 - 1),
            ("i64min", "int64", -(2 ** 63)), ("u64max", "uint64", 2 ** 64 - 1),
            ("u160max", "uint160", 2 ** 160 - 1), ("i40min", "int40", -(2 ** 39)),
            ("i256min", "int256", -(2 ** 255)), ("i256max", "int256", 2 ** 255 - 1),
            ("u256max", "uint256", 2 ** 256 - 1), ("zero", "uint256", 0), ("negOne", "int256", -1)]
    ints_types = {"Ints": [f(n, t) for n, t, _ in ints]}
    # decimal strings
    add("integer extremes as decimal strings", td(MAIL_DOMAIN, "Ints", ints_types,
                                                   {n: str(v) for n, _, v in ints}))
    # JSON numbers where small (|v| < 2^31), decimal strings elsewhere
    add("integer extremes, small ones as JSON numbers", td(MAIL_DOMAIN, "Ints", ints_types,
        {n: (v if abs(v) < 2 ** 31 else str(v)) for n, _, v in ints}))
    # 0x-hex strings for non-negative, decimal strings for negative (eth-account rejects "-0x..")
    add("integer extremes, non-negative ones as 0x-hex", td(MAIL_DOMAIN, "Ints", ints_types,
        {n: (hex(v) if v >= 0 else str(v)) for n, _, v in ints}))
    # hex with leading zeros and upper-case digits
    add("integer hex forms: leading zeros and upper-case digits", td(MAIL_DOMAIN, "Hexy", {
        "Hexy": [f("a", "uint256"), f("b", "uint8"), f("c", "uint64"), f("d", "int16")]},
        {"a": "0x00000000000000000000000000000000000000000000000000000000000000ff",
         "b": "0x0", "c": "0xDEADBEEF", "d": "0x7FFF"}))

    # 10. bytesN of various N (always exactly N bytes)
    bn = [1, 2, 3, 4, 8, 16, 20, 31, 32]
    add("bytesN various N", td(MAIL_DOMAIN, "FixedBytes", {
        "FixedBytes": [f("b%d" % n, "bytes%d" % n) for n in bn] + [f("zero32", "bytes32"),
                                                                   f("ff1", "bytes1")]},
        dict([("b%d" % n, h(rng.randbytes(n))) for n in bn] +
             [("zero32", h(bytes(32))), ("ff1", "0xff")])))
    add("bools and addresses", td(MAIL_DOMAIN, "Misc", {
        "Misc": [f("yes", "bool"), f("no", "bool"), f("zeroAddr", "address"),
                 f("lowerAddr", "address"), f("checksumAddr", "address")]},
        {"yes": True, "no": False, "zeroAddr": "0x0000000000000000000000000000000000000000",
         "lowerAddr": "0xcd2a3d9f938e13cd947ec05abc7fe734df8dd826",
         "checksumAddr": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"}))

    # 11. self-recursive type
    add("self-recursive type (tree)", td(MAIL_DOMAIN, "Node", {
        "Node": [f("value", "uint256"), f("label", "string"), f("children", "Node[]")]},
        {"value": 1, "label": "root", "children": [
            {"value": 2, "label": "a", "children": []},
            {"value": 3, "label": "b", "children": [{"value": 4, "label": "c", "children": []}]}]}))

    # 12. dependency sorting
    add("dependency sorting, many deps", td(MAIL_DOMAIN, "Trade", {
        "Trade": [f("zeta", "Zeta"), f("bid", "Bid"), f("asset", "Asset"), f("ids", "AssetId[]")],
        "Zeta": [f("asset", "Asset"), f("meta", "Meta")],
        "Bid": [f("amount", "uint256"), f("meta", "Meta")],
        "Asset": [f("token", "address"), f("id", "AssetId")],
        "AssetId": [f("raw", "bytes32")],
        "Meta": [f("note", "string")]},
        {"zeta": {"asset": {"token": g.address(), "id": {"raw": h(rng.randbytes(32))}},
                  "meta": {"note": "z"}},
         "bid": {"amount": "1000000000000000000", "meta": {"note": "b"}},
         "asset": {"token": g.address(), "id": {"raw": h(bytes(32))}},
         "ids": [{"raw": h(rng.randbytes(32))}, {"raw": h(rng.randbytes(32))}]}))
    add("dependency sorting, diamond", td(MAIL_DOMAIN, "Top", {
        "Top": [f("c", "Cee"), f("b", "Bee")],
        "Bee": [f("d", "Dee"), f("n", "uint8")],
        "Cee": [f("d", "Dee[]"), f("s", "string")],
        "Dee": [f("v", "int8")]},
        {"c": {"d": [{"v": -1}, {"v": 2}], "s": "cee"}, "b": {"d": {"v": 0}, "n": 9}}))
    add("dependency sorting, code-point order (upper before lower)", td(MAIL_DOMAIN, "Root", {
        "Root": [f("l", "lower"), f("u", "Upper"), f("x", "X2"), f("y", "X10")],
        "lower": [f("a", "uint8")],
        "Upper": [f("a", "uint8")],
        "X2": [f("a", "uint8")],
        "X10": [f("a", "uint8")]},
        {"l": {"a": 1}, "u": {"a": 2}, "x": {"a": 3}, "y": {"a": 4}}))
    add("dependency only via nested array", td(MAIL_DOMAIN, "Wrapper", {
        "Wrapper": [f("grid", "Cell[][]"), f("fixed", "Cell[2]")],
        "Cell": [f("on", "bool")]},
        {"grid": [[{"on": True}], [{"on": False}, {"on": True}]],
         "fixed": [{"on": False}, {"on": False}]}))
    add("struct with a single field, primary type first in types", td({"name": "One"}, "A", {
        "A": [f("b", "B")], "B": [f("x", "uint256")]}, {"b": {"x": "0"}}))

    # 13. every subset of the domain fields (including the empty domain)
    for mask in range(32):
        dom = {}
        for i, (n, t) in enumerate(DOMAIN_FIELDS):
            if mask & (1 << i):
                if n == "name":
                    dom[n] = rng.choice(["Merit", "Ether Mail", "", "Dömäin 🦊"])
                elif n == "version":
                    dom[n] = rng.choice(["1", "2.0.0", "1.3.0"])
                elif n == "chainId":
                    dom[n] = g.int_json(rng.choice([1, 5, 10, 137, 8453, 11155111, 2 ** 64 + 1]))
                elif n == "verifyingContract":
                    dom[n] = g.address()
                else:
                    dom[n] = h(rng.randbytes(32))
        add("domain fields %s" % ("+".join(n for i, (n, _) in enumerate(DOMAIN_FIELDS)
                                             if mask & (1 << i)) or "none (empty domain)"),
            td(dom, "Ping", {"Ping": [f("seq", "uint64"), f("note", "string")]},
               {"seq": g.int_json(mask), "note": "domain subset %d" % mask}))

    # 14. random schemas
    for i in range(8):
        add("random schema %d" % i, random_typed(g))
    return cases


ATOMIC_EIP712 = (["bool", "address", "string", "bytes"] +
                 ["uint%d" % b for b in (8, 16, 32, 64, 128, 256)] +
                 ["int%d" % b for b in (8, 16, 32, 64, 128, 256)] +
                 ["bytes%d" % b for b in (1, 4, 20, 32)])


def random_typed(g):
    r = g.rng
    nstructs = r.randint(1, 4)
    names = ["S%d%s" % (i, r.choice(["Alpha", "beta", "Gamma", "delta", "Eps"])) for i in range(nstructs)]
    fields = {n: [] for n in names}
    for i, n in enumerate(names):
        for j in range(r.randint(1, 4)):
            fields[n].append(["f%d" % j, r.choice(ATOMIC_EIP712)])
    # each struct j > 0 is referenced by some struct i < j, so names[0] is the unique root
    for j in range(1, nstructs):
        i = r.randrange(0, j)
        fields[names[i]].append(["ref%d" % j, names[j]])
    for n in names:
        for fl in fields[n]:
            c = r.random()
            if c < 0.15:
                fl[1] += "[]"
            elif c < 0.22:
                fl[1] += "[%d]" % r.randint(1, 3)
        r.shuffle(fields[n])
    types = {n: [f(a, b) for a, b in fields[n]] for n in names}

    def value(t):
        if t.endswith("]"):
            inner, dim = t[: t.rindex("[")], t[t.rindex("[") + 1: -1]
            n = int(dim) if dim else r.randint(0, 3)
            return [value(inner) for _ in range(n)]
        if t in types:
            return {fl["name"]: value(fl["type"]) for fl in types[t]}
        if t == "bool":
            return r.random() < 0.5
        if t == "address":
            return g.address()
        if t == "string":
            return g.text()
        if t == "bytes":
            return h(g.blob())
        if t.startswith("bytes"):
            return h(r.randbytes(int(t[5:])))
        signed = t.startswith("int")
        bits = int(t[3:] if signed else t[4:])
        return g.int_json(g.int_value(signed, bits))

    dom = {"name": "Random", "version": str(r.randint(1, 9)), "chainId": g.int_json(r.randint(1, 100000)),
           "verifyingContract": g.address()}
    return td(dom, names[0], types, value(names[0]))


def make_typed_data(rng):
    out = []
    for name, data, key in typed_cases(rng):
        data = json.loads(json.dumps(data))  # exactly what goes into the file
        k = key if key is not None else rng.randrange(1, N)
        signable = encode_typed_data(full_message=data)
        signed = Account.sign_message(signable, key_hex(k))
        digest = bytes(signed.message_hash)
        assert digest == keccak(b"\x19\x01" + bytes(signable.header) + bytes(signable.body))
        addr = address_of(k)
        check_sig(bytes(signed.signature), digest, addr)
        types_wo_domain = {t: v for t, v in data["types"].items() if t != "EIP712Domain"}
        out.append({
            "name": name,
            "typedData": data,
            "encodeType": encode_type(data["primaryType"], types_wo_domain) if encode_type else None,
            "domainSeparator": h(signable.header),
            "hashStruct": h(signable.body),
            "digest": h(digest),
            "privateKey": key_hex(k),
            "address": addr,
            "signature": h(signed.signature),
            "intForms": typed_int_forms(data),
        })
    mail = out[0]
    assert mail["digest"].startswith("0xbe609aee"), mail["digest"]
    assert mail["digest"] == "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2"
    # signature from the EIP-712 spec: v=28, r=0x4355c47d..., s=0x07299936...
    assert mail["signature"] == ("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
                                 "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"
                                 "1c"), mail["signature"]
    return out


# ---------------------------------------------------------------- ABI ----

def abi_value(g, t):
    """Random (python value for eth-abi, JSON value) for a parsed eth-abi type."""
    r = g.rng
    if t.is_array:
        dim = t.arrlist[-1]
        n = dim[0] if dim else r.choice([0, 1, 2, 3])
        pairs = [abi_value(g, t.item_type) for _ in range(n)]
        return [p for p, _ in pairs], [j for _, j in pairs]
    if isinstance(t, TupleType):
        pairs = [abi_value(g, c) for c in t.components]
        return tuple(p for p, _ in pairs), [j for _, j in pairs]
    assert isinstance(t, BasicType)
    if t.base in ("uint", "int"):
        v = g.int_value(t.base == "int", t.sub)
        return v, str(v)
    if t.base == "address":
        a = g.address()
        return a, a
    if t.base == "bool":
        v = r.random() < 0.5
        return v, v
    if t.base == "string":
        s = g.text()
        return s, s
    if t.base == "bytes":
        b = g.blob() if t.sub is None else r.randbytes(t.sub)
        return b, h(b)
    raise ValueError(t)


def abi_from_json(t, j):
    """Python value for eth-abi from the JSON convention (for hand-written cases)."""
    if t.is_array:
        return [abi_from_json(t.item_type, x) for x in j]
    if isinstance(t, TupleType):
        return tuple(abi_from_json(c, x) for c, x in zip(t.components, j, strict=True))
    if t.base in ("uint", "int"):
        return int(j)
    if t.base == "bytes":
        return bytes.fromhex(j[2:])
    return j


def random_abi_type(r, depth=0):
    c = r.random()
    if depth >= 2 or c < 0.45:
        k = r.random()
        if k < 0.3:
            return "%s%d" % (r.choice(["uint", "int"]), 8 * r.randint(1, 32))
        if k < 0.45:
            return "bytes%d" % r.randint(1, 32)
        t = r.choice(["address", "bool", "string", "bytes", "uint256", "int256"])
    elif c < 0.7:
        t = "(" + ",".join(random_abi_type(r, depth + 1) for _ in range(r.randint(1, 4))) + ")"
    else:
        t = random_abi_type(r, depth + 1)
    if r.random() < 0.3:
        t += "[]" if r.random() < 0.6 else "[%d]" % r.randint(1, 3)
    return t


def make_abi(rng):
    g = Gen(rng)
    hand = [
        # Solidity ABI spec examples (known answers in the Solidity docs)
        (["uint32", "bool"], ["69", True]),
        (["bytes", "bool", "uint256[]"], ["0x64617665", True, ["1", "2", "3"]]),
        (["uint256", "uint32[]", "bytes10", "bytes"],
         [str(0x123), [str(0x456), str(0x789)], h(b"1234567890"), h(b"Hello, world!")]),
        (["uint256[][]", "string[]"], [[["1", "2"], ["3"]], ["one", "two", "three"]]),
        # integers
        (["uint256"], ["0"]),
        (["uint256"], [str(2 ** 256 - 1)]),
        (["int256"], ["-1"]),
        (["int256"], [str(-(2 ** 255))]),
        (["int256"], [str(2 ** 255 - 1)]),
        (["int8", "int8", "uint8"], ["-128", "127", "255"]),
        (["int24", "uint40", "int72", "uint248"], ["-8388608", str(2 ** 40 - 1), "-1", "1"]),
        (["int16[]"], [["-32768", "0", "32767"]]),
        # bool, address, bytesN
        (["bool", "bool"], [True, False]),
        (["address"], ["0x0000000000000000000000000000000000000000"]),
        (["address", "address"], ["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826",
                                  "0xffffffffffffffffffffffffffffffffffffffff"]),
        (["bytes1", "bytes2", "bytes31", "bytes32"],
         ["0xff", "0x0102", h(bytes(range(31))), h(bytes(range(32)))]),
        # dynamic scalars
        (["bytes"], ["0x"]),
        (["string"], [""]),
        (["string"], ["héllo wörld 🦊"]),
        (["bytes"], [h(bytes(range(32)))]),
        (["bytes"], [h(bytes(range(33)))]),
        (["string", "string"], ["x" * 64, "y" * 65]),
        # arrays
        (["uint256[]"], [[]]),
        (["string[]"], [[]]),
        (["uint256[3]"], [["1", "2", "3"]]),
        (["string[2]"], [["", "abc"]]),
        (["bytes[2][]"], [[["0x01", "0x"], ["0x", h(b"\xaa" * 40)]]]),
        (["string[][2]"], [[["a", "b"], []]]),
        (["uint8[][][]"], [[[["1"], []], [], [["2", "3"]]]]),
        (["bool[2][3]"], [[[True, False], [False, False], [True, True]]]),
        # tuples
        (["(uint256,address)"], [["7", "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"]]),
        (["(string,uint256)"], [["abc", "1"]]),
        (["(string,bytes32[])[]"], [[["a", [h(bytes(32))]], ["", []]]]),
        (["(string,bytes32[])[]"], [[]]),
        (["(uint256,(bool,string))"], [["5", [True, "nested"]]]),
        (["(uint256,uint256)[2]"], [[["1", "2"], ["3", "4"]]]),
        (["(string)[2]"], [[["x"], ["yz"]]]),
        (["((uint8,bytes),(string[],bool))"], [[["1", "0xabcd"], [["p", "q"], False]]]),
        (["uint256", "(bytes,uint8[2])", "string"], ["9", ["0x0102", ["3", "4"]], "tail"]),
        (["(address,uint64,bool,bytes32,bytes,uint256)"],
         [["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826", str(2 ** 64 - 1), True,
           h(bytes(32)), "0x", "0"]]),
        ([], []),
    ]
    entries = []
    for types, values in hand:
        parsed = [abi_parse(t) for t in types]
        py = [abi_from_json(p, v) for p, v in zip(parsed, values, strict=True)]
        entries.append((types, py, values))
    seen = set()
    while len(entries) < 84:
        types = [random_abi_type(rng) for _ in range(rng.randint(1, 4))]
        if tuple(types) in seen:
            continue
        seen.add(tuple(types))
        pairs = [abi_value(g, abi_parse(t)) for t in types]
        entries.append((types, [p for p, _ in pairs], [j for _, j in pairs]))

    out = []
    for types, py, js in entries:
        enc = abi_encode(types, py)
        # round trip through eth-abi's decoder
        assert abi_encode(types, abi_decode(types, enc)) == enc
        out.append({"types": types, "values": js, "encoded": h(enc)})

    sigs = ["transfer(address,uint256)", "approve(address,uint256)", "balanceOf(address)",
            "transferFrom(address,address,uint256)", "baz(uint32,bool)", "sam(bytes,bool,uint256[])",
            "f(uint256,uint32[],bytes10,bytes)", "g(uint256[][],string[])", "multicall(bytes[])",
            "attest((bytes32,(address,uint64,bool,bytes32,bytes,uint256)))"]
    selectors = [{"signature": s, "selector": h(function_signature_to_4byte_selector(s))} for s in sigs]
    assert selectors[0]["selector"] == "0xa9059cbb"
    return out, selectors


# ----------------------------------------------------------- keystores ----

class _SeededRandom:
    def __init__(self, rng):
        self.rng = rng

    def get_random_bytes(self, n):
        return self.rng.randbytes(n)


def make_keystores(rng):
    """Account.encrypt with small work factors. eth-keyfile draws salt and IV from
    Crypto.Random and the id from uuid4; both are replaced by the seeded generator for
    the duration of the call so that the output is reproducible."""
    import eth_keyfile.keyfile as kf

    specs = [
        # (kdf, iterations, password, scrypt r, scrypt p, note)
        ("scrypt", 1 << 10, "", None, None, "empty password"),
        ("scrypt", 1 << 11, "correct horse battery staple", None, None, "ASCII password"),
        ("scrypt", 1 << 12, "pässwörd 🔑 日本", None, None, "non-ASCII password (UTF-8 bytes)"),
        ("pbkdf2", 1000, "\u00e9t\u00e9", None, None, "non-ASCII, precomposed; no NFKD normalization in V3"),
        ("pbkdf2", 4096, "", None, None, "empty password"),
        ("scrypt", 1 << 10, "rp", 4, 2, "scrypt r=4 p=2 (eth-keyfile's r/p constants patched) to check r,p are read from the file"),
    ]
    saved = (kf.Random, kf.uuid4, kf.SCRYPT_R, kf.SCRYPT_P)
    out = []
    try:
        kf.Random = _SeededRandom(rng)
        kf.uuid4 = lambda: uuid.UUID(bytes=rng.randbytes(16), version=4)
        for kdf, it, pw, r_, p_, note in specs:
            k = rng.randrange(1, N)
            kf.SCRYPT_R = r_ if r_ is not None else saved[2]
            kf.SCRYPT_P = p_ if p_ is not None else saved[3]
            ks = Account.encrypt(key_hex(k), pw, kdf=kdf, iterations=it)
            ks = json.loads(json.dumps(ks))
            assert bytes(Account.decrypt(ks, pw)) == k.to_bytes(32, "big")
            out.append({"note": note, "keystore": ks, "password": pw,
                        "passwordHex": h(pw.encode("utf-8")),
                        "privateKey": key_hex(k), "address": address_of(k)})
    finally:
        kf.Random, kf.uuid4, kf.SCRYPT_R, kf.SCRYPT_P = saved
    return out


# -------------------------------------------------------------- keccak ----

def make_keccak():
    from Crypto.Hash import keccak as ck

    out = []
    for n in (0, 1, 32, 64, 135, 136, 137, 271, 272, 273, 1000, 1 << 20):
        data = bytes(i % 251 for i in range(n))
        d = keccak(data)
        assert d == ck.new(data=data, digest_bits=256).digest()
        e = {"length": n, "digest": h(d)}
        if n <= 1000:
            e["input"] = h(data)
        out.append(e)
    assert out[0]["digest"] == "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"
    return out


# ---------------------------------------------------------------- main ----

def check_addresses(obj):
    """Every mixed-case 40-hex-digit string in the output must be a valid EIP-55 address."""
    if isinstance(obj, dict):
        for v in obj.values():
            check_addresses(v)
    elif isinstance(obj, list):
        for v in obj:
            check_addresses(v)
    elif isinstance(obj, str) and len(obj) == 42 and obj.startswith("0x"):
        body = obj[2:]
        if all(c in "0123456789abcdefABCDEF" for c in body) and body != body.lower():
            assert is_checksum_address(obj), obj


def write(outdir, name, obj):
    check_addresses(obj)
    path = os.path.join(outdir, name)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    return os.path.getsize(path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args(argv)
    os.makedirs(args.outdir, exist_ok=True)
    t0 = time.monotonic()
    meta = {"seed": args.seed, "packages": versions()}

    # one generator per file, so adding cases to one file does not shift the others
    def rng_for(tag):
        return random.Random("%d:%s" % (args.seed, tag))

    sizes = {}
    sizes["keys.json"] = write(args.outdir, "keys.json", dict(
        meta, description="secp256k1 private keys and their EIP-55 addresses (eth-keys)",
        vectors=make_keys(rng_for("keys"))))
    sizes["personal_sign.json"] = write(args.outdir, "personal_sign.json", dict(
        meta, description="EIP-191 personal_sign: eth-account encode_defunct(primitive=bytes) + "
        "Account.sign_message; message is 0x-hex of the bytes; signature r||s||v with v 27/28",
        vectors=make_personal_sign(rng_for("personal_sign"))))
    typed = make_typed_data(rng_for("typed_data"))
    forms = sorted({x for e in typed for x in e["intForms"]})
    sizes["typed_data.json"] = write(args.outdir, "typed_data.json", dict(
        meta, description="EIP-712 typed data: eth-account encode_typed_data(full_message=typedData) + "
        "Account.sign_message",
        integerFormsUsed=forms,
        integerForms={
            "number": "JSON number, only for |v| < 2^31",
            "decimalString": "decimal string, optionally negative, e.g. \"-128\"",
            "hexString": "lowercase-0x hex string, non-negative only, e.g. \"0xff\", \"0xDEADBEEF\", "
                         "leading zeros allowed",
        },
        bytesForm="bytes and bytesN as 0x-hex; bytesN values always exactly N bytes",
        vectors=typed))
    abi, selectors = make_abi(rng_for("abi"))
    sizes["abi.json"] = write(args.outdir, "abi.json", dict(
        meta, description="eth-abi encode(types, values). values: integers as decimal strings, "
        "bytes/bytesN/address as 0x-hex, bool as JSON bool, string as JSON string, "
        "arrays and tuples as JSON arrays",
        vectors=abi, selectors=selectors))
    sizes["keystores.json"] = write(args.outdir, "keystores.json", dict(
        meta, description="Keystore V3 from eth-account Account.encrypt with small work factors; "
        "password is the UTF-8 string (passwordHex its bytes)",
        vectors=make_keystores(rng_for("keystores"))))
    sizes["keccak.json"] = write(args.outdir, "keccak.json", dict(
        meta, description="keccak256 (eth-utils) of bytes(i % 251 for i in range(length)); "
        "input given when length <= 1000",
        vectors=make_keccak()))

    dt = time.monotonic() - t0
    total = sum(sizes.values())
    print("wrote %d files, %d bytes, in %.2f s: %s" % (
        len(sizes), total, dt, ", ".join("%s %d" % kv for kv in sizes.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
