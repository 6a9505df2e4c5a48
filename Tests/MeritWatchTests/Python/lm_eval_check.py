"""Runs lm-evaluation-harness's own `local-completions` model on task files against an endpoint, and
prints its results as JSON, for comparison with Merit's on the same endpoint.

Usage: lm_eval_check.py BASE_URL MODEL TASK.yaml [TASK.yaml ...] [--concurrency N]

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

import lm_eval  # noqa: E402
from lm_eval.tasks import TaskManager  # noqa: E402


def main():
    args = sys.argv[1:]
    concurrency = 1
    if "--concurrency" in args:
        k = args.index("--concurrency")
        concurrency = int(args[k + 1])
        del args[k:k + 2]
    base_url, model, task_files = args[0], args[1], args[2:]
    out = {"lm_eval_version": lm_eval.__version__ if hasattr(lm_eval, "__version__") else "", "tasks": {}}
    started = time.time()
    for path in task_files:
        folder = os.path.dirname(os.path.abspath(path))
        name = None
        with open(path) as f:
            for line in f:
                if line.startswith("task:"):
                    name = line.split(":", 1)[1].strip()
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            tm = TaskManager(include_path=folder, include_defaults=False)
            res = lm_eval.simple_evaluate(
                model="local-completions",
                model_args=(f"base_url={base_url}/completions,model={model},tokenizer_backend=remote,"
                            f"num_concurrent={concurrency},max_retries=1,timeout=60"),
                tasks=[name], task_manager=tm, log_samples=True)
        finally:
            os.chdir(cwd)
        r = res["results"][name]
        samples = res["samples"][name]
        # One sample per document and filter pipeline: keep each document's answers by filter name.
        by_doc = {}
        for smp in samples:
            resp = smp["filtered_resps"]
            by_doc.setdefault(smp["doc_id"], {})[smp.get("filter", "none")] = resp[0] if isinstance(resp, list) and resp and not isinstance(resp[0], (list, tuple)) else resp
        out["tasks"][name] = {
            "results": {k: v for k, v in r.items() if "," in k},
            "documents": len(by_doc),
            "responses": [by_doc[k] for k in sorted(by_doc)],
        }
    out["seconds"] = round(time.time() - started, 3)
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
