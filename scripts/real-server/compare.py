"""Compares Merit's watch round with lm-eval's results against the same server, and prints a summary.

Usage: compare.py LM_EVAL.json MERIT_DATA_DIR WATCH_OUTCOME.json BASE_URL TOKENIZER_DIR [--tolerance X]

- LM_EVAL.json: what lm_eval_run.py printed; MERIT_DATA_DIR: the watcher's --data folder (its
  merit.sqlite holds the round data: every prompt and every per-document answer); WATCH_OUTCOME.json:
  what `merit watch run --once --json` printed (scores, QoS, identity).
- Per endpoint and task: every choice's log-likelihood (multiple choice) or generated text, and every
  metric with its per-document values. Log-likelihoods are equal when they differ by at most
  --tolerance (default 0: the same double).
- Whether lm-eval's Hugging Face tokenizer splits every prompt as the server does (/extras/tokenize):
  where it does not, lm-eval's context boundary is wrong and its numbers cannot judge Merit's.
Exit status 1 when any metric, answer or log-likelihood differs.
"""
import argparse
import json
import os
import sqlite3

import requests
from transformers import AutoTokenizer


def merit_round(data_dir):
    db = sqlite3.connect(os.path.join(data_dir, "merit.sqlite"))
    row = db.execute("SELECT data_json FROM watch_rounds ORDER BY round DESC LIMIT 1").fetchone()
    if row is None:
        raise SystemExit(f"{data_dir}/merit.sqlite has no watch round")
    return json.loads(row[0])


def metric_key(metric):
    return metric if "," in metric else metric + ",none"


def compare_task(task, answers, scores, lm, tolerance):
    """(lines, problems) for one endpoint's task against lm-eval's."""
    lines, problems = [], 0
    theirs = lm["tasks"].get(task)
    if theirs is None:
        return [f"    lm-eval has no results for {task}"], 1
    if theirs["documents"] != len(answers):
        problems += 1
        lines.append(f"    documents: lm-eval {theirs['documents']}, Merit {len(answers)}")
    equal = compared = failed = 0
    worst, examples = 0.0, []
    for doc, mine in enumerate(answers):
        if isinstance(mine, list):  # log-likelihoods, one per choice
            lls = [pair[0] for pair in theirs["responses"][doc]["none"]]
            for choice, (a, b) in enumerate(zip(mine, lls)):
                compared += 1
                if isinstance(a, str):
                    failed += 1
                    continue
                delta = abs(a - b)
                worst = max(worst, delta)
                if delta <= tolerance:
                    equal += 1
                elif len(examples) < 3:
                    examples.append(f"doc {doc} choice {choice}: lm-eval {b!r}, Merit {a!r}")
        else:  # a generation
            compared += 1
            if mine.startswith("failed: "):
                failed += 1
            elif mine == theirs["raw"][doc][0]:
                equal += 1
            elif len(examples) < 3:
                examples.append(f"doc {doc}: lm-eval {theirs['raw'][doc][0]!r}, Merit {mine!r}")
    kind = "log-likelihoods" if answers and isinstance(answers[0], list) else "generations"
    lines.append(f"    {kind}: {equal}/{compared} equal" + (f", {failed} failed requests" if failed else "")
                 + (f", max |difference| {worst:.3g}" if kind == "log-likelihoods" else ""))
    lines += [f"      {e}" for e in examples]
    problems += compared - equal
    for s in scores:
        key = metric_key(s["metric"])
        value = theirs["results"].get(key)
        per_doc = theirs["per_document"].get(key, [])
        same_docs = sum(1 for a, b in zip(s["perDocument"], per_doc) if float(a) == float(b))
        same = value is not None and float(value) == float(s["value"])
        problems += (not same) + (same_docs != len(per_doc))
        lines.append(f"    {key}: lm-eval {value}, Merit {s['value']} ({'equal' if same else 'DIFFERENT'}; "
                     f"{same_docs}/{len(per_doc)} documents agree)")
    return lines, problems


def tokenizer_agreement(data, base_url, tokenizer_dir):
    """(agreeing, total, first disagreement) over the distinct prompts of the round."""
    tok = AutoTokenizer.from_pretrained(tokenizer_dir)
    bos = tok.bos_token_id
    # What both send: context + continuation (a generation's prompt is its context alone).
    texts = sorted({item["context"] + c for t in data["prompts"]["tasks"] for item in t["items"]
                    for c in (item["continuations"] or [""])})
    server = base_url.removesuffix("/v1")
    agree, first = 0, None
    for text in texts:
        theirs = requests.post(f"{server}/extras/tokenize", json={"input": text}, timeout=30).json()["tokens"]
        theirs = theirs[1:] if theirs[:1] == [bos] else theirs
        mine = tok(text, add_special_tokens=False).input_ids
        if mine == theirs:
            agree += 1
        elif first is None:
            first = f"{text[:60]!r}: Hugging Face {len(mine)} tokens, server {len(theirs)}"
    return agree, len(texts), first


def main():
    p = argparse.ArgumentParser()
    p.add_argument("lm_eval_json")
    p.add_argument("merit_data")
    p.add_argument("watch_json")
    p.add_argument("base_url")
    p.add_argument("tokenizer_dir")
    p.add_argument("--tolerance", type=float, default=0.0)
    a = p.parse_args()
    lm = json.load(open(a.lm_eval_json))
    watch = json.load(open(a.watch_json))
    data = merit_round(a.merit_data)

    problems = 0
    agree, total, first = tokenizer_agreement(data, a.base_url, a.tokenizer_dir)
    print(f"lm-eval's tokenizer splits {agree}/{total} prompts as the server does" + (f" (first difference: {first})" if first else ""))
    scores = {s["endpoint"]: s["scores"] for s in data["scores"]}
    for endpoint in data["responses"]:
        eid = endpoint["endpoint"]
        print(f"endpoint {eid}")
        for t in endpoint["tasks"]:
            task = t["task"]
            mine = [s for s in scores.get(eid, []) if s["task"] == task]
            print(f"  {task} ({len(t.get('answers', []))} documents)")
            lines, n = compare_task(task, t.get("answers", []), mine, lm, a.tolerance)
            print("\n".join(lines))
            problems += n
        q, v = watch["qos"].get(eid, {}), watch["identity"].get(eid, {})
        failures = ", ".join(f"{f['errorClass']} {f['count']}" for f in q.get("failures", []) if f["count"]) or "none"
        print(f"  QoS: {q.get('successes')}/{q.get('requests')} requests succeeded; failures: {failures}; "
              f"latency p50 {q.get('latencyP50')} ms, p99 {q.get('latencyP99')} ms")
        agreement = v.get("agreement")
        print(f"  identity: {v.get('status')}" + (f" (agreement {agreement:.2f} with {v.get('comparedWith')})" if agreement is not None else ""))
        for e in v.get("evidence", [])[:2]:
            print(f"    differs on {e[0]!r}: {e[1]!r} vs {e[2]!r}")
    print(f"RESULT: {'scores equal' if problems == 0 else f'{problems} differences'} (lm-eval {lm.get('lm_eval_version')})")
    raise SystemExit(0 if problems == 0 else 1)


if __name__ == "__main__":
    main()
