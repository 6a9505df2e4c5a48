#!/usr/bin/env python3
"""Decrypt a Keystore V3 file with eth-account (for Merit's interoperability tests).

Usage: python3 check_keystore.py KEYSTORE.json PASSWORD_FILE

PASSWORD_FILE is read as raw bytes and used exactly as it is: no trailing newline
is stripped and no Unicode normalization is applied (eth-keyfile's V3 decoder
uses the bytes as given). Prints {"address": "0x..EIP-55", "privateKey": "0x.."}
on stdout; on failure (wrong password / MAC mismatch, malformed file) prints the
error on stderr and exits with status 1.
"""

import json
import sys

from eth_account import Account
from eth_keys import keys


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        keystore = json.load(fh)
    with open(argv[2], "rb") as fh:
        password = fh.read()
    try:
        key = bytes(Account.decrypt(keystore, password))
    except Exception as e:  # noqa: BLE001 - report any failure to the caller
        print("decrypt failed: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    address = keys.PrivateKey(key).public_key.to_checksum_address()
    print(json.dumps({"address": address, "privateKey": "0x" + key.hex()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
