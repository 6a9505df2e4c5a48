#!/usr/bin/env python3
"""MLflow REST throughput and latency: Merit's server against a real `mlflow server`, in the same run.

Usage: bench.py [--merit URL] [--mlflow URL] [--json] [--save FILE] [--n 2000] [--clients 8] [--per-client 500]
                [--runs 500] [--searches 50]

Each server gets the same four workloads, one server after the other (never both at once):
  1. log-metric, sequential: N POSTs to /api/2.0/mlflow/runs/log-metric on one keep-alive connection
     (one requests.Session) -> req/s, p50 and p99 latency.
  2. log-metric, concurrent: C threads, one Session and one run each, P POSTs each -> aggregate req/s
     (all requests / wall time from the common start) and p99 over all requests.
  3. create runs: R runs from 4 threads, each run create, log-batch (metric m, seeded uniform [0,1), and
     param p), update (FINISHED) -> runs/s (R / wall time) and p50 per run (its three calls).
  4. search-runs: over the experiment of those R runs, S POSTs to runs/search with filter `metrics.m > 0.5`,
     order_by `metrics.m DESC`, max_results 1000 -> req/s and p99. Every answer is checked: the number
     of runs and their order must be right.
Every request must answer 200; the script stops with an error otherwise. A few untimed warm-up requests
go first. Requests carry `Authorization: Bearer $MERIT_TOKEN` for the Merit server when that is set.
The client is Python (requests): its own cost per request, about 0.2-0.5 ms, caps what a fast server
can show, the concurrent case most (the GIL).
"""
import argparse
import json
import os
import random
import statistics
import sys
import threading
import time
import uuid

import requests

API = "/api/2.0/mlflow"


def percentile(xs, q):
    """Nearest-rank percentile of a list of numbers (q in 0..100)."""
    s = sorted(xs)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))
    return s[k]


class Server:
    def __init__(self, label, url, token=None):
        self.label = label
        self.url = url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def session(self):
        s = requests.Session()
        s.headers.update(self.headers)
        s.headers["User-Agent"] = "merit-bench/1"
        return s

    def call(self, s, method, path, body=None, params=None):
        r = s.request(method, self.url + API + path, json=body, params=params, timeout=60)
        if r.status_code != 200:
            raise SystemExit(f"{self.label}: {method} {path} -> {r.status_code} {r.text[:300]}")
        return r.json() if r.content else {}

    def experiment(self, s, name):
        return self.call(s, "POST", "/experiments/create", {"name": name})["experiment_id"]

    def run(self, s, exp_id, name):
        body = {"experiment_id": exp_id, "run_name": name, "start_time": int(time.time() * 1000),
                "user_id": "bench"}
        return self.call(s, "POST", "/runs/create", body)["run"]["info"]["run_id"]


def log_metric_loop(server, s, run_id, n, lat, offset=0):
    """n timed log-metric POSTs on Session s; latencies (seconds) appended to lat."""
    url = server.url + API + "/runs/log-metric"
    ts = int(time.time() * 1000)
    pc = time.perf_counter
    for i in range(n):
        body = {"run_id": run_id, "run_uuid": run_id, "key": "loss", "value": 1.0 / (i + 1),
                "timestamp": ts + i, "step": offset + i}
        t = pc()
        r = s.post(url, json=body, timeout=60)
        lat.append(pc() - t)
        if r.status_code != 200:
            raise SystemExit(f"{server.label}: log-metric -> {r.status_code} {r.text[:300]}")


def bench_sequential(server, exp_id, n):
    s = server.session()
    run_id = server.run(s, exp_id, "sequential")
    log_metric_loop(server, s, run_id, 20, [], offset=10_000_000)  # warm-up, not timed
    lat = []
    t0 = time.perf_counter()
    log_metric_loop(server, s, run_id, n, lat)
    wall = time.perf_counter() - t0
    return {"requests": n, "seconds": wall, "req_per_s": n / wall,
            "p50_ms": percentile(lat, 50) * 1e3, "p99_ms": percentile(lat, 99) * 1e3,
            "mean_ms": statistics.fmean(lat) * 1e3}


def bench_concurrent(server, exp_id, clients, per_client):
    sessions, runs = [], []
    for i in range(clients):
        s = server.session()
        run_id = server.run(s, exp_id, f"concurrent-{i}")
        log_metric_loop(server, s, run_id, 5, [], offset=10_000_000)  # opens the connection, warm-up
        sessions.append(s)
        runs.append(run_id)
    lats = [[] for _ in range(clients)]
    errors = []
    barrier = threading.Barrier(clients + 1)
    ends = [0.0] * clients

    def worker(i):
        barrier.wait()
        try:
            log_metric_loop(server, sessions[i], runs[i], per_client, lats[i])
        except BaseException as e:  # noqa: BLE001 - SystemExit from a thread must reach the main thread
            errors.append(e)
        ends[i] = time.perf_counter()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(str(errors[0]))
    wall = max(ends) - t0
    all_lat = [x for l in lats for x in l]
    total = clients * per_client
    return {"clients": clients, "requests": total, "seconds": wall, "req_per_s": total / wall,
            "p50_ms": percentile(all_lat, 50) * 1e3, "p99_ms": percentile(all_lat, 99) * 1e3}


def setup_search(server, name, n_runs, seed=7, threads=4):
    """An experiment with n_runs runs, metric m and param p on each, made from a few threads: each run is
    create, log-batch (m and p), update (FINISHED). Timed: runs per second and latency per run."""
    s = server.session()
    exp_id = server.experiment(s, name)
    rng = random.Random(seed)
    values = [rng.random() for _ in range(n_runs)]
    ts = int(time.time() * 1000)
    errors = []
    lat = []

    def make(idx):
        ss = server.session()
        try:
            for i in idx:
                t = time.perf_counter()
                run_id = server.run(ss, exp_id, f"run-{i:04d}")
                server.call(ss, "POST", "/runs/log-batch", {
                    "run_id": run_id,
                    "metrics": [{"key": "m", "value": values[i], "timestamp": ts, "step": 0}],
                    "params": [{"key": "p", "value": f"v{i % 10}"}]})
                server.call(ss, "POST", "/runs/update", {"run_id": run_id, "run_uuid": run_id,
                                                          "status": "FINISHED", "end_time": ts + 1})
                lat.append(time.perf_counter() - t)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    ts_ = [threading.Thread(target=make, args=(range(k, n_runs, threads),)) for k in range(threads)]
    t0 = time.perf_counter()
    for t in ts_:
        t.start()
    for t in ts_:
        t.join()
    wall = time.perf_counter() - t0
    if errors:
        raise SystemExit(str(errors[0]))
    timing = {"runs": n_runs, "threads": threads, "seconds": wall, "runs_per_s": n_runs / wall,
              "p50_ms": percentile(lat, 50) * 1e3, "p99_ms": percentile(lat, 99) * 1e3}
    return exp_id, sorted((v for v in values if v > 0.5), reverse=True), timing


def bench_search(server, exp_id, expected, calls):
    s = server.session()
    body = {"experiment_ids": [exp_id], "filter": "metrics.m > 0.5", "run_view_type": "ACTIVE_ONLY",
            "max_results": 1000, "order_by": ["metrics.m DESC"]}
    url = server.url + API + "/runs/search"

    def one():
        r = s.post(url, json=body, timeout=60)
        if r.status_code != 200:
            raise SystemExit(f"{server.label}: runs/search -> {r.status_code} {r.text[:300]}")
        return r

    def verify(r):
        runs = r.json().get("runs", [])
        got = [next(m["value"] for m in run["data"]["metrics"] if m["key"] == "m") for run in runs]
        if got != expected:
            raise SystemExit(f"{server.label}: runs/search answered {len(got)} runs, expected {len(expected)} "
                             f"in metrics.m DESC order")
        if r.json().get("next_page_token"):
            raise SystemExit(f"{server.label}: runs/search returned a next_page_token for a single page")

    verify(one())  # warm-up, and the answer is right
    lat = []
    size = 0
    t0 = time.perf_counter()
    for _ in range(calls):
        t = time.perf_counter()
        r = one()
        lat.append(time.perf_counter() - t)
        size = len(r.content)
    wall = time.perf_counter() - t0
    verify(r)
    return {"requests": calls, "runs_returned": len(expected), "response_bytes": size, "seconds": wall,
            "req_per_s": calls / wall, "p50_ms": percentile(lat, 50) * 1e3, "p99_ms": percentile(lat, 99) * 1e3}


def bench_server(server, args, log):
    tag = uuid.uuid4().hex[:8]
    s = server.session()
    r = s.get(server.url + "/health", timeout=10)
    log(f"# {server.label} {server.url}: /health {r.status_code} {r.text[:20]!r}")
    exp_id = server.experiment(s, f"bench-{tag}")
    out = {"url": server.url}
    log(f"# {server.label}: log-metric sequential, {args.n} requests")
    out["log_metric_sequential"] = bench_sequential(server, exp_id, args.n)
    log(f"# {server.label}: log-metric, {args.clients} clients x {args.per_client}")
    out["log_metric_concurrent"] = bench_concurrent(server, exp_id, args.clients, args.per_client)
    log(f"# {server.label}: create {args.runs} runs (create, log-batch, update; 4 threads)")
    sexp, expected, out["create_runs"] = setup_search(server, f"bench-search-{tag}", args.runs)
    log(f"# {server.label}: {args.runs} runs in {out['create_runs']['seconds']:.1f} s; {args.searches} searches")
    out["search_runs"] = bench_search(server, sexp, expected, args.searches)
    return out


ROWS = [  # (workload, field, label, unit)
    ("log_metric_sequential", "req_per_s", "log-metric sequential", "req/s"),
    ("log_metric_sequential", "p50_ms", "", "p50 ms"),
    ("log_metric_sequential", "p99_ms", "", "p99 ms"),
    ("log_metric_concurrent", "req_per_s", "log-metric {clients} clients", "req/s"),
    ("log_metric_concurrent", "p99_ms", "", "p99 ms"),
    ("create_runs", "runs_per_s", "create runs (3 calls each)", "runs/s"),
    ("create_runs", "p50_ms", "", "p50 ms"),
    ("search_runs", "req_per_s", "search-runs ({runs} runs)", "req/s"),
    ("search_runs", "p99_ms", "", "p99 ms"),
]


def table(results, args):
    labels = [k for k in ("mlflow", "merit") if k in results]
    both = len(labels) == 2
    head = f"{'workload':28s} {'':7s}" + "".join(f"{k:>12s}" for k in labels)
    if both:
        head += f"{'merit/mlflow':>14s}"
    lines = [head]
    for w, f, label, unit in ROWS:
        line = f"{label.format(clients=args.clients, runs=args.runs):28s} {unit:7s}"
        vals = [results[k][w][f] for k in labels]
        line += "".join(f"{v:12.1f}" if v >= 10 else f"{v:12.2f}" for v in vals)
        if both:
            line += f"{vals[1] / vals[0]:14.2f}" if vals[0] else f"{'-':>14s}"
        lines.append(line)
    if both:
        lines.append("(ratios: req/s above 1 and latency below 1 mean Merit is better)")
    return "\n".join(lines)


def ratios(results):
    if "merit" not in results or "mlflow" not in results:
        return None
    out = {}
    for w, f, _, _ in ROWS:
        a, b = results["mlflow"][w][f], results["merit"][w][f]
        out.setdefault(w, {})[f] = b / a if a else None
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--merit", help="Merit server base URL, e.g. http://127.0.0.1:5001")
    ap.add_argument("--mlflow", help="real mlflow server base URL, e.g. http://127.0.0.1:5000")
    ap.add_argument("--json", action="store_true", help="print one JSON document instead of the table")
    ap.add_argument("--save", metavar="FILE", help="also write the JSON document to FILE")
    ap.add_argument("--n", type=int, default=2000, help="sequential log-metric requests (2000)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    ap.add_argument("--per-client", type=int, default=500, help="log-metric requests per client (500)")
    ap.add_argument("--runs", type=int, default=500, help="runs in the search experiment (500)")
    ap.add_argument("--searches", type=int, default=50, help="timed runs/search calls (50)")
    args = ap.parse_args()
    if not args.merit and not args.mlflow:
        ap.error("give --merit URL, --mlflow URL or both")
    servers = []
    if args.mlflow:
        servers.append(Server("mlflow", args.mlflow))
    if args.merit:
        servers.append(Server("merit", args.merit, os.environ.get("MERIT_TOKEN")))

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    results = {}
    for srv in servers:
        results[srv.label] = bench_server(srv, args, log)
    params = {k: getattr(args, k) for k in ("n", "clients", "per_client", "runs", "searches")}
    doc = json.dumps({"params": params, "results": results, "ratios_merit_over_mlflow": ratios(results)}, indent=2)
    if args.save:
        with open(args.save, "w") as f:
            f.write(doc + "\n")
    if args.json:
        print(doc)
    else:
        print(table(results, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
