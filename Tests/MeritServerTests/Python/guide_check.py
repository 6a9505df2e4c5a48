"""Runs the registration guide's Option B script (guide_option_b.py) against a Merit server, then checks
what the guide promises: the model is found by its token ID in Merit's native API, with the tags the guide
set, and MLflow's search_runs finds the run by the hokusai_token_id tag.

Usage: HOKUSAI_API_KEY=<key> python3 guide_check.py http://127.0.0.1:PORT
Prints `FAIL NAME: why` per failed check and `guide: N passed, M failed` at the end.
"""
import json
import os
import pathlib
import subprocess
import sys
import urllib.request

server = sys.argv[1].rstrip("/")
key = os.environ["HOKUSAI_API_KEY"]
here = pathlib.Path(__file__).parent
results = {"passed": 0, "failed": 0}


def check(name, ok, why=""):
    if ok:
        results["passed"] += 1
        print(f"ok {name}")
    else:
        results["failed"] += 1
        print(f"FAIL {name}: {why}")


script = (here / "guide_option_b.py").read_text().replace("https://registry.hokus.ai", server)
env = dict(os.environ)
env.pop("MLFLOW_TRACKING_URI", None)
run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600)
check("the guide's script runs", run.returncode == 0 and "Model registered with run ID" in run.stdout,
      " | ".join((run.stdout + run.stderr).strip().splitlines()[-3:]))


def get(path):
    req = urllib.request.Request(server + path, headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


models = get("/api/v1/models?token_id=CLASS-001").get("models", [])
check("found by token ID in the native API", len(models) == 1 and models[0].get("name") == "my-classifier", json.dumps(models)[:500])
if models:
    m = models[0]
    check("token ID, metric and baseline from the tags", m.get("token_id") == "CLASS-001" and (m.get("metric") or {}).get("name") == "accuracy"
          and isinstance(m.get("baseline"), (int, float)) and 0 < m["baseline"] <= 1, json.dumps(m)[:500])
    status = m.get("token_status") or {}
    check("token status says what is missing (the ticker, which the owner sets)", status.get("state") == "incomplete"
          and "ticker" in json.dumps(status), json.dumps(status)[:500])

os.environ["MLFLOW_TRACKING_TOKEN"] = key
import mlflow  # noqa: E402

mlflow.set_tracking_uri(server + "/api/mlflow")
found = mlflow.search_runs(search_all_experiments=True, filter_string="tags.hokusai_token_id = 'CLASS-001'", output_format="list")
check("search_runs finds the run by its hokusai_token_id tag", len(found) == 1 and found[0].data.tags.get("benchmark_metric") == "accuracy",
      repr(found)[:500])
client = mlflow.MlflowClient()
versions = client.search_model_versions("name = 'my-classifier'")
check("one version, whose run carries the tags", len(versions) == 1 and found and versions[0].run_id == found[0].info.run_id, repr(versions)[:500])

print(f"guide: {results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
