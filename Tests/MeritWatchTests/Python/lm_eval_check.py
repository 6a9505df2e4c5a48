"""Runs lm-evaluation-harness's own `local-completions` model on task files against an endpoint, and
prints its results as JSON, for comparison with Merit's on the same endpoint.

Usage: lm_eval_check.py BASE_URL MODEL TASK.yaml [TASK.yaml ...] [--concurrency N] [--tokenizer DIR]

Without --tokenizer, lm-eval tokenizes through the server's vLLM /tokenize (`tokenizer_backend=remote`);
with it (a server without /tokenize, such as llama-cpp-python's in scripts/real-server), it counts tokens
with the Hugging Face tokenizer in DIR and sends prompts as text.

Each task runs from its own folder, because lm-eval resolves relative data_files against the current
directory. The Python API with include_defaults=False skips indexing lm-eval's ~14,700 built-in tasks.
"""
import json
import os
import sys
import time

os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import lm_eval  # noqa: E402
from lm_eval.tasks import TaskManager  # noqa: E402


def task_name(path):
    with open(path) as f:
        for line in f:
            if line.startswith("task:"):
                return line.split(":", 1)[1].strip()
    raise SystemExit(f"{path}: no `task:` line")


def main():
    args = sys.argv[1:]
    options = {"--concurrency": "1", "--tokenizer": None}
    for flag in options:
        if flag in args:
            k = args.index(flag)
            options[flag] = args[k + 1]
            del args[k:k + 2]
    base_url, model, task_files = args[0], args[1], args[2:]
    if options["--tokenizer"]:
        # A server without /tokenize (llama-cpp-python): lm-eval counts context tokens with this Hugging Face
        # tokenizer and sends prompts as text, since such a server may refuse token ids as a prompt.
        backend = f"tokenizer_backend=huggingface,tokenizer={os.path.abspath(options['--tokenizer'])},tokenized_requests=False"
    else:
        backend = "tokenizer_backend=remote"
    model_args = (f"base_url={base_url}/completions,model={model},{backend},"
                  f"num_concurrent={options['--concurrency']},max_retries=1,timeout=60")
    out = {"lm_eval_version": getattr(lm_eval, "__version__", ""), "model_args": model_args, "tasks": {}}
    started = time.time()
    for path in task_files:
        name, folder = task_name(path), os.path.dirname(os.path.abspath(path))
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            tm = TaskManager(include_path=folder, include_defaults=False)
            res = lm_eval.simple_evaluate(model="local-completions", model_args=model_args, tasks=[name],
                                          task_manager=tm, log_samples=True)
        finally:
            os.chdir(cwd)
        # One sample per document and filter pipeline: each document's answers by filter name, its raw
        # answers (a generation's unfiltered text), and each metric's value per document ("acc,none").
        by_doc, raw, per_doc = {}, {}, {}
        for smp in res["samples"][name]:
            resp, flt = smp["filtered_resps"], smp.get("filter", "none")
            single = isinstance(resp, list) and resp and not isinstance(resp[0], (list, tuple))
            by_doc.setdefault(smp["doc_id"], {})[flt] = resp[0] if single else resp
            raw[smp["doc_id"]] = [r[0] for r in smp["resps"]]
            for metric in smp["metrics"]:
                per_doc.setdefault(f"{metric},{flt}", {})[smp["doc_id"]] = smp[metric]
        out["tasks"][name] = {
            "results": {k: v for k, v in res["results"][name].items() if "," in k},
            "documents": len(by_doc),
            "responses": [by_doc[k] for k in sorted(by_doc)],
            "raw": [raw[k] for k in sorted(raw)],
            "per_document": {m: [v[k] for k in sorted(v)] for m, v in per_doc.items()},
        }
    out["seconds"] = round(time.time() - started, 3)
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
