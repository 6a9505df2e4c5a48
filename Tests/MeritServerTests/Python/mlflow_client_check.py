#!/usr/bin/env python3
"""Drive the official MLflow Python client against a tracking server and check the results.

Usage: mlflow_client_check.py TRACKING_URI [--suffix S] [--ticker T|auto] [--merit] [--verbose]

Prints one line per check, `ok NAME` or `FAIL NAME: why`, then `N passed, M failed`; exits 1 if any check
failed. Lines starting with `#` are information. Every check here passes against a real `mlflow server`
(3.17.2). `--merit` adds checks that only Merit's server can pass (its native API).

Names are fixed, with a suffix (--suffix, else $MERIT_CHECK_SUFFIX, else one made from the clock and the
pid) so that reruns against the same server don't collide. Merit keeps a ticker to one model: against a
Merit server that already holds a model with ticker CHRN, pass `--ticker auto` (or another ticker).
Data and models are seeded: reruns give the same numbers.
"""
import os
import sys

# The client's environment: no retry storm on errors, a short timeout, no telemetry. Set before importing mlflow.
os.environ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "0"
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "20")
os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
os.environ["DO_NOT_TRACK"] = "true"

import argparse
import contextlib
import filecmp
import logging
import tempfile
import time
import traceback
from pathlib import Path

import numpy as np
import pandas as pd
import requests
import sklearn
from sklearn.linear_model import LogisticRegression

import mlflow
import mlflow.pyfunc
import mlflow.sklearn
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag
from mlflow.exceptions import MlflowException

TOKEN_TAGS = {"hokusai_token_id": "CHRN", "benchmark_metric": "accuracy", "benchmark_value": "0.81"}


def ticker_for(spec, suffix):
    """--ticker: a ticker as given, or `auto`: 6 letters A-Z derived from the suffix (Merit keeps tickers unique
    across models, so reruns against one Merit data dir need a fresh one)."""
    if spec != "auto":
        return spec
    import hashlib
    h = int.from_bytes(hashlib.sha256(suffix.encode()).digest()[:8], "big")
    return "".join(chr(65 + (h >> (5 * i)) % 26) for i in range(6))


# --------------------------------------------------------------------------------------------------
# Merit's native API. The server side isn't written yet: adjust the URL and the JSON shape here only.

def merit_auth_headers():
    token = os.environ.get("MERIT_TOKEN") or os.environ.get("MLFLOW_TRACKING_TOKEN")
    return {"Authorization": f"Bearer {token}"} if token else {}


def merit_native_models(tracking_uri, ticker):
    """GET {tracking_uri}/api/v1/models?token_id=T and return [{"ticker", "metric", "baseline", "raw"}].

    The token tag `hokusai_token_id` sets the model's token ID (`token_id`), which is what is looked up;
    "ticker" below is that token ID.

    Assumed response: {"models": [{"ticker": "CHRN", "metric": {"name": "accuracy"}, "baseline": 0.81}]}.
    `metric` may also be a plain string and `baseline` a string; both are normalised here.
    """
    url = tracking_uri.rstrip("/") + "/api/v1/models"
    r = requests.get(url, params={"token_id": ticker}, headers=merit_auth_headers(), timeout=10)
    r.raise_for_status()
    out = []
    for m in r.json().get("models", []):
        metric = m.get("metric")
        if isinstance(metric, dict):
            metric = metric.get("name")
        baseline = m.get("baseline")
        if isinstance(baseline, dict):
            baseline = baseline.get("value")
        out.append({"ticker": m.get("token_id"), "metric": metric,
                    "baseline": None if baseline is None else float(baseline), "raw": m})
    return out


# --------------------------------------------------------------------------------------------------

class Checker:
    def __init__(self, out):
        self.out = out  # the real stdout: mlflow itself writes "View run ..." lines to sys.stdout
        self.passed = 0
        self.failed = 0

    def say(self, line):
        print(line, file=self.out, flush=True)

    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
            self.say(f"ok {name}")
        else:
            self.failed += 1
            self.say(f"FAIL {name}: {detail}")
        return cond

    def equal(self, name, got, want):
        return self.check(name, got == want, f"got {got!r}, want {want!r}")

    @contextlib.contextmanager
    def section(self, name):
        """Runs a block; an unexpected exception fails the section and the script goes on."""
        try:
            yield
        except Exception as e:  # noqa: BLE001
            self.failed += 1
            self.say(f"FAIL {name}: unexpected {type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}")
            if os.environ.get("MERIT_CHECK_TRACEBACK"):
                traceback.print_exc()


def make_data():
    """A tiny seeded binary classification problem: 200 rows, 4 features, 150 for training."""
    rng = np.random.default_rng(2026)
    X = rng.normal(size=(200, 4))
    y = (X @ np.array([1.5, -2.0, 0.5, 0.0]) + 0.8 * rng.normal(size=200) > 0).astype(np.int64)
    cols = ["f0", "f1", "f2", "f3"]
    return pd.DataFrame(X[:150], columns=cols), y[:150], pd.DataFrame(X[150:], columns=cols), y[150:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tracking_uri")
    ap.add_argument("--suffix", default=os.environ.get("MERIT_CHECK_SUFFIX"))
    ap.add_argument("--ticker", default=os.environ.get("MERIT_CHECK_TICKER", "CHRN"),
                    help="hokusai_token_id of the model run (CHRN); `auto` derives one from the suffix")
    ap.add_argument("--merit", action="store_true", help="also run the checks only Merit's server passes")
    ap.add_argument("--verbose", action="store_true", help="keep mlflow's own log output")
    args = ap.parse_args()
    if not args.verbose:
        logging.getLogger("mlflow").setLevel(logging.ERROR)
        import warnings
        warnings.filterwarnings("ignore")

    c = Checker(sys.stdout)
    sys.stdout = sys.stderr  # mlflow's own chatter goes to stderr; check lines stay alone on stdout
    suffix = args.suffix or f"{int(time.time()) % 100000000}-{os.getpid()}"
    ticker = ticker_for(args.ticker, suffix)
    token_tags = dict(TOKEN_TAGS, hokusai_token_id=ticker)
    uri = args.tracking_uri.rstrip("/")
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient(uri, uri)
    c.say(f"# tracking uri {uri}, suffix {suffix}, ticker {ticker}, mlflow {mlflow.__version__}, "
          f"scikit-learn {sklearn.__version__}, merit checks {'on' if args.merit else 'off'}")

    exp_name = f"merit-check-{suffix}"
    search_exp_name = f"merit-check-{suffix}-search"
    prefix = f"merit-check-{suffix}-"
    model_name = prefix + "churn"
    other_model_name = prefix + "other"
    t0 = time.monotonic()
    state = {}

    # ---- (a) tracking: experiment, run, params, metrics, batch, tags ----------------------------
    with c.section("tracking"):
        exp = mlflow.set_experiment(exp_name)
        exp_id = exp.experiment_id
        state["exp_id"] = exp_id
        c.check("set_experiment creates the experiment", isinstance(exp_id, str) and exp_id != "",
                f"experiment_id {exp_id!r}")
        got = client.get_experiment_by_name(exp_name)
        c.check("get_experiment_by_name finds it", got is not None and got.experiment_id == exp_id,
                f"got {got}")
        c.check("experiment artifact_location is mlflow-artifacts:/<id>",
                got is not None and got.artifact_location == f"mlflow-artifacts:/{exp_id}",
                f"got {got.artifact_location if got else None!r}")

        loss = {0: 0.9, 1: 0.7, 2: 0.5, 3: 0.4}
        order = (0, 3, 1, 2)  # steps logged out of order, with increasing timestamps
        ts0 = int(time.time() * 1000) - 10_000
        with mlflow.start_run(run_name="tracking") as run:
            run_id = run.info.run_id
            mlflow.log_param("alpha", 0.5)
            for i, step in enumerate(order):
                mlflow.log_metric("loss", loss[step], step=step, timestamp=ts0 + 100 * i)
            mlflow.log_metric("loss2", 1.0, step=5, timestamp=ts0)  # same timestamp: ordered by step
            mlflow.log_metric("loss2", 2.0, step=4, timestamp=ts0)
            mlflow.log_params({"optimizer": "sgd", "epochs": 4})
            mlflow.log_metrics({"accuracy": 0.75, "f1": 0.7})
            mlflow.set_tags({"team": "merit", "stage": "dev"})
            mlflow.set_tag("note", "héllo wörld ✓")
            c.equal("start_run: status RUNNING", client.get_run(run_id).info.status, "RUNNING")
        state["tracking_run_id"] = run_id

        r = client.get_run(run_id)
        c.equal("get_run: run_id", r.info.run_id, run_id)
        c.equal("get_run: experiment_id", r.info.experiment_id, exp_id)
        c.equal("get_run: run_name", r.info.run_name, "tracking")
        c.equal("end_run: status FINISHED", r.info.status, "FINISHED")
        c.check("end_run: end_time >= start_time",
                r.info.end_time is not None and r.info.start_time is not None and r.info.end_time >= r.info.start_time,
                f"start {r.info.start_time} end {r.info.end_time}")
        c.equal("get_run: artifact_uri", r.info.artifact_uri, f"mlflow-artifacts:/{exp_id}/{run_id}/artifacts")
        c.equal("get_run: params round-trip", r.data.params, {"alpha": "0.5", "optimizer": "sgd", "epochs": "4"})
        # The latest value per key is the one with the highest step (then the highest timestamp), not the last logged.
        c.equal("get_run: metrics hold the value at the highest step", r.data.metrics,
                {"loss": 0.4, "loss2": 1.0, "accuracy": 0.75, "f1": 0.7})
        user_tags = {k: v for k, v in r.data.tags.items() if not k.startswith("mlflow.")}
        c.equal("get_run: tags round-trip", user_tags, {"team": "merit", "stage": "dev", "note": "héllo wörld ✓"})
        c.equal("get_run: mlflow.runName tag", r.data.tags.get("mlflow.runName"), "tracking")
        c.check("get_run: mlflow.user tag", bool(r.data.tags.get("mlflow.user")), f"tags {r.data.tags}")

        # The real server orders the history by (timestamp, step, value), not by step first.
        hist = client.get_metric_history(run_id, "loss")
        c.equal("get_metric_history: ordered by timestamp", [(m.step, m.value, m.timestamp) for m in hist],
                [(s, loss[s], ts0 + 100 * i) for i, s in enumerate(order)])
        hist = client.get_metric_history(run_id, "loss2")
        c.equal("get_metric_history: same timestamp ordered by step", [(m.step, m.value) for m in hist],
                [(4, 2.0), (5, 1.0)])
        one = client.get_metric_history(run_id, "accuracy")
        c.equal("get_metric_history: one value at step 0", [(m.step, m.value) for m in one], [(0, 0.75)])

    # ---- (b) sklearn log_model with registration, token tags on the run ----------------------------
    Xtr, ytr, Xte, yte = make_data()
    model = LogisticRegression(random_state=0, max_iter=500).fit(Xtr, ytr)
    expected = model.predict(Xte)
    acc = float(model.score(Xte, yte))
    with c.section("sklearn log_model"):
        mlflow.set_experiment(exp_name)
        with mlflow.start_run(run_name="churn-lr") as run:
            model_run_id = run.info.run_id
            mlflow.log_param("model_type", "lr")
            mlflow.log_metric("accuracy", acc)
            mlflow.set_tags(token_tags)
            info = mlflow.sklearn.log_model(model, name="model", registered_model_name=model_name,
                                            input_example=Xte.iloc[:3])
        state["model_run_id"] = model_run_id
        c.equal("log_model: registered version 1", str(info.registered_model_version), "1")
        c.check("log_model: model_id returned", bool(info.model_id), f"{info.model_id!r}")
        mv = client.get_model_version(model_name, "1")
        c.equal("log_model: version status READY", mv.status, "READY")
        c.equal("log_model: version run_id is the run", mv.run_id, model_run_id)
        c.equal("log_model: version source is models:/<model_id>", mv.source, f"models:/{info.model_id}")
        r = client.get_run(model_run_id)
        c.equal("log_model: token tags on the run",
                {k: r.data.tags.get(k) for k in token_tags}, token_tags)
        c.equal("log_model: run metric accuracy", r.data.metrics.get("accuracy"), acc)
        lm = client.get_logged_model(info.model_id)
        c.equal("log_model: logged model source_run_id", lm.source_run_id, model_run_id)
        c.equal("log_model: logged model status READY", str(lm.status), "READY")

    # ---- (c) register_model from runs:/ for a second version ----------------------------------------
    with c.section("register_model"):
        mv2 = mlflow.register_model(f"runs:/{state['model_run_id']}/model", model_name)
        c.equal("register_model: version 2", str(mv2.version), "2")
        c.equal("register_model: run_id", mv2.run_id, state["model_run_id"])
        c.equal("register_model: status READY", mv2.status, "READY")

    # ---- registry queries and aliases ----------------------------------------------------------
    with c.section("registry"):
        client.create_registered_model(other_model_name)
        found = client.search_registered_models(filter_string=f"name LIKE '{prefix}%'")
        c.equal("search_registered_models: LIKE prefix%", sorted(m.name for m in found),
                sorted([model_name, other_model_name]))
        found = client.search_registered_models(filter_string=f"name LIKE '{prefix}ch%'")
        c.equal("search_registered_models: LIKE narrower prefix", [m.name for m in found], [model_name])
        rm = client.get_registered_model(model_name)
        c.equal("get_registered_model: latest version", [v.version for v in rm.latest_versions], ["2"])
        versions = client.search_model_versions(f"name='{model_name}'")
        c.equal("search_model_versions: name='x'", sorted(v.version for v in versions), ["1", "2"])
        c.check("search_model_versions: run ids", all(v.run_id == state["model_run_id"] for v in versions),
                f"{[(v.version, v.run_id) for v in versions]}")
        c.equal("search_model_versions: unknown name is empty",
                list(client.search_model_versions(f"name='{prefix}nothing'")), [])

        client.set_registered_model_alias(model_name, "champion", "1")
        mv = client.get_model_version_by_alias(model_name, "champion")
        c.equal("get_model_version_by_alias: champion -> 1", mv.version, "1")
        c.equal("get_registered_model: aliases", client.get_registered_model(model_name).aliases, {"champion": "1"})

        # ---- (d) pyfunc load by version and by alias, predict ----------------------------------
        for uri_ in (f"models:/{model_name}/1", f"models:/{model_name}@champion"):
            with c.section(f"pyfunc.load_model {uri_}"):
                loaded = mlflow.pyfunc.load_model(uri_)
                pred = np.asarray(loaded.predict(Xte))
                c.check(f"pyfunc.load_model({uri_.replace(model_name, '<name>')}).predict matches",
                        np.array_equal(pred, expected), f"{pred[:10]} vs {expected[:10]}")

        client.delete_registered_model_alias(model_name, "champion")
        c.equal("delete alias: gone from the model", client.get_registered_model(model_name).aliases, {})
        try:
            client.get_model_version_by_alias(model_name, "champion")
            c.check("delete alias: lookup fails", False, "no exception")
        except MlflowException as e:
            c.check("delete alias: lookup fails", True, "")

    # ---- (e) artifacts ---------------------------------------------------------------------
    with c.section("artifacts"):
        tmp = Path(tempfile.mkdtemp(prefix="merit-check-"))
        text = tmp / "notes.txt"
        text.write_text("Merit artifact check\nligne deux: é ✓\n", encoding="utf-8")
        blob = tmp / "blob.bin"
        blob.write_bytes(bytes(range(256)) + np.random.default_rng(7).bytes(5000) + b"\x00\r\n\xff")
        mlflow.set_experiment(exp_name)
        with mlflow.start_run(run_name="artifacts") as run:
            art_run_id = run.info.run_id
            mlflow.log_artifact(str(text))
            mlflow.log_artifact(str(blob), artifact_path="bin")
        top = {(f.path, f.is_dir) for f in client.list_artifacts(art_run_id)}
        c.equal("list_artifacts: root", top, {("notes.txt", False), ("bin", True)})
        sizes = {f.path: f.file_size for f in client.list_artifacts(art_run_id)}
        c.equal("list_artifacts: file size", sizes.get("notes.txt"), text.stat().st_size)
        sub = [(f.path, f.is_dir, f.file_size) for f in client.list_artifacts(art_run_id, "bin")]
        c.equal("list_artifacts: sub dir", sub, [("bin/blob.bin", False, blob.stat().st_size)])
        dst = tmp / "down"
        dst.mkdir()
        p = client.download_artifacts(art_run_id, "notes.txt", str(dst))
        c.check("download_artifacts: text bytes equal", filecmp.cmp(p, text, shallow=False), p)
        p = client.download_artifacts(art_run_id, "bin", str(dst))
        c.check("download_artifacts: directory, binary bytes equal",
                filecmp.cmp(Path(p) / "blob.bin", blob, shallow=False), p)
        p = mlflow.artifacts.download_artifacts(run_id=art_run_id, artifact_path="bin/blob.bin",
                                                dst_path=str(tmp / "down2"))
        c.check("mlflow.artifacts.download_artifacts: binary bytes equal", filecmp.cmp(p, blob, shallow=False), p)

    # ---- search_runs: filters, order_by, paging --------------------------------------------
    with c.section("search_runs"):
        sexp = client.create_experiment(search_exp_name)
        accs = [0.42, 0.91, 0.55, 0.67, 0.30, 0.88, 0.73]
        base = int(time.time() * 1000) - 60_000
        ids = {}
        for i, a in enumerate(accs):
            name = f"r{i}"
            run = client.create_run(sexp, start_time=base + i * 1000, run_name=name)
            tags = [RunTag("hokusai_token_id", ticker)] if i in (1, 4) else []
            client.log_batch(run.info.run_id, metrics=[Metric("accuracy", a, base + i * 1000, 0)],
                             params=[Param("model_type", "lr" if i % 2 == 0 else "rf")], tags=tags)
            client.set_terminated(run.info.run_id, end_time=base + i * 1000 + 500)
            ids[run.info.run_id] = name

        def names(runs):
            return [ids.get(r.info.run_id, r.info.run_id) for r in runs]

        by_acc = [f"r{i}" for i in sorted(range(len(accs)), key=lambda i: -accs[i])]
        got = client.search_runs([sexp], "metrics.accuracy > 0.5")
        c.equal("search_runs: metrics.accuracy > 0.5", sorted(names(got)),
                sorted(f"r{i}" for i, a in enumerate(accs) if a > 0.5))
        got = client.search_runs([sexp], "params.model_type = 'lr'")
        c.equal("search_runs: params.model_type = 'lr'", sorted(names(got)), ["r0", "r2", "r4", "r6"])
        got = client.search_runs([sexp], f"tags.hokusai_token_id = '{ticker}'")
        c.equal("search_runs: tags.hokusai_token_id = '<ticker>'", sorted(names(got)), ["r1", "r4"])
        got = client.search_runs([sexp], "metrics.accuracy > 0.5 and params.model_type = 'lr'")
        c.equal("search_runs: metric and param filter", sorted(names(got)), ["r2", "r6"])
        got = client.search_runs([sexp], "", order_by=["metrics.accuracy DESC"])
        c.equal("search_runs: order_by metrics.accuracy DESC", names(got), by_acc)
        got = client.search_runs([sexp], "", order_by=["attributes.start_time DESC"])
        c.equal("search_runs: order_by attributes.start_time DESC", names(got), [f"r{i}" for i in range(6, -1, -1)])
        c.check("search_runs: runs carry metrics and params",
                all("accuracy" in r.data.metrics and "model_type" in r.data.params for r in got), "")
        got = client.search_runs([sexp], "metrics.accuracy > 2")
        c.equal("search_runs: no match is empty", list(got), [])

        pages, token, tokens = [], None, []
        for _ in range(10):
            page = client.search_runs([sexp], "", max_results=3, order_by=["metrics.accuracy DESC"], page_token=token)
            pages.append(names(page))
            token = page.token
            tokens.append(bool(token))
            if not token:
                break
        c.equal("search_runs paging: page sizes", [len(p) for p in pages], [3, 3, 1])
        c.equal("search_runs paging: token on all but the last page", tokens, [True, True, False])
        c.equal("search_runs paging: pages concatenate to the full order", sum(pages, []), by_acc)

        if "model_run_id" in state:
            got = client.search_runs([state["exp_id"]], f"tags.hokusai_token_id = '{ticker}'")
            c.equal("search_runs: token-tagged model run in its experiment",
                    [r.info.run_id for r in got], [state["model_run_id"]])

    # ---- error handling --------------------------------------------------------------------
    with c.section("errors"):
        c.check("get_experiment_by_name: missing name -> None",
                client.get_experiment_by_name(f"merit-check-{suffix}-missing") is None, "")
        t = time.monotonic()
        try:
            client.get_registered_model(f"{prefix}missing")
            c.check("get_registered_model: missing -> RESOURCE_DOES_NOT_EXIST", False, "no exception")
        except MlflowException as e:
            c.equal("get_registered_model: missing -> RESOURCE_DOES_NOT_EXIST", e.error_code,
                    "RESOURCE_DOES_NOT_EXIST")
        dt = time.monotonic() - t
        c.check("get_registered_model: missing fails fast (< 3 s)", dt < 3, f"took {dt:.1f} s")

    # ---- Merit only: native API sees the registered token model -------------------------------
    if args.merit:
        with c.section("merit native api"):
            models = merit_native_models(uri, ticker)
            match = [m for m in models if m["ticker"] == ticker]
            c.check(f"merit: /api/v1/models?token_id={ticker} lists the model", bool(match), f"got {models}")
            c.check("merit: metric accuracy, baseline 0.81",
                    any(m["metric"] == "accuracy" and m["baseline"] is not None and abs(m["baseline"] - 0.81) < 1e-9
                        for m in match), f"got {[m['raw'] for m in match]}")
    else:
        c.say("# merit-only checks skipped (pass --merit)")

    c.say(f"# {time.monotonic() - t0:.1f} s")
    c.say(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
