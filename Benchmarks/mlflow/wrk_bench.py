#!/usr/bin/env python3
"""The MLflow workloads from a compiled load generator (wrk), against mlflow and Merit in turn.

Usage: wrk_bench.py --mlflow URL [--merit URL] [--seconds 8] [--runs 500]

The Python client in bench.py costs 0.2-0.5 ms of CPU per request on the same two cores, which caps
what a fast server can show; wrk costs far less. For each server:
  log-metric, 1 connection and 8 connections: POST runs/log-metric to one run, steps counting up;
  search-runs, 8 connections: an experiment of R runs (metric m seeded uniform [0,1), param p),
    filter `metrics.m > 0.5`, order `metrics.m DESC`, max_results 1000, the experiment unchanged;
  search-runs with writes, 8 connections: every other request logs a metric to a run of another
    experiment, so no search finds the database unchanged (no cache can answer it);
  create runs, 8 connections (one wrk thread each, so each runs its own sequence): create a run, log a
    batch to it (metric m, param p), update it (FINISHED), again; runs/s is req/s over 3.
Every answer must be 200 (wrk's non-2xx count is checked). Prints a Markdown table with the ratios.
Requests carry `Authorization: Bearer $MERIT_TOKEN` to the Merit server when it is set.
"""
import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid

import requests

API = "/api/2.0/mlflow"


def setup(url, token, runs):
    s = requests.Session()
    if token:
        s.headers["Authorization"] = f"Bearer {token}"
    def call(path, body):
        r = s.post(url + API + path, json=body, timeout=60)
        if r.status_code != 200:
            raise SystemExit(f"{url}: {path} -> {r.status_code} {r.text[:200]}")
        return r.json()
    exp = call("/experiments/create", {"name": f"wrk-{uuid.uuid4().hex[:8]}"})["experiment_id"]
    run = call("/runs/create", {"experiment_id": exp, "start_time": int(time.time() * 1000)})["run"]["info"]["run_id"]
    side = call("/runs/create", {"experiment_id": exp, "start_time": int(time.time() * 1000)})["run"]["info"]["run_id"]
    search_exp = call("/experiments/create", {"name": f"wrk-search-{uuid.uuid4().hex[:8]}"})["experiment_id"]
    rng = random.Random(7)
    for i in range(runs):
        r = call("/runs/create", {"experiment_id": search_exp, "start_time": 1_700_000_000_000 + i})["run"]["info"]["run_id"]
        call("/runs/log-batch", {"run_id": r, "metrics": [{"key": "m", "value": rng.random(), "timestamp": 1, "step": 0}],
                                 "params": [{"key": "p", "value": str(i)}]})
    return run, side, search_exp


def lua(token, body_kind, run, side, exp):
    auth = f'wrk.headers["Authorization"] = "Bearer {token}"\n' if token else ""
    search = json.dumps({"experiment_ids": [exp], "filter": "metrics.m > 0.5", "order_by": ["metrics.m DESC"], "max_results": 1000})
    head = f'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n{auth}counter = 0\n'
    metric = lambda r: f"'{{\"run_id\":\"{r}\",\"key\":\"loss\",\"value\":0.5,\"timestamp\":1700000000000,\"step\":' .. counter .. '}}'"
    if body_kind == "log-metric":
        return head + f'request = function()\n  counter = counter + 1\n  return wrk.format(nil, "{API}/runs/log-metric", nil, {metric(run)})\nend\n'
    if body_kind == "search":
        return head + f"request = function()\n  return wrk.format(nil, \"{API}/runs/search\", nil, '{search}')\nend\n"
    return head + (f'request = function()\n  counter = counter + 1\n  if counter % 2 == 0 then\n'
                   f"    return wrk.format(nil, \"{API}/runs/search\", nil, '{search}')\n  end\n"
                   f'  return wrk.format(nil, "{API}/runs/log-metric", nil, {metric(side)})\nend\n')


def create_runs_lua(token, exp):
    """Each wrk thread (one connection each) creates runs in turn: create, log-batch, update."""
    auth = f'wrk.headers["Authorization"] = "Bearer {token}"\n' if token else ""
    return (f'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n{auth}'
            'state = 0\nrun = nil\nn = 0\n'
            'request = function()\n'
            '  if state == 0 or run == nil then\n    n = n + 1\n'
            f'    return wrk.format(nil, "{API}/runs/create", nil, \'{{"experiment_id":"{exp}","start_time":1700000000000,"run_name":"w\' .. n .. \'"}}\')\n'
            '  elseif state == 1 then\n'
            f'    return wrk.format(nil, "{API}/runs/log-batch", nil, \'{{"run_id":"\' .. run .. \'","metrics":[{{"key":"m","value":0.5,"timestamp":1700000000000,"step":0}}],"params":[{{"key":"p","value":"v\' .. n .. \'"}}]}}\')\n'
            '  end\n'
            f'  return wrk.format(nil, "{API}/runs/update", nil, \'{{"run_id":"\' .. run .. \'","run_uuid":"\' .. run .. \'","status":"FINISHED","end_time":1700000000001}}\')\n'
            'end\n'
            'response = function(status, headers, body)\n'
            '  if state == 0 then\n    run = string.match(body, \'"run_id"%s*:%s*"([%w%-]+)"\')\n    state = 1\n'
            '  elseif state == 1 then\n    state = 2\n  else\n    state = 0\n  end\nend\n')


def wrk(url, script, connections, seconds, threads=None):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    threads = threads or (1 if connections == 1 else 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", f.name, url],
                         capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    if "Non-2xx" in out:
        raise SystemExit(f"{url}: some answers were not 2xx:\n{out}")
    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        v = float(m.group(1))
        return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": ms("50"), "p99": ms("99")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mlflow", required=True)
    ap.add_argument("--merit")
    ap.add_argument("--seconds", type=int, default=8)
    ap.add_argument("--runs", type=int, default=500)
    a = ap.parse_args()
    servers = [("mlflow", a.mlflow, None)] + ([("merit", a.merit, os.environ.get("MERIT_TOKEN"))] if a.merit else [])
    loads = [("log-metric, 1 connection", "log-metric", 1), ("log-metric, 8 connections", "log-metric", 8),
             ("search-runs over %d runs, unchanged experiment, 8 connections" % a.runs, "search", 8),
             ("search-runs with a metric logged between searches, 8 connections (both counted)", "mixed", 8),
             ("create runs (create, log-batch, update), 8 connections: req/s, runs/s is a third", "create", 8)]
    results = {}
    for label, url, token in servers:
        run, side, exp = setup(url, token, a.runs)
        for name, kind, conns in loads:
            if kind == "create":
                # A fresh experiment, so that the search experiment stays as the searches measured it.
                runs_exp = requests.post(url + API + "/experiments/create", json={"name": f"wrk-runs-{uuid.uuid4().hex[:8]}"},
                                         headers={"Authorization": f"Bearer {token}"} if token else {}, timeout=60).json()["experiment_id"]
                script, threads = create_runs_lua(token, runs_exp), conns
            else:
                script, threads = lua(token, kind, run, side, exp), None
            wrk(url, script, conns, 1, threads)  # warm-up
            results[(label, name)] = wrk(url, script, conns, a.seconds, threads)
            r = results[(label, name)]
            print(f"# {label}: {name}: {r['rps']:.1f} req/s, p50 {r['p50']:.2f} ms, p99 {r['p99']:.2f} ms", file=sys.stderr)
    print("| workload (wrk) | mlflow | merit | ratio |")
    print("| --- | --- | --- | --- |")
    for name, _, _ in loads:
        m = results[("mlflow", name)]
        row = f"| {name} | {m['rps']:.1f} req/s, p99 {m['p99']:.1f} ms |"
        if ("merit", name) in results:
            t = results[("merit", name)]
            row += f" {t['rps']:.1f} req/s, p99 {t['p99']:.2f} ms | **{t['rps'] / m['rps']:.1f}×** |"
        else:
            row += " | |"
        print(row)


if __name__ == "__main__":
    main()
