"""Keccak-256 (the pre-standard padding Ethereum uses) and EIP-55 address checksums, in pure Python.

hashlib.sha3_256 is not a substitute: SHA-3 pads with 0x06, Keccak with 0x01, so the digests differ.
"""

_MASK = (1 << 64) - 1
_RATE = 136  # bytes absorbed per permutation for a 256-bit output

_ROUND_CONSTANTS = [
    0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
    0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
    0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
    0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
    0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
    0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]

# Rotation offsets r[x][y] of the rho step, lanes indexed as x + 5 * y.
_ROTATIONS = [
    [0, 36, 3, 41, 18],
    [1, 44, 10, 45, 2],
    [62, 6, 43, 15, 61],
    [28, 55, 25, 21, 56],
    [27, 20, 39, 8, 14],
]

EMPTY_DIGEST = "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


def _rotl(value, shift):
    """Rotates a 64-bit lane left."""
    return ((value << shift) | (value >> (64 - shift))) & _MASK if shift else value


def _permute(lanes):
    """Keccak-f[1600] on 25 lanes, in place."""
    for constant in _ROUND_CONSTANTS:
        columns = [lanes[x] ^ lanes[x + 5] ^ lanes[x + 10] ^ lanes[x + 15] ^ lanes[x + 20] for x in range(5)]
        for x in range(5):
            d = columns[(x - 1) % 5] ^ _rotl(columns[(x + 1) % 5], 1)
            for y in range(0, 25, 5):
                lanes[x + y] ^= d
        moved = [0] * 25
        for x in range(5):
            for y in range(5):
                moved[y + 5 * ((2 * x + 3 * y) % 5)] = _rotl(lanes[x + 5 * y], _ROTATIONS[x][y])
        for y in range(0, 25, 5):
            row = moved[y:y + 5]
            for x in range(5):
                lanes[x + y] = row[x] ^ (~row[(x + 1) % 5] & row[(x + 2) % 5])
        lanes[0] ^= constant


def keccak256(data):
    """The Keccak-256 digest of `data` (bytes)."""
    padded = bytearray(data)
    padded.append(0x01)
    while len(padded) % _RATE:
        padded.append(0)
    padded[-1] |= 0x80
    lanes = [0] * 25
    for offset in range(0, len(padded), _RATE):
        for i in range(_RATE // 8):
            lanes[i] ^= int.from_bytes(padded[offset + 8 * i:offset + 8 * i + 8], "little")
        _permute(lanes)
    return b"".join(lane.to_bytes(8, "little") for lane in lanes[:4])


def eip55(address_hex):
    """The EIP-55 mixed-case form of 40 hex digits (no 0x), returned with its 0x prefix."""
    lower = address_hex.lower()
    digest = keccak256(lower.encode("ascii")).hex()
    mixed = "".join(c.upper() if c.isalpha() and int(digest[i], 16) >= 8 else c for i, c in enumerate(lower))
    return "0x" + mixed


def self_test():
    """Checks the empty-input vector and the EIP-55 examples from the EIP; raises on a mismatch."""
    if keccak256(b"").hex() != EMPTY_DIGEST:
        raise AssertionError("keccak256(b'') does not match the known vector")
    for example in ("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"):
        if eip55(example[2:]) != example:
            raise AssertionError(f"EIP-55 example {example} does not round-trip")
