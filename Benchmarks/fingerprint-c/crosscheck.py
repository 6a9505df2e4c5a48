#!/usr/bin/env python3
"""Cross-checks fingerprint binaries against fixtures/expected.txt and against reference.py.

    crosscheck.py [--fuzz N] BINARY...

1. every fixture's root and record count must equal expected.txt (computed by reference.py);
2. malformed CSVs must be rejected (non-zero exit) by the binaries and by the reference;
3. N random CSVs (default 300) built to hit the parser's corners must give the same output from
   every binary as from reference.py. Pass a build with a tiny CHUNK_SIZE to make records, CRLFs
   and "" escapes straddle read boundaries.

Scratch files go to ../out/crosscheck (git-ignored).
"""
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
SCRATCH = os.path.join(os.path.dirname(HERE), "out", "crosscheck")
sys.path.insert(0, HERE)
import reference  # noqa: E402


def run(binary, path):
    p = subprocess.run([binary, path], capture_output=True, text=True)
    return p.returncode, p.stdout


def ref_output(path):
    root, n = reference.fingerprint(path)
    return f"root 0x{root.hex()}\nrecords {n}\n"


def check_fixtures(binaries):
    failures = 0
    with open(os.path.join(FIXTURES, "expected.txt")) as f:
        rows = [line.split() for line in f if line.strip() and not line.startswith("#")]
    for name, root, n in rows:
        want = f"root {root}\nrecords {n}\n"
        for b in binaries:
            rc, out = run(b, os.path.join(FIXTURES, name))
            if rc != 0 or out != want:
                failures += 1
                print(f"FAIL fixture {name} with {b}: rc={rc}\n{out}want:\n{want}")
    print(f"fixtures: {len(rows)} files x {len(binaries)} binaries, {failures} failures")
    return failures


MALFORMED = {
    "text_after_closing_quote.csv": b'a,b\n"x"y,1\n',
    "unterminated_quote.csv": b'a,b\n1,"open\n2,3\n',
    "too_few_fields.csv": b"a,b,c\n1,2\n",
    "too_many_fields.csv": b"a,b\n1,2,3\n",
}


def check_malformed(binaries):
    failures = 0
    for name, data in MALFORMED.items():
        path = os.path.join(SCRATCH, name)
        with open(path, "wb") as f:
            f.write(data)
        try:
            reference.fingerprint(path)
            failures += 1
            print(f"FAIL reference accepted {name}")
        except Exception:
            pass
        for b in binaries:
            rc, out = run(b, path)
            if rc == 0:
                failures += 1
                print(f"FAIL {b} accepted {name}:\n{out}")
    print(f"malformed: {len(MALFORMED)} files, {failures} failures")
    return failures


def random_value(rnd):
    if rnd.random() < 0.2:
        return ""
    alphabet = ["a", "b", "Z", "0", " ", ",", '"', "\n", "\r\n", "\r", "\t", "\u00e9", "\u4e2d"]
    k = rnd.choice([1, 2, 3, 8, rnd.randint(100, 400)])
    return "".join(rnd.choice(alphabet) for _ in range(k))


def random_csv(rnd):
    ncols = rnd.randint(1, 5)
    nrows = rnd.choice([0, 1, 2, 3, rnd.randint(4, 40), rnd.randint(100, 1500)])
    eols = rnd.choice([["\n"], ["\r\n"], ["\n", "\r\n"], ["\n", "\r\n", "\r"]])
    lines = [",".join(f"h{i}" for i in range(ncols))]
    for _ in range(nrows):
        cells = []
        for _ in range(ncols):
            v = random_value(rnd)
            needs = any(c in v for c in ',"\r\n') or (ncols == 1 and v == "")
            cells.append('"' + v.replace('"', '""') + '"' if needs or rnd.random() < 0.1 else v)
        lines.append(",".join(cells))
        if rnd.random() < 0.05:
            lines.append("")  # an empty line is not a record
    text = "".join(line + rnd.choice(eols) for line in lines)
    if rnd.random() < 0.3:
        text = text.rstrip("\r\n")  # final record without a line end
    elif rnd.random() < 0.2:
        text += "\n\n"
    data = text.encode("utf-8")
    if rnd.random() < 0.3:
        data = b"\xef\xbb\xbf" + data
    return data


def check_fuzz(binaries, count):
    failures = 0
    rnd = random.Random(6962)
    path = os.path.join(SCRATCH, "fuzz.csv")
    for i in range(count):
        data = random_csv(rnd)
        with open(path, "wb") as f:
            f.write(data)
        want = ref_output(path)
        for b in binaries:
            rc, out = run(b, path)
            if rc != 0 or out != want:
                failures += 1
                keep = os.path.join(SCRATCH, f"fuzz-fail-{i}.csv")
                os.replace(path, keep)
                print(f"FAIL fuzz case {i} with {b} (kept as {keep}): rc={rc}\n{out}want:\n{want}")
                break
    print(f"fuzz: {count} random CSVs x {len(binaries)} binaries, {failures} failures")
    return failures


def main():
    args = sys.argv[1:]
    count = 300
    if args[:1] == ["--fuzz"]:
        count, args = int(args[1]), args[2:]
    if not args:
        sys.exit("usage: crosscheck.py [--fuzz N] BINARY...")
    os.makedirs(SCRATCH, exist_ok=True)
    failures = check_fixtures(args) + check_malformed(args) + check_fuzz(args, count)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
