#!/usr/bin/env python3
"""Generates Merit's labelled PII evaluation corpus, or checks one.

    corpus.py --out DIR --rows N --seed S    writes tickets.csv, crm.csv, transactions.csv, events.csv
                                            (RFC 4180, UTF-8, header row) and labels.jsonl
    corpus.py --check DIR                    re-reads the CSV files with Python's csv module and checks
                                            every label (see checks.py)

labels.jsonl has one object per labelled span: {"file", "row", "column", "start", "end"} and either
"kind" (one of positives.KINDS, personal data a scanner must find) or "negative" (one of
negatives.CLASSES, a planted look-alike a scanner must not report). `row` is the 0-based record number
after the header; `start`/`end` are Unicode code-point offsets in the field's unquoted value, end exclusive.
The output is a pure function of (rows, seed): each table draws from its own random.Random.
Only the standard library is used.
"""

import argparse
import collections
import csv
import json
import os
import random
import sys

import checks
import keccak
import locales
import tables
from field import Context


def _row_labels(table, index, row):
    """The label objects of one record, in column order."""
    out = []
    for column in table.columns:
        for span in row[column].spans:
            key, name = span.label
            out.append({"file": table.file, "row": index, "column": column, "start": span.start, "end": span.end, key: name})
    return out


def write_table(table, directory, rows, seed, labels_out):
    """Writes one table's CSV and appends its labels to `labels_out`; returns label counts by name."""
    rng = random.Random(f"{seed}:{table.file}")
    counts = collections.Counter()
    with open(os.path.join(directory, table.file), "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(table.columns)
        for index in range(rows):
            row = table.make_row(Context(rng, rng.choices(locales.ALL, locales.WEIGHTS)[0]), index)
            writer.writerow([row[column].text for column in table.columns])
            for label in _row_labels(table, index, row):
                labels_out.write(json.dumps(label, ensure_ascii=False) + "\n")
                counts[label.get("kind") or label["negative"]] += 1
    return counts


def generate(directory, rows, seed):
    """Writes the whole corpus into `directory` and prints how many labels of each name it holds."""
    keccak.self_test()
    os.makedirs(directory, exist_ok=True)
    counts = collections.Counter()
    with open(os.path.join(directory, "labels.jsonl"), "w", encoding="utf-8") as labels_out:
        for table in tables.TABLES:
            counts += write_table(table, directory, rows, seed, labels_out)
    print(f"wrote {len(tables.TABLES)} tables of {rows} rows (seed {seed}) to {directory}")
    for name, count in sorted(counts.items()):
        print(f"  {count:8d}  {name}")


def read_labels(directory):
    """Labels of a corpus grouped by (file, row, column)."""
    grouped = collections.defaultdict(list)
    with open(os.path.join(directory, "labels.jsonl"), encoding="utf-8") as f:
        for line in f:
            label = json.loads(line)
            grouped[(label["file"], label["row"], label["column"])].append(label)
    return grouped


def _check_field(value, field_labels):
    """Problems with one field's labels: text, boundaries, overlaps and unlabelled look-alikes."""
    problems = []
    spans = sorted((label["start"], label["end"]) for label in field_labels)
    for label in field_labels:
        start, end = label["start"], label["end"]
        if not 0 <= start < end <= len(value):
            problems.append(f"span {start}..{end} outside the field ({len(value)} code points)")
            continue
        problems += [p for p in (checks.label_problem(value[start:end], label.get("kind") or label.get("negative")),
                                 checks.boundary_problem(value, start, end)) if p]
    problems += [f"spans {a} and {b} overlap" for a, b in zip(spans, spans[1:]) if b[0] < a[1]]
    return problems + checks.unlabelled_problems(value, spans)


def _check_table(directory, table, labels):
    """Checks one table against its labels; returns (records, labels seen, problems)."""
    problems, seen, records = [], 0, 0
    with open(os.path.join(directory, table.file), encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if tuple(header) != table.columns:
            return 0, 0, [f"{table.file}: header {header} is not {list(table.columns)}"]
        for index, record in enumerate(reader):
            records += 1
            for column, value in zip(header, record):
                field_labels = labels.get((table.file, index, column), [])
                seen += len(field_labels)
                problems += [f"{table.file} row {index} column {column}: {p}" for p in _check_field(value, field_labels)]
    return records, seen, problems


def check(directory):
    """Checks a corpus; prints a summary and returns the number of problems found."""
    labels = read_labels(directory)
    total = sum(len(v) for v in labels.values())
    seen, problems = 0, []
    for table in tables.TABLES:
        records, table_seen, table_problems = _check_table(directory, table, labels)
        seen += table_seen
        problems += table_problems
        print(f"{table.file}: {records} records, {table_seen} labels")
    if seen != total:
        problems.append(f"{total - seen} labels name a file, row or column that does not exist")
    for problem in problems[:50]:
        print("  " + problem)
    print(f"{total} labels checked, {len(problems)} problems")
    return len(problems)


def main(argv=None):
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="directory to write the corpus into")
    parser.add_argument("--rows", type=int, default=2000, help="records per table (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--check", metavar="DIR", help="check the corpus in DIR instead of generating one")
    args = parser.parse_args(argv)
    if args.check:
        return 1 if check(args.check) else 0
    if not args.out:
        parser.error("give --out DIR to generate, or --check DIR")
    generate(args.out, args.rows, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
