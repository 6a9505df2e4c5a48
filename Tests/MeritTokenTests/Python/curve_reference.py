"""The bonding curve at 100 significant digits (Python's decimal), as an independent reference.

Reads JSON cases on stdin: {"kind": "buy"|"sell", "S", "R", "x", "ppm"} with integers as decimal strings.
buy:  tokens = floor(S * ((R + x) / R) ** (ppm / 10**6)) - S
sell: usdc   = floor(R - R * ((S - x) / S) ** (10**6 / ppm))
Prints one JSON list of the exact floors, and for each how far the exact value is from the nearest
integer (so that a rounding within the margin can be told apart from an error).
"""
import json
import sys
from decimal import Decimal, getcontext, ROUND_FLOOR

getcontext().prec = 100
cases = json.load(sys.stdin)
out = []
for c in cases:
    S, R, x, ppm = (Decimal(c[k]) for k in ("S", "R", "x", "ppm"))
    if c["kind"] == "buy":
        v = S * ((R + x) / R) ** (ppm / Decimal(10**6)) - S
    else:
        v = R - R * ((S - x) / S) ** (Decimal(10**6) / ppm)
    f = v.to_integral_value(rounding=ROUND_FLOOR)
    frac = v - f
    out.append({"floor": str(f), "distance": float(min(frac, 1 - frac))})
print(json.dumps(out))
