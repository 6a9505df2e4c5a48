#!/usr/bin/env python3
"""Runs Presidio's pattern recognizers over every field of a corpus and writes findings for score.py.

    presidio_scan.py --corpus DIR --out FINDINGS.jsonl [--score-threshold X] [--jobs N]

Needs presidio-analyzer (requirements-presidio.txt). No NLP model is loaded: the engine is Presidio's own
AnalyzerEngine with its NoOpNlpEngine and a registry of the predefined recognizers whose entities map to
the nine kinds, so results pass through the engine's usual steps (recognizers, context enhancer,
score threshold, de-duplication). Presidio's default threshold is 0, so by default every match with a
score above 0 is kept; context words could only raise scores, and with no tokens from the NoOp engine
they are not seen anyway. --score-threshold applies a stricter one.

Entities map to kinds: EMAIL_ADDRESS -> email, PHONE_NUMBER -> phone (python-phonenumbers, regions US,
GB, DE, FR, BR, IN), CREDIT_CARD -> credit_card, US_SSN -> ssn, IBAN_CODE -> iban, IP_ADDRESS -> ipv6 when
the match has a colon else ipv4. CRYPTO is Presidio's Bitcoin recognizer (its pattern starts with 1, 3 or
bc1 and needs a Base58Check or Bech32 checksum, so it cannot match 0x addresses): its findings are kept
as kind `bitcoin_address`, outside the nine, which score.py ignores. Presidio has no Ethereum private-key
or Ethereum-address recognizer.

Each finding is one JSON line: file, row, column, kind, start, end (Python string indices, that is code
points), score, entity. tldextract (used by the e-mail recognizer) is kept offline: it reads its bundled
public-suffix snapshot and never fetches the list.
"""

import argparse
import csv
import json
import multiprocessing
import os
import sys
import time

# Before tldextract is imported: no suffix-list URLs (use the bundled snapshot), cache beside the venv.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("TLDEXTRACT_CACHE", os.path.join(sys.prefix, "tldextract-cache"))

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry  # noqa: E402
from presidio_analyzer.nlp_engine import NoOpNlpEngine  # noqa: E402
from presidio_analyzer.predefined_recognizers import (  # noqa: E402
    CreditCardRecognizer, CryptoRecognizer, EmailRecognizer, IbanRecognizer, IpRecognizer, PhoneRecognizer,
    UsSsnRecognizer)

REGIONS = ("US", "GB", "DE", "FR", "BR", "IN")
_KINDS = {"EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone", "CREDIT_CARD": "credit_card", "US_SSN": "ssn",
          "IBAN_CODE": "iban", "CRYPTO": "bitcoin_address"}


def make_engine():
    """An AnalyzerEngine with the pattern recognizers and no NLP model."""
    recognizers = [EmailRecognizer(), PhoneRecognizer(supported_regions=REGIONS), CreditCardRecognizer(),
                   UsSsnRecognizer(), IbanRecognizer(), IpRecognizer(), CryptoRecognizer()]
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no_op"}])
    return AnalyzerEngine(registry=RecognizerRegistry(recognizers=recognizers), nlp_engine=nlp_engine)


def kind_of(entity, text):
    """The corpus kind of a Presidio entity (IP_ADDRESS splits by the matched text)."""
    if entity == "IP_ADDRESS":
        return "ipv6" if ":" in text else "ipv4"
    return _KINDS.get(entity, entity.lower())


def _findings(engine, name, header, first_row, records, threshold):
    """Findings of a run of records (as JSON-ready dicts)."""
    out = []
    for offset, record in enumerate(records):
        for column, value in zip(header, record):
            if not value:
                continue
            for result in engine.analyze(text=value, language="en", score_threshold=threshold):
                out.append({"file": name, "row": first_row + offset, "column": column,
                            "kind": kind_of(result.entity_type, value[result.start:result.end]),
                            "start": result.start, "end": result.end, "score": round(result.score, 3),
                            "entity": result.entity_type})
    return out


_WORKER_ENGINE = None


def _start_worker():
    """Builds the engine once per process."""
    global _WORKER_ENGINE
    _WORKER_ENGINE = make_engine()


def _scan_chunk(task):
    """Findings of one chunk of one table, in a worker."""
    return _findings(_WORKER_ENGINE, *task)


def tables(corpus):
    """The corpus' CSV files, by name."""
    return sorted(name for name in os.listdir(corpus) if name.endswith(".csv"))


def chunks(corpus, threshold, size=500):
    """Work items: (table, header, first row, records, threshold), `size` records each, in file order."""
    for table in tables(corpus):
        with open(os.path.join(corpus, table), encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            records = list(reader)
        for first in range(0, len(records), size):
            yield table, header, first, records[first:first + size], threshold


def scan(corpus, out, threshold, jobs):
    """Scans the corpus into `out` with `jobs` processes; returns the number of findings."""
    count = 0
    if jobs == 1:
        _start_worker()
        results = map(_scan_chunk, chunks(corpus, threshold))
    else:
        pool = multiprocessing.Pool(jobs, initializer=_start_worker)
        results = pool.imap(_scan_chunk, chunks(corpus, threshold))
    for findings in results:
        out.writelines(json.dumps(finding) + "\n" for finding in findings)
        count += len(findings)
    if jobs != 1:
        pool.close()
        pool.join()
    return count


def main(argv=None):
    """Command-line entry point; prints bytes, seconds and MB/s of the scan as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, help="corpus directory made by corpus.py")
    parser.add_argument("--out", required=True, help="findings file to write (JSON Lines)")
    parser.add_argument("--score-threshold", type=float, default=None,
                        help="minimum score; default: Presidio's (0, every match)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as out:
        count = scan(args.corpus, out, args.score_threshold, args.jobs)
    seconds = time.perf_counter() - started
    size = sum(os.path.getsize(os.path.join(args.corpus, table)) for table in tables(args.corpus))
    print(json.dumps({"bytes": size, "seconds": round(seconds, 3), "mb_per_second": round(size / 1e6 / seconds, 4),
                      "jobs": args.jobs, "findings": count}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
