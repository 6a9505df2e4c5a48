#!/usr/bin/env python3
"""Scores PII findings against a corpus made by corpus.py, span by span.

    score.py --corpus DIR --findings F [--findings F2 ...] [--file NAME=PATH ...] [--json] [--top N]

Findings files: JSON Lines, one finding per line (as `merit scan --findings OUT FILE` writes them, without
`file`), or one JSON document {"file": ..., "findings": [...]} as printed by `merit scan --json FILE` (which
holds only the first findings of each column, so score the --findings output). A finding has `row`
(0-based record), `column`, `kind`, `start` and `end` (Unicode code points in the field, end exclusive);
other fields (`line`, `confidence`, `score`, ...) are ignored.
Its corpus file is, in this order: NAME from `--file NAME=PATH` for every finding read from PATH; the
finding's own `file`; the document's `file`. Only base names count (`/tmp/x/crm.csv` is `crm.csv`).

Matching: a finding matches a positive label when file, row, column and kind are equal and the spans
overlap. A label matched by at least one finding is a true positive (each label counts once); a label
matched by none is a false negative; a finding that matches no label of its kind is a false positive.
Precision = TP / (TP + FP), recall = TP / labels, F1 their harmonic mean; each is 0 when its denominator
is 0. Micro figures sum TP, FP and FN over the nine kinds. A planted negative is hit when any finding (of
any of the nine kinds) overlaps it; its class's rate = hit / planted. Findings of kinds outside the nine
(aws_access_key, private_key_block, ...) are ignored and counted separately.
"""

import argparse
import collections
import json
import os
import sys

KINDS = ("email", "phone", "credit_card", "ssn", "iban", "ipv4", "ipv6", "ethereum_address", "ethereum_private_key")
NEGATIVE_CLASSES = ("hex64_digest", "hex40_commit", "date_time", "version_string", "luhn_fail_card", "bad_iban",
                    "masked_card", "mac_address", "ups_tracking", "price", "postal_code", "order_ref", "phone_like_id")


class ScoreError(Exception):
    """A findings or corpus file that cannot be scored; the message says which and how to fix it."""


def load_labels(corpus):
    """Labels of the corpus, grouped by (file, row, column); each gets an `id` for counting hits."""
    grouped = collections.defaultdict(list)
    path = os.path.join(corpus, "labels.jsonl")
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f):
                label = json.loads(line)
                label["id"] = number
                grouped[(label["file"], label["row"], label["column"])].append(label)
    except OSError as error:
        raise ScoreError(f"{path}: cannot read the labels ({error.strerror}); make the corpus with corpus.py --out") from error
    return grouped


def _read_json_values(path):
    """The findings in one file, as (finding, the document's `file` or None) pairs."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        document = None  # JSON Lines with more than one line, or not JSON at all
    if isinstance(document, dict) and "findings" in document:
        return [(finding, document.get("file")) for finding in document["findings"]]
    pairs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                pairs.append((json.loads(line), None))
            except json.JSONDecodeError as error:
                raise ScoreError(f"{path} line {number}: not JSON ({error.msg}); expected one finding per line "
                                 "or a {\"findings\": [...]} document") from error
    return pairs


def load_findings(path, file_override=None):
    """Findings of one file, each with its corpus `file` resolved (see the module docstring)."""
    out = []
    for finding, document_file in _read_json_values(path):
        name = file_override or finding.get("file") or document_file
        if not name:
            raise ScoreError(f"{path}: a finding names no corpus file; add \"file\" or pass --file NAME={path}")
        missing = [key for key in ("row", "column", "kind", "start", "end") if key not in finding]
        if missing:
            raise ScoreError(f"{path}: a finding lacks {', '.join(missing)}; each needs row, column, kind, start, end")
        out.append(dict(finding, file=os.path.basename(name)))
    return out


def _overlaps(a, b):
    """Whether two half-open spans overlap."""
    return a["start"] < b["end"] and b["start"] < a["end"]


def _fp_source(finding, field_labels):
    """What a false positive fell on: a negative class, another kind's label, or 'unplanted'."""
    hits = [label for label in field_labels if _overlaps(finding, label)]
    for label in hits:
        if "negative" in label:
            return label["negative"]
    return f"{hits[0]['kind']} label" if hits else "unplanted"


def match(labels, findings):
    """Counts of one run: matched label ids, false positives by kind and source, negatives hit, ignored kinds."""
    matched, negatives_hit = set(), set()
    false_positives = collections.Counter()
    ignored = collections.Counter()
    for finding in findings:
        if finding["kind"] not in KINDS:
            ignored[finding["kind"]] += 1
            continue
        field_labels = labels.get((finding["file"], finding["row"], finding["column"]), ())
        same_kind = [label for label in field_labels if label.get("kind") == finding["kind"] and _overlaps(finding, label)]
        matched.update(label["id"] for label in same_kind)
        negatives_hit.update(label["id"] for label in field_labels if "negative" in label and _overlaps(finding, label))
        if not same_kind:
            false_positives[(finding["kind"], _fp_source(finding, field_labels))] += 1
    return matched, false_positives, negatives_hit, ignored


def _ratios(tp, fp, fn):
    """Precision, recall and F1, each 0 when its denominator is 0."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def summarize(labels, findings, top):
    """The machine-readable summary of one run (see --json)."""
    matched, false_positives, negatives_hit, ignored = match(labels, findings)
    every = [label for group in labels.values() for label in group]
    kinds, planted, hit = {}, collections.Counter(), collections.Counter()
    fp_by_kind = collections.Counter()
    for (kind, _), count in false_positives.items():
        fp_by_kind[kind] += count
    for kind in KINDS:
        ids = [label["id"] for label in every if label.get("kind") == kind]
        tp = sum(1 for i in ids if i in matched)
        kinds[kind] = {"labels": len(ids), "tp": tp, "fp": fp_by_kind[kind], "fn": len(ids) - tp,
                       **_ratios(tp, fp_by_kind[kind], len(ids) - tp)}
    for label in every:
        if "negative" in label:
            planted[label["negative"]] += 1
            hit[label["negative"]] += label["id"] in negatives_hit
    totals = {key: sum(k[key] for k in kinds.values()) for key in ("labels", "tp", "fp", "fn")}
    return {
        "findings": len(findings),
        "kinds": kinds,
        "micro": {**totals, **_ratios(totals["tp"], totals["fp"], totals["fn"])},
        "negatives": {name: {"planted": planted[name], "hit": hit[name],
                             "rate": round(hit[name] / planted[name], 4) if planted[name] else 0.0}
                      for name in list(NEGATIVE_CLASSES) + sorted(set(planted) - set(NEGATIVE_CLASSES))},
        "fp_sources": [{"kind": kind, "source": source, "count": count}
                       for (kind, source), count in false_positives.most_common(top)],
        "ignored": dict(sorted(ignored.items())),
    }


def render(summary):
    """The summary as a plain-text report."""
    lines = [f"{'kind':22} {'labels':>7} {'TP':>7} {'FP':>7} {'FN':>7} {'precision':>9} {'recall':>7} {'F1':>6}"]
    for name, k in list(summary["kinds"].items()) + [("micro (all nine)", summary["micro"])]:
        lines.append(f"{name:22} {k['labels']:7d} {k['tp']:7d} {k['fp']:7d} {k['fn']:7d} "
                     f"{k['precision']:9.3f} {k['recall']:7.3f} {k['f1']:6.3f}")
    lines += ["", f"{'negative class':22} {'planted':>7} {'hit':>7} {'rate':>7}"]
    lines += [f"{name:22} {n['planted']:7d} {n['hit']:7d} {n['rate']:7.3f}" for name, n in summary["negatives"].items()]
    lines += ["", "top false-positive sources (finding kind x what it overlapped):"]
    lines += [f"  {s['kind']:22} x {s['source']:22} {s['count']:7d}" for s in summary["fp_sources"]]
    ignored = ", ".join(f"{kind} {count}" for kind, count in summary["ignored"].items()) or "none"
    lines += ["", f"findings of kinds outside the nine, ignored: {ignored}"]
    return "\n".join(lines)


def _file_overrides(pairs):
    """--file NAME=PATH options as {PATH: NAME}."""
    out = {}
    for pair in pairs:
        name, sep, path = pair.partition("=")
        if not sep or not name or not path:
            raise ScoreError(f"--file {pair!r}: expected NAME=PATH, for example crm.csv=out/crm.json")
        out[path] = name
    return out


def main(argv=None):
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, help="corpus directory (with labels.jsonl)")
    parser.add_argument("--findings", action="append", required=True, help="findings file (repeatable)")
    parser.add_argument("--file", action="append", default=[], metavar="NAME=PATH",
                        help="the corpus file that the findings in PATH are about")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--top", type=int, default=8, help="false-positive sources to list (default 8)")
    args = parser.parse_args(argv)
    try:
        overrides = _file_overrides(args.file)
        labels = load_labels(args.corpus)
        findings = [f for path in args.findings for f in load_findings(path, overrides.get(path))]
        known = {key[0] for key in labels}
        unknown = sorted({f["file"] for f in findings} - known)
        if unknown:
            raise ScoreError(f"findings name files the corpus does not have: {', '.join(unknown)} "
                             f"(it has {', '.join(sorted(known))}); map them with --file NAME=PATH")
    except ScoreError as error:
        print(f"score.py: {error}", file=sys.stderr)
        return 2
    summary = summarize(labels, findings, args.top)
    print(json.dumps(summary, indent=1) if args.json else render(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
