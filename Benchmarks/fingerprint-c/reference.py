#!/usr/bin/env python3
"""Slow, obviously-correct reference for Merit's spec-less CSV fingerprint (docs/fingerprint.md).

    reference.py FILE   ->   root 0x<64 hex>
                             records <n>

It exists to cross-check fingerprint.c on small files, so it favours transcribing the doc over
speed: Python's csv module does the parsing, the Merkle root is the recursive RFC 6962 definition
rather than the streaming stack the C code uses.

CSV dialect shared with fingerprint.c: utf-8-sig (optional BOM), strict=True (text after a closing
quote and an unterminated quote are errors), empty lines are not records, every record must have
the header's field count, and `""` is an empty (missing) field.
"""
import csv
import sys
import unicodedata

from Crypto.Hash import keccak


def keccak256(data: bytes) -> bytes:
    return keccak.new(digest_bits=256, data=data).digest()


def encode_record(fields):
    """merit-record-v1 with every column typed text: 0x00 if empty, else 0x03 + u32be len + utf8."""
    out = b""
    for value in fields:
        if value == "":
            out += b"\x00"
        else:
            text = unicodedata.normalize("NFC", value).replace("\r\n", "\n")
            raw = text.encode("utf-8")
            out += b"\x03" + len(raw).to_bytes(4, "big") + raw
    return out


def leaf(record_hash: bytes) -> bytes:
    # abi.encode(bytes32) is the 32 bytes themselves; OpenZeppelin hashes the leaf twice.
    return keccak256(keccak256(record_hash))


def node(a: bytes, b: bytes) -> bytes:
    # bytes compare lexicographically as unsigned, i.e. as big-endian integers.
    return keccak256(min(a, b) + max(a, b))


def mth(leaves):
    """RFC 6962 Merkle Tree Hash with OpenZeppelin's leaf/node hashing."""
    n = len(leaves)
    if n == 0:
        return keccak256(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:  # largest power of two strictly smaller than n
        k *= 2
    return node(mth(leaves[:k]), mth(leaves[k:]))


def fingerprint(path):
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = [row for row in csv.reader(f, strict=True) if row]  # [] is an empty line
    if not rows:
        return keccak256(b""), 0
    header, records = rows[0], rows[1:]
    for i, row in enumerate(records):
        if len(row) != len(header):
            raise ValueError(f"record {i} has {len(row)} fields, header has {len(header)}")
    leaves = [leaf(keccak256(encode_record(row))) for row in records]
    return mth(leaves), len(records)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: reference.py FILE")
    root, n = fingerprint(sys.argv[1])
    print(f"root 0x{root.hex()}")
    print(f"records {n}")


if __name__ == "__main__":
    main()
