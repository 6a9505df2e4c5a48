"""Compares Merit's watch round with lm-eval's results against the same server, and prints a summary.

Usage: compare.py LM_EVAL.json MERIT_DATA_DIR WATCH_OUTCOME.json BASE_URL TOKENIZER_DIR [--tolerance X]

- LM_EVAL.json: what Tests/MeritWatchTests/Python/lm_eval_check.py --tokenizer printed; MERIT_DATA_DIR: the watcher's --data folder (its
  merit.sqlite holds the round data: every prompt and every per-document answer); WATCH_OUTCOME.json:
  what `merit watch run --once --json` printed (scores, QoS, identity).
- Per endpoint and task: every choice's log-likelihood (multiple choice) or generated text, and every
  metric with its per-document values. Log-likelihoods are equal when they differ by at most
  --tolerance (default 0: the same double).
- A log-likelihood that differs only because the server answered `max_tokens: 1` with several tokens (it
  goes on until a character split into byte tokens is whole), which lm-eval's `[ctxlen:-1]` slice then
  counts as continuation while Merit stops where the generated text begins, is re-asked from the server
  and reported as explained, not as a difference, when lm-eval's value is Merit's plus exactly those
  generated tokens' logprobs; a metric that differs only on such documents is explained with it.
- Whether lm-eval's Hugging Face tokenizer splits every prompt as the server does (/extras/tokenize):
  where it does not, lm-eval's context boundary is wrong and its numbers cannot judge Merit's.
Exit status 1 when any metric, answer or log-likelihood differs, 2 when the inputs cannot be read.
"""
import argparse
import json
import os
import sqlite3
import sys
import traceback

os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")  # not "None of PyTorch ... found": only the tokenizer is used

import requests  # noqa: E402
from transformers import AutoTokenizer  # noqa: E402


def merit_round(data_dir):
    db = sqlite3.connect(os.path.join(data_dir, "merit.sqlite"))
    row = db.execute("SELECT data_json FROM watch_rounds ORDER BY round DESC LIMIT 1").fetchone()
    if row is None:
        print(f"compare.py: {data_dir}/merit.sqlite has no watch round; did `merit watch run` finish?", file=sys.stderr)
        raise SystemExit(2)
    return json.loads(row[0])


def metric_key(metric):
    return metric if "," in metric else metric + ",none"


def generated_tokens_counted(base_url, context, continuation, merit, theirs):
    """How many tokens the server generated for this choice's max_tokens-1 request, when lm-eval's value is
    Merit's plus the logprobs of all of them but the last (which lm-eval's [ctxlen:-1] slice counts); else None."""
    spaces = len(context) - len(context.rstrip())  # lm-eval's _encode_pair
    if spaces:
        continuation, context = context[-spaces:] + continuation, context[:-spaces]
    prompt = context + continuation
    r = requests.post(base_url + "/completions", json={"model": "tiny", "prompt": prompt, "max_tokens": 1, "echo": True, "logprobs": 1,
                                                        "temperature": 0, "seed": 1234}, timeout=60).json()
    lp = r["choices"][0]["logprobs"]
    # The server counts offsets with the first piece's leading space (see Merit's OpenAICompletionsClient.offsets).
    shift = 1 if lp["tokens"] and lp["tokens"][0].startswith(" ") and not prompt.startswith(" ") else 0
    generated = [i for i, o in enumerate(lp["text_offset"]) if i > 0 and o - shift >= len(prompt)]
    if len(generated) < 2:
        return None
    extra = sum(lp["token_logprobs"][i] for i in generated[:-1])
    return len(generated) if abs(merit + extra - theirs) <= 1e-6 else None


def compare_task(task, answers, scores, lm, tolerance, items=None, base_url=None):
    """(summary, examples, problems) for one endpoint's task against lm-eval's."""
    theirs = lm["tasks"].get(task)
    if theirs is None:
        return f"{task}: lm-eval has no results", [], 1
    parts, examples, problems = [f"{task}: {len(answers)} documents"], [], 0
    if theirs["documents"] != len(answers):
        problems += 1
        parts.append(f"lm-eval has {theirs['documents']}")
    equal = compared = failed = explained = 0
    worst = 0.0
    explained_docs = set()
    for doc, mine in enumerate(answers):
        if isinstance(mine, list):  # log-likelihoods, one per choice
            lls = [pair[0] for pair in theirs["responses"][doc]["none"]]
            for choice, (a, b) in enumerate(zip(mine, lls)):
                compared += 1
                if isinstance(a, str):
                    failed += 1
                    continue
                if abs(a - b) <= tolerance:
                    equal += 1
                    continue
                n = items and base_url and generated_tokens_counted(base_url, items[doc]["context"], items[doc]["continuations"][choice], a, b)
                if n:
                    explained += 1
                    explained_docs.add(doc)
                    examples.append(f"doc {doc} choice {choice}: explained: the server generated {n} tokens for max_tokens 1, and lm-eval "
                                    f"counts {n - 1} of them as continuation (lm-eval {b!r}, Merit {a!r})")
                    continue
                worst = max(worst, abs(a - b))
                if len(examples) < 2:
                    examples.append(f"doc {doc} choice {choice}: lm-eval {b!r}, Merit {a!r}")
        else:  # a generation
            compared += 1
            if mine.startswith("failed: "):
                failed += 1
            elif mine == theirs["raw"][doc][0]:
                equal += 1
            elif len(examples) < 2:
                examples.append(f"doc {doc}: lm-eval {theirs['raw'][doc][0]!r}, Merit {mine!r}")
    if answers and isinstance(answers[0], list):
        parts.append(f"log-likelihoods {equal}/{compared} equal" + (f", {explained} explained" if explained else "") + f" (max |difference| otherwise {worst:.3g})")
    else:
        parts.append(f"generations {equal}/{compared} equal")
    if failed:
        parts.append(f"{failed} failed requests")
    problems += compared - equal - explained
    for sc in scores:
        key = metric_key(sc["metric"])
        value = theirs["results"].get(key)
        per_doc = theirs["per_document"].get(key, [])
        same_docs = sum(1 for a, b in zip(sc["perDocument"], per_doc) if float(a) == float(b))
        differing = {d for d, (a, b) in enumerate(zip(sc["perDocument"], per_doc)) if float(a) != float(b)}
        if value is not None and float(value) == float(sc["value"]) and same_docs == len(per_doc):
            parts.append(f"{key} equal ({float(value):.4f})")
        elif value is not None and len(sc["perDocument"]) == len(per_doc) and differing <= explained_docs:
            parts.append(f"{key} differs only on the explained documents (lm-eval {value}, Merit {sc['value']})")
        else:
            problems += 1
            parts.append(f"{key} DIFFERENT (lm-eval {value}, Merit {sc['value']}; {same_docs}/{len(per_doc)} documents agree)")
    return "; ".join(parts), examples, problems


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
            items = next((p["items"] for p in data["prompts"]["tasks"] if p["task"] == task), None)
            summary, examples, n = compare_task(task, t.get("answers", []), mine, lm, a.tolerance, items, a.base_url)
            print("  " + summary + (f" [Merit: {t['unreliable']}]" if "unreliable" in t else ""))
            for e in examples:
                print("      " + e)
            problems += n
        check = endpoint.get("loglikelihoodCheck")
        if check:
            print(f"  log-likelihood self-check: {check['status']} ({check['checked']} prompts checked)"
                  + (f"; first evidence: {check['evidence'][0]}" if check.get("evidence") else ""))
        q, v = watch["qos"].get(eid, {}), watch["identity"].get(eid, {})
        failures = ", ".join(f"{f['errorClass']} {f['count']}" for f in q.get("failures", []) if f["count"]) or "none"
        print(f"  QoS: {q.get('successes')}/{q.get('requests')} requests succeeded; failures: {failures}; "
              f"latency p50 {q.get('latencyP50')} ms, p99 {q.get('latencyP99')} ms")
        agreement = v.get("agreement")
        print(f"  identity: {v.get('status')}, {v.get('probes')} probes compared"
              + (f", agreement {agreement:.2f} with {v.get('comparedWith')}" if agreement is not None else ""))
        for e in v.get("evidence", [])[:2]:
            print(f"    differs on {e[0]!r}: {e[1]!r} vs {e[2]!r}")
    verdict = "Merit's scores equal lm-eval's" if problems == 0 else f"{problems} differences (answers, metrics or document counts)"
    print(f"RESULT: {verdict}")
    raise SystemExit(0 if problems == 0 else 1)


if __name__ == "__main__":
    try:
        main()
    except (OSError, KeyError, ValueError, requests.RequestException):
        traceback.print_exc()
        raise SystemExit(2)  # the comparison could not run: not a difference in scores
