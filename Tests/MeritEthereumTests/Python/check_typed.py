#!/usr/bin/env python3
"""Hash an EIP-712 typed-data file with eth-account and recover a signature's signer.

Usage: python3 check_typed.py TYPED.json [SIGNATURE]

TYPED.json holds the standard {types, primaryType, domain, message} object
(as for eth_signTypedData_v4). SIGNATURE is 0x-hex r||s||v (65 bytes, v 27/28 or
0/1). Prints {"digest": "0x..", "domainSeparator": "0x..", "hashStruct": "0x..",
"address": "0x..EIP-55"} on stdout ("address" only when SIGNATURE is given).
On failure prints the error on stderr and exits with status 1.
"""

import json
import sys

from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import keccak


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as fh:
        data = json.load(fh)
    try:
        signable = encode_typed_data(full_message=data)
        out = {"digest": "0x" + keccak(b"\x19" + bytes(signable.version) + bytes(signable.header)
                                      + bytes(signable.body)).hex(),
               "domainSeparator": "0x" + bytes(signable.header).hex(),
               "hashStruct": "0x" + bytes(signable.body).hex()}
        if len(argv) == 3:
            out["address"] = Account.recover_message(signable, signature=argv[2].strip())
    except Exception as e:  # noqa: BLE001 - report any failure to the caller
        print("failed: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
